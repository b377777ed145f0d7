/*
 * Trap-and-emulate handlers that need no hardware state (arch/x86/pv/
 * emul_io.c, emul_desc.c), on the host: the virtual 16550 (output, the
 * divisor latch, the registers' reads, access widths, which bits of RAX
 * an in writes) and every port refusal; lidt's conversion of native
 * gates into the trap table and each of its refusals, after which the
 * old table is intact; lgdt's frames and entries handed to set_gdt, and
 * its refusals.  Guest memory is host memory (guest_access.c's real
 * range checks), with a window that "faults"; page tables and set_gdt
 * are fakes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <asm/config.h>
#include <asm/page.h>
#include <asm/descriptor.h>
#include <asm/ioport.h>
#include <xen/errno.h>
#include "../../hypervisor/arch/x86/pv/emul.h"
#include "../../hypervisor/arch/x86/pv/pv_mm.h"

static struct domain dom;
static struct vcpu vcpu = { .domain = &dom };
static struct cpu_regs regs;
static char console[256];
static size_t console_len;
static unsigned long operand;           /* pv_mem_operand_ea's answer */
static unsigned long fault_from, fault_to;

size_t raw_copy_guest(void *dst, const void *src, size_t len);

/* Copies stop at the faulting window, as the real one stops at a fault. */
size_t raw_copy_guest(void *dst, const void *src, size_t len)
{
    unsigned long s = (unsigned long)src;
    size_t n = len;

    if (s < fault_to && s + len > fault_from)
        n = s >= fault_from ? 0 : fault_from - s;
    memcpy(dst, src, n);
    return len - n;
}

void console_guest_write(struct domain *d, const char *s, unsigned int n)
{
    cr_assert_eq(d, &dom);
    cr_assert_leq(console_len + n, sizeof(console));
    memcpy(console + console_len, s, n);
    console_len += n;
}

uint64_t pv_mem_operand_ea(struct cpu_regs *r, const struct x86_mem *m,
                           uint8_t insn_len)
{
    (void)r;
    (void)m;
    (void)insn_len;
    return operand;
}

/* Guest pages map to frame va >> 12, except one "unmapped" page. */
static unsigned long unmapped_va = 1;

pte_t pv_guest_l1e(const struct vcpu *v, unsigned long va)
{
    cr_assert_eq(v, &vcpu);
    if ((va & PAGE_MASK) == unmapped_va)
        return 0;
    return (va & PAGE_MASK) | _PAGE_PRESENT;
}

/* What lgdt handed to set_gdt, and what set_gdt answers. */
static unsigned long gdt_frames[GDT_GUEST_FRAMES];
static unsigned int gdt_entries, gdt_calls;
static long gdt_rc;

long pv_set_gdt(struct vcpu *v, const unsigned long *frames,
                unsigned int entries)
{
    cr_assert_eq(v, &vcpu);
    gdt_calls++;
    gdt_entries = entries;
    memcpy(gdt_frames, frames,
           (entries + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE * sizeof(*frames));
    return gdt_rc;
}

bool pv_guest_addr_ok(unsigned long addr)
{
    return is_canonical(addr) && guest_range_ok(addr, 1);
}

static void reset(void)
{
    memset(&dom, 0, sizeof(dom));
    memset(&vcpu.arch, 0, sizeof(vcpu.arch));
    memset(&regs, 0, sizeof(regs));
    memset(console, 0, sizeof(console));
    console_len = 0;
    operand = 0;
    fault_from = 0x1000;
    fault_to = 0x2000;
    unmapped_va = 1;
    gdt_entries = gdt_calls = 0;
    gdt_rc = 0;
}

TestSuite(emul, .init = reset);

/* ---- in/out ---- */

struct io_case {
    const char *what;
    enum x86_priv_op op;
    uint8_t opsize;
    int imm_port;               /* -1: the port is in DX */
    uint64_t rdx, rax;
    enum emul_result result;
    uint64_t rax_after;         /* in */
};

static enum emul_result run_io(const struct io_case *k)
{
    struct emul_ctxt c = { .v = &vcpu, .regs = &regs };

    c.insn.op = k->op;
    c.insn.opsize = k->opsize;
    c.insn.port_is_imm = k->imm_port >= 0;
    c.insn.port = (uint8_t)k->imm_port;
    regs.rdx = k->rdx;
    regs.rax = k->rax;
    return emul_io(&c);
}

#define OUT X86_PRIV_OUT
#define IN  X86_PRIV_IN

static const struct io_case io_cases[] = {
    { "in LSR", IN, 1, -1, 0x3fd, 0x1122334455667788, EMUL_DONE,
      0x1122334455667760 },
    { "in RBR", IN, 1, -1, 0x3f8, 0xff, EMUL_DONE, 0 },
    { "in IIR", IN, 1, -1, 0x3fa, 0xff, EMUL_DONE, 0 },
    { "in MSR", IN, 1, -1, 0x3fe, 0xff, EMUL_DONE, 0 },
    { "in 16-bit MCR|LSR", IN, 2, -1, 0x3fc, 0x1122334455667788, EMUL_DONE,
      0x1122334455666000 },
    { "in 32-bit MCR..SCR (zero-extends)", IN, 4, -1, 0x3fc,
      0x1122334455667788, EMUL_DONE, 0x6000 },
    { "in with DX's high bits set", IN, 1, -1, 0xabcd03fd, 0, EMUL_DONE,
      0x60 },
};

static const struct io_case io_refused[] = {
    { "out $0x80", OUT, 1, 0x80, 0, 0, EMUL_REFUSED, 0 },
    { "in $0x60", IN, 1, 0x60, 0, 0, EMUL_REFUSED, 0 },
    { "in 0x3f7", IN, 1, -1, 0x3f7, 0, EMUL_REFUSED, 0 },
    { "out 0x400", OUT, 1, -1, 0x400, 0, EMUL_REFUSED, 0 },
    { "outw 0x3ff (crosses the end)", OUT, 2, -1, 0x3ff, 0, EMUL_REFUSED, 0 },
    { "outl 0x3fe (crosses the end)", OUT, 4, -1, 0x3fe, 0, EMUL_REFUSED, 0 },
    { "outl 0x3f6 (crosses the start)", OUT, 4, -1, 0x3f6, 0, EMUL_REFUSED,
      0 },
    { "outl 0xcf8 (PCI)", OUT, 4, -1, 0xcf8, 0x80000000, EMUL_REFUSED, 0 },
    { "in 0x2f8 (COM2)", IN, 1, -1, 0x2f8, 0, EMUL_REFUSED, 0 },
};

Test(emul, uart_reads)
{
    for (size_t i = 0; i < sizeof(io_cases) / sizeof(io_cases[0]); i++) {
        cr_assert_eq(run_io(&io_cases[i]), io_cases[i].result, "%s",
                     io_cases[i].what);
        cr_assert_eq(regs.rax, io_cases[i].rax_after, "%s: rax %#lx",
                     io_cases[i].what, (unsigned long)regs.rax);
    }
}

Test(emul, ports_not_owned_are_refused)
{
    for (size_t i = 0; i < sizeof(io_refused) / sizeof(io_refused[0]); i++) {
        cr_assert_eq(run_io(&io_refused[i]), EMUL_REFUSED, "%s",
                     io_refused[i].what);
        cr_assert_eq(regs.rax, io_refused[i].rax, "%s: rax untouched",
                     io_refused[i].what);
    }
    cr_assert_eq(console_len, 0);
}

static void out(unsigned int port, unsigned int bytes, uint32_t val)
{
    struct io_case k = { "out", OUT, (uint8_t)bytes, -1, port, val,
                         EMUL_DONE, 0 };

    cr_assert_eq(run_io(&k), EMUL_DONE, "out %#x", port);
}

Test(emul, uart_output_and_divisor_latch)
{
    struct io_case lcr = { "in LCR", IN, 1, -1, 0x3fb, 0, EMUL_DONE, 0 };

    out(0x3f8, 1, 'o');
    out(0x3f8, 2, 0x4b6b);     /* 'k' to THR, 0x4b to IER: ignored */
    out(0x3fb, 1, 0x83);       /* DLAB: 0x3f8 is the divisor now */
    out(0x3f8, 1, 0x01);
    out(0x3fb, 1, 0x03);
    cr_assert_eq(run_io(&lcr), EMUL_DONE);
    cr_assert_eq(regs.rax, 0x03);
    out(0x3f8, 4, '\n');       /* THR, then IER IIR LCR with zeros */
    cr_assert_eq(console_len, 3);
    cr_assert_arr_eq(console, "ok\n", 3);
    cr_assert_eq(run_io(&lcr), EMUL_DONE);
    cr_assert_eq(regs.rax, 0, "the 32-bit out wrote 0 to LCR");
}

/* ---- lidt ---- */

struct gate {
    uint64_t lo, hi;
};

static struct gate idt[256] __attribute__((aligned(16)));

static struct __attribute__((packed)) {
    uint16_t limit;
    uint64_t base;
} idtr;

static void set_gate(unsigned int vec, unsigned long fn, unsigned int type,
                     unsigned int dpl, bool present)
{
    idt[vec].lo = (fn & 0xffff) | (uint64_t)0x10 << 16 |
                  (uint64_t)((present ? 0x80 : 0) | dpl << 5 | type) << 40 |
                  (fn >> 16 & 0xffff) << 48;
    idt[vec].hi = fn >> 32;
}

/* lidt or lgdt of the table at base with limit (the operand in idtr). */
static enum emul_result run_table_load(enum x86_priv_op op, uint16_t limit,
                                       unsigned long base)
{
    struct emul_ctxt c = { .v = &vcpu, .regs = &regs };

    idtr.limit = limit;
    idtr.base = base;
    operand = (unsigned long)&idtr;
    c.insn.op = op;
    return op == X86_PRIV_LIDT ? emul_lidt(&c) : emul_lgdt(&c);
}

static enum emul_result run_lidt(uint16_t limit, unsigned long base)
{
    return run_table_load(X86_PRIV_LIDT, limit, base);
}

static void good_idt(void)
{
    memset(idt, 0, sizeof(idt));
    set_gate(3, 0xffffffff80001000UL, 15, 3, true);
    set_gate(13, 0xffffffff80002000UL, 15, 0, true);
    set_gate(14, 0xffffffff80003000UL, 14, 0, true);
    set_gate(32, 0xffffffff80004000UL, 14, 0, false);
}

Test(emul, lidt_installs_the_gates)
{
    good_idt();
    vcpu.arch.trap_ctxt[200].address = 0x1234;      /* replaced */
    cr_assert_eq(run_lidt(sizeof(idt) - 1, (unsigned long)idt), EMUL_DONE);
    cr_assert_eq(vcpu.arch.trap_ctxt[3].address, 0xffffffff80001000UL);
    cr_assert_eq(vcpu.arch.trap_ctxt[3].flags, 3, "trap gate, DPL 3");
    cr_assert_eq(vcpu.arch.trap_ctxt[3].vector, 3);
    cr_assert_eq(vcpu.arch.trap_ctxt[3].cs, FLAT_KERNEL_CS);
    cr_assert_eq(vcpu.arch.trap_ctxt[13].flags, 0);
    cr_assert_eq(vcpu.arch.trap_ctxt[14].flags, 4,
                 "interrupt gate: events masked on entry");
    cr_assert_eq(vcpu.arch.trap_ctxt[32].address, 0, "not present: none");
    cr_assert_eq(vcpu.arch.trap_ctxt[200].address, 0);
}

Test(emul, lidt_short_limit_leaves_the_rest_empty)
{
    good_idt();
    cr_assert_eq(run_lidt(14 * 16 - 1, (unsigned long)idt), EMUL_DONE);
    cr_assert_eq(vcpu.arch.trap_ctxt[13].address, 0xffffffff80002000UL);
    cr_assert_eq(vcpu.arch.trap_ctxt[14].address, 0, "beyond the limit");
}

static const struct {
    const char *what;
    uint16_t limit;
    unsigned long base;         /* 0: the table */
    int bad_vec;                /* a gate made bad, or -1 */
    unsigned long bad_fn;
    unsigned int bad_type;
    unsigned long fault_at;     /* offset into the table that faults, 0 */
} lidt_refused[] = {
    { "base in the hypervisor", 0xfff, HV_VIRT_START, -1, 0, 0, 0 },
    { "base non-canonical", 0xfff, 0x8000000000000000UL, -1, 0, 0, 0 },
    { "table runs into the hole", 0xfff, 0x00007ffffffff800UL, -1, 0, 0, 0 },
    { "base just below the hypervisor (the hole)", 0xfff,
      HV_VIRT_START - 0x800, -1, 0,
      0, 0 },
    { "limit 0x1000", 0x1000, 0, -1, 0, 0, 0 },
    { "limit 0xffff", 0xffff, 0, -1, 0, 0, 0 },
    { "gate into the hypervisor", 0xfff, 0, 3, HV_VIRT_START + 0x1000, 15,
      0 },
    { "gate non-canonical", 0xfff, 0, 3, 0x8000000000001000UL, 15, 0 },
    { "call gate", 0xfff, 0, 3, 0xffffffff80001000UL, 12, 0 },
    { "task gate", 0xfff, 0, 3, 0xffffffff80001000UL, 5, 0 },
    { "16-bit interrupt gate", 0xfff, 0, 3, 0xffffffff80001000UL, 6, 0 },
    { "a gate that cannot be read", 0xfff, 0, -1, 0, 0, 40 * 16 },
};

Test(emul, lidt_refusals_keep_the_old_table)
{
    struct trap_info before[256];

    good_idt();
    cr_assert_eq(run_lidt(sizeof(idt) - 1, (unsigned long)idt), EMUL_DONE);
    memcpy(before, vcpu.arch.trap_ctxt, sizeof(before));
    for (size_t i = 0; i < sizeof(lidt_refused) / sizeof(lidt_refused[0]);
         i++) {
        unsigned long base = lidt_refused[i].base ? lidt_refused[i].base
                                                  : (unsigned long)idt;

        good_idt();
        if (lidt_refused[i].bad_vec >= 0)
            set_gate((unsigned int)lidt_refused[i].bad_vec,
                     lidt_refused[i].bad_fn, lidt_refused[i].bad_type, 0,
                     true);
        if (lidt_refused[i].fault_at) {
            fault_from = (unsigned long)idt + lidt_refused[i].fault_at;
            fault_to = fault_from + 16;
        }
        cr_assert_eq(run_lidt(lidt_refused[i].limit, base), EMUL_REFUSED,
                     "%s", lidt_refused[i].what);
        cr_assert_arr_eq(vcpu.arch.trap_ctxt, before, sizeof(before),
                         "%s: table changed", lidt_refused[i].what);
        fault_from = 0x1000;
        fault_to = 0x2000;
    }
}

Test(emul, lidt_operand_that_cannot_be_read)
{
    struct emul_ctxt c = { .v = &vcpu, .regs = &regs };

    c.insn.op = X86_PRIV_LIDT;
    operand = 0x1000;           /* in the faulting window */
    cr_assert_eq(emul_lidt(&c), EMUL_REFUSED);
    operand = HV_VIRT_START;
    cr_assert_eq(emul_lidt(&c), EMUL_REFUSED);
    operand = (unsigned long)&idtr;
    idtr.limit = 0xfff;
    idtr.base = HV_VIRT_START;
    c.insn.op = X86_PRIV_LGDT;
    cr_assert_eq(emul_lgdt(&c), EMUL_REFUSED, "lgdt: the same checks");
}

/* ---- lgdt ---- */

static uint8_t gdt_pages[3 * 4096] __attribute__((aligned(4096)));

static enum emul_result run_lgdt(uint16_t limit, unsigned long base)
{
    return run_table_load(X86_PRIV_LGDT, limit, base);
}

Test(emul, lgdt_hands_the_frames_to_set_gdt)
{
    unsigned long base = (unsigned long)gdt_pages;

    cr_assert_eq(run_lgdt(16 * 8 - 1, base), EMUL_DONE);
    cr_assert_eq(gdt_entries, 16);
    cr_assert_eq(gdt_frames[0], base >> PAGE_SHIFT);
    /* 513 descriptors: two frames; a partial last descriptor counts. */
    cr_assert_eq(run_lgdt(512 * 8 + 3, base), EMUL_DONE);
    cr_assert_eq(gdt_entries, 513);
    cr_assert_eq(gdt_frames[1], (base >> PAGE_SHIFT) + 1);
    cr_assert_eq(run_lgdt(0, base), EMUL_DONE);
    cr_assert_eq(gdt_entries, 1);
}

Test(emul, lgdt_refusals)
{
    unsigned long base = (unsigned long)gdt_pages;

    cr_assert_eq(run_lgdt(0x7f, base + 8), EMUL_REFUSED, "not page-aligned");
    cr_assert_eq(run_lgdt(0x7f, HV_VIRT_START), EMUL_REFUSED, "hypervisor");
    cr_assert_eq(run_lgdt(0x7f, 0x8000000000000000UL), EMUL_REFUSED,
                 "non-canonical");
    cr_assert_eq(run_lgdt(FIRST_RESERVED_GDT_ENTRY * 8, base), EMUL_REFUSED,
                 "reaches the reserved entries");
    cr_assert_eq(gdt_calls, 0, "all refused before set_gdt");
    unmapped_va = base + PAGE_SIZE;
    cr_assert_eq(run_lgdt(512 * 8 + 7, base), EMUL_REFUSED,
                 "second page not mapped");
    cr_assert_eq(gdt_calls, 0);
    unmapped_va = 1;
    gdt_rc = -XEN_EINVAL;
    cr_assert_eq(run_lgdt(0x7f, base), EMUL_REFUSED, "set_gdt refuses");
    cr_assert_eq(gdt_calls, 1);
}

/* ---- granted ports (arch/x86/ioport.c) --------------------------------- */

static struct domain grantee;

Test(emul, ioport_grant_and_its_bounds)
{
    memset(&grantee, 0, sizeof(grantee));
    cr_assert_eq(ioport_grant(&grantee, 0x2f8, 0x2ff), 0);
    cr_assert(ioport_permitted(&grantee, 0x2f8, 1));
    cr_assert(ioport_permitted(&grantee, 0x2fc, 4), "0x2fc..0x2ff");
    cr_assert_not(ioport_permitted(&grantee, 0x2fe, 4), "crosses the end");
    cr_assert_not(ioport_permitted(&grantee, 0x2f7, 1));
    cr_assert_not(ioport_permitted(&grantee, 0x300, 1));
}

Test(emul, ioport_grant_refusals)
{
    memset(&grantee, 0, sizeof(grantee));
    cr_assert_eq(ioport_grant(&grantee, 0x300, 0x2ff), -XEN_EINVAL,
                 "first > last");
    cr_assert_eq(ioport_grant(&grantee, 0xfff0, 0x10000), -XEN_EINVAL,
                 "beyond port 0xffff");
    cr_assert_eq(ioport_grant(&grantee, 0x3f0, 0x3f8), -XEN_EINVAL,
                 "reaches the virtual UART");
    cr_assert_eq(ioport_grant(&grantee, 0x3ff, 0x400), -XEN_EINVAL,
                 "reaches the virtual UART's end");
    for (unsigned int i = 0; i < MAX_IOPORT_RANGES; i++)
        cr_assert_eq(ioport_grant(&grantee, 0x100 + i, 0x100 + i), 0);
    cr_assert_eq(ioport_grant(&grantee, 0x200, 0x200), -XEN_ENOSPC);
    cr_assert_eq(grantee.arch.nr_ioports, MAX_IOPORT_RANGES,
                 "refusals change nothing");
}
