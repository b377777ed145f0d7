/*
 * A decoder for the few x86-64 instructions guest kernels use to write
 * page-table entries, for the writable page-table emulation
 * (pv/ro_page_fault.c).  Pure: bytes in, a description out, so it is
 * unit-tested on the host.
 *
 * Accepted: legacy prefixes LOCK, 66 (operand size), the segment
 * overrides (CS/SS/DS/ES ignored as in 64-bit mode, FS/GS recorded), one
 * REX right before the opcode; a ModRM memory operand with SIB, disp8,
 * disp32 or RIP-relative addressing; and the opcodes
 *     89 /r       MOV r/m, r          C7 /0 iw/id  MOV r/m, imm
 *     87 /r       XCHG r/m, r         0F B1 /r     CMPXCHG r/m, r
 *     09 /r       OR r/m, r           21 /r        AND r/m, r
 *     81 /1 /4    OR/AND r/m, imm     83 /1 /4     OR/AND r/m, imm8
 *     0F AB /r    BTS r/m, r          0F B3 /r     BTR r/m, r
 *     0F BA /5 /6 BTS/BTR r/m, imm8
 * with 16-, 32- or 64-bit operands.  Anything else (byte forms, register
 * destinations, REP, address-size prefix, ...) is refused.
 */
#ifndef ASM_X86_DECODE_H
#define ASM_X86_DECODE_H

#include <hv/types.h>

#define X86_MAX_INSN_LEN    15

/* x86 register numbers (ModRM/REX order). */
enum x86_gpr {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NR_GPRS
};

enum x86_op {
    X86_OP_MOV,
    X86_OP_XCHG,
    X86_OP_CMPXCHG,
    X86_OP_OR,
    X86_OP_AND,
    X86_OP_BTS,
    X86_OP_BTR,
};

enum x86_seg {
    X86_SEG_NONE,               /* flat: base 0 */
    X86_SEG_FS,
    X86_SEG_GS,
};

/* The memory operand: seg:[base + index * scale + disp] or [rip + disp]. */
struct x86_mem {
    int8_t base;                /* enum x86_gpr, or -1 */
    int8_t index;               /* enum x86_gpr, or -1 */
    uint8_t scale;              /* 1, 2, 4, 8 */
    bool rip_relative;
    int32_t disp;
    enum x86_seg seg;
};

struct x86_insn {
    enum x86_op op;
    uint8_t len;                /* bytes, prefixes included */
    uint8_t opsize;             /* 2, 4 or 8 */
    bool lock;
    bool src_is_imm;            /* else the source is register 'reg' */
    uint8_t reg;                /* ModRM.reg (+ REX.R) */
    int64_t imm;                /* sign-extended to 64 bits */
    struct x86_mem mem;
};

enum x86_decode_status {
    X86_DECODE_OK = 0,
    X86_DECODE_TRUNCATED,       /* needs more bytes than given */
    X86_DECODE_UNSUPPORTED,     /* not one of the accepted forms */
};

/* Decodes the instruction at buf[0..len). */
enum x86_decode_status x86_decode(const uint8_t *buf, size_t len,
                                  struct x86_insn *insn);

/*
 * The effective address of the memory operand: 'gpr' holds the registers
 * in enum x86_gpr order, 'rip' the address of the instruction, 'seg_base'
 * the base of the segment the operand names (0 for none).
 */
uint64_t x86_insn_ea(const struct x86_insn *insn,
                     const uint64_t gpr[X86_NR_GPRS], uint64_t rip,
                     uint64_t seg_base);

#endif /* ASM_X86_DECODE_H */
