/*
 * The instruction decoders (asm/x86_decode.h): page-table writes, then
 * the privileged instructions of trap-and-emulate.
 *
 * Decoding is strict: every byte is checked against the small set of forms
 * accepted, and anything else is refused, so the emulator never acts on an
 * instruction it only half understood.
 */
#include <hv/lib.h>
#include <asm/x86_decode.h>

/* REX (0x40-0x4F): W 64-bit operand; R, X, B extend reg, index, base. */
#define REX_W   0x8
#define REX_R   0x4
#define REX_X   0x2
#define REX_B   0x1

/* Where decoding is in the buffer (at most X86_MAX_INSN_LEN bytes). */
struct cursor {
    const uint8_t *buf;
    size_t len;
    size_t pos;
    enum x86_decode_status status;  /* first failure, sticky */
};

/* The next byte; a failure is recorded and reads as 0 from then on. */
static uint8_t next(struct cursor *c)
{
    if (c->status != X86_DECODE_OK)
        return 0;
    if (c->pos >= X86_MAX_INSN_LEN) {
        c->status = X86_DECODE_UNSUPPORTED;     /* #GP on hardware */
        return 0;
    }
    if (c->pos >= c->len) {
        c->status = X86_DECODE_TRUNCATED;
        return 0;
    }
    return c->buf[c->pos++];
}

/* A little-endian signed immediate or displacement of 'bytes' bytes. */
static int64_t next_signed(struct cursor *c, unsigned int bytes)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < bytes; i++)
        v |= (uint64_t)next(c) << (8 * i);
    if (bytes < 8 && (v >> (8 * bytes - 1)) & 1)
        v |= ~0ULL << (8 * bytes);
    return (int64_t)v;
}

/* The legacy and REX prefixes seen before the opcode. */
struct prefixes {
    bool lock;
    bool opsize16;
    uint8_t rex;
    enum x86_seg seg;
};

/* Legacy prefixes and REX; returns the opcode byte that follows them. */
static uint8_t read_prefixes(struct cursor *c, struct prefixes *p)
{
    for (;;) {
        uint8_t b = next(c);

        switch (b) {
        case 0xF0: p->lock = true; break;
        case 0x66: p->opsize16 = true; break;
        case 0x2E: case 0x36: case 0x3E: case 0x26: break;  /* no effect */
        case 0x64: p->seg = X86_SEG_FS; break;
        case 0x65: p->seg = X86_SEG_GS; break;
        case 0x67: case 0xF2: case 0xF3:
            c->status = X86_DECODE_UNSUPPORTED;
            return 0;
        default:
            if ((b & 0xF0) != 0x40)
                return b;
            p->rex = b;
            /* REX counts only right before the opcode. */
            b = next(c);
            if ((b & 0xF0) == 0x40 || b == 0xF0 || b == 0x66 ||
                b == 0x64 || b == 0x65 || b == 0x2E || b == 0x36 ||
                b == 0x3E || b == 0x26)
                c->status = X86_DECODE_UNSUPPORTED;
            return b;
        }
    }
}

/*
 * SIB byte: scale (bits 7-6), index (5-3), base (2-0).  Index 4 without
 * REX.X means no index; base 5 with mod 0 means no base and a disp32.
 */
static void read_sib(struct cursor *c, uint8_t rex, unsigned int mod,
                     struct x86_mem *m)
{
    uint8_t sib = next(c);
    unsigned int index = ((sib >> 3) & 7) | ((rex & REX_X) ? 8 : 0);

    m->scale = 1u << (sib >> 6);
    m->index = index == X86_RSP ? -1 : (int8_t)index;
    if ((sib & 7) == 5 && mod == 0) {
        m->base = -1;
        m->disp = (int32_t)next_signed(c, 4);
    } else {
        m->base = (int8_t)((sib & 7) | ((rex & REX_B) ? 8 : 0));
    }
}

/*
 * ModRM: mod (bits 7-6), reg (5-3), rm (2-0).  mod 3 is a register
 * operand; rm 4 brings a SIB byte; mod 0 with rm 5 is RIP-relative with a
 * disp32 (64-bit mode); mod 1 and 2 add a disp8 or disp32.  Returns the
 * raw 3-bit reg field (the opcode extension of group opcodes) and sets
 * insn->reg with REX.R.
 */
static unsigned int read_modrm(struct cursor *c, uint8_t rex,
                               struct x86_insn *insn)
{
    uint8_t modrm = next(c);
    unsigned int mod = modrm >> 6, rm = modrm & 7;
    struct x86_mem *m = &insn->mem;

    insn->reg = ((modrm >> 3) & 7) | ((rex & REX_R) ? 8 : 0);
    m->base = m->index = -1;
    m->scale = 1;
    if (mod == 3) {
        /* A register destination is no page-table write. */
        c->status = X86_DECODE_UNSUPPORTED;
        return 0;
    }
    if (rm == 4)
        read_sib(c, rex, mod, m);
    else if (mod == 0 && rm == 5)
        m->rip_relative = true;
    else
        m->base = (int8_t)(rm | ((rex & REX_B) ? 8 : 0));
    if (mod == 1)
        m->disp = (int32_t)next_signed(c, 1);
    else if (mod == 2 || (mod == 0 && rm == 5))
        m->disp = (int32_t)next_signed(c, 4);
    return (modrm >> 3) & 7;
}

/* 16-bit operands take a 16-bit immediate, others a 32-bit one. */
static void read_immz(struct cursor *c, struct x86_insn *insn)
{
    insn->src_is_imm = true;
    insn->imm = next_signed(c, insn->opsize == 2 ? 2 : 4);
}

static void read_imm8(struct cursor *c, struct x86_insn *insn)
{
    insn->src_is_imm = true;
    insn->imm = next_signed(c, 1);
}

/* Group opcodes 81/83: /1 OR, /4 AND. */
static bool or_and(unsigned int ext, struct x86_insn *insn)
{
    if (ext == 1)
        insn->op = X86_OP_OR;
    else if (ext == 4)
        insn->op = X86_OP_AND;
    else
        return false;
    return true;
}

/* One-byte opcodes; false: not one of ours (nothing more is read). */
static bool decode_one_byte(struct cursor *c, uint8_t opc, uint8_t rex,
                            struct x86_insn *insn)
{
    unsigned int ext;

    switch (opc) {
    case 0x89: insn->op = X86_OP_MOV; break;
    case 0x87: insn->op = X86_OP_XCHG; break;
    case 0x09: insn->op = X86_OP_OR; break;
    case 0x21: insn->op = X86_OP_AND; break;
    case 0xC7: case 0x81: case 0x83: break;
    default: return false;
    }
    ext = read_modrm(c, rex, insn);
    if (opc == 0xC7) {
        insn->op = X86_OP_MOV;
        read_immz(c, insn);
        return ext == 0;
    }
    if (opc == 0x81 || opc == 0x83) {
        if (opc == 0x81)
            read_immz(c, insn);
        else
            read_imm8(c, insn);
        return or_and(ext, insn);
    }
    return true;
}

/* Opcodes after the 0F escape; group 0F BA takes /5 BTS and /6 BTR. */
static bool decode_two_byte(struct cursor *c, uint8_t opc, uint8_t rex,
                            struct x86_insn *insn)
{
    unsigned int ext;

    switch (opc) {
    case 0xB1: insn->op = X86_OP_CMPXCHG; break;
    case 0xAB: insn->op = X86_OP_BTS; break;
    case 0xB3: insn->op = X86_OP_BTR; break;
    case 0xBA: break;
    default: return false;
    }
    ext = read_modrm(c, rex, insn);
    if (opc != 0xBA)
        return true;
    read_imm8(c, insn);
    if (ext == 5)
        insn->op = X86_OP_BTS;
    else if (ext == 6)
        insn->op = X86_OP_BTR;
    else
        return false;
    return true;
}

/* Decodes what follows the prefixes and opcode; false: not accepted. */
typedef bool decode_body_fn(struct cursor *c, uint8_t opc, bool escaped,
                            const struct prefixes *p, void *insn);

/*
 * The frame both decoders share: prefixes, the opcode (the byte after
 * 0F when 'escaped'), then 'body'.  A short buffer is told apart from a
 * refusal: the caller may have read too little.  *used: the length.
 */
static enum x86_decode_status decode_insn(const uint8_t *buf, size_t len,
                                          decode_body_fn *body, void *insn,
                                          struct prefixes *p, size_t *used)
{
    struct cursor c = { buf, len, 0, X86_DECODE_OK };
    uint8_t opc;
    bool escaped, ok;

    *p = (struct prefixes){ false, false, 0, X86_SEG_NONE };
    opc = read_prefixes(&c, p);
    escaped = opc == 0x0F;
    if (escaped)
        opc = next(&c);
    ok = body(&c, opc, escaped, p, insn);
    if (c.status != X86_DECODE_OK)
        return c.status;
    if (!ok)
        return X86_DECODE_UNSUPPORTED;
    *used = c.pos;
    return X86_DECODE_OK;
}

static bool pt_write_body(struct cursor *c, uint8_t opc, bool escaped,
                          const struct prefixes *p, void *out)
{
    struct x86_insn *insn = out;

    /* REX.W wins over 66, as on hardware; 32 bits otherwise. */
    insn->opsize = (p->rex & REX_W) ? 8 : p->opsize16 ? 2 : 4;
    if (escaped)
        return decode_two_byte(c, opc, p->rex, insn);
    return decode_one_byte(c, opc, p->rex, insn);
}

enum x86_decode_status x86_decode(const uint8_t *buf, size_t len,
                                  struct x86_insn *insn)
{
    struct prefixes p;
    size_t used = 0;
    enum x86_decode_status rc;

    memset(insn, 0, sizeof(*insn));
    rc = decode_insn(buf, len, pt_write_body, insn, &p, &used);
    if (rc != X86_DECODE_OK)
        return rc;
    insn->len = (uint8_t)used;
    insn->lock = p.lock;
    insn->mem.seg = p.seg;
    return X86_DECODE_OK;
}

/* 64-bit arithmetic wraps at 2^64, exactly as the CPU's does. */
uint64_t x86_mem_ea(const struct x86_mem *m, uint8_t insn_len,
                    const uint64_t gpr[X86_NR_GPRS], uint64_t rip,
                    uint64_t seg_base)
{
    uint64_t ea = seg_base + (uint64_t)(int64_t)m->disp;

    /* RIP-relative: from the end of the instruction. */
    if (m->rip_relative)
        ea += rip + insn_len;
    if (m->base >= 0)
        ea += gpr[m->base];
    if (m->index >= 0)
        ea += gpr[m->index] * m->scale;
    return ea;
}

uint64_t x86_insn_ea(const struct x86_insn *insn,
                     const uint64_t gpr[X86_NR_GPRS], uint64_t rip,
                     uint64_t seg_base)
{
    return x86_mem_ea(&insn->mem, insn->len, gpr, rip, seg_base);
}

/* The privileged instructions (x86_decode_priv, asm/x86_decode.h). */

/* in/out: E4-E7 take an imm8 port, EC-EF use DX; even opcodes are bytes. */
static void decode_io(struct cursor *c, uint8_t opc, bool opsize16,
                      struct x86_priv_insn *insn)
{
    insn->op = (opc & 2) ? X86_PRIV_OUT : X86_PRIV_IN;
    insn->opsize = !(opc & 1) ? 1 : opsize16 ? 2 : 4;
    insn->port_is_imm = !(opc & 8);
    if (insn->port_is_imm)
        insn->port = next(c);
}

static bool decode_priv_one_byte(struct cursor *c, uint8_t opc,
                                 const struct prefixes *p,
                                 struct x86_priv_insn *insn)
{
    switch (opc) {
    case 0xFA: insn->op = X86_PRIV_CLI; return true;
    case 0xFB: insn->op = X86_PRIV_STI; return true;
    case 0xF4: insn->op = X86_PRIV_HLT; return true;
    case 0xE4: case 0xE5: case 0xE6: case 0xE7:
    case 0xEC: case 0xED: case 0xEE: case 0xEF:
        decode_io(c, opc, p->opsize16, insn);
        return true;
    default:
        return false;
    }
}

/*
 * mov to/from CRn: the ModRM's mod bits are ignored (always a register
 * operand), reg names the control register, rm the general register.
 */
static void decode_mov_cr(struct cursor *c, uint8_t rex,
                          struct x86_priv_insn *insn)
{
    uint8_t modrm = next(c);

    insn->cr = ((modrm >> 3) & 7) | ((rex & REX_R) ? 8 : 0);
    insn->gpr = (modrm & 7) | ((rex & REX_B) ? 8 : 0);
}

/* Group 0F 01 with a memory operand: /2 lgdt, /3 lidt, /7 invlpg. */
static bool decode_group7(struct cursor *c, uint8_t rex,
                          struct x86_priv_insn *insn)
{
    struct x86_insn tmp;
    unsigned int ext;

    memset(&tmp, 0, sizeof(tmp));
    ext = read_modrm(c, rex, &tmp);     /* register forms: refused */
    insn->mem = tmp.mem;
    switch (ext) {
    case 2: insn->op = X86_PRIV_LGDT; return true;
    case 3: insn->op = X86_PRIV_LIDT; return true;
    case 7: insn->op = X86_PRIV_INVLPG; return true;
    default: return false;
    }
}

/* ud2 already read: the rest of "ud2; .ascii \"xen\"; cpuid". */
static bool decode_forced_cpuid(struct cursor *c, struct x86_priv_insn *insn)
{
    static const uint8_t rest[] = { 'x', 'e', 'n', 0x0F, 0xA2 };

    if (c->pos != 2)
        return false;           /* no prefix may come before ud2 */
    for (size_t i = 0; i < sizeof(rest); i++)
        if (next(c) != rest[i])
            return false;
    insn->op = X86_PRIV_CPUID;
    return true;
}

static bool decode_priv_two_byte(struct cursor *c, uint8_t opc,
                                 const struct prefixes *p,
                                 struct x86_priv_insn *insn)
{
    switch (opc) {
    case 0x06: insn->op = X86_PRIV_CLTS; return true;
    case 0x09: insn->op = X86_PRIV_WBINVD; return true;
    case 0x30: insn->op = X86_PRIV_WRMSR; return true;
    case 0x32: insn->op = X86_PRIV_RDMSR; return true;
    case 0x20: case 0x22:
        insn->op = opc == 0x20 ? X86_PRIV_MOV_FROM_CR : X86_PRIV_MOV_TO_CR;
        decode_mov_cr(c, p->rex, insn);
        return true;
    case 0x01:
        return decode_group7(c, p->rex, insn);
    case 0x0B:
        return decode_forced_cpuid(c, insn);
    default:
        return false;
    }
}

static bool priv_body(struct cursor *c, uint8_t opc, bool escaped,
                      const struct prefixes *p, void *insn)
{
    if (escaped)
        return decode_priv_two_byte(c, opc, p, insn);
    return decode_priv_one_byte(c, opc, p, insn);
}

enum x86_decode_status x86_decode_priv(const uint8_t *buf, size_t len,
                                       struct x86_priv_insn *insn)
{
    struct prefixes p;
    size_t used = 0;
    enum x86_decode_status rc;

    memset(insn, 0, sizeof(*insn));
    rc = decode_insn(buf, len, priv_body, insn, &p, &used);
    if (rc != X86_DECODE_OK)
        return rc;
    /* LOCK makes every one of these #UD on hardware. */
    if (p.lock)
        return X86_DECODE_UNSUPPORTED;
    insn->len = (uint8_t)used;
    insn->mem.seg = p.seg;
    return X86_DECODE_OK;
}
