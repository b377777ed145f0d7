/*
 * Generates asm-offsets.h: the struct offsets and sizes entry.S and head.S
 * use, taken from the C definitions so the two can never disagree
 * (Jailhouse's asm-defines pattern).  Compiled to assembly only; the build
 * turns each "->NAME value" marker into a #define.
 */
#include <abi/ext.h>
#include <hv/bug.h>
#include <hv/domain.h>
#include <asm/current.h>

#define DEFINE(sym, val) \
    asm volatile("\n->" #sym " %0 " #val : : "i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, offsetof(struct str, mem))

void asm_offsets(void);

void asm_offsets(void)
{
    OFFSET(UREGS_r15, cpu_regs, r15);
    OFFSET(UREGS_rax, cpu_regs, rax);
    OFFSET(UREGS_error_code, cpu_regs, error_code);
    OFFSET(UREGS_entry_vector, cpu_regs, entry_vector);
    OFFSET(UREGS_rip, cpu_regs, rip);
    OFFSET(UREGS_cs, cpu_regs, cs);
    OFFSET(UREGS_rflags, cpu_regs, rflags);
    OFFSET(UREGS_rsp, cpu_regs, rsp);
    OFFSET(UREGS_ss, cpu_regs, ss);
    DEFINE(UREGS_sizeof, sizeof(struct cpu_regs));

    OFFSET(CPUINFO_guest_regs, cpu_info, guest_regs);
    OFFSET(CPUINFO_syscall_scratch, cpu_info, syscall_scratch);
    OFFSET(CPUINFO_regs_end, cpu_info, regs_end);
    OFFSET(CPUINFO_curr_vcpu, cpu_info, curr_vcpu);
    DEFINE(CPUINFO_sizeof, sizeof(struct cpu_info));

    /* What the xpv_event_mask fast path (entry.S) reads and writes. */
    DEFINE(HC_xpv_event_mask, __HYPERVISOR_xpv_event_mask);
    OFFSET(VCPU_domain, vcpu, domain);
    OFFSET(VCPU_vcpu_info, vcpu, vcpu_info);
    OFFSET(VCPU_kernel_mode, vcpu, arch.kernel_mode);
    OFFSET(VCPUINFO_upcall_pending, vcpu_info, evtchn_upcall_pending);
    OFFSET(VCPUINFO_upcall_mask, vcpu_info, evtchn_upcall_mask);
    OFFSET(DOMAIN_stats_event_mask, domain,
           stats.hypercalls[__HYPERVISOR_xpv_event_mask]);
    BUILD_BUG_ON(__HYPERVISOR_xpv_event_mask >= XPV_STATS_HYPERCALLS);
    BUILD_BUG_ON(sizeof(((struct vcpu *)0)->arch.kernel_mode) != 1);
    BUILD_BUG_ON(sizeof(((struct domain *)0)->stats.hypercalls[0]) != 8);

    /*
     * The CPU aligns %rsp to 16 before pushing an interrupt frame, so the
     * frame lands at guest_regs only if rsp0 (its end) is 16-aligned.
     */
    BUILD_BUG_ON((sizeof(struct cpu_info) -
                  offsetof(struct cpu_info, guest_regs) -
                  sizeof(struct cpu_regs)) % 16 != 0);
    /* The hardware frame is the last 40 bytes of struct cpu_regs. */
    BUILD_BUG_ON(sizeof(struct cpu_regs) - offsetof(struct cpu_regs, rip)
                 != 5 * 8);
}
