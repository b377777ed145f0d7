/*
 * Helpers shared by the descriptor-table suites (selftest_desc.c,
 * selftest_failsafe.c): descriptors, selectors, and frames made ready
 * for set_gdt.
 */
#ifndef SELFTEST_DESC_H
#define SELFTEST_DESC_H

#include <abi/guest_hypercall.h>
#include <guest/extable.h>
#include <guest/layout.h>
#include <guest/mm.h>
#include <guest/selftest.h>

/* Descriptors, accessed bit set (so the CPU never writes them). */
#define DATA_DPL3       0x00cff3000000ffffUL
#define DATA_DPL0       0x00cf93000000ffffUL    /* Xen makes it DPL 3 */
#define CODE64_DPL0     0x00af9b000000ffffUL
#define TSS_DESC        0x0000890000000000UL
#define GATE_TO_XEN     0x0000ec00e0081000UL    /* call gate to 0xe008 */
/* Selectors of entries 1..4 with RPL 3. */
#define SEL(i)          (((i) << 3) | 3)

/* null, DATA_DPL3, DATA_DPL0, CODE64_DPL0 */
extern const uint64_t desc_gdt_descs[4];

static inline uint16_t read_es(void)
{
    uint16_t s;

    asm volatile("mov %%es, %0" : "=r"(s));
    return s;
}

static inline uint16_t read_cs(void)
{
    uint16_t s;

    asm volatile("mov %%cs, %0" : "=r"(s));
    return s;
}

static inline uint16_t read_ds(void)
{
    uint16_t s;

    asm volatile("mov %%ds, %0" : "=r"(s));
    return s;
}

/* Loads %es from guest mode; false if the CPU refused it (#GP). */
static inline bool load_es(uint16_t sel)
{
    int ok = 1;

    asm volatile("1: mov %w1, %%es\n\t"
                 "jmp 3f\n\t"
                 "2: movl $0, %0\n\t"
                 "3:\n\t"
                 EXTABLE_ENTRY("1b", "2b")
                 : "+r"(ok) : "r"(sel) : "memory");
    return ok;
}

static inline unsigned long kernel_mfn(const void *p)
{
    return pfn_to_mfn(((unsigned long)p - KERNEL_VIRT_BASE) >> PAGE_SHIFT);
}

static inline uint64_t maddr_of(unsigned long mfn, unsigned int i)
{
    return ((uint64_t)mfn << PAGE_SHIFT) + i * 8;
}

/* A fresh frame with 'n' descriptors, mapped nowhere: ready for set_gdt. */
unsigned long desc_frame(const uint64_t *descs, unsigned int n);

/* set_gdt of one frame. */
long set_gdt1(unsigned long mfn, unsigned int entries);

/* The cases of selftest=desc that bring up other vCPUs. */
void test_failsafe_first_run(struct test *t);
void test_gdt_in_context(struct test *t);

#endif /* SELFTEST_DESC_H */
