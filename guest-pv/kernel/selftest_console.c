/*
 * selftest=console: serial input through the hypervisor, as dom0 gets
 * it on Xen.  dom0 binds VIRQ_CONSOLE (a second bind is refused) and
 * VIRQ_DEBUG, asks for a line, reads what each VIRQ_CONSOLE signals with
 * CONSOLEIO_read and echoes the line; then it waits for VIRQ_DEBUG, which
 * the hypervisor's 'q' debug key sends.  The boot test
 * (tests/boot/cases/console_input.sh) types the line, three Ctrl-A and
 * 'q' on the serial port.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/selftest.h>
#include <guest/thread.h>
#include <guest/time.h>

#define WAIT_NS         (20 * NSEC_PER_SEC)
#define STEP_NS         (5 * NSEC_PER_MSEC)

static volatile unsigned int console_virqs, debug_virqs;
static char line[128];

static void on_virq(evtchn_port_t port, struct trap_frame *frame, void *data)
{
    (void)port;
    (void)frame;
    ++*(volatile unsigned int *)data;
}

static void test_bind(struct test *t)
{
    expect_true(t, "bind VIRQ_CONSOLE",
                evtchn_bind_virq(VIRQ_CONSOLE, 0, on_virq,
                                 (void *)&console_virqs) > 0);
    expect_eq(t, "bind VIRQ_CONSOLE twice",
              evtchn_bind_virq(VIRQ_CONSOLE, 0, on_virq,
                               (void *)&console_virqs), -XEN_EEXIST);
    expect_true(t, "bind VIRQ_DEBUG",
                evtchn_bind_virq(VIRQ_DEBUG, 0, on_virq,
                                 (void *)&debug_virqs) > 0);
}

/* Reads what is queued after each VIRQ_CONSOLE, up to a line's end. */
static bool read_line(struct test *t)
{
    uint64_t end = time_now() + WAIT_NS;
    unsigned int seen = 0, len = 0;
    long n;

    while (time_now() < end) {
        if (console_virqs == seen) {
            thread_sleep(STEP_NS);
            continue;
        }
        seen = console_virqs;
        n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(line) - 1 - len,
                                  line + len);
        if (n < 0)
            return expect_eq(t, "CONSOLEIO_read", n, 0);
        len += n;
        for (unsigned int i = 0; i < len; i++) {
            if (line[i] == '\r' || line[i] == '\n') {
                line[i] = '\0';
                return true;
            }
        }
        if (len == sizeof(line) - 1)
            return expect_true(t, "a line within 127 characters", false);
    }
    return expect_true(t, "a line within 20 s", false);
}

static void test_input_line(struct test *t)
{
    printk("console: type a line\n");
    if (!read_line(t))
        return;
    printk("console: echo: %s\n", line);
    expect_true(t, "VIRQ_CONSOLE seen", console_virqs > 0);
}

static void test_virq_debug(struct test *t)
{
    uint64_t end = time_now() + WAIT_NS;

    printk("console: waiting for VIRQ_DEBUG\n");
    while (!debug_virqs && time_now() < end)
        thread_sleep(STEP_NS);
    expect_true(t, "VIRQ_DEBUG within 20 s", debug_virqs > 0);
}

static const struct test_case console_cases[] = {
    { "console_bind", test_bind },
    { "console_input_line", test_input_line },
    { "console_virq_debug", test_virq_debug },
};

const struct test_suite selftest_console_suite = {
    "console", console_cases, ARRAY_SIZE(console_cases), NULL, NULL,
};
