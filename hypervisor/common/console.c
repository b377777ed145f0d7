/*
 * console_io: guest console output to the hypervisor console, and console
 * input for dom0.
 *
 * dom0's text is written as is (as Xen does); the hypervisor's own lines
 * carry the "(HV) " prefix, so the two stay apart in one log.
 */
#include <hv/arch.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/printk.h>
#include <xen/errno.h>

#define CONSOLE_CHUNK 128

static long console_write(unsigned long buf, unsigned int count)
{
    char chunk[CONSOLE_CHUNK];

    while (count) {
        unsigned int n = count < sizeof(chunk) ? count : sizeof(chunk);

        if (copy_from_guest(chunk, buf, n))
            return -XEN_EFAULT;
        console_write_raw(chunk, n);
        buf += n;
        count -= n;
    }
    return 0;
}

/* Non-blocking: returns what input is waiting, up to 'count' bytes. */
static long console_read(unsigned long buf, unsigned int count)
{
    unsigned int n = 0;
    int c;

    while (n < count && (c = arch_console_getc()) >= 0) {
        char ch = (char)c;

        if (copy_to_guest(buf + n, &ch, 1))
            return -XEN_EFAULT;
        n++;
    }
    return n;
}

/* console_io(cmd, count, buffer) */
long do_console_io(const struct hc_args *args)
{
    int cmd = (int)args->a[0];
    unsigned int count = (unsigned int)args->a[1];
    unsigned long buf = args->a[2];
    struct domain *d = current_vcpu()->domain;

    switch (cmd) {
    case CONSOLEIO_write:
        return console_write(buf, count);
    case CONSOLEIO_read:
        /* Input belongs to the control domain (Xen's XSM default). */
        if (!d->is_privileged)
            return -XEN_EPERM;
        return console_read(buf, count);
    default:
        return -XEN_ENOSYS;
    }
}
