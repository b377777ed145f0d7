/*
 * dom0's main loop (see <tools/loop.h>).
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <tools/loop.h>
#include <tools/toolstack.h>

#define LOOP_IDLE_NS 1000000000ULL  /* a pass at least every second */

struct loop_source {
    void (*poll)(void *ctx);
    void *ctx;
    bool busy;                  /* its poll is on the stack */
};

static struct loop_source sources[LOOP_MAX_SOURCES];
static unsigned int nsources;
/* Set by the VIRQ_DOM_EXC handler, cleared by the loop. */
static volatile bool dom_exc_pending;

int loop_register(void (*poll)(void *ctx), void *ctx)
{
    if (nsources == LOOP_MAX_SOURCES)
        return -XEN_ENOSPC;
    sources[nsources++] = (struct loop_source){ .poll = poll, .ctx = ctx };
    return 0;
}

void loop_domain_exception(void)
{
    dom_exc_pending = true;
}

static void poll_sources(void)
{
    unsigned int i;

    for (i = 0; i < nsources; i++) {
        if (sources[i].busy)
            continue;
        sources[i].busy = true;
        sources[i].poll(sources[i].ctx);
        sources[i].busy = false;
    }
}

void loop_wait(uint64_t timeout_ns)
{
    ts_poll();
    if (dom_exc_pending) {
        dom_exc_pending = false;
        ts_domains_changed();
        /* A restarted domain's rings need their first service now. */
        ts_poll();
    }
    poll_sources();
    loop_block(timeout_ns);
}

void loop_run(void)
{
    for (;;)
        loop_wait(LOOP_IDLE_NS);
}
