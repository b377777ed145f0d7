/*
 * The paravirt-ops table and the choice of backend (see guest/pvops.h).
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/native.h>
#include <guest/pvops.h>
#include "pvops_xen.h"

struct pv_ops pv_ops;

static const struct {
    const char *word;           /* on the kernel command line */
    const struct pv_ops *ops;
} backends[] = {
    { "pvops=pv", &pvops_pv },
    { "pvops=pv-hcall", &pvops_pv_hcall },
    { "pvops=trap", &pvops_trap },
};

/* The command line holds a pvops= word (cmd_line may lack its NUL). */
static bool names_a_backend(void)
{
    const char *cmd = (const char *)start_info->cmd_line;

    return strnlen(cmd, MAX_GUEST_CMDLINE) < MAX_GUEST_CMDLINE &&
           strstr(cmd, "pvops=") != NULL;
}

/*
 * The command line's backend; pv when none is named, and when the word
 * names none this kernel has here (reported once the console works).
 */
static const struct pv_ops *chosen(const char **why)
{
    size_t i;

    *why = NULL;
    for (i = 0; i < ARRAY_SIZE(backends); i++)
        if (cmdline_has(backends[i].word))
            return backends[i].ops;
    if (cmdline_has("pvops=native"))
        *why = "native runs on bare metal only (ring 0, no hypervisor); "
               "under a hypervisor use pvops=pv, pvops=pv-hcall or "
               "pvops=trap";
    else if (names_a_backend())
        *why = "unknown backend (use pvops=pv, pvops=pv-hcall or "
               "pvops=trap)";
    return &pvops_pv;
}

/* pv-hcall needs our hypercall; real Xen answers -ENOSYS. */
static void hcall_or_fallback(void)
{
    long rc = pvops_pv_hcall_probe();

    if (rc == 0)
        return;
    printk("pvops: pv-hcall: the hypervisor has no xpv_event_mask "
           "hypercall (%ld): falling back to pv\n", rc);
    pv_ops = pvops_pv;
}

void pvops_select(void)
{
    const char *why;

    /* No hypervisor: native_start() installed pvops_native already. */
    if (native_booted(start_info)) {
        if (names_a_backend())
            printk("pvops: no hypervisor: pvops= ignored, the backend "
                   "is native\n");
        printk("pvops: backend %s\n", pv_ops.name);
        return;
    }
    pv_ops = *chosen(&why);
    /* Console first: every message below goes through the table. */
    if (why)
        printk("pvops: %s: using pv\n", why);
    if (pv_ops.irq.disable == pvops_pv_hcall.irq.disable)
        hcall_or_fallback();
    printk("pvops: backend %s\n", pv_ops.name);
}

bool pvops_hypervisor(void)
{
    return pv_ops.name && strcmp(pv_ops.name, "native") != 0;
}
