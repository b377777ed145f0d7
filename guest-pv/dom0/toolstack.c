/*
 * dom0 as the operator's host: the toolstack's hooks in this kernel
 * (<tools/toolstack.h>, <tools/loop.h>: ring event channels, time,
 * blocking), VIRQ_DOM_EXC, and the shell on the hypervisor console
 * (read with CONSOLEIO_read when VIRQ_CONSOLE signals), all served by
 * dom0's loop in the boot thread.  Started by the command-line word
 * "toolstack".
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/irqflags.h>
#include <guest/thread.h>
#include <guest/time.h>
#include <tools/loop.h>
#include <tools/toolstack.h>
#include <tools/xl_shell.h>
#include <guest/dom0.h>
#include <tools/files.h>

/* The thread running the loop, woken by any event the loop serves. */
static struct thread *loop_thread;
/* An event arrived since the loop last blocked (set with events masked). */
static volatile bool work;

static void on_event(evtchn_port_t port, struct trap_frame *frame,
                     void *data)
{
    (void)port;
    (void)frame;
    (void)data;
    work = true;
    if (loop_thread)
        thread_wake(loop_thread);
}

static void on_dom_exc(evtchn_port_t port, struct trap_frame *frame,
                       void *data)
{
    loop_domain_exception();
    on_event(port, frame, data);
}

int ts_evtchn_bind(uint32_t domid, uint32_t remote_port, uint32_t *local)
{
    long port = evtchn_bind_interdomain(domid, remote_port, on_event, NULL);

    if (port < 0)
        return port;
    *local = port;
    return 0;
}

void ts_evtchn_notify(uint32_t local)
{
    evtchn_send(local);
}

void ts_evtchn_close(uint32_t local)
{
    evtchn_close(local);
}

uint64_t loop_now_ns(void)
{
    return time_now();
}

void loop_block(uint64_t timeout_ns)
{
    irqflags_t flags = local_irq_save();

    /* Checked with events masked: a wake cannot fall in between. */
    if (!work)
        thread_sleep(timeout_ns);
    work = false;
    local_irq_restore(flags);
}

/* The hypervisor console's keys, read ahead in CONSOLEIO_read pieces. */
static char keys[64];
static long nkeys, key_at;

static int console_getc(void *ctx)
{
    (void)ctx;
    if (key_at == nkeys) {
        nkeys = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(keys),
                                      keys);
        key_at = 0;
        if (nkeys <= 0) {
            nkeys = 0;
            return -1;
        }
    }
    return (unsigned char)keys[key_at++];
}

static void console_out(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    console_write(s, n);
}

static const struct xl_io console_io = {
    .out = console_out, .err = console_out, .getc = console_getc,
};
static struct xl_shell shell;

static int list_file(const struct file *f, void *ctx)
{
    (void)ctx;
    printk("%10lu  %s\n", (unsigned long)f->len, f->name);
    return 0;
}

/*
 * dom0's own commands beside xl's: "ls" (the files xl create can use)
 * and "poweroff" (dom0 shuts down, and with it the machine).
 */
static bool shell_builtin(struct xl_shell *sh, int argc, char **argv)
{
    (void)sh;
    if (argc == 1 && !strcmp(argv[0], "ls")) {
        files_foreach(list_file, NULL);
        return true;
    }
    if (argc != 1 || strcmp(argv[0], "poweroff"))
        return false;
    printk("dom0: powering off\n");
    hypervisor_shutdown(SHUTDOWN_poweroff);
}

/* The shell as a loop source: every key typed since the last pass. */
static void shell_poll(void *ctx)
{
    int key;

    (void)ctx;
    while ((key = console_getc(NULL)) >= 0)
        xl_shell_key(&shell, key);
}

/* The files came from the initrd at boot (dom0_files_init, main.c). */
static void say_files(void)
{
    if (!start_info->mod_start || !start_info->mod_len)
        printk("dom0: no initrd: no files until the host uploads some\n");
}

void __noreturn dom0_toolstack_run(void)
{
    long rc;

    loop_thread = thread_current();
    rc = ts_init();
    if (rc)
        panic("dom0: the store could not be created (%ld)", rc);
    say_files();
    rc = evtchn_bind_virq(VIRQ_DOM_EXC, 0, on_dom_exc, NULL);
    if (rc < 0)
        panic("dom0: VIRQ_DOM_EXC bind failed (%ld)", rc);
    rc = evtchn_bind_virq(VIRQ_CONSOLE, 0, on_event, NULL);
    if (rc < 0)
        panic("dom0: VIRQ_CONSOLE bind failed (%ld)", rc);
    printk("dom0: toolstack ready; 'help' lists the commands, 'ls' the "
           "files, 'poweroff' stops the machine\n");
    xl_shell_init(&shell, &console_io);
    shell.builtin = shell_builtin;
    loop_register(shell_poll, NULL);
    loop_run();
}
