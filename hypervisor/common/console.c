/*
 * console_io: guest console output to the hypervisor console, and console
 * input for dom0.
 *
 * dom0's text is written as is (as Xen does), a domU's with its id; the
 * hypervisor's own lines carry the "(HV) " prefix, so all stay apart in
 * one log.
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

/*
 * One line of a guest's, written in one piece so that lines from several
 * CPUs never mix: a domU's with Xen's "(d<id>) " prefix, dom0's as is.
 */
void console_flush_guest(struct domain *d)
{
    char line[16 + sizeof(d->console_buf) + 1];
    size_t n = 0;

    if (!d->console_len)
        return;
    if (!d->is_hardware_domain)
        n = (size_t)snprintf(line, 16, "(d%u) ", d->domain_id);
    memcpy(line + n, d->console_buf, d->console_len);
    n += d->console_len;
    /* A domU's partial line is ended; dom0's may be a prompt. */
    if (line[n - 1] != '\n' && !d->is_hardware_domain)
        line[n++] = '\n';
    console_write_raw(line, n);
    d->console_len = 0;
}

/*
 * As Xen's guest_console_write(): a guest's text is held until its
 * newline (or a full buffer), so lines of two domains never mix.  dom0's
 * unfinished line (a prompt) also goes out when dom0 reads input.
 */
void console_guest_write(struct domain *d, const char *s, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        if (s[i] == '\r' || s[i] == '\0')
            continue;
        d->console_buf[d->console_len++] = s[i];
        if (s[i] == '\n' || d->console_len == sizeof(d->console_buf))
            console_flush_guest(d);
    }
}

/*
 * A domU may write too: Xen's release builds refuse console_io to domUs
 * (-EPERM, XSM's default: their console is the ring dom0 serves), its
 * debug builds allow writes.  We allow them, since no console backend
 * exists yet and the boot domUs' output is what the tests read.
 */
static long console_write(struct domain *d, unsigned long buf,
                          unsigned int count)
{
    char chunk[CONSOLE_CHUNK];

    while (count) {
        unsigned int n = count < sizeof(chunk) ? count : sizeof(chunk);

        if (copy_from_guest(chunk, buf, n))
            return -XEN_EFAULT;
        console_guest_write(d, chunk, n);
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
        console_flush_guest(d);
        return console_read(buf, count);
    default:
        return -XEN_ENOSYS;
    }
}
