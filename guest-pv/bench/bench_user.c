/*
 * The cases that start in user mode (guest-pv/user/roles_bench.c): the
 * kernel spawns the user program as USER_ROLE_BENCH, marked so that its
 * cli and sti are skipped on their #GP instead of killing it, runs it to
 * the end, and reports a process that failed.  The program prints its
 * own BENCH lines.
 *
 * Natively a second process (USER_ROLE_BENCH_FLOOR) then runs with
 * bench_floor.S's syscall entry, which answers SYS_bench_floor with
 * sysretq at once: the syscall_floor case.  (Under a hypervisor the
 * kernel's own syscall_floor case, a hypercall nobody implements, is the
 * floor instead.)  Only that
 * process runs with it, so the other cases pay nothing for its check.
 */
#include <guest/console.h>
#include <guest/elf_load.h>
#include <guest/msr.h>
#include <guest/proc.h>
#include <guest/pvops.h>
#include <guest/user_abi.h>
#include "bench_case.h"

extern char bench_floor_entry[];
extern unsigned long bench_floor_next;

/* Natively: LSTAR to bench_floor_entry, which chains to the kernel's. */
static bool floor_install(void)
{
    uint64_t lstar;

    if (pvops_hypervisor() || pv_ops.cpu.read_msr(MSR_LSTAR, &lstar) < 0)
        return false;
    bench_floor_next = lstar;
    return pv_ops.cpu.write_msr(MSR_LSTAR,
                                (unsigned long)bench_floor_entry) == 0;
}

static void floor_remove(void)
{
    if (pv_ops.cpu.write_msr(MSR_LSTAR, bench_floor_next) < 0)
        panic("bench: the kernel's LSTAR could not be put back");
}

/* Runs the user program in `role` to its end; reports its failure. */
static void run_role(long role)
{
    int pid = proc_spawn(user_image, (size_t)(user_image_end - user_image),
                         role);
    struct proc *p;

    if (pid < 0) {
        printk("bench: user role %ld: spawn failed (%d)\n", role, pid);
        return;
    }
    proc_find(pid)->skip_cli_sti = true;
    proc_run_all();
    p = proc_find(pid);
    if (!p || p->state != PROC_ZOMBIE || p->exit_status != 0)
        printk("bench: user role %ld failed: pid %d, status %d (%s)\n",
               role, pid, p ? p->exit_status : -1, p ? p->detail : "gone");
    if (p && p->state == PROC_ZOMBIE)
        proc_reap(p);
    proc_reap_orphans();
}

void bench_user_run(void)
{
    run_role(USER_ROLE_BENCH);
    if (floor_install()) {
        run_role(USER_ROLE_BENCH_FLOOR);
        floor_remove();
    }
}
