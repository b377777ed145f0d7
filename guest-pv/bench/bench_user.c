/*
 * The cases that start in user mode (guest-pv/user/roles_bench.c): the
 * kernel spawns the user program as USER_ROLE_BENCH, marked so that its
 * cli and sti are skipped on their #GP instead of killing it, runs it to
 * the end, and reports a process that failed.  The program prints its
 * own BENCH lines.
 */
#include <guest/console.h>
#include <guest/elf_load.h>
#include <guest/proc.h>
#include <guest/user_abi.h>
#include "bench_case.h"

void bench_user_run(void)
{
    int pid = proc_spawn(user_image, (size_t)(user_image_end - user_image),
                         USER_ROLE_BENCH);
    struct proc *p;

    if (pid < 0) {
        printk("bench: user cases: spawn failed (%d)\n", pid);
        return;
    }
    proc_find(pid)->skip_cli_sti = true;
    proc_run_all();
    p = proc_find(pid);
    if (!p || p->state != PROC_ZOMBIE || p->exit_status != 0)
        printk("bench: user cases failed: pid %d, status %d (%s)\n", pid,
               p ? p->exit_status : -1, p ? p->detail : "gone");
    if (p && p->state == PROC_ZOMBIE)
        proc_reap(p);
    proc_reap_orphans();
}
