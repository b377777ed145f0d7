/*
 * Decoders for the few x86-64 instructions the hypervisor emulates: those
 * guest kernels use to write page-table entries, for the writable
 * page-table emulation (pv/ro_page_fault.c, x86_decode()), and the
 * privileged ones trap-and-emulate runs (pv/emul_priv_op.c,
 * x86_decode_priv(), below).  Pure: bytes in, a description out, so they
 * are unit-tested on the host.
 *
 * x86_decode():
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

/* The same for a memory operand of an instruction 'insn_len' bytes long. */
uint64_t x86_mem_ea(const struct x86_mem *m, uint8_t insn_len,
                    const uint64_t gpr[X86_NR_GPRS], uint64_t rip,
                    uint64_t seg_base);

/*
 * x86_decode_priv(): the privileged instructions a PV guest kernel may
 * execute in ring 3 to have them emulated.  Accepted (optional 66, REX
 * and segment-override prefixes; LOCK, REP and 67 refused):
 *     FA cli          FB sti          F4 hlt          0F 06 clts
 *     E4/E5 ib in     EC/ED in dx     E6/E7 ib out    EE/EF out dx
 *         (1 byte for E4 E6 EC EE; 2 with 66, else 4 for the others)
 *     0F 20 /r mov %crN,r64           0F 22 /r mov r64,%crN
 *     0F 01 /7 invlpg m               0F 09 wbinvd
 *     0F 32 rdmsr     0F 30 wrmsr
 *     0F 01 /2 lgdt m 0F 01 /3 lidt m
 *     0F 0B 78 65 6E 0F A2  Xen's forced-emulation prefix ("ud2; .ascii
 *         \"xen\"") before cpuid, with no other prefix
 * String I/O (ins/outs), register forms of 0F 01 and everything else are
 * refused.
 */
enum x86_priv_op {
    X86_PRIV_CLI,
    X86_PRIV_STI,
    X86_PRIV_HLT,
    X86_PRIV_IN,
    X86_PRIV_OUT,
    X86_PRIV_MOV_FROM_CR,
    X86_PRIV_MOV_TO_CR,
    X86_PRIV_CLTS,
    X86_PRIV_INVLPG,
    X86_PRIV_WBINVD,
    X86_PRIV_RDMSR,
    X86_PRIV_WRMSR,
    X86_PRIV_LGDT,
    X86_PRIV_LIDT,
    X86_PRIV_CPUID,             /* behind Xen's forced-emulation prefix */
};

struct x86_priv_insn {
    enum x86_priv_op op;
    uint8_t len;                /* bytes, prefixes included */
    uint8_t opsize;             /* in/out: 1, 2 or 4 bytes */
    bool port_is_imm;           /* in/out: port in 'port', else in DX */
    uint8_t port;
    uint8_t cr;                 /* mov cr: control register (+ REX.R) */
    uint8_t gpr;                /* mov cr: general register (+ REX.B) */
    struct x86_mem mem;         /* invlpg, lgdt, lidt */
};

/* The bytes of Xen's forced-emulation prefix, then cpuid (0F A2). */
#define XEN_FORCED_CPUID_LEN    7

enum x86_decode_status x86_decode_priv(const uint8_t *buf, size_t len,
                                       struct x86_priv_insn *insn);

#endif /* ASM_X86_DECODE_H */
