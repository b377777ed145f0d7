/*
 * Unit tests for dom0-tools/builder over a fake hypercall layer
 * (fixtures/builder_xc_fake.h) and a PV kernel built in the test
 * (fixtures/pv_elf.h): a domain built and then checked as the guest
 * would see it (start_info, P2M, page tables walked to the kernel's
 * bytes, vCPU 0's registers, the hypercall page, the pinned L4); a
 * failure injected at every step, each destroying the domain, unmapping
 * everything and freeing dom0's memory; the kernel refusals.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <hv/pv_layout.h>
#include <tools/builder.h>
#include <xen/errno.h>

#include "tools_env.h"
#include "fixtures/pv_elf.h"
#include "fixtures/builder_xc_fake.h"

static struct fx_elf fx;
static size_t fx_len;
static struct xlcfg_domain cfg;
static struct builder_result res;
static char err[256];

static void setup(void)
{
    fake_xc_init();
    fx_elf_init(&fx);
    /* A domU may require no feature this hypervisor lacks. */
    fx_note_str(&fx, XEN_ELFNOTE_FEATURES, "writable_page_tables");
    fx_len = fx_elf_build(&fx);
    memset(&cfg, 0, sizeof(cfg));
    strcpy(cfg.name, "t");
    strcpy(cfg.kernel, "k.elf");
    strcpy(cfg.cmdline, "console=hvc0 hello");
    cfg.memory_mib = 8;
    cfg.maxmem_mib = 10;
    cfg.vcpus = cfg.maxvcpus = 2;
    err[0] = '\0';
}

static void teardown(void)
{
    fake_xc_fini();
}

TestSuite(builder, .init = setup, .fini = teardown);

static int build(const void *ramdisk, size_t ramdisk_len)
{
    return builder_create(&cfg, fx.buf, fx_len, ramdisk, ramdisk_len, &res,
                          err, sizeof(err));
}

static uint8_t *page_of_mfn(unsigned long mfn)
{
    cr_assert_lt(FAKE_PFN(mfn), FAKE_PAGES, "mfn %#lx is no frame", mfn);
    return fake_xc.mem + FAKE_PFN(mfn) * 4096;
}

/* The guest's view: va translated through its tables from the L4. */
static uint8_t *guest_va(uint64_t va)
{
    unsigned long mfn = fake_xc.pinned_l4;

    for (unsigned int level = 4; level >= 1; level--) {
        uint64_t e = ((uint64_t *)page_of_mfn(mfn))
                     [(va >> (12 + 9 * (level - 1))) & 511];

        cr_assert(e & 1, "va %#lx not mapped at level %u", (long)va, level);
        mfn = (unsigned long)((e & 0x000ffffffffff000ull) >> 12);
    }
    return page_of_mfn(mfn) + (va & 4095);
}

Test(builder, builds_what_the_guest_expects)
{
    static const char ramdisk[] = "RAMDISK-CONTENTS";
    struct vcpu_guest_context *c = &fake_xc.ctxt;
    const start_info_t *si;
    const unsigned long *p2m;

    cr_assert_eq(build(ramdisk, sizeof(ramdisk)), 0, "%s", err);
    cr_assert_eq(res.domid, FAKE_DOMID);
    cr_assert_eq(fake_xc.populated, 8 * 256, "all of memory=");
    cr_assert_eq(fake_xc.max_mem_kib, 10 * 1024, "maxmem=");
    cr_assert_eq(fake_xc.mapped, 0, "nothing left mapped");
    cr_assert_not(fake_xc.pinned_while_mapped, "unmapped before the pin");
    cr_assert_not(fake_xc.destroyed);
    cr_assert_eq(harness_live_allocs, 0, "dom0's memory freed");
    /* vCPU 0: Xen's start-of-day registers. */
    cr_assert(fake_xc.context_set);
    cr_assert_eq(c->user_regs.rip, FX_ENTRY);
    cr_assert_eq(c->user_regs.cs, FLAT_KERNEL_CS);
    cr_assert_eq(c->flags & (VGCF_in_kernel | VGCF_online),
                 VGCF_in_kernel | VGCF_online);
    cr_assert_eq(c->ctrlreg[3], xen_pfn_to_cr3(fake_xc.pinned_l4));
    /* What it finds through its own page tables. */
    si = (const start_info_t *)guest_va(c->user_regs.rsi);
    cr_assert_str_eq(si->magic, "xen-3.0-x86_64");
    cr_assert_eq(si->nr_pages, 8 * 256);
    cr_assert_eq(si->shared_info, FAKE_SHINFO_MFN << 12);
    cr_assert_eq(si->flags, 0, "not privileged");
    cr_assert_eq(si->store_mfn, res.store_mfn);
    cr_assert_eq(si->store_evtchn, res.store_port);
    cr_assert_eq(si->console.domU.mfn, res.console_mfn);
    cr_assert_eq(si->console.domU.evtchn, res.console_port);
    cr_assert_neq(res.store_port, res.console_port);
    cr_assert_str_eq((const char *)si->cmd_line, "console=hvc0 hello");
    cr_assert_eq(si->mod_len, sizeof(ramdisk));
    cr_assert_eq(memcmp(guest_va(si->mod_start), ramdisk, sizeof(ramdisk)),
                 0);
    p2m = (const unsigned long *)guest_va(si->mfn_list);
    for (unsigned long pfn = 0; pfn < 512; pfn++)
        cr_assert_eq(p2m[pfn], FAKE_MFN(pfn), "P2M of pfn %lu", pfn);
    cr_assert_eq(*guest_va(FX_ENTRY), fx.buf[FX_TEXT_OFF + 0x10],
                 "the kernel's bytes at its entry point");
    cr_assert_eq(*guest_va(FX_KSTART + FX_TEXT_SIZE + 0x900), 0,
                 "bss is zero");
    cr_assert_eq(page_of_mfn(fake_xc.hcall_mfn), guest_va(FX_HYPERCALL),
                 "hypercall page at its note's address");
    cr_assert_eq(c->user_regs.rsp & 4095, 0);
    cr_assert_gt(c->user_regs.rsp, c->user_regs.rsi);
}

Test(builder, pinned_cpus_set_per_vcpu)
{
    cfg.cpus_pinned = true;
    cfg.cpu_affinity[0] = 0x1;
    cfg.cpu_affinity[1] = 0x2;
    cr_assert_eq(build(NULL, 0), 0, "%s", err);
    cr_assert_eq(fake_xc.affinity[0], 0x1);
    cr_assert_eq(fake_xc.affinity[1], 0x2);
}

/* A failure at `call`: refused with msg, and nothing left behind. */
static void fails_cleanly(enum fake_call call, const char *msg)
{
    fake_xc.fail = call;
    cr_assert_lt(build(NULL, 0), 0, "call %d did not fail the build", call);
    cr_assert(strstr(err, msg), "message '%s' lacks '%s'", err, msg);
    cr_assert_eq(fake_xc.destroyed, fake_xc.created,
                 "call %d: the half-built domain is destroyed", call);
    cr_assert_eq(fake_xc.mapped, 0, "call %d: nothing left mapped", call);
    cr_assert_eq(harness_live_allocs, 0, "call %d: dom0's memory freed",
                 call);
}

Test(builder, physinfo_fails)
{
    fails_cleanly(FAKE_PHYSINFO, "cannot read the free memory");
}

Test(builder, create_fails)
{
    fails_cleanly(FAKE_CREATE, "cannot create a domain with 2 vCPUs");
}

Test(builder, max_mem_fails)
{
    fails_cleanly(FAKE_MAX_MEM, "maxmem 10 MiB refused");
}

Test(builder, affinity_fails)
{
    cfg.cpus_pinned = true;
    cfg.cpu_affinity[0] = 0x80;
    fails_cleanly(FAKE_AFFINITY, "cpus: vCPU 0's CPUs 0x80 refused");
}

Test(builder, populate_short)
{
    fake_xc.populate_short = 100;
    fails_cleanly(FAKE_POPULATE, "memory 8 MiB: only 100 of 2048 pages "
                  "could be allocated");
}

Test(builder, evtchn_fails)
{
    fails_cleanly(FAKE_EVTCHN, "no event channel for the store or the "
                  "console");
}

Test(builder, getinfo_fails)
{
    fails_cleanly(FAKE_GETINFO, "vanished while being built");
}

Test(builder, map_fails)
{
    /* The kernel's 515 pages from VIRT_BASE to its last file byte. */
    fails_cleanly(FAKE_MAP, "cannot map 515 pages of the new domain");
}

Test(builder, second_map_fails)
{
    fake_xc.map_skip = 1;
    /* The first mapping (the kernel's) is undone too. */
    fails_cleanly(FAKE_MAP, "pages of the new domain");
}

Test(builder, hypercall_page_fails)
{
    fails_cleanly(FAKE_HCALL_PAGE, "hypercall page refused");
}

Test(builder, pin_fails)
{
    fails_cleanly(FAKE_PIN, "the initial page tables do not validate");
}

Test(builder, setcontext_fails)
{
    fails_cleanly(FAKE_SETCONTEXT, "vCPU 0's start state refused");
}

Test(builder, dom0_out_of_memory)
{
    harness_alloc_budget = 1;   /* the state, not the P2M */
    cr_assert_eq(build(NULL, 0), -XEN_ENOMEM);
    harness_alloc_budget = -1;
    cr_assert_str_eq(err, "dom0 is out of memory for a P2M of 2048 pages");
    cr_assert(fake_xc.destroyed);
    cr_assert_eq(harness_live_allocs, 0);
}

Test(builder, memory_refusals)
{
    fake_xc.free_pages = 1000;
    fails_cleanly(FAKE_NONE, "memory 8 MiB: only 3 MiB free");
    cr_assert_not(fake_xc.created, "refused before creating anything");
    cfg.memory_mib = 2;
    fails_cleanly(FAKE_NONE, "memory 2 MiB: too little for kernel 'k.elf', "
                  "whose start-of-day region needs 4096 KiB: raise memory");
}

Test(builder, kernel_refusals)
{
    static const char text[] = "#!/bin/sh\necho not a kernel\n";

    cr_assert_eq(builder_create(&cfg, text, sizeof(text), NULL, 0, &res,
                                err, sizeof(err)), -XEN_EINVAL);
    cr_assert(strstr(err, "kernel 'k.elf': not an ELF file"), "%s", err);
    fx_note_str(&fx, XEN_ELFNOTE_FEATURES, "!writable_page_tables");
    fx_len = fx_elf_build(&fx);
    fails_cleanly(FAKE_NONE, "kernel 'k.elf' requires Xen feature 0, which "
                  "this hypervisor does not provide to a domU");
    fx_note_str(&fx, XEN_ELFNOTE_FEATURES, "");
    fx_note_del(&fx, XEN_ELFNOTE_HYPERCALL_PAGE);
    fx_len = fx_elf_build(&fx);
    fails_cleanly(FAKE_NONE, "kernel 'k.elf' has no HYPERCALL_PAGE note");
    cr_assert_not(fake_xc.created);
}
