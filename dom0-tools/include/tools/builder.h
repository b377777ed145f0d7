/*
 * The domain builder: what Xen's libxc/libxenguest do in dom0 to turn a
 * PV kernel image into a running domain.
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

/*
 * Builds the domain cfg describes from the kernel (and ramdisk, which
 * may be NULL) images: checks the ELF and its Xen notes, creates the
 * domain, populates its memory, loads the images, writes its initial
 * page tables, P2M and start_info (with a store and a console ring and
 * an unbound event channel for each, offered to dom0), sets vCPU 0 at
 * the entry point.  The domain is left PAUSED: the caller introduces it
 * to the store and the console service, then unpauses it.
 *
 * Returns 0 and fills res; or a negative Xen errno with a one-line
 * message in err ("kernel 'x': not an ELF file", "memory 4096 MiB:
 * only 90 MiB free", ...), everything it made destroyed.
 */
int builder_create(const struct xlcfg_domain *cfg,
                   const void *kernel, size_t kernel_len,
                   const void *ramdisk, size_t ramdisk_len,
                   struct builder_result *res, char *err, size_t errlen);

#endif /* TOOLS_BUILDER_H */
