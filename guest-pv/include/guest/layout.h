/*
 * Where the guest kernel lives, shared by the linker script, head.S and C.
 *
 * Linked in the upper half at Linux PV's address, so the lower half stays
 * free for user processes and the hypervisor's hole
 * (HYPERVISOR_VIRT_START..HYPERVISOR_VIRT_END) is never in the way.
 * Values are plain hex so that C, assembly and the linker script agree.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

/* Virtual address of pseudo-physical 0 (XEN_ELFNOTE_VIRT_BASE). */
#define KERNEL_VIRT_BASE    0xFFFFFFFF80000000

/*
 * Physical address the image is linked to load at (ELF p_paddr of
 * KERNEL_VIRT_BASE, and XEN_ELFNOTE_PADDR_OFFSET).  A PV domain builder
 * subtracts it again, so under Xen the kernel is still pseudo-physical 0;
 * a loader without a hypervisor (QEMU's PVH -kernel) places the image
 * here, above the legacy hole below 1 MiB.  2 MiB-aligned, so the native
 * boot tables can map it with large pages (arch/x86/native/).
 */
#define KERNEL_LOAD_PHYS    0x200000

#define PAGE_SHIFT          12
/* The C form is hv/types.h's, so that dom0's files can include both. */
#ifdef __ASSEMBLY__
#define PAGE_SIZE           4096
#else
#define PAGE_SIZE           (1UL << PAGE_SHIFT)
#endif

/* The one kernel stack (boot, traps and events all run on it). */
#define KERNEL_STACK_SIZE   16384

#endif /* GUEST_LAYOUT_H */
