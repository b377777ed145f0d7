/*
 * Serial console input (hypervisor/common/console_input.c): Xen's Ctrl-A
 * switch between dom0 and the debug keys, dom0's ring with one
 * VIRQ_CONSOLE per queued character, the ring's limit, and the poll
 * timer draining the UART.  The UART, timers, VIRQs and debug keys are
 * fakes that record what they were asked.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <hv/arch.h>
#include <hv/console_input.h>
#include <hv/event.h>
#include <hv/time.h>
#include <hv/timer.h>

/* ---- fakes ---------------------------------------------------------- */

static const char *uart_input;          /* what the UART will deliver */
static unsigned int virqs, last_virq;
static char keys[64];
static unsigned int nkeys;
static struct timer *armed;
static s_time_t armed_at, now;

int arch_console_getc(void)
{
    if (!uart_input || !*uart_input)
        return -1;
    return (unsigned char)*uart_input++;
}

void send_global_virq(unsigned int virq)
{
    virqs++;
    last_virq = virq;
}

void handle_keypress(char key)
{
    cr_assert_lt(nkeys, sizeof(keys));
    keys[nkeys++] = key;
}

void init_timer(struct timer *t, void (*fn)(void *data), void *data)
{
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
}

void set_timer(struct timer *t, s_time_t expires)
{
    armed = t;
    armed_at = expires;
}

s_time_t get_s_time(void)
{
    return now;
}

/* ---- helpers --------------------------------------------------------- */

static void type(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        console_input_char(s[i]);
}

static unsigned int take_all(char *buf, unsigned int size)
{
    return console_input_take(buf, size);
}

/* Input back to dom0 and the ring empty, whatever a test left. */
static void reset(void)
{
    char buf[CONSOLE_RING_SIZE];

    if (!console_input_to_dom0())
        type("\001\001\001", 3);
    take_all(buf, sizeof(buf));
    virqs = last_virq = nkeys = 0;
    memset(keys, 0, sizeof(keys));
}

TestSuite(console_input, .init = reset);

Test(console_input, dom0_gets_characters_in_order_with_a_virq_each)
{
    char buf[16] = { 0 };

    cr_assert(console_input_to_dom0(), "input starts with dom0 (Xen)");
    type("ls\r", 3);
    cr_assert_eq(virqs, 3);
    cr_assert_eq(last_virq, VIRQ_CONSOLE);
    cr_assert_eq(take_all(buf, sizeof(buf)), 3);
    cr_assert_str_eq(buf, "ls\r");
    cr_assert_eq(take_all(buf, sizeof(buf)), 0, "nothing left");
    cr_assert_eq(nkeys, 0, "no debug key");
}

Test(console_input, take_stops_at_count)
{
    char buf[4] = { 0 };

    type("abcdef", 6);
    cr_assert_eq(console_input_take(buf, 2), 2);
    cr_assert_eq(memcmp(buf, "ab", 2), 0);
    cr_assert_eq(console_input_take(buf, 4), 4);
    cr_assert_eq(memcmp(buf, "cdef", 4), 0);
}

Test(console_input, three_ctrl_a_switch_to_the_debug_keys_and_back)
{
    char buf[8];

    type("\001\001\001", 3);
    cr_assert_not(console_input_to_dom0());
    type("hq", 2);
    cr_assert_eq(nkeys, 2);
    cr_assert_eq(memcmp(keys, "hq", 2), 0);
    cr_assert_eq(virqs, 0, "debug keys are not dom0's");
    cr_assert_eq(take_all(buf, sizeof(buf)), 0);
    type("\001\001\001", 3);
    cr_assert(console_input_to_dom0());
    type("x", 1);
    cr_assert_eq(virqs, 1);
    cr_assert_eq(nkeys, 2);
}

Test(console_input, fewer_ctrl_a_pass_through_before_the_next_key)
{
    char buf[8] = { 0 };

    type("\001\001y", 3);
    cr_assert(console_input_to_dom0());
    cr_assert_eq(take_all(buf, sizeof(buf)), 3);
    cr_assert_eq(memcmp(buf, "\001\001y", 3), 0);
    /* Four in a row: three switch, the fourth starts a new count. */
    type("\001\001\001\001z", 5);
    cr_assert_not(console_input_to_dom0());
    cr_assert_eq(nkeys, 2);
    cr_assert_eq(memcmp(keys, "\001z", 2), 0);
}

Test(console_input, a_full_ring_drops_and_signals_only_what_it_queued)
{
    static char buf[CONSOLE_RING_SIZE + 8];

    for (unsigned int i = 0; i < CONSOLE_RING_SIZE + 5; i++)
        console_input_char((char)('a' + i % 26));
    cr_assert_eq(virqs, CONSOLE_RING_SIZE);
    cr_assert_eq(take_all(buf, sizeof(buf)), CONSOLE_RING_SIZE);
    cr_assert_eq(buf[CONSOLE_RING_SIZE - 1],
                 (char)('a' + (CONSOLE_RING_SIZE - 1) % 26));
}

Test(console_input, poll_timer_drains_the_uart_and_rearms)
{
    char buf[8] = { 0 };

    now = 1000;
    console_input_start();
    cr_assert_not_null(armed);
    cr_assert_eq(armed_at, 1000 + CONSOLE_POLL_MS * 1000000LL);
    uart_input = "ok\r";
    now = 5000000;
    armed->function(armed->data);
    cr_assert_eq(take_all(buf, sizeof(buf)), 3);
    cr_assert_str_eq(buf, "ok\r");
    cr_assert_eq(armed_at, 5000000 + CONSOLE_POLL_MS * 1000000LL);
    /* Nothing waiting: no character, still re-armed. */
    armed_at = 0;
    armed->function(armed->data);
    cr_assert_eq(virqs, 3);
    cr_assert_neq(armed_at, 0);
}
