/*
 * printk over the console op (guest/pvops.h): under pv
 * HYPERVISOR_console_io(CONSOLEIO_write), which Xen lets every domain
 * use (a domU's text is only shown when guest_loglvl allows); for dom0
 * it is the hypervisor's own console, so this works before any event
 * channel or console ring exists.  Usable once pvops_select() ran.
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/pvops.h>

void console_write(const char *s, size_t len)
{
    pv_ops.console.write(s, len);
    console_ring_write(s, len);
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
