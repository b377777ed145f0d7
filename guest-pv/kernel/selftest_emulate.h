/*
 * selftest=emulate's shared parts: each privileged instruction as a
 * native kernel would write it, allowed to fault (so the suite goes on
 * where a hypervisor refuses it), and the #GP count the suite's hook
 * keeps.  The cases are in selftest_emulate.c (instructions and their
 * effects) and selftest_emulate_tables.c (descriptor tables, CPUID, the
 * event-mask hypercall, counters).
 */
#ifndef SELFTEST_EMULATE_H
#define SELFTEST_EMULATE_H

#include <abi/ext.h>
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/layout.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/pte.h>
#include <guest/selftest.h>
#include <guest/time.h>
#include <guest/traps.h>

#define MSR_IA32_SYSENTER_EIP   0x176
#define MSR_IA32_APIC_BASE      0x1b
#define MSR_IA32_TSC_DEADLINE   0x6e0
#define MSR_EFER                0xc0000080
#define MSR_LSTAR               0xc0000082
#define MSR_FS_BASE             0xc0000100
#define MSR_GS_BASE             0xc0000101
#define MSR_SHADOW_GS_BASE      0xc0000102
#define EFER_LME                (1ul << 8)
#define EFER_LMA                (1ul << 10)
#define CR0_PE                  (1ul << 0)
#define CR0_TS                  (1ul << 3)
#define CR0_CD                  (1ul << 30)
#define CR0_PG                  (1ul << 31)
#define CR4_PGE                 (1ul << 7)
#define UART                    0x3f8

/* One instruction at 1 that may raise #GP; execution goes on at 2. */
#define MAY_FAULT(insn) "1:\t" insn "\n2:\n\t" EXTABLE_ENTRY("1b", "2b")

/* The #GPs the kernel's handler saw (selftest_emulate.c's hook). */
extern volatile unsigned int emul_gp_count;

/* stmt must raise exactly one #GP (want 1), or none (want 0). */
#define EXPECT_GP(t, what, want, stmt)                                      \
    do {                                                                    \
        emul_gp_count = 0;                                                       \
        stmt;                                                               \
        expect_eq(t, what, (long)emul_gp_count, want);                           \
    } while (0)

/* ---- the instructions, each as the native kernel would write it ---- */

#define DEFINE_CR(n)                                                        \
    static inline uint64_t rd_cr##n(void)                                          \
    {                                                                       \
        uint64_t v = 0;                                                     \
        asm volatile (MAY_FAULT("mov %%cr" #n ", %0") : "+r"(v) : :         \
                      "memory");                                            \
        return v;                                                           \
    }                                                                       \
    static inline void wr_cr##n(uint64_t v)                                        \
    {                                                                       \
        asm volatile (MAY_FAULT("mov %0, %%cr" #n) : : "r"(v) : "memory");  \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
DEFINE_CR(8)

/* Each may fault, so that on Xen (which refuses some) the suite goes on. */
static inline void cli(void) { asm volatile (MAY_FAULT("cli") ::: "memory"); }
static inline void sti(void) { asm volatile (MAY_FAULT("sti") ::: "memory"); }
static inline void hlt(void) { asm volatile (MAY_FAULT("hlt") ::: "memory"); }
static inline void clts(void) { asm volatile (MAY_FAULT("clts") ::: "memory"); }
static inline void wbinvd(void) { asm volatile (MAY_FAULT("wbinvd") ::: "memory"); }

static inline void invlpg(unsigned long va)
{
    asm volatile (MAY_FAULT("invlpg (%0)") : : "r"(va) : "memory");
}

static inline uint32_t io_in(uint16_t port, unsigned int bytes)
{
    uint32_t v = 0;

    if (bytes == 1)
        asm volatile (MAY_FAULT("inb %%dx, %%al") : "+a"(v) : "d"(port));
    else if (bytes == 2)
        asm volatile (MAY_FAULT("inw %%dx, %%ax") : "+a"(v) : "d"(port));
    else
        asm volatile (MAY_FAULT("inl %%dx, %%eax") : "+a"(v) : "d"(port));
    return v;
}

static inline void io_out(uint16_t port, uint32_t v, unsigned int bytes)
{
    if (bytes == 1)
        asm volatile (MAY_FAULT("outb %%al, %%dx") : : "a"(v), "d"(port));
    else if (bytes == 2)
        asm volatile (MAY_FAULT("outw %%ax, %%dx") : : "a"(v), "d"(port));
    else
        asm volatile (MAY_FAULT("outl %%eax, %%dx") : : "a"(v), "d"(port));
}

static inline uint64_t rd_msr(uint32_t msr)
{
    uint32_t lo = 0, hi = 0;

    asm volatile (MAY_FAULT("rdmsr") : "+a"(lo), "+d"(hi) : "c"(msr)
                  : "memory");
    return (uint64_t)hi << 32 | lo;
}

static inline void wr_msr(uint32_t msr, uint64_t v)
{
    asm volatile (MAY_FAULT("wrmsr") : : "c"(msr), "a"((uint32_t)v),
                  "d"((uint32_t)(v >> 32)) : "memory");
}

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

static inline void lidt_at(unsigned long operand)
{
    asm volatile (MAY_FAULT("lidt (%0)") : : "r"(operand) : "memory");
}

static inline void lgdt_at(unsigned long operand)
{
    asm volatile (MAY_FAULT("lgdt (%0)") : : "r"(operand) : "memory");
}

/* Xen's forced-emulation prefix: the hypervisor's CPUID. */
static inline void xen_cpuid(uint32_t leaf, uint32_t r[4])
{
    r[0] = leaf;
    r[1] = r[3] = 0;
    r[2] = 0;
    asm volatile (MAY_FAULT("ud2; .ascii \"xen\"; cpuid")
                  : "+a"(r[0]), "+b"(r[1]), "+c"(r[2]), "+d"(r[3]));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static inline uint8_t upcall_mask(void)
{
    return __atomic_load_n(&vcpu0()->evtchn_upcall_mask, __ATOMIC_SEQ_CST);
}

static inline void count_event(evtchn_port_t port, struct trap_frame *f, void *data)
{
    (void)port;
    (void)f;
    (*(volatile unsigned long *)data)++;
}

static inline long get_stats(struct xpv_domain_stats *s)
{
    return HYPERVISOR_raw(__HYPERVISOR_xpv_op, XPVOP_domain_stats,
                          (unsigned long)s, 0, 0, 0);
}

/* The cases of selftest_emulate_tables.c. */
void test_emul_lidt(struct test *t);
void test_emul_lgdt(struct test *t);
void test_emul_lgdt_load(struct test *t);
void test_emul_cpuid(struct test *t);
void test_emul_event_mask(struct test *t);
void test_emul_event_mask_top(struct test *t);
void test_emul_counters(struct test *t);
void test_emul_audit(struct test *t);

#endif /* SELFTEST_EMULATE_H */
