/*
 * start_hypervisor(): the whole boot order after the CPU is usable, one
 * subsystem per line (STYLE practice 13).  The arch code has already set
 * up descriptor tables, the console and the boot loader's information.
 */
#include <hv/arch.h>
#include <hv/boot_info.h>
#include <hv/cmdline.h>
#include <hv/console_input.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/shutdown.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <hv/vcpu_timer.h>
#include <hv/version.h>

static struct hv_cmdline opts;

static void print_banner(void)
{
    printk("%s hypervisor %s: Xen %d.%d ABI (interface %#x), x86_64 PV\n",
           HV_NAME, HV_VERSION_STRING, HV_XEN_MAJOR, HV_XEN_MINOR,
           __XEN_INTERFACE_VERSION__);
}

static const char *mem_type_name(uint32_t type)
{
    static const char *const names[] = {
        [BOOT_MEM_RAM] = "RAM", [BOOT_MEM_RESERVED] = "reserved",
        [BOOT_MEM_ACPI] = "ACPI data", [BOOT_MEM_NVS] = "ACPI NVS",
        [BOOT_MEM_BAD] = "bad",
    };

    return type < ARRAY_SIZE(names) && names[type] ? names[type] : "reserved";
}

static void print_boot_info(const struct boot_info *bi)
{
    printk("boot: %s, loader \"%s\", command line \"%s\"\n",
           bi->protocol, bi->loader_name, bi->cmdline);
    printk("memory map (%u ranges):\n", bi->nr_mem);
    for (unsigned int i = 0; i < bi->nr_mem; i++)
        printk("  [%016llx, %016llx) %s\n",
               (unsigned long long)bi->mem[i].base,
               (unsigned long long)(bi->mem[i].base + bi->mem[i].len),
               mem_type_name(bi->mem[i].type));
    printk("modules: %u\n", bi->nr_mods);
    for (unsigned int i = 0; i < bi->nr_mods; i++)
        printk("  module %u: [%#llx, %#llx) %llu bytes \"%s\"\n", i,
               (unsigned long long)bi->mods[i].start,
               (unsigned long long)bi->mods[i].end,
               (unsigned long long)(bi->mods[i].end - bi->mods[i].start),
               bi->mods[i].cmdline);
}

/*
 * The loader's strings live in memory the allocator may hand out: keep
 * copies in the image before it starts.
 */
static void preserve_strings(struct boot_info *bi)
{
    static char pool[4096];
    size_t used = 0;

    const char **strs[2 + BOOT_MAX_MODULES];
    unsigned int n = 0;

    strs[n++] = &bi->cmdline;
    strs[n++] = &bi->loader_name;
    for (unsigned int i = 0; i < bi->nr_mods; i++)
        strs[n++] = &bi->mods[i].cmdline;
    for (unsigned int i = 0; i < n; i++) {
        size_t len = strlen(*strs[i]) + 1;

        if (used + len > sizeof(pool))
            boot_fail(EXIT_BAD_BOOT, "boot command lines exceed %zu bytes",
                      sizeof(pool));
        memcpy(pool + used, *strs[i], len);
        *strs[i] = pool + used;
        used += len;
    }
}

static void init_frame_allocator(const struct boot_info *bi)
{
    struct phys_range reserved[1 + BOOT_MAX_MODULES];
    const char *why;
    unsigned int n = 0;

    arch_image_range(&reserved[n++]);
    for (unsigned int i = 0; i < bi->nr_mods; i++)
        reserved[n++] = (struct phys_range){ bi->mods[i].start,
                                             bi->mods[i].end };
    if (page_alloc_init(bi, reserved, n, &why))
        boot_fail(EXIT_BAD_BOOT, "%s", why);
    printk("memory: %lu MiB managed, %lu MiB free\n",
           total_frame_count() >> 8, free_frame_count() >> 8);
}

/*
 * dom0's size: dom0_mem= if given, else Xen's default of all free memory
 * less a reserve for the hypervisor (1/16, at most 128 MiB); then raised
 * to min: and capped at max: as Xen does.  More than is free fails later,
 * with a message, when the builder allocates.
 */
static unsigned long dom0_nr_pages(void)
{
    /* The boot domUs' memory is set aside first (domu=, domu_mem=). */
    unsigned long avail = (free_frame_count() << PAGE_SHIFT) -
                          MIN(free_frame_count() << PAGE_SHIFT,
                              opts.domu_count * opts.domu_mem);
    unsigned long bytes = avail - MIN(avail / 16, 128UL << 20);

    if (opts.dom0_mem.set)
        bytes = cmdline_mem_amount(&opts.dom0_mem, avail);
    if (opts.dom0_mem_min.set)
        bytes = MAX(bytes, cmdline_mem_amount(&opts.dom0_mem_min, avail));
    if (opts.dom0_mem_max.set)
        bytes = MIN(bytes, cmdline_mem_amount(&opts.dom0_mem_max, avail));
    return bytes >> PAGE_SHIFT;
}

/* As in Xen: the module's own command line, then the text after " -- ". */
static const char *dom0_cmdline(const struct boot_module *kernel)
{
    static char line[MAX_GUEST_CMDLINE];

    strlcpy(line, kernel->cmdline, sizeof(line));
    if (opts.dom0_cmdline[0]) {
        size_t len = strlen(line);

        if (len && len + 1 < sizeof(line)) {
            line[len++] = ' ';
            line[len] = '\0';
        }
        strlcpy(line + len, opts.dom0_cmdline, sizeof(line) - len);
    }
    return line;
}

/* Modules [0, n) are dom0's: its kernel, then perhaps its initrd. */
static unsigned int dom0_modules(const struct boot_info *bi)
{
    if (opts.domu_count >= bi->nr_mods)
        boot_fail(EXIT_NO_MODULE, "domu=%u needs %u boot modules after "
                  "dom0's kernel, but there are %u modules in all",
                  opts.domu_count, opts.domu_count, bi->nr_mods);
    return bi->nr_mods - opts.domu_count;
}

static struct domain *build_dom0(const struct boot_info *bi)
{
    unsigned int n;
    struct pv_build_params p = {
        .domid = 0, .hardware = true,
        .nr_vcpus = MIN(cmdline_dom0_vcpus(&opts, 1),
                        (unsigned int)MAX_VIRT_CPUS_PER_DOMAIN),
    };

    if (bi->nr_mods == 0)
        boot_fail(EXIT_NO_MODULE, "no dom0 kernel: give it as the first "
                  "module (GRUB module2, or QEMU -initrd)");
    n = dom0_modules(bi);
    p.kernel = &bi->mods[0];
    p.initrd = n > 1 ? &bi->mods[1] : NULL;
    p.nr_pages = dom0_nr_pages();
    p.cmdline = dom0_cmdline(&bi->mods[0]);
    return pv_domain_build(&p);
}

/*
 * Its clocks start and vCPU 0 joins the run queue (others stay down);
 * a non-zero weight (dom0_weight=, domu_weight=) replaces the default.
 */
static void start_domain(struct domain *d, unsigned int weight)
{
    if (weight) {
        struct sched_params sp;

        sched_get_params(&d->sched, &sp);
        sp.weight = weight;
        (void)sched_adjust(&d->sched, &sp);   /* 1..65535: checked */
    }
    vcpu_timer_start(d->vcpu[0]);
    sched_vcpu_up(&d->vcpu[0]->sched);
}

/*
 * domu=N: the last N modules are unprivileged domains, ids 1..N, each
 * with its module's command line, until dom0's toolstack builds domains.
 */
static void build_domus(const struct boot_info *bi)
{
    for (unsigned int i = dom0_modules(bi); i < bi->nr_mods; i++) {
        struct pv_build_params p = {
            .domid = domain_next_id(),
            .nr_vcpus = MIN(opts.domu_vcpus,
                            (unsigned int)MAX_VIRT_CPUS_PER_DOMAIN),
            .kernel = &bi->mods[i],
            .nr_pages = opts.domu_mem >> PAGE_SHIFT,
            .cmdline = bi->mods[i].cmdline,
        };

        printk("building dom%u from module %u: %lu pages free\n",
               p.domid, i, free_frame_count());
        start_domain(pv_domain_build(&p), opts.domu_weight);
    }
}

void start_hypervisor(struct boot_info *bi)
{
    struct domain *dom0;

    preserve_strings(bi);
    /* Options first: they set the log level everything after obeys. */
    cmdline_parse(bi->cmdline, &opts);
    hv_boot_cmdline = bi->cmdline;
    printk_set_level(opts.loglvl);
    print_banner();
    cmdline_print(&opts);
    print_boot_info(bi);
    /* Frames: everything but the image and the modules. */
    init_frame_allocator(bi);
    /* Our own page tables: image, direct map, read-only M2P for guests. */
    arch_paging_init(bi);
    /* Hypervisor timers: they expire from the TIMER softirq. */
    timer_init();
    /* Time: TSC, APIC timer interrupt (checked to fire), wall clock. */
    arch_time_init();
    /* The scheduler, with this CPU running its idle vCPU. */
    sched_cpu_start(0);
    set_current_vcpu(&idle_vcpu[0]);
    /* The other CPUs, each into its idle loop (maxcpus= limits them). */
    arch_smp_boot(bi, opts.maxcpus);
    /* dom0 from the first module (the second, if any, is its initrd). */
    dom0 = build_dom0(bi);
    /* dom0's clocks (pvclock, wall clock, 100 Hz tick); vCPU 0 queued. */
    start_domain(dom0, opts.dom0_weight);
    /* COM2 is dom0's (the management channel) unless our console. */
    if (!cmdline_console_has(&opts, "com2"))
        arch_grant_serial(dom0, opts.com2.io_base, opts.iobitmap);
    /* PCI config space and MMIO outside RAM: dom0 finds its devices. */
    arch_grant_dom0_devices(dom0);
    /* domu=N: the last N modules become domains 1..N, started alike. */
    build_domus(bi);
    /* Serial input to dom0 from now on (Ctrl-A x3: the debug keys). */
    console_input_start();
    printk("dom0 built: entering it\n");
    idle_loop();
}
