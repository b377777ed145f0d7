/*
 * Roles that must be killed: each makes one access the kernel or the
 * hypervisor refuses.  Surviving it is the failure.
 */
#include "ulib.h"

#define KERNEL_ADDR     0xffffffff80000000ul
#define XEN_ADDR        0xffff830000000000ul

static int survived(const char *what)
{
    check(false, "%s did not fault", what);
    return 1;
}

int role_read_kernel(void)
{
    (void)*(volatile unsigned long *)KERNEL_ADDR;
    return survived("a read of the kernel");
}

int role_read_xen(void)
{
    (void)*(volatile unsigned long *)XEN_ADDR;
    return survived("a read of the hypervisor");
}

int role_write_text(void)
{
    *(volatile unsigned char *)role_write_text = 0xc3;
    return survived("a write to code");
}

int role_outside(void)
{
    *(volatile unsigned long *)(USER_HEAP_BASE + USER_HEAP_SIZE) = 1;
    return survived("a write past the heap");
}

int role_privileged(void)
{
    asm volatile ("cli" : : : "memory");
    return survived("cli");
}

/*
 * COM2's line status: dom0's kernel may read it (the hypervisor granted
 * dom0 the port), its user processes never (the I/O bitmap is open only
 * in guest kernel mode, and Xen's virtual IOPL is 0).
 */
int role_port_io(void)
{
    unsigned char v;

    asm volatile ("inb %w1, %b0" : "=a"(v) : "Nd"((unsigned short)0x2fd));
    (void)v;
    return survived("an in from COM2");
}
