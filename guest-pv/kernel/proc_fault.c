/*
 * Page faults at user addresses: the heap and the stack are demand-zero
 * (a frame is zeroed and mapped at the first touch), and a write to a
 * copy-on-write page gets a private copy.  Anything else is a bad
 * access: the process is killed, or the system call gets -EFAULT.
 */
#include <guest/console.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/proc.h>
#include <guest/user_abi.h>

static bool in_demand_region(unsigned long addr)
{
    return (addr >= USER_HEAP_BASE &&
            addr < USER_HEAP_BASE + USER_HEAP_SIZE) ||
           (addr >= USER_STACK_TOP - USER_STACK_SIZE &&
            addr < USER_STACK_TOP);
}

/*
 * A zeroed frame, mapped writable at once even for a read: the page is
 * private to the process, so there is nothing to share until a fork.
 */
static bool demand_zero(struct proc *p, unsigned long va)
{
    unsigned long pfn = frame_alloc_zeroed();

    if (!pfn)
        return false;
    if (aspace_map(&p->as, va, pfn, PTE_USER_RW)) {
        frame_put(pfn);
        return false;
    }
    /* Not present before: no stale translation to flush. */
    mmu_flush();
    p->demand_faults++;
    return true;
}

bool proc_page_fault(unsigned long addr, unsigned long error_code)
{
    struct proc *p = current_proc;
    unsigned long va = addr & ~(unsigned long)(PAGE_SIZE - 1);
    bool copied;

    if (!p || addr >= USER_VA_END)
        return false;
    if (!(error_code & X86_PFEC_PRESENT))
        return in_demand_region(addr) && demand_zero(p, va);
    if (!(error_code & X86_PFEC_WRITE) || aspace_cow(&p->as, va, &copied))
        return false;
    p->cow_copies += copied;
    return true;
}
