/*
 * The hypervisor's virtual-address layout (usable from C and assembly).
 *
 * Xen's x86_64 PV rule: the hypervisor owns L4 slots 256-271
 * (HYPERVISOR_VIRT_START to HYPERVISOR_VIRT_END, 0xFFFF800000000000 -
 * 0xFFFF87FFFFFFFFFF) in every address space; a guest may use everything
 * else.  Inside that range we follow Xen's own placement:
 *
 *   slot 256  0xFFFF800000000000  read-only M2P table (guest-visible)
 *   slot 261  0xFFFF828000000000  per-vCPU descriptor tables (GDT, LDT)
 *   slot 261  0xFFFF82D040000000  the hypervisor image (first GiB of RAM)
 *   slot 262+ 0xFFFF830000000000  direct map of all RAM
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#define HV_L4_FIRST_SLOT        256
#define HV_L4_LAST_SLOT         271

/* Same values as Xen's public __HYPERVISOR_VIRT_START/END. */
#define HV_VIRT_START           0xFFFF800000000000
#define HV_VIRT_END             0xFFFF880000000000

#define RO_MPT_VIRT_START       0xFFFF800000000000
#define RO_MPT_VIRT_END         0xFFFF804000000000

/*
 * The image is linked at XEN_VIRT_START + its physical load address, and
 * the boot page tables map physical [0, 1 GiB) there.
 */
#define XEN_VIRT_START          0xFFFF82D040000000
#define HV_LOAD_PHYS            0x200000
#define HV_LINK_ADDR            (XEN_VIRT_START + HV_LOAD_PHYS)

/*
 * Each vCPU's GDT and LDT (asm/descriptor.h), 128 KiB at a fixed place
 * for (domain id, vCPU id): 0x7ff0 domains of 8 vCPUs need 64 GiB.
 */
#define DESC_AREA_VIRT_START    0xFFFF828000000000
#define DESC_AREA_VCPU_SHIFT    17

#define DIRECTMAP_VIRT_START    0xFFFF830000000000
#define DIRECTMAP_VIRT_END      0xFFFF880000000000

/* Per-CPU stack; struct cpu_info sits at its top (Xen's layout). */
#define STACK_ORDER             3
#define STACK_SIZE              (4096 << STACK_ORDER)

/* CPUs brought up at most (maxcpus= may lower it); bitmasks are 64 wide. */
#define NR_CPUS                 16

#endif /* ASM_CONFIG_H */
