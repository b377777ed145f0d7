/*
 * Serial console input: the Ctrl-A switch, dom0's input ring with
 * VIRQ_CONSOLE, and the poll timer that reads COM1 (hv/console_input.h).
 *
 * The ring is written from the poll timer (a softirq on the boot CPU)
 * and read by CONSOLEIO_read on any CPU: one lock, a leaf.  Debug keys
 * run outside it, since they print and take other locks.
 */
#include <hv/arch.h>
#include <hv/console_input.h>
#include <hv/event.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <abi/xen.h>

#define RING_MASK(i)    ((i) & (CONSOLE_RING_SIZE - 1))

static char ring[CONSOLE_RING_SIZE];
static unsigned int ring_prod, ring_cons;
static spinlock_t ring_lock;         /* zero: unlocked */
static bool to_dom0 = true;
static unsigned int switch_count;
static struct timer poll_timer;

bool console_input_to_dom0(void)
{
    return to_dom0;
}

static void say_where(void)
{
    printk("*** Serial input to %s (type 'CTRL-a' three times to switch "
           "input)\n", to_dom0 ? "DOM0" : "the hypervisor");
}

/* A character for dom0: queued (unless the ring is full), then the VIRQ. */
static void to_guest(char c)
{
    bool queued = false;

    spin_lock(&ring_lock);
    if (ring_prod - ring_cons < CONSOLE_RING_SIZE) {
        ring[RING_MASK(ring_prod++)] = c;
        queued = true;
    }
    spin_unlock(&ring_lock);
    if (queued)
        send_global_virq(VIRQ_CONSOLE);
}

static void deliver(char c)
{
    if (to_dom0)
        to_guest(c);
    else
        handle_keypress(c);
}

/* Xen's serial_rx(): Ctrl-A is eaten in threes, fewer are passed on. */
void console_input_char(char c)
{
    if (c == CONSOLE_SWITCH_CHAR) {
        if (++switch_count == 3) {
            switch_count = 0;
            to_dom0 = !to_dom0;
            say_where();
        }
        return;
    }
    for (; switch_count; switch_count--)
        deliver(CONSOLE_SWITCH_CHAR);
    deliver(c);
}

unsigned int console_input_take(char *buf, unsigned int count)
{
    unsigned int n = 0;

    spin_lock(&ring_lock);
    while (n < count && ring_cons != ring_prod)
        buf[n++] = ring[RING_MASK(ring_cons++)];
    spin_unlock(&ring_lock);
    return n;
}

static void poll_serial(void *unused)
{
    int c;

    (void)unused;
    while ((c = arch_console_getc()) >= 0)
        console_input_char((char)c);
    set_timer(&poll_timer, NOW() + CONSOLE_POLL_MS * 1000000LL);
}

void console_input_start(void)
{
    say_where();
    init_timer(&poll_timer, poll_serial, NULL);
    set_timer(&poll_timer, NOW() + CONSOLE_POLL_MS * 1000000LL);
}
