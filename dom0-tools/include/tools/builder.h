/*
 * PROVISIONAL (xl's copy of the interface in the issue-6 plan, until the
 * builder branch commits its own; its version replaces this one).
 *
 * The domain builder: a PV domain from an ELF kernel, left paused.
 */
#ifndef TOOLS_BUILDER_H
#define TOOLS_BUILDER_H

#include <hv/types.h>
#include <tools/xlcfg.h>

struct builder_result {
    uint32_t domid;
    unsigned long store_mfn, console_mfn;
    uint32_t store_port, console_port;  /* the domU's unbound ports */
};

int builder_create(const struct xlcfg_domain *cfg,
                   const void *kernel, size_t kernel_len,
                   const void *ramdisk, size_t ramdisk_len,
                   struct builder_result *res, char *err, size_t errlen);

#endif /* TOOLS_BUILDER_H */
