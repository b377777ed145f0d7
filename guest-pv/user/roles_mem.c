/*
 * Roles that exercise the kernel's memory management from user mode:
 * demand-zero pages, fork with copy-on-write, exit and wait.
 */
#include "ulib.h"

#define PAGE_SIZE_U     4096ul

/* A data-segment word (mapped at load time, writable). */
static volatile unsigned long data_word = 0x1111;

static volatile unsigned long *heap_page(unsigned long i)
{
    return (volatile unsigned long *)(USER_HEAP_BASE + i * PAGE_SIZE_U);
}

/* Two L1 tables' worth of untouched heap: zero, one fault per page. */
int role_demand(void)
{
    struct user_meminfo m0, m1, m2;
    unsigned long i, bad = 0;
    bool ok = true;

    sys_meminfo(&m0);
    for (i = 0; i < USER_DEMAND_PAGES; i++)
        bad += heap_page(i)[0] != 0 || heap_page(i)[511] != 0;
    sys_meminfo(&m1);
    ok &= check(bad == 0, "%lu pages not zero", bad);
    ok &= check(m1.demand_faults - m0.demand_faults == USER_DEMAND_PAGES,
                "%lu faults for %u pages",
                m1.demand_faults - m0.demand_faults, USER_DEMAND_PAGES);
    for (i = 0; i < USER_DEMAND_PAGES; i++) {
        heap_page(i)[0] = i ^ 0x5a5a;
        heap_page(i)[511] = i;
    }
    for (i = 0; i < USER_DEMAND_PAGES; i++)
        bad += heap_page(i)[0] != (i ^ 0x5a5a) || heap_page(i)[511] != i;
    sys_meminfo(&m2);
    ok &= check(bad == 0, "%lu pages lost their writes", bad);
    ok &= check(m2.demand_faults == m1.demand_faults,
                "writes after reads faulted %lu times",
                m2.demand_faults - m1.demand_faults);
    /* The pages and the two L1 tables that map them. */
    ok &= check(m0.free_frames - m2.free_frames == USER_DEMAND_PAGES + 2,
                "%lu frames used for %u pages",
                m0.free_frames - m2.free_frames, USER_DEMAND_PAGES);
    return ok ? 0 : 1;
}

static bool fork_child_checks(void)
{
    bool ok = true;

    /* The values at fork time, not the parent's later writes. */
    ok &= check(data_word == 0x1111, "child: data 0x%lx", data_word);
    ok &= check(heap_page(0)[0] == 0xaaaa, "child: heap 0x%lx",
                heap_page(0)[0]);
    data_word = 0x2222;
    heap_page(0)[0] = 0xbbbb;
    sys_yield();
    ok &= check(data_word == 0x2222 && heap_page(0)[0] == 0xbbbb,
                "child: own writes lost");
    return ok;
}

/* Parent and child see separate copies of every written page. */
int role_fork(void)
{
    int status = -1;
    long pid, w;
    bool ok = true;

    heap_page(0)[0] = 0xaaaa;
    pid = sys_fork();
    if (pid == 0)
        sys_exit(fork_child_checks() ? 0 : 1);
    ok &= check(pid > 0, "fork: %ld", pid);
    /* Before the child runs: it must not see this. */
    data_word = 0x3333;
    w = sys_wait(&status);
    ok &= check(w == pid && status == 0, "wait: pid %ld status %d", w,
                status);
    ok &= check(data_word == 0x3333, "parent: data 0x%lx", data_word);
    ok &= check(heap_page(0)[0] == 0xaaaa, "parent: heap 0x%lx",
                heap_page(0)[0]);
    return ok ? 0 : 1;
}

#define COW_PAGES 16

static int cow_child(void)
{
    struct user_meminfo m0, m1;
    unsigned long i, bad = 0;
    bool ok;

    sys_meminfo(&m0);
    for (i = 0; i < COW_PAGES; i++)
        bad += heap_page(i)[0] != i + 1;
    heap_page(3)[0] = 0;
    sys_meminfo(&m1);
    ok = check(bad == 0, "child: %lu shared pages wrong", bad);
    ok &= check(m1.cow_copies - m0.cow_copies == 1,
                "child: %lu copies for reads and one write",
                m1.cow_copies - m0.cow_copies);
    return ok ? 0 : 1;
}

/*
 * fork shares frames: it costs page tables, not pages; reads share,
 * the first write copies, and once the sharer is gone a write takes
 * the frame back without a copy.
 */
int role_fork_cow(void)
{
    struct user_meminfo m0, m1, m2, m3;
    volatile unsigned long stack_touch[8];
    int status = -1;
    unsigned long i;
    long pid;
    bool ok = true;

    for (i = 0; i < COW_PAGES; i++)
        heap_page(i)[0] = i + 1;
    sys_meminfo(&m0);
    pid = sys_fork();
    if (pid == 0)
        sys_exit(cow_child());
    stack_touch[0] = 1;         /* the stack's copy, before measuring */
    sys_meminfo(&m1);
    ok &= check(pid > 0 && m0.free_frames - m1.free_frames < m0.pages,
                "fork used %lu frames for %lu pages",
                m0.free_frames - m1.free_frames, m0.pages);
    heap_page(0)[0] = 100;
    sys_meminfo(&m2);
    ok &= check(m2.cow_copies - m1.cow_copies == 1,
                "parent: %lu copies for one write",
                m2.cow_copies - m1.cow_copies);
    ok &= check(sys_wait(&status) == pid && status == 0,
                "child status %d", status);
    heap_page(1)[0] = 200;      /* no sharer left: no copy */
    sys_meminfo(&m3);
    ok &= check(m3.cow_copies == m2.cow_copies,
                "parent: copied a page no one shares");
    ok &= check(heap_page(3)[0] == 4 && stack_touch[0] == 1,
                "parent: sees the child's write");
    return ok ? 0 : 1;
}

/* Several children; wait returns each one's status, then -ECHILD. */
int role_fork_wait(void)
{
    long pids[3], w;
    int status, i, j, seen = 0;
    bool ok = true;

    for (i = 0; i < 3; i++) {
        pids[i] = sys_fork();
        if (pids[i] == 0) {
            for (j = 0; j < i; j++)
                sys_yield();
            sys_exit(10 + i);
        }
        ok &= check(pids[i] > 0, "fork %d: %ld", i, pids[i]);
    }
    for (i = 0; i < 3; i++) {
        w = sys_wait(&status);
        for (j = 0; j < 3; j++)
            if (w == pids[j] && status == 10 + j)
                seen |= 1 << j;
    }
    ok &= check(seen == 7, "statuses seen: mask %d", seen);
    w = sys_wait(&status);
    ok &= check(w == -USER_ECHILD, "wait without children: %ld", w);
    return ok ? 0 : 1;
}
