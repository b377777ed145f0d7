/*
 * virt_to_maddr() for the hypervisor's multiboot2 parser (hv_glue.c),
 * which reads GRUB's information through the direct map and names the
 * RSDP's copy by its physical address.  The native direct map is where
 * the hypervisor's is (guest/native.h), so the rule is the same.  On
 * its own so the host unit tests link hv_glue.c with their harness's.
 */
#include <hv/mm.h>
#include <asm/config.h>

paddr_t virt_to_maddr(const void *va)
{
    return (paddr_t)((uintptr_t)va - DIRECTMAP_VIRT_START);
}
