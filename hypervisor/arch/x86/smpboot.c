/*
 * Starting the other CPUs (APs): find them in the ACPI MADT, wake each
 * with INIT-SIPI-SIPI into the real-mode trampoline (trampoline.S), and
 * bring it to its idle loop with its own stack, descriptor tables, local
 * APIC, timer queue and scheduler state.
 *
 * One AP at a time: the boot CPU publishes the AP's stack in ap_boot_*,
 * sends the SIPIs and waits (bounded) until the AP says it is online, so
 * the shared trampoline and ap_boot_* are never used by two APs at once.
 * An AP that does not answer is sent INIT again (parked in wait-for-SIPI,
 * so it cannot run the trampoline later with another AP's stack), logged
 * and skipped; its CPU number is reused for the next.
 */
#include <hv/acpi.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/setup.h>
#include <hv/time.h>
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/ioremap.h>
#include <asm/paging.h>
#include <asm/processor.h>
#include <asm/smp.h>

#define LOW_MEM_END         0xa0000     /* conventional memory, real mode */
#define TRAMP_MIN           0x1000      /* leave the IVT and BDA alone */
#define PTE_TMP_TABLE       (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define PTE_TMP_2M          (PTE_TMP_TABLE | _PAGE_DIRTY | _PAGE_PSE)
#define GDT_ORDER           4           /* 64 KiB: GDT_ENTRIES * 8 */

/* SDM vol. 3, "MP initialization": INIT, 10 ms, SIPI, 200 us, SIPI. */
#define INIT_DELAY          MILLISECS(10)
#define SIPI_DELAY          MICROSECS(200)
/* Generous for TCG, where the AP is one more emulated CPU. */
#define AP_UP_TIMEOUT       SECONDS(2)

BUILD_BUG_ON(GDT_ENTRIES * 8 != PAGE_SIZE << GDT_ORDER);

extern const char trampoline_start[], trampoline_end[], tramp_cr3[];

/* Read by ap_high_start (trampoline.S) before it has a stack. */
uint64_t ap_boot_cr3;
uint64_t ap_boot_stack;

/* The temporary tables: in the image, so below 4 GiB for a 32-bit CR3. */
static pte_t ap_l4[PT_ENTRIES] __aligned(PAGE_SIZE);
static pte_t ap_l3[PT_ENTRIES] __aligned(PAGE_SIZE);
static pte_t ap_l2[PT_ENTRIES] __aligned(PAGE_SIZE);

static uint64_t *ap_gdt[NR_CPUS];
static struct acpi_cpus acpi_cpus;

/* The AP's "I am up" flag: its CPU number once it runs its idle loop. */
static unsigned int ap_online_cpu = ~0U;

void ap_start(void);

/* ACPI tables: the direct map where it reaches, else uncached ioremap. */
static const void *acpi_map(paddr_t pa, size_t len)
{
    if (pa + len < pa)
        return NULL;
    if (pa + len <= paging_directmap_end())
        return maddr_to_virt(pa);
    return ioremap_uc(pa, len);
}

/* The highest page of conventional RAM the memory map vouches for. */
static paddr_t pick_trampoline_page(const struct boot_info *bi)
{
    paddr_t best = 0;

    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_range *r = &bi->mem[i];
        paddr_t s = ROUNDUP(r->base, PAGE_SIZE);
        paddr_t e = ROUNDDOWN(MIN(r->base + r->len, LOW_MEM_END), PAGE_SIZE);

        if (r->type != BOOT_MEM_RAM || r->base + r->len < r->base)
            continue;
        if (e > s && e - PAGE_SIZE >= TRAMP_MIN)
            best = MAX(best, e - PAGE_SIZE);
    }
    return best;
}

/*
 * The trampoline's tables: its page identity-mapped (one 2 MiB page at
 * 0), and the hypervisor's slots as in every address space.
 */
static void build_ap_tables(void)
{
    const pte_t *idle = maddr_to_virt(paging_idle_l4());

    for (unsigned int i = HV_L4_FIRST_SLOT; i <= HV_L4_LAST_SLOT; i++)
        ap_l4[i] = idle[i];
    ap_l4[0] = make_pte(virt_to_maddr(ap_l3), PTE_TMP_TABLE);
    ap_l3[0] = make_pte(virt_to_maddr(ap_l2), PTE_TMP_TABLE);
    ap_l2[0] = make_pte(0, PTE_TMP_2M);
}

static paddr_t install_trampoline(const struct boot_info *bi)
{
    paddr_t page = pick_trampoline_page(bi);
    size_t len = trampoline_end - trampoline_start;
    uint8_t *dst;
    uint32_t cr3 = (uint32_t)virt_to_maddr(ap_l4);

    if (!page || len > PAGE_SIZE)
        return 0;
    build_ap_tables();
    dst = maddr_to_virt(page);
    memcpy(dst, trampoline_start, len);
    memcpy(dst + (tramp_cr3 - trampoline_start), &cr3, sizeof(cr3));
    ap_boot_cr3 = paging_idle_l4();
    return page;
}

static void delay(s_time_t ns)
{
    s_time_t end = NOW() + ns;

    while (NOW() < end)
        asm volatile("pause");
}

/* A stack with cpu_info at its top, and a GDT: AP 'cpu's own. */
static bool alloc_cpu_state(unsigned int cpu)
{
    mfn_t stack = alloc_frames(STACK_ORDER, NULL);
    mfn_t gdt = ap_gdt[cpu] ? 0 : alloc_frames(GDT_ORDER, NULL);
    struct cpu_info *ci;

    if (stack == INVALID_MFN || gdt == INVALID_MFN)
        return false;           /* a stray frame is no loss at boot */
    if (!ap_gdt[cpu])
        ap_gdt[cpu] = mfn_to_virt(gdt);
    memset(ap_gdt[cpu], 0, PAGE_SIZE << GDT_ORDER);
    /* Buddy blocks are aligned to their size: STACK_SIZE here. */
    ci = (struct cpu_info *)((char *)mfn_to_virt(stack) + STACK_SIZE) - 1;
    memset(ci, 0, sizeof(*ci));
    ci->cpu_id = cpu;
    ci->regs_end = (unsigned long)(&ci->guest_regs + 1);
    ap_boot_stack = (uint64_t)ci & ~15UL;
    return true;
}

/* INIT-SIPI-SIPI, then wait for the AP to come online. */
static bool wake_ap(unsigned int cpu, uint32_t apic, paddr_t tramp)
{
    uint32_t sipi = APIC_DM_STARTUP | (uint32_t)(tramp >> PAGE_SHIFT);
    s_time_t start;

    /* ap_boot_* and cpu_info must be visible before the AP runs. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!apic_send_ipi(apic, APIC_DM_INIT | APIC_INT_ASSERT | APIC_INT_LEVELTRIG))
        return false;
    delay(INIT_DELAY);
    for (unsigned int i = 0; i < 2; i++) {
        if (!apic_send_ipi(apic, sipi))
            return false;
        delay(SIPI_DELAY);
        if (__atomic_load_n(&ap_online_cpu, __ATOMIC_ACQUIRE) == cpu)
            return true;
    }
    for (start = NOW(); NOW() - start < AP_UP_TIMEOUT;)
        if (__atomic_load_n(&ap_online_cpu, __ATOMIC_ACQUIRE) == cpu)
            return true;
    /* Park it, so it cannot wake later on another AP's stack. */
    apic_send_ipi(apic, APIC_DM_INIT | APIC_INT_ASSERT | APIC_INT_LEVELTRIG);
    return false;
}

/* Starts the APs in 'cpus' other than us; returns how many came up. */
static unsigned int start_aps(const struct acpi_cpus *cpus, paddr_t tramp,
                              unsigned int max_cpus)
{
    uint32_t self = apic_id();
    unsigned int next = 1;

    for (unsigned int i = 0; i < cpus->nr && next < max_cpus; i++) {
        uint32_t apic = cpus->apic_id[i];

        if (apic == self)
            continue;
        if (!alloc_cpu_state(next)) {
            printk(XENLOG_ERR "smp: no memory for CPU %u\n", next);
            break;
        }
        cpu_to_apicid[next] = apic;
        if (wake_ap(next, apic, tramp)) {
            next++;
            continue;
        }
        printk(XENLOG_ERR "smp: APIC %u did not come up: skipped\n", apic);
    }
    return next - 1;
}

static void log_cpus(const struct acpi_cpus *c)
{
    printk("smp: MADT lists %u enabled CPUs (%u disabled, %u dropped%s)\n",
           c->nr, c->nr_disabled, c->nr_dropped,
           c->nr_bad ? ", malformed entries skipped" : "");
}

void smp_boot_cpus(const struct boot_info *bi, unsigned int max_cpus)
{
    struct acpi_cpus *cpus = &acpi_cpus;
    paddr_t rsdp = bi->rsdp ? bi->rsdp : acpi_scan_rsdp(acpi_map);
    const char *why = "";
    paddr_t tramp;

    cpu_to_apicid[0] = apic_id();
    smp_ipi_init();
    smp_mark_online(0);
    max_cpus = max_cpus ? MIN(max_cpus, NR_CPUS) : NR_CPUS;
    if (max_cpus > 1 && acpi_read_cpus(rsdp, acpi_map, cpus, &why) == 0) {
        log_cpus(cpus);
        tramp = install_trampoline(bi);
        if (tramp)
            start_aps(cpus, tramp, max_cpus);
        else
            printk(XENLOG_ERR "smp: no RAM page below 640 KiB for the "
                   "AP trampoline\n");
    } else if (max_cpus > 1) {
        printk(XENLOG_WARNING "smp: ACPI: %s: boot CPU only\n", why);
    }
    printk("smp: %u CPU%s up\n", nr_cpus_online, nr_cpus_online == 1 ? "" : "s");
}

void arch_smp_boot(const struct boot_info *bi, unsigned int max_cpus)
{
    smp_boot_cpus(bi, max_cpus);
    smp_ipi_self_check();
}

/* The AP's first C code, on its own stack and the idle page tables. */
void ap_start(void)
{
    unsigned int cpu = get_cpu_info()->cpu_id;

    cpu_init_secondary(cpu, ap_gdt[cpu]);
    apic_init_ap();
    set_current_vcpu(&idle_vcpu[cpu]);
    smp_cpu_self_check(cpu);
    sched_cpu_start(cpu);
    smp_mark_online(cpu);
    /* Release: everything above is done before the boot CPU goes on. */
    __atomic_store_n(&ap_online_cpu, cpu, __ATOMIC_RELEASE);
    idle_loop();
}
