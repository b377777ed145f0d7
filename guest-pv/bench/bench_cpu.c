/*
 * Benchmark cases for the CPU side of paravirtualization: the hypercall
 * path, an exception bounced to the guest and back, the virtual
 * interrupt flag, and batching through multicall.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/hypervisor.h>
#include <guest/traps.h>
#include "bench_case.h"

/* ---- null_hypercall ------------------------------------------------ */

/* The cheapest hypercall there is: it only returns a constant. */
static long op_null_hypercall(void)
{
    long rc = HYPERVISOR_xen_version(XENVER_version, NULL);

    return rc < 0 ? rc : 0;
}

const struct bench_case bench_null_hypercall = {
    .name = "null_hypercall",
    .op = op_null_hypercall,
    .hypervisor_only = true,
};

/* ---- int3_bounce --------------------------------------------------- */

/*
 * The whole round trip of an exception in a PV guest: the hypervisor
 * bounces #BP onto the guest stack, entry.S and trap_dispatch run the
 * hook, and HYPERVISOR_iret comes back.  The guest's share of that is
 * the same on every hypervisor, so differences are the hypervisor's.
 */
static trap_hook_fn saved_bp_hook;

static bool hook_bp_resume(struct trap_frame *frame)
{
    (void)frame;
    return true;                /* rip is already past the int3 */
}

static long setup_int3(void)
{
    saved_bp_hook = trap_set_hook(X86_EXC_BP, hook_bp_resume);
    return 0;
}

static long op_int3(void)
{
    asm volatile ("int3" : : : "memory");
    return 0;
}

static void teardown_int3(void)
{
    trap_set_hook(X86_EXC_BP, saved_bp_hook);
}

const struct bench_case bench_int3_bounce = {
    .name = "int3_bounce",
    .setup = setup_int3,
    .op = op_int3,
    .teardown = teardown_int3,
};

/* ---- cli_sti_vcpu_info --------------------------------------------- */

/*
 * cli and sti the PV way (Xen's and Linux's): plain stores to
 * evtchn_upcall_mask, and after unmasking a look at
 * evtchn_upcall_pending, since an event that arrived while masked is
 * delivered only on the next entry to the hypervisor: any hypercall
 * forces it (Linux's xen_force_evtchn_callback uses xen_version too).
 * The case runs with events unmasked, as sti leaves them.
 */
static uint8_t saved_mask;
/* Looked up once: the lookup is no part of cli and sti. */
static volatile vcpu_info_t *cli_sti_vi;

static long setup_cli_sti(void)
{
    vcpu_info_t *vi = vcpu0();

    if (!vi)
        return -XEN_EFAULT;     /* shared_info is not mapped */
    cli_sti_vi = vi;
    saved_mask = vi->evtchn_upcall_mask;
    vi->evtchn_upcall_mask = 0;
    return 0;
}

static long op_cli_sti(void)
{
    volatile vcpu_info_t *vi = cli_sti_vi;

    vi->evtchn_upcall_mask = 1;         /* cli */
    bench_barrier();
    vi->evtchn_upcall_mask = 0;         /* sti */
    bench_barrier();
    if (vi->evtchn_upcall_pending)
        (void)HYPERVISOR_xen_version(XENVER_version, NULL);
    return 0;
}

static void teardown_cli_sti(void)
{
    cli_sti_vi->evtchn_upcall_mask = saved_mask;
}

const struct bench_case bench_cli_sti_vcpu_info = {
    .name = "cli_sti_vcpu_info",
    .setup = setup_cli_sti,
    .op = op_cli_sti,
    .teardown = teardown_cli_sti,
    .hypervisor_only = true,
};

/* ---- multicall_32 -------------------------------------------------- */

/* Per entry of a batch: what one hypercall costs once entry is shared. */
#define MC_BATCH 32

static multicall_entry_t mc_batch[MC_BATCH];

/* Rewritten before every call: the hypervisor writes each result back. */
static void prepare_multicall(void)
{
    unsigned int i;

    for (i = 0; i < MC_BATCH; i++) {
        mc_batch[i] = (multicall_entry_t){ .op = __HYPERVISOR_xen_version };
        mc_batch[i].args[0] = XENVER_version;
    }
}

static long op_multicall(void)
{
    long rc = HYPERVISOR_multicall(mc_batch, MC_BATCH);

    if (rc < 0)
        return rc;
    /* A hypervisor without xen_version in batches fails each entry. */
    return (long)mc_batch[0].result < 0 ? (long)mc_batch[0].result : 0;
}

const struct bench_case bench_multicall_32 = {
    .name = "multicall_32",
    .prepare = prepare_multicall,
    .op = op_multicall,
    .per = MC_BATCH,
    .hypervisor_only = true,
};
