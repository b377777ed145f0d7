/*
 * The toolstack's state in dom0: the domains it built, each with its
 * configuration, its store connection and its console, and what dom0's
 * loop calls to serve them.
 *
 * A domain is in the table from xl create until it is destroyed.  Its
 * store ring and console ring are mapped into dom0 and served on every
 * ts_poll(); its console output is kept in a log that `xl console`
 * replays and follows.  When a domain shuts down (VIRQ_DOM_EXC), the
 * action its configuration names (on_poweroff, on_reboot, on_crash) is
 * applied by ts_domains_changed().
 */
#ifndef TOOLS_TOOLSTACK_H
#define TOOLS_TOOLSTACK_H

#include <hv/types.h>
#include <abi/xen.h>
#include <xen/io/console.h>
#include <xen/io/xs_wire.h>
#include <tools/console_log.h>
#include <tools/xlcfg.h>

struct xs_store;

struct ts_domain {
    struct ts_domain *next;
    uint32_t domid;
    struct xlcfg_domain cfg;            /* cfg.name is the domain's name */
    struct console_log log;             /* what the guest wrote */
    struct xencons_interface *cons;     /* its console ring, mapped */
    struct xenstore_domain_interface *store;    /* its store ring */
    uint32_t cons_port, store_port;     /* dom0's ends of the channels */
    bool preserved;                     /* shut down, kept (preserve) */
};

/*
 * Hooks the dom0 kernel provides (and the host tests fake): the
 * interdomain event channels of the rings.  bind returns dom0's local
 * port for the domain's unbound remote_port; an event on any bound port
 * must make the loop call ts_poll().
 */
int ts_evtchn_bind(uint32_t domid, uint32_t remote_port, uint32_t *local);
void ts_evtchn_notify(uint32_t local);
void ts_evtchn_close(uint32_t local);

/* The store, with dom0's own connection.  0 or -XEN_ENOMEM. */
int ts_init(void);
void ts_fini(void);
struct xs_store *ts_store(void);

struct ts_domain *ts_first(void);
struct ts_domain *ts_find(uint32_t domid);
struct ts_domain *ts_find_name(const char *name);

/*
 * Builds a domain from cfg and the kernel and ramdisk images (the
 * builder), introduces it to the store (/local/domain/<id> with name,
 * domid, memory and console nodes), maps and binds its store and console
 * rings, then unpauses it unless 'paused'.  On failure nothing is left
 * behind: returns a negative Xen errno with a message in err.
 */
int ts_create(const struct xlcfg_domain *cfg, const void *kernel,
              size_t kernel_len, const void *ramdisk, size_t ramdisk_len,
              bool paused, uint32_t *domid, char *err, size_t errlen);

/*
 * Destroys a domain (known to the toolstack or not): the hypervisor's
 * domain, then its store nodes and connection, its rings and its record.
 */
int ts_destroy(uint32_t domid);

/* Serves every domain's store and console rings once. */
void ts_poll(void);

/*
 * After VIRQ_DOM_EXC: fires @releaseDomain and applies to each domain
 * that shut down the action its configuration names for the reason.
 * Returns how many domains were acted on.
 */
unsigned int ts_domains_changed(void);

/* Input for a domain's console (what `xl console` types). */
size_t ts_console_input(struct ts_domain *d, const char *s, size_t n);

#endif /* TOOLS_TOOLSTACK_H */
