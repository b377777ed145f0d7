/*
 * Entry into the generic hypervisor, and the arch steps it calls in order.
 */
#ifndef HV_SETUP_H
#define HV_SETUP_H

#include <hv/boot_info.h>
#include <hv/mm.h>
#include <abi/xen.h>

struct domain;

/* common/main.c: the whole boot order after the CPU is usable.  */
__noreturn void start_hypervisor(struct boot_info *bi);

/* Physical range of the hypervisor image (never given to the allocator). */
void arch_image_range(struct phys_range *r);

/*
 * Builds the hypervisor's own page tables (image, direct map of all RAM,
 * the M2P table) and switches to them, dropping the boot identity map.
 */
void arch_paging_init(const struct boot_info *bi);

/*
 * Finds and starts the other CPUs, at most 'max_cpus' in all (0: every
 * one), each into its idle loop; logs "smp: N CPUs up".  Needs time and
 * this CPU's scheduler running.  Never fails the boot.
 */
void arch_smp_boot(const struct boot_info *bi, unsigned int max_cpus);

/* What the PV domain builder needs to know about one boot domain. */
struct pv_build_params {
    domid_t domid;
    bool hardware;              /* dom0: SIF_PRIVILEGED|SIF_INITDOMAIN */
    unsigned int nr_vcpus;      /* 1..MAX_VIRT_CPUS_PER_DOMAIN; vCPU 0 runs */
    const struct boot_module *kernel;
    const struct boot_module *initrd;   /* NULL: none */
    unsigned long nr_pages;
    const char *cmdline;
};

/*
 * Builds a PV domain from its boot module (arch/x86/pv/domain_build.c),
 * vCPU 0 initialised at the kernel's entry point, or boot_fail()s.
 */
struct domain *pv_domain_build(const struct pv_build_params *p);

/*
 * This CPU's idle loop (arch): restarts on a fresh stack, runs softirqs
 * (which schedule vCPUs) and halts until an interrupt.  Never returns.
 */
__noreturn void idle_loop(void);

#endif /* HV_SETUP_H */
