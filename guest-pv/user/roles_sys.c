/*
 * Roles that exercise the system-call path itself.
 */
#include "ulib.h"

/* Addresses a system call must refuse to read for the caller. */
#define KERNEL_ADDR     0xffffffff80000000ul    /* the kernel image */
#define XEN_ADDR        0xffff830000000000ul    /* the hypervisor */
#define UNMAPPED_ADDR   0x0000000000001000ul    /* in no region */

/*
 * The kernel returns with every register but rax, rcx and r11 as the
 * process left it (HYPERVISOR_iret restores them, with VGCF_in_syscall
 * or without).
 */
static bool registers_preserved(void)
{
    unsigned long r8 = 0x8888, r9 = 0x9999, r10 = 0xaaaa, r12 = 0xcccc;
    unsigned long rbx = 0xbbbb, rdi = 0xdddd, rsi = 0x5555, rdx = 0x7777;
    long rax = SYS_getpid;

    asm volatile ("mov %[r8], %%r8\n\t"
                  "mov %[r9], %%r9\n\t"
                  "mov %[r10], %%r10\n\t"
                  "mov %[r12], %%r12\n\t"
                  "syscall\n\t"
                  "mov %%r8, %[r8]\n\t"
                  "mov %%r9, %[r9]\n\t"
                  "mov %%r10, %[r10]\n\t"
                  "mov %%r12, %[r12]"
                  : [r8] "+m" (r8), [r9] "+m" (r9), [r10] "+m" (r10),
                    [r12] "+m" (r12), "+a" (rax), "+b" (rbx), "+D" (rdi),
                    "+S" (rsi), "+d" (rdx)
                  : : "rcx", "r11", "r8", "r9", "r10", "r12", "memory");
    return r8 == 0x8888 && r9 == 0x9999 && r10 == 0xaaaa &&
           r12 == 0xcccc && rbx == 0xbbbb && rdi == 0xdddd &&
           rsi == 0x5555 && rdx == 0x7777 && rax > 0;
}

/* Pointers the kernel must not follow, and ones it must. */
static bool bad_pointers(void)
{
    struct user_meminfo *heap = (void *)USER_HEAP_BASE;
    long rc;
    bool ok = true;

    rc = sys_write((void *)KERNEL_ADDR, 8);
    ok &= check(rc == -USER_EFAULT, "write from the kernel: %ld", rc);
    rc = sys_write((void *)XEN_ADDR, 8);
    ok &= check(rc == -USER_EFAULT, "write from the hypervisor: %ld", rc);
    rc = sys_write((void *)UNMAPPED_ADDR, 8);
    ok &= check(rc == -USER_EFAULT, "write from unmapped: %ld", rc);
    rc = sys_write((void *)(USER_VA_END - 4), 8);
    ok &= check(rc == -USER_EFAULT, "write across the top: %ld", rc);
    rc = sys_meminfo((void *)role_syscalls);
    ok &= check(rc == -USER_EFAULT, "meminfo into code: %ld", rc);
    /* An untouched heap page: the kernel's own access faults it in. */
    rc = sys_meminfo(heap);
    ok &= check(rc == 0 && heap->free_frames > 0,
                "meminfo into the untouched heap: %ld", rc);
    return ok;
}

int role_syscalls(long pid)
{
    static const char hello[] = "hello from user mode\n";
    long rc;
    bool ok = true;

    rc = sys_write(hello, sizeof(hello) - 1);
    ok &= check(rc == sizeof(hello) - 1, "write returned %ld", rc);
    rc = sys_getpid();
    ok &= check(rc == pid, "getpid %ld, want %ld", rc, pid);
    rc = syscall3(NR_SYSCALLS, 0, 0, 0);
    ok &= check(rc == -USER_ENOSYS, "syscall %d: %ld", NR_SYSCALLS, rc);
    rc = syscall3(-1, 0, 0, 0);
    ok &= check(rc == -USER_ENOSYS, "syscall -1: %ld", rc);
    /*
     * 51 is __HYPERVISOR_xpv_event_mask (abi/ext.h), which our hypervisor
     * answers on a fast path: from user mode it is a system call like any
     * other, for this kernel to refuse - never the hypervisor's.
     */
    rc = syscall3(51, 1, 0, 0);
    ok &= check(rc == -USER_ENOSYS, "syscall 51 (xpv_event_mask's number): "
                "%ld", rc);
    ok &= check(registers_preserved(), "registers changed by a syscall");
    ok &= bad_pointers();
    return ok ? 0 : 1;
}

int role_yield(void)
{
    int i;

    for (i = 0; i < USER_YIELDS; i++)
        if (sys_yield() != 0)
            return 1;
    return 0;
}
