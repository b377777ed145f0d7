/*
 * Debug keys (Xen's keyhandlers), typed on the serial console once three
 * Ctrl-A have switched input to the hypervisor (console_input.c).  Each
 * prints to the log; none changes a domain except that 'q' sends every
 * vCPU VIRQ_DEBUG, as Xen's does, so guests can dump their own state.
 */
#include <hv/console_input.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>

struct keyhandler {
    char key;
    void (*fn)(void);
    const char *desc;
};

static void show_help(void);

static void dump_vcpu(const struct vcpu *v)
{
    const struct sched_vcpu *sv = &v->sched;

    printk("    vcpu %u: cpu %u %s, pause flags %#x, pending %u masked %u\n",
           v->vcpu_id, sv->processor,
           sv->is_running ? "running" :
           sched_vcpu_runnable(sv) ? "runnable" : "not runnable",
           sv->pause_flags, v->vcpu_info->evtchn_upcall_pending,
           v->vcpu_info->evtchn_upcall_mask);
}

/* 'q': every domain and its vCPUs; then VIRQ_DEBUG to each vCPU. */
static void dump_domains(void)
{
    struct domain *d;

    printk("'q' pressed -> dumping domain info (now %#lx)\n",
           (unsigned long)NOW());
    for (unsigned int i = 0; (d = domain_list_at(i)); i++) {
        printk("  domain %u: %lu pages of %lu, %u vCPUs%s\n", d->domain_id,
               d->tot_pages, d->max_pages, d->max_vcpus,
               d->is_shutting_down ? ", shut down" : "");
        for (unsigned int j = 0; j < d->max_vcpus; j++)
            if (d->vcpu[j])
                dump_vcpu(d->vcpu[j]);
    }
    for (unsigned int i = 0; (d = domain_list_at(i)); i++)
        for (unsigned int j = 0; j < d->max_vcpus; j++)
            if (d->vcpu[j] && d->vcpu[j]->is_initialised)
                send_guest_vcpu_virq(d->vcpu[j], VIRQ_DEBUG);
}

/* 'r': each CPU's current vCPU and run queue. */
static void dump_runq(void)
{
    printk("'r' pressed -> dumping run queues\n");
    sched_dump();
}

/* 'e': every domain's event channels. */
static void dump_evtchn(void)
{
    struct domain *d;

    printk("'e' pressed -> dumping event-channel info\n");
    for (unsigned int i = 0; (d = domain_list_at(i)); i++)
        evtchn_dump(d);
}

static const struct keyhandler keys[] = {
    { 'h', show_help, "show this help" },
    { 'q', dump_domains, "dump domain (and guest debug) info" },
    { 'r', dump_runq, "dump run queues" },
    { 'e', dump_evtchn, "dump event-channel info" },
};

static void show_help(void)
{
    printk("'h' pressed -> showing installed handlers\n");
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
        printk(" key '%c' (ascii '%02x') => %s\n", keys[i].key,
               keys[i].key, keys[i].desc);
}

void handle_keypress(char key)
{
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        if (keys[i].key == key) {
            keys[i].fn();
            return;
        }
    }
    /* Xen ignores other keys too; say how to find the right ones. */
    printk("key '%c' (ascii '%02x') has no handler: 'h' lists them\n",
           key >= 0x20 && key < 0x7f ? key : '?', (unsigned char)key);
}
