/*
 * printk over HYPERVISOR_console_io(CONSOLEIO_write).
 *
 * Xen lets every domain write there (a domU's text is only shown when
 * guest_loglvl allows); for dom0 it is the hypervisor's own console, so
 * this works before any event channel or console ring exists.
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/hypervisor.h>

void console_write(const char *s, size_t len)
{
    /*
     * One call writes it all: Xen returns 0, and when it has to stop
     * early to stay preemptible it restarts the call itself (a hypercall
     * continuation), so the guest never sees a partial write.  An error
     * has nowhere to go, so it is dropped.
     */
    (void)HYPERVISOR_console_io(CONSOLEIO_write, len, (void *)s);
}

int printk(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    console_write(buf, strnlen(buf, sizeof(buf)));
    return n;
}

void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("fatal: %s\n", buf);
    hypervisor_shutdown(SHUTDOWN_crash);
}
