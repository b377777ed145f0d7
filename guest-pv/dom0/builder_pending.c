/*
 * Until the domain builder (tools/builder.h, the builder branch) is
 * linked into dom0, xl create answers that it is missing rather than
 * dom0 failing to link.  Weak: the builder's definition replaces it.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>
#include <tools/builder.h>

__attribute__((weak))
int builder_create(const struct xlcfg_domain *cfg, const void *kernel,
                   size_t kernel_len, const void *ramdisk,
                   size_t ramdisk_len, struct builder_result *res,
                   char *err, size_t errlen)
{
    (void)kernel;
    (void)kernel_len;
    (void)ramdisk;
    (void)ramdisk_len;
    (void)res;
    snprintf(err, errlen, "'%s': the domain builder is not linked into "
             "this dom0 yet", cfg->name);
    return -XEN_ENOSYS;
}
