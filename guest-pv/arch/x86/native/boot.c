/*
 * native_start(): from the PVH entry to start_kernel(), the whole native
 * platform bring-up in order, one step per line.
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/native.h>
#include <guest/pvops.h>
#include "native_boot.h"
#include "native_hv.h"

/* What the boot tables' direct map covers (pvh_entry.S). */
#define DIRECT_MAP_LIMIT    0x100000000ul

void __noreturn native_start(uint32_t hvm_start_info);
void __noreturn start_kernel(start_info_t *si);

static const void *map_phys(uint64_t pa, size_t len)
{
    if (pa >= DIRECT_MAP_LIMIT || len > DIRECT_MAP_LIMIT - pa)
        return NULL;
    return native_phys(pa);
}

void native_start(uint32_t hvm_start_info)
{
    struct native_ram ram;
    start_info_t *si;
    const char *why;

    /* The console (COM1) and everything else through the native ops. */
    pv_ops = pvops_native;
    printk("native: guest-pv kernel on bare metal (PVH entry, ring 0)\n");
    /* Descriptors before anything can fault: faults are reported. */
    native_desc_init();
    native_pic_mask();
    why = native_pvh_ram(hvm_start_info, map_phys, KERNEL_LOAD_PHYS,
                         DIRECT_MAP_LIMIT, &ram);
    if (why) {
        printk("native: fatal: PVH start info: %s\n", why);
        native_exit(NATIVE_EXIT_BAD_BOOT);
    }
    /* What a PV domain builder would have built; then the PV entry. */
    si = native_build_start_of_day(&ram);
    native_hypercall_page_init();
    start_kernel(si);
}
