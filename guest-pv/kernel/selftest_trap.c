/*
 * Self-test cases for exceptions: each raises one on purpose, watches it
 * arrive through a trap hook, and checks the bounce frame Xen built and
 * that HYPERVISOR_iret brings execution back.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/selftest.h>
#include <guest/traps.h>


/* What the hooks saw, reset before each exception. */
static struct {
    unsigned int count;
    struct trap_frame frame;    /* a copy of the frame */
    unsigned long at;           /* where the frame was on the stack */
    uint8_t mask;               /* evtchn_upcall_mask inside the handler */
    unsigned long cr2;          /* vcpu_info.arch.cr2 inside the handler */
} seen;

static void seen_reset(void)
{
    memset(&seen, 0, sizeof(seen));
}

static void record(struct trap_frame *f)
{
    vcpu_info_t *vi = vcpu0();

    seen.count++;
    seen.frame = *f;
    seen.at = (unsigned long)f;
    seen.mask = vi ? vi->evtchn_upcall_mask : 0xff;
    seen.cr2 = vi ? vi->arch.cr2 : 0;
}

/* Handled: resume after the int3. */
static bool hook_record(struct trap_frame *f)
{
    record(f);
    return true;
}

/* Not handled: let the exception-fixup table move rip. */
static bool hook_record_fixup(struct trap_frame *f)
{
    record(f);
    return false;
}

/* Clear the virtual CR0.TS and retry the x87 instruction. */
static bool hook_nm(struct trap_frame *f)
{
    record(f);
    HYPERVISOR_fpu_taskswitch(0);
    return true;
}

/* Raises #BP; returns the address right after the int3. */
static unsigned long raise_int3(void)
{
    unsigned long after;

    asm volatile ("int3\n"
                  "1:\tlea 1b(%%rip), %0"
                  : "=r" (after) : : "memory");
    return after;
}

/* Checks the #BP frame for an int3 raised with the given upcall mask. */
static void check_bp_frame(struct test *t, unsigned long after, int mask)
{
    const struct trap_frame *f = &seen.frame;

    info("#BP frame: cs 0x%lx rflags 0x%lx ss 0x%lx (upcall mask %d)\n",
         f->cs, f->rflags, f->ss, mask);
    expect_eq(t, "handler ran once", seen.count, 1);
    expect_true(t, "rip points after int3", f->rip == after);
    expect_eq(t, "vector", (long)f->vector, X86_EXC_BP);
    expect_eq(t, "error code", (long)f->error_code, 0);
    /* A bounce from guest kernel mode carries CS with RPL 0. */
    expect_eq(t, "cs", (long)(f->cs & 0xffff), FLAT_KERNEL_CS & ~3);
    expect_eq(t, "saved upcall mask (cs bits 32-39)",
              (long)((f->cs >> 32) & 0xff), mask);
    expect_eq(t, "ss", (long)(f->ss & 0xffff), FLAT_KERNEL_SS);
    expect_eq(t, "rflags.IF", !!(f->rflags & X86_EFLAGS_IF), !mask);
    expect_true(t, "rflags bit 1 set", f->rflags & 2);
    expect_true(t, "rsp above the frame, on the kernel stack",
                f->rsp >= seen.at + TF_SIZE &&
                f->rsp <= (unsigned long)kernel_stack_top);
    /* trap_info flag 4: events are masked while the handler runs. */
    expect_eq(t, "upcall mask in the handler", seen.mask, 1);
}

/* int3 with events masked (the boot state), then unmasked. */
void test_breakpoint(struct test *t)
{
    trap_hook_fn old = trap_set_hook(X86_EXC_BP, hook_record);
    vcpu_info_t *vi = vcpu0();
    unsigned long after;
    uint8_t mask_after;

    if (!expect_true(t, "shared_info mapped", vi != NULL))
        goto out;
    seen_reset();
    after = raise_int3();
    check_bp_frame(t, after, 1);
    expect_eq(t, "mask restored by iret", vi->evtchn_upcall_mask, 1);

    seen_reset();
    __atomic_store_n(&vi->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
    after = raise_int3();
    mask_after = __atomic_load_n(&vi->evtchn_upcall_mask, __ATOMIC_SEQ_CST);
    __atomic_store_n(&vi->evtchn_upcall_mask, 1, __ATOMIC_SEQ_CST);
    check_bp_frame(t, after, 0);
    expect_eq(t, "unmasked state restored by iret", mask_after, 0);
out:
    trap_set_hook(X86_EXC_BP, old);
}

void test_page_fault(struct test *t)
{
    trap_hook_fn old = trap_set_hook(X86_EXC_PF, hook_record_fixup);
    uint64_t val;

    seen_reset();
    expect_true(t, "read of 0x1000 faults",
                !probe_read(TEST_LOW_ADDR, &val));
    expect_eq(t, "handler ran once (read)", seen.count, 1);
    expect_true(t, "rip at the faulting read",
                seen.frame.rip == (unsigned long)probe_read_insn);
    /* Xen reports the U/S bit of the guest's mode: kernel, so clear. */
    expect_eq(t, "read error code", (long)seen.frame.error_code, 0);
    expect_true(t, "cr2 == 0x1000 (read)", seen.cr2 == TEST_LOW_ADDR);

    seen_reset();
    expect_true(t, "write to 0x1000 faults",
                !probe_write(TEST_LOW_ADDR, 0));
    expect_eq(t, "handler ran once (write)", seen.count, 1);
    expect_true(t, "rip at the faulting write",
                seen.frame.rip == (unsigned long)probe_write_insn);
    expect_eq(t, "write error code", (long)seen.frame.error_code,
              X86_PFEC_WRITE);
    expect_true(t, "cr2 == 0x1000 (write)", seen.cr2 == TEST_LOW_ADDR);
    trap_set_hook(X86_EXC_PF, old);
}

static uint16_t read_gs_sel(void)
{
    uint16_t sel;

    asm volatile ("mov %%gs, %0" : "=r" (sel));
    return sel;
}

/*
 * SEGBASE_GS_USER_SEL loads a selector into %gs for user mode.  The
 * selector register itself is not swapped by swapgs, so the kernel sees
 * what was loaded.  Xen 4.17 never fails this call: a selector that
 * faults is replaced by the NUL selector and the result is still 0
 * (Linux BUG()s on failure), so the caller checks %gs instead.
 */
static void segment_gs_user_sel(struct test *t)
{
    expect_eq(t, "user GS selector FLAT_USER_DS32",
              HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL,
                                          FLAT_USER_DS32), 0);
    expect_eq(t, "%gs after FLAT_USER_DS32", read_gs_sel(), FLAT_USER_DS32);
    expect_eq(t, "user GS selector beyond the GDT",
              HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0xfff8), 0);
    expect_eq(t, "%gs after a bad selector", read_gs_sel(), 0);
    expect_eq(t, "user GS selector 0",
              HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
    expect_eq(t, "%gs after 0", read_gs_sel(), 0);
}

void test_segment_base(struct test *t)
{
    static uint64_t target = 0x0123456789abcdefull;
    uint64_t val = 0;

    expect_eq(t, "set FS base",
              HYPERVISOR_set_segment_base(SEGBASE_FS,
                                          (unsigned long)&target), 0);
    asm volatile ("mov %%fs:0, %0" : "=r" (val) : : "memory");
    expect_true(t, "%fs:0 reads the variable", val == target);
    expect_eq(t, "reset FS base",
              HYPERVISOR_set_segment_base(SEGBASE_FS, 0), 0);
    expect_eq(t, "non-canonical FS base",
              HYPERVISOR_set_segment_base(SEGBASE_FS, TEST_NONCANON),
              -XEN_EINVAL);
    expect_eq(t, "unknown which 4",
              HYPERVISOR_set_segment_base(4, 0), -XEN_EINVAL);
    segment_gs_user_sel(t);
}

void test_fpu_taskswitch(struct test *t)
{
    trap_hook_fn old = trap_set_hook(X86_EXC_NM, hook_nm);
    int one = 0;

    seen_reset();
    expect_eq(t, "fpu_taskswitch(1)", HYPERVISOR_fpu_taskswitch(1), 0);
    /* fninit raises #NM while CR0.TS is set; x87 is fine in asm. */
    asm volatile ("fninit\n\t"
                  "fld1\n\t"
                  "fistpl %0" : "=m" (one) : : "memory");
    expect_eq(t, "#NM raised once", seen.count, 1);
    expect_eq(t, "vector", (long)seen.frame.vector, X86_EXC_NM);
    expect_eq(t, "x87 result after the retry", one, 1);

    one = 0;
    asm volatile ("fld1\n\t"
                  "fistpl %0" : "=m" (one) : : "memory");
    expect_eq(t, "no #NM once TS is clear", seen.count, 1);
    expect_eq(t, "x87 result", one, 1);
    trap_set_hook(X86_EXC_NM, old);
}
