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
