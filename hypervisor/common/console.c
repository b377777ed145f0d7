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
#include <hv/lib.h>
#include <hv/printk.h>
#include <xen/errno.h>

#define CONSOLE_CHUNK 128

/* One whole line of a domU's, with Xen's "(d<id>) " prefix. */
static void domu_flush(struct domain *d)
{
    char prefix[16];
    int n = snprintf(prefix, sizeof(prefix), "(d%u) ", d->domain_id);

    console_write_raw(prefix, (size_t)n);
    console_write_raw(d->console_buf, d->console_len);
    if (d->console_buf[d->console_len - 1] != '\n')
        console_write_raw("\n", 1);
    d->console_len = 0;
}

/*
 * As Xen's guest_console_write(): a domU's text is held until its
 * newline (or a full buffer), so lines of two domains never mix.
 */
static void domu_write(struct domain *d, const char *s, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        if (s[i] == '\r' || s[i] == '\0')
            continue;
        d->console_buf[d->console_len++] = s[i];
        if (s[i] == '\n' || d->console_len == sizeof(d->console_buf))
            domu_flush(d);
    }
}

/*
 * dom0's text goes out as is (it may be interactive).  A domU may write
 * too: Xen's release builds refuse console_io to domUs (-EPERM, XSM's
 * default: their console is the ring dom0 serves), its debug builds
 * allow writes.  We allow them, since no console backend exists yet and
 * the boot domUs' output is what the tests read.
 */
static long console_write(struct domain *d, unsigned long buf,
                          unsigned int count)
{
    char chunk[CONSOLE_CHUNK];

    while (count) {
        unsigned int n = count < sizeof(chunk) ? count : sizeof(chunk);

        if (copy_from_guest(chunk, buf, n))
            return -XEN_EFAULT;
        if (d->is_hardware_domain)
            console_write_raw(chunk, n);
        else
            domu_write(d, chunk, n);
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
        return console_write(d, buf, count);
    case CONSOLEIO_read:
        /* Input belongs to the control domain (Xen's XSM default). */
        if (!d->is_privileged)
            return -XEN_EPERM;
        return console_read(buf, count);
    default:
        return -XEN_ENOSYS;
    }
}
