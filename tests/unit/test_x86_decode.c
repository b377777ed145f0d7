/*
 * The page-table-write decoder (arch/x86/x86_decode.c): every accepted
 * form with its fields, every refused form, truncated input, and the
 * effective-address computation.  Byte sequences are what GNU as emits
 * for the instruction in each comment.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <asm/x86_decode.h>

#define B(...)  { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })
#define NONE    -1

struct accept_case {
    const char *asm_text;
    uint8_t bytes[X86_MAX_INSN_LEN + 2];
    size_t n;
    enum x86_op op;
    uint8_t opsize;
    bool lock;
    bool imm;
    int64_t value;              /* immediate, or source register */
    int8_t base, index;
    uint8_t scale;
    int32_t disp;
    bool rip;
    enum x86_seg seg;
};

static const struct accept_case accepted[] = {
    { "mov %rax,(%rdi)", B(0x48, 0x89, 0x07), X86_OP_MOV, 8, false, false,
      X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "mov %eax,(%rdi)", B(0x89, 0x07), X86_OP_MOV, 4, false, false,
      X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "mov %ax,(%rdi)", B(0x66, 0x89, 0x07), X86_OP_MOV, 2, false, false,
      X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "movq $0x0,(%rdi)", B(0x48, 0xc7, 0x07, 0, 0, 0, 0), X86_OP_MOV, 8,
      false, true, 0, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "movq $-1,0x8(%rdi)", B(0x48, 0xc7, 0x47, 0x08, 0xff, 0xff, 0xff, 0xff),
      X86_OP_MOV, 8, false, true, -1, X86_RDI, NONE, 1, 8, false,
      X86_SEG_NONE },
    { "movw $0x1234,(%rdi)", B(0x66, 0xc7, 0x07, 0x34, 0x12), X86_OP_MOV, 2,
      false, true, 0x1234, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "xchg %rax,(%rdi)", B(0x48, 0x87, 0x07), X86_OP_XCHG, 8, false, false,
      X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "lock cmpxchg %rdx,(%rdi)", B(0xf0, 0x48, 0x0f, 0xb1, 0x17),
      X86_OP_CMPXCHG, 8, true, false, X86_RDX, X86_RDI, NONE, 1, 0, false,
      X86_SEG_NONE },
    { "lock orq $0x40,(%rdi)", B(0xf0, 0x48, 0x83, 0x0f, 0x40), X86_OP_OR, 8,
      true, true, 0x40, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "lock andq $-0x21,(%rdi)", B(0xf0, 0x48, 0x83, 0x27, 0xdf), X86_OP_AND,
      8, true, true, -0x21, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "lock orq $-0x80000000,(%rdi)", B(0xf0, 0x48, 0x81, 0x0f, 0, 0, 0, 0x80),
      X86_OP_OR, 8, true, true, -0x80000000LL, X86_RDI, NONE, 1, 0, false,
      X86_SEG_NONE },
    { "or %rax,(%rdi)", B(0x48, 0x09, 0x07), X86_OP_OR, 8, false, false,
      X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "and %rax,(%rdi)", B(0x48, 0x21, 0x07), X86_OP_AND, 8, false, false,
      X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "lock btsq $0x8,(%rdi)", B(0xf0, 0x48, 0x0f, 0xba, 0x2f, 0x08),
      X86_OP_BTS, 8, true, true, 8, X86_RDI, NONE, 1, 0, false,
      X86_SEG_NONE },
    { "lock btrq $0x8,(%rdi)", B(0xf0, 0x48, 0x0f, 0xba, 0x37, 0x08),
      X86_OP_BTR, 8, true, true, 8, X86_RDI, NONE, 1, 0, false,
      X86_SEG_NONE },
    { "lock bts %rax,(%rdi)", B(0xf0, 0x48, 0x0f, 0xab, 0x07), X86_OP_BTS, 8,
      true, false, X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "lock btr %rax,(%rdi)", B(0xf0, 0x48, 0x0f, 0xb3, 0x07), X86_OP_BTR, 8,
      true, false, X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
    { "mov %rax,(%rbx,%rcx,8)", B(0x48, 0x89, 0x04, 0xcb), X86_OP_MOV, 8,
      false, false, X86_RAX, X86_RBX, X86_RCX, 8, 0, false, X86_SEG_NONE },
    { "mov %rax,(%rsp)", B(0x48, 0x89, 0x04, 0x24), X86_OP_MOV, 8, false,
      false, X86_RAX, X86_RSP, NONE, 1, 0, false, X86_SEG_NONE },
    { "mov %rax,0x1000 (SIB, no base)",
      B(0x48, 0x89, 0x04, 0x25, 0x00, 0x10, 0, 0), X86_OP_MOV, 8, false,
      false, X86_RAX, NONE, NONE, 1, 0x1000, false, X86_SEG_NONE },
    { "mov %rax,0x10(%rip)", B(0x48, 0x89, 0x05, 0x10, 0, 0, 0), X86_OP_MOV,
      8, false, false, X86_RAX, NONE, NONE, 1, 0x10, true, X86_SEG_NONE },
    { "mov %rax,0x100(%rdi)", B(0x48, 0x89, 0x87, 0, 1, 0, 0), X86_OP_MOV, 8,
      false, false, X86_RAX, X86_RDI, NONE, 1, 0x100, false, X86_SEG_NONE },
    { "mov %rax,-0x8(%rdi)", B(0x48, 0x89, 0x47, 0xf8), X86_OP_MOV, 8, false,
      false, X86_RAX, X86_RDI, NONE, 1, -8, false, X86_SEG_NONE },
    { "mov %r8,(%r8,%r9,8)", B(0x4f, 0x89, 0x04, 0xc8), X86_OP_MOV, 8, false,
      false, X86_R8, X86_R8, X86_R9, 8, 0, false, X86_SEG_NONE },
    { "mov %rax,(%rax,%r12,8)", B(0x4a, 0x89, 0x04, 0xe0), X86_OP_MOV, 8,
      false, false, X86_RAX, X86_RAX, X86_R12, 8, 0, false, X86_SEG_NONE },
    { "mov %rax,%gs:(%rdi)", B(0x65, 0x48, 0x89, 0x07), X86_OP_MOV, 8, false,
      false, X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_GS },
    { "mov %rax,%fs:(%rdi)", B(0x64, 0x48, 0x89, 0x07), X86_OP_MOV, 8, false,
      false, X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_FS },
    { "mov %rax,%ds:(%rdi)", B(0x3e, 0x48, 0x89, 0x07), X86_OP_MOV, 8, false,
      false, X86_RAX, X86_RDI, NONE, 1, 0, false, X86_SEG_NONE },
};

Test(x86_decode, accepted_forms)
{
    for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
        const struct accept_case *c = &accepted[i];
        struct x86_insn in;

        cr_assert_eq(x86_decode(c->bytes, c->n, &in), X86_DECODE_OK, "%s",
                     c->asm_text);
        cr_assert_eq(in.len, c->n, "%s: len %u", c->asm_text, in.len);
        cr_assert_eq(in.op, c->op, "%s: op", c->asm_text);
        cr_assert_eq(in.opsize, c->opsize, "%s: opsize", c->asm_text);
        cr_assert_eq(in.lock, c->lock, "%s: lock", c->asm_text);
        cr_assert_eq(in.src_is_imm, c->imm, "%s: imm", c->asm_text);
        if (c->imm)
            cr_assert_eq(in.imm, c->value, "%s: imm value", c->asm_text);
        else
            cr_assert_eq(in.reg, c->value, "%s: reg", c->asm_text);
        cr_assert_eq(in.mem.base, c->base, "%s: base", c->asm_text);
        cr_assert_eq(in.mem.index, c->index, "%s: index", c->asm_text);
        cr_assert_eq(in.mem.scale, c->scale, "%s: scale", c->asm_text);
        cr_assert_eq(in.mem.disp, c->disp, "%s: disp", c->asm_text);
        cr_assert_eq(in.mem.rip_relative, c->rip, "%s: rip", c->asm_text);
        cr_assert_eq(in.mem.seg, c->seg, "%s: seg", c->asm_text);
        /* A longer buffer decodes the same: only the instruction counts. */
        uint8_t longer[X86_MAX_INSN_LEN + 4];
        memset(longer, 0x90, sizeof(longer));
        memcpy(longer, c->bytes, c->n);
        cr_assert_eq(x86_decode(longer, sizeof(longer), &in), X86_DECODE_OK);
        cr_assert_eq(in.len, c->n, "%s: len with trailing bytes",
                     c->asm_text);
    }
}

struct refuse_case {
    const char *what;
    uint8_t bytes[X86_MAX_INSN_LEN + 2];
    size_t n;
    enum x86_decode_status status;
};

static const struct refuse_case refused[] = {
    { "mov %rax,%rdi (register destination)", B(0x48, 0x89, 0xc7),
      X86_DECODE_UNSUPPORTED },
    { "mov %al,(%rdi) (byte form)", B(0x88, 0x07), X86_DECODE_UNSUPPORTED },
    { "movb $0,(%rdi)", B(0xc6, 0x07, 0x00), X86_DECODE_UNSUPPORTED },
    { "rep mov", B(0xf3, 0x48, 0x89, 0x07), X86_DECODE_UNSUPPORTED },
    { "repne mov", B(0xf2, 0x48, 0x89, 0x07), X86_DECODE_UNSUPPORTED },
    { "addr32 mov", B(0x67, 0x48, 0x89, 0x07), X86_DECODE_UNSUPPORTED },
    { "c7 /1", B(0x48, 0xc7, 0x0f, 0, 0, 0, 0), X86_DECODE_UNSUPPORTED },
    { "add $1,(%rdi) (81 /0)", B(0x48, 0x81, 0x07, 1, 0, 0, 0),
      X86_DECODE_UNSUPPORTED },
    { "sub $1,(%rdi) (83 /5)", B(0x48, 0x83, 0x2f, 1),
      X86_DECODE_UNSUPPORTED },
    { "bt $8,(%rdi) (0f ba /4, no write)", B(0x48, 0x0f, 0xba, 0x27, 8),
      X86_DECODE_UNSUPPORTED },
    { "rex before a legacy prefix", B(0x48, 0x66, 0x89, 0x07),
      X86_DECODE_UNSUPPORTED },
    { "two rex prefixes", B(0x48, 0x48, 0x89, 0x07), X86_DECODE_UNSUPPORTED },
    { "ud2", B(0x0f, 0x0b), X86_DECODE_UNSUPPORTED },
    { "nop", B(0x90), X86_DECODE_UNSUPPORTED },
    { "16 bytes long", B(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                         0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x89, 0x07),
      X86_DECODE_UNSUPPORTED },
    { "rex alone", B(0x48), X86_DECODE_TRUNCATED },
    { "no modrm", B(0x48, 0x89), X86_DECODE_TRUNCATED },
    { "no sib", B(0x48, 0x89, 0x04), X86_DECODE_TRUNCATED },
    { "short disp32", B(0x48, 0x89, 0x87, 0, 1), X86_DECODE_TRUNCATED },
    { "short immediate", B(0x48, 0xc7, 0x07, 0, 0), X86_DECODE_TRUNCATED },
    { "two-byte escape alone", B(0x0f), X86_DECODE_TRUNCATED },
};

Test(x86_decode, refused_forms)
{
    struct x86_insn in;

    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        cr_assert_eq(x86_decode(refused[i].bytes, refused[i].n, &in),
                     refused[i].status, "%s", refused[i].what);
    cr_assert_eq(x86_decode(NULL, 0, &in), X86_DECODE_TRUNCATED, "empty");
}

static const struct {
    const char *asm_text;
    uint8_t bytes[X86_MAX_INSN_LEN];
    size_t n;
    uint64_t seg_base;
    uint64_t ea;
} addresses[] = {
    { "0x8(%rdi)", B(0x48, 0xc7, 0x47, 0x08, 0, 0, 0, 0), 0, 0x1008 },
    { "-0x8(%rdi)", B(0x48, 0x89, 0x47, 0xf8), 0, 0xff8 },
    { "(%rbx,%rcx,8)", B(0x48, 0x89, 0x04, 0xcb), 0, 0x2018 },
    { "0x10(%rip)", B(0x48, 0x89, 0x05, 0x10, 0, 0, 0), 0, 0x400017 },
    { "%gs:(%rdi)", B(0x65, 0x48, 0x89, 0x07), 0x10000, 0x11000 },
    { "0x1000 (no base)", B(0x48, 0x89, 0x04, 0x25, 0x00, 0x10, 0, 0), 0,
      0x1000 },
};

Test(x86_decode, effective_address)
{
    uint64_t gpr[X86_NR_GPRS] = { 0 };
    struct x86_insn in;

    gpr[X86_RDI] = 0x1000;
    gpr[X86_RBX] = 0x2000;
    gpr[X86_RCX] = 3;
    for (size_t i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++) {
        cr_assert_eq(x86_decode(addresses[i].bytes, addresses[i].n, &in),
                     X86_DECODE_OK, "%s", addresses[i].asm_text);
        cr_assert_eq(x86_insn_ea(&in, gpr, 0x400000, addresses[i].seg_base),
                     addresses[i].ea, "%s", addresses[i].asm_text);
    }
    gpr[X86_RDI] = 4;
    cr_assert_eq(x86_decode(addresses[1].bytes, addresses[1].n, &in),
                 X86_DECODE_OK);
    cr_assert_eq(x86_insn_ea(&in, gpr, 0, 0), ~0ULL - 3, "wraps at 2^64");
}

/*
 * The privileged instructions (x86_decode_priv): every accepted form with
 * its fields (bytes from GNU as), then refusals and truncations.
 */
struct priv_case {
    const char *asm_text;
    uint8_t bytes[X86_MAX_INSN_LEN + 2];
    size_t n;
    enum x86_priv_op op;
    uint8_t opsize;             /* in/out */
    int port;                   /* in/out: imm8 port, NONE for DX */
    int cr, gpr;                /* mov cr, else NONE */
    int8_t base, index;         /* memory operand, else NONE */
    int32_t disp;
    bool rip;
    enum x86_seg seg;
};

#define NOMEM   NONE, NONE, 0, false, X86_SEG_NONE
#define NOIO    0, NONE

static const struct priv_case priv_accepted[] = {
    { "cli", B(0xfa), X86_PRIV_CLI, NOIO, NONE, NONE, NOMEM },
    { "sti", B(0xfb), X86_PRIV_STI, NOIO, NONE, NONE, NOMEM },
    { "hlt", B(0xf4), X86_PRIV_HLT, NOIO, NONE, NONE, NOMEM },
    { "clts", B(0x0f, 0x06), X86_PRIV_CLTS, NOIO, NONE, NONE, NOMEM },
    { "in $0x60,%al", B(0xe4, 0x60), X86_PRIV_IN, 1, 0x60, NONE, NONE,
      NOMEM },
    { "in $0x60,%ax", B(0x66, 0xe5, 0x60), X86_PRIV_IN, 2, 0x60, NONE, NONE,
      NOMEM },
    { "in $0x60,%eax", B(0xe5, 0x60), X86_PRIV_IN, 4, 0x60, NONE, NONE,
      NOMEM },
    { "in (%dx),%al", B(0xec), X86_PRIV_IN, 1, NONE, NONE, NONE, NOMEM },
    { "in (%dx),%ax", B(0x66, 0xed), X86_PRIV_IN, 2, NONE, NONE, NONE,
      NOMEM },
    { "in (%dx),%eax", B(0xed), X86_PRIV_IN, 4, NONE, NONE, NONE, NOMEM },
    { "out %al,$0x80", B(0xe6, 0x80), X86_PRIV_OUT, 1, 0x80, NONE, NONE,
      NOMEM },
    { "out %ax,$0x80", B(0x66, 0xe7, 0x80), X86_PRIV_OUT, 2, 0x80, NONE,
      NONE, NOMEM },
    { "out %eax,$0x80", B(0xe7, 0x80), X86_PRIV_OUT, 4, 0x80, NONE, NONE,
      NOMEM },
    { "out %al,(%dx)", B(0xee), X86_PRIV_OUT, 1, NONE, NONE, NONE, NOMEM },
    { "out %ax,(%dx)", B(0x66, 0xef), X86_PRIV_OUT, 2, NONE, NONE, NONE,
      NOMEM },
    { "out %eax,(%dx)", B(0xef), X86_PRIV_OUT, 4, NONE, NONE, NONE, NOMEM },
    { "rex.W out %eax,(%dx) (REX.W ignored)", B(0x48, 0xef), X86_PRIV_OUT, 4,
      NONE, NONE, NONE, NOMEM },
    { "mov %cr0,%rax", B(0x0f, 0x20, 0xc0), X86_PRIV_MOV_FROM_CR, NOIO, 0,
      X86_RAX, NOMEM },
    { "mov %cr3,%r9", B(0x41, 0x0f, 0x20, 0xd9), X86_PRIV_MOV_FROM_CR, NOIO,
      3, X86_R9, NOMEM },
    { "mov %r15,%cr4", B(0x41, 0x0f, 0x22, 0xe7), X86_PRIV_MOV_TO_CR, NOIO, 4,
      X86_R15, NOMEM },
    { "mov %rdx,%cr3", B(0x0f, 0x22, 0xda), X86_PRIV_MOV_TO_CR, NOIO, 3,
      X86_RDX, NOMEM },
    { "mov %cr2,%rcx", B(0x0f, 0x20, 0xd1), X86_PRIV_MOV_FROM_CR, NOIO, 2,
      X86_RCX, NOMEM },
    { "mov %cr8,%rax", B(0x44, 0x0f, 0x20, 0xc0), X86_PRIV_MOV_FROM_CR, NOIO,
      8, X86_RAX, NOMEM },
    { "mov %cr0,%rax (mod bits ignored)", B(0x0f, 0x20, 0x00),
      X86_PRIV_MOV_FROM_CR, NOIO, 0, X86_RAX, NOMEM },
    { "invlpg (%rdi)", B(0x0f, 0x01, 0x3f), X86_PRIV_INVLPG, NOIO, NONE, NONE,
      X86_RDI, NONE, 0, false, X86_SEG_NONE },
    { "invlpg 0x10(%rsp)", B(0x0f, 0x01, 0x7c, 0x24, 0x10), X86_PRIV_INVLPG,
      NOIO, NONE, NONE, X86_RSP, NONE, 0x10, false, X86_SEG_NONE },
    { "invlpg %gs:0x8(%rax,%rbx,4)", B(0x65, 0x0f, 0x01, 0x7c, 0x98, 0x08),
      X86_PRIV_INVLPG, NOIO, NONE, NONE, X86_RAX, X86_RBX, 8, false,
      X86_SEG_GS },
    { "wbinvd", B(0x0f, 0x09), X86_PRIV_WBINVD, NOIO, NONE, NONE, NOMEM },
    { "rdmsr", B(0x0f, 0x32), X86_PRIV_RDMSR, NOIO, NONE, NONE, NOMEM },
    { "wrmsr", B(0x0f, 0x30), X86_PRIV_WRMSR, NOIO, NONE, NONE, NOMEM },
    { "lgdt (%rax)", B(0x0f, 0x01, 0x10), X86_PRIV_LGDT, NOIO, NONE, NONE,
      X86_RAX, NONE, 0, false, X86_SEG_NONE },
    { "lidt 0x20(%rip)", B(0x0f, 0x01, 0x1d, 0x20, 0, 0, 0), X86_PRIV_LIDT,
      NOIO, NONE, NONE, NONE, NONE, 0x20, true, X86_SEG_NONE },
    { "lidt (%r12)", B(0x41, 0x0f, 0x01, 0x1c, 0x24), X86_PRIV_LIDT, NOIO,
      NONE, NONE, X86_R12, NONE, 0, false, X86_SEG_NONE },
    { "ud2; .ascii \"xen\"; cpuid",
      B(0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2), X86_PRIV_CPUID, NOIO,
      NONE, NONE, NOMEM },
};

static void check_priv(const struct priv_case *c, const struct x86_priv_insn *in)
{
    cr_assert_eq(in->len, c->n, "%s: len %u", c->asm_text, in->len);
    cr_assert_eq(in->op, c->op, "%s: op", c->asm_text);
    if (c->op == X86_PRIV_IN || c->op == X86_PRIV_OUT) {
        cr_assert_eq(in->opsize, c->opsize, "%s: opsize", c->asm_text);
        cr_assert_eq(in->port_is_imm, c->port != NONE, "%s", c->asm_text);
        if (c->port != NONE)
            cr_assert_eq(in->port, c->port, "%s: port", c->asm_text);
    }
    if (c->cr != NONE) {
        cr_assert_eq(in->cr, c->cr, "%s: cr", c->asm_text);
        cr_assert_eq(in->gpr, c->gpr, "%s: gpr", c->asm_text);
    }
    if (c->op == X86_PRIV_INVLPG || c->op == X86_PRIV_LGDT ||
        c->op == X86_PRIV_LIDT) {
        cr_assert_eq(in->mem.base, c->base, "%s: base", c->asm_text);
        cr_assert_eq(in->mem.index, c->index, "%s: index", c->asm_text);
        cr_assert_eq(in->mem.disp, c->disp, "%s: disp", c->asm_text);
        cr_assert_eq(in->mem.rip_relative, c->rip, "%s: rip", c->asm_text);
        cr_assert_eq(in->mem.seg, c->seg, "%s: seg", c->asm_text);
    }
}

Test(x86_decode, priv_accepted_forms)
{
    for (size_t i = 0; i < sizeof(priv_accepted) / sizeof(priv_accepted[0]);
         i++) {
        const struct priv_case *c = &priv_accepted[i];
        uint8_t longer[X86_MAX_INSN_LEN + 4];
        struct x86_priv_insn in;

        cr_assert_eq(x86_decode_priv(c->bytes, c->n, &in), X86_DECODE_OK,
                     "%s", c->asm_text);
        check_priv(c, &in);
        /* Trailing bytes are not part of it. */
        memset(longer, 0x90, sizeof(longer));
        memcpy(longer, c->bytes, c->n);
        cr_assert_eq(x86_decode_priv(longer, sizeof(longer), &in),
                     X86_DECODE_OK, "%s (longer)", c->asm_text);
        check_priv(c, &in);
        /* Every shorter prefix of it is truncated, never misread. */
        for (size_t n = 0; n < c->n; n++)
            cr_assert_eq(x86_decode_priv(c->bytes, n, &in),
                         X86_DECODE_TRUNCATED, "%s cut at %zu", c->asm_text,
                         n);
    }
}

static const struct refuse_case priv_refused[] = {
    { "lock cli", B(0xf0, 0xfa), X86_DECODE_UNSUPPORTED },
    { "lock mov %cr0,%rax", B(0xf0, 0x0f, 0x20, 0xc0),
      X86_DECODE_UNSUPPORTED },
    { "rep outsb", B(0xf3, 0x6e), X86_DECODE_UNSUPPORTED },
    { "outsb (string out)", B(0x6e), X86_DECODE_UNSUPPORTED },
    { "insl (string in)", B(0x6d), X86_DECODE_UNSUPPORTED },
    { "addr32 lidt (%eax)", B(0x67, 0x0f, 0x01, 0x18),
      X86_DECODE_UNSUPPORTED },
    { "sgdt (%rax) (0f 01 /0)", B(0x0f, 0x01, 0x00), X86_DECODE_UNSUPPORTED },
    { "smsw (%rax) (0f 01 /4)", B(0x0f, 0x01, 0x20), X86_DECODE_UNSUPPORTED },
    { "swapgs (0f 01 f8, register form)", B(0x0f, 0x01, 0xf8),
      X86_DECODE_UNSUPPORTED },
    { "lidt with a register operand", B(0x0f, 0x01, 0xd8),
      X86_DECODE_UNSUPPORTED },
    { "plain cpuid", B(0x0f, 0xa2), X86_DECODE_UNSUPPORTED },
    { "ud2 alone", B(0x0f, 0x0b, 0x90, 0x90, 0x90, 0x90, 0x90),
      X86_DECODE_UNSUPPORTED },
    { "ud2 \"xen\" without cpuid", B(0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x90,
                                     0x90), X86_DECODE_UNSUPPORTED },
    { "ud2 \"xem\"", B(0x0f, 0x0b, 0x78, 0x65, 0x6d, 0x0f, 0xa2),
      X86_DECODE_UNSUPPORTED },
    { "66 ud2 \"xen\" cpuid (prefixed)", B(0x66, 0x0f, 0x0b, 0x78, 0x65, 0x6e,
                                           0x0f, 0xa2),
      X86_DECODE_UNSUPPORTED },
    { "mov %dr7,%rax (debug registers)", B(0x0f, 0x21, 0xf8),
      X86_DECODE_UNSUPPORTED },
    { "int3", B(0xcc), X86_DECODE_UNSUPPORTED },
    { "mov %rax,(%rdi) (not privileged)", B(0x48, 0x89, 0x07),
      X86_DECODE_UNSUPPORTED },
    { "16 bytes long", B(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                         0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xfa),
      X86_DECODE_UNSUPPORTED },
    { "escape alone", B(0x0f), X86_DECODE_TRUNCATED },
    { "prefixes alone", B(0x66, 0x65), X86_DECODE_TRUNCATED },
    { "lidt without its SIB", B(0x41, 0x0f, 0x01, 0x1c),
      X86_DECODE_TRUNCATED },
};

Test(x86_decode, priv_refused_forms)
{
    struct x86_priv_insn in;

    for (size_t i = 0; i < sizeof(priv_refused) / sizeof(priv_refused[0]);
         i++)
        cr_assert_eq(x86_decode_priv(priv_refused[i].bytes, priv_refused[i].n,
                                     &in),
                     priv_refused[i].status, "%s", priv_refused[i].what);
    cr_assert_eq(x86_decode_priv(NULL, 0, &in), X86_DECODE_TRUNCATED);
}

Test(x86_decode, priv_memory_operand_address)
{
    static const uint8_t lidt_rip[] = { 0x0f, 0x01, 0x1d, 0x20, 0, 0, 0 };
    static const uint8_t invlpg_gs[] = { 0x65, 0x0f, 0x01, 0x7c, 0x98, 0x08 };
    uint64_t gpr[X86_NR_GPRS] = { 0 };
    struct x86_priv_insn in;

    gpr[X86_RAX] = 0x1000;
    gpr[X86_RBX] = 2;
    cr_assert_eq(x86_decode_priv(lidt_rip, sizeof(lidt_rip), &in),
                 X86_DECODE_OK);
    cr_assert_eq(x86_mem_ea(&in.mem, in.len, gpr, 0x400000, 0),
                 0x400000 + 7 + 0x20);
    cr_assert_eq(x86_decode_priv(invlpg_gs, sizeof(invlpg_gs), &in),
                 X86_DECODE_OK);
    cr_assert_eq(x86_mem_ea(&in.mem, in.len, gpr, 0, 0x10000),
                 0x10000 + 0x1000 + 2 * 4 + 8);
}
