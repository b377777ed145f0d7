/*
 * The guest's view of its hypervisor: start_info, shared_info, the
 * command line and shutdown.
 */
#include <abi/guest_hypercall.h>
#include <guest/hypervisor.h>
#include <guest/layout.h>
#include <guest/native.h>
#include <guest/pte.h>
#include <guest/pvops.h>

start_info_t *start_info;
shared_info_t *shared_info;

/*
 * A page of the kernel's own address space for shared_info.  Its pseudo-
 * physical frame is given up: the PTE is pointed at the shared_info frame
 * instead (start_info.shared_info is a machine address).
 */
static char shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static void map_shared_info(void)
{
    unsigned long va = (unsigned long)shared_info_page;
    uint64_t pte = start_info->shared_info | PTE_KERNEL_RW;

    long rc;

    /*
     * Before pvops_select(): pv and trap both use update_va_mapping; a
     * native boot has installed its backend already (no hypervisor).
     */
    if (native_booted(start_info))
        rc = pvops_native.mmu.set_kernel_pte(va, pte);
    else
        rc = HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);
    if (rc == 0)
        shared_info = (shared_info_t *)shared_info_page;
}

void hypervisor_init(start_info_t *si)
{
    start_info = si;
    map_shared_info();
}

vcpu_info_t *vcpu0(void)
{
    return shared_info ? &shared_info->vcpu_info[0] : NULL;
}

bool cmdline_has(const char *word)
{
    const char *cmd = (const char *)start_info->cmd_line;
    size_t len = strlen(word);
    const char *p;

    /* cmd_line is a fixed-size array that need not be NUL-terminated. */
    if (strnlen(cmd, MAX_GUEST_CMDLINE) == MAX_GUEST_CMDLINE)
        return false;
    for (p = cmd; (p = strstr(p, word)) != NULL; p += len) {
        bool starts = p == cmd || p[-1] == ' ';
        bool ends = p[len] == '\0' || p[len] == ' ';

        if (starts && ends)
            return true;
    }
    return false;
}

void hypervisor_shutdown(unsigned int reason)
{
    struct sched_shutdown arg = { .reason = reason };

    if (pv_ops.cpu.shutdown)
        pv_ops.cpu.shutdown(reason);
    /* A crash before pvops_select() (selftest=crash does not get here). */
    for (;;)
        (void)HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
}

/* The pfn of mfn in the P2M; nr_pages when it is not ours. */
static unsigned long p2m_find(unsigned long mfn)
{
    const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;
    unsigned long pfn;

    for (pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            break;
    return pfn;
}

void *start_info_page(unsigned long mfn)
{
    unsigned long pfn;

    if (!start_info || !mfn)
        return NULL;
    pfn = p2m_find(mfn);
    /* Outside the start-of-day mapping (one L2: 512 L1s) it has no VA. */
    if (pfn >= start_info->nr_pages || pfn >= 512 * 512)
        return NULL;
    return (void *)(KERNEL_VIRT_BASE + (pfn << PAGE_SHIFT));
}
