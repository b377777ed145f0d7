/*
 * selftest=builder, run as dom0 booted with its initrd (the Makefile's
 * ustar archive): the kernel heap, the boot files, and the domain builder
 * building the archive's guest.elf as a domU that runs its own
 * self-test (its lines, "(dN) ...", in the hypervisor's log) and powers
 * off; the refusals and the 500-domain loop are in
 * selftest_builder_refusals.c.  Free memory (physinfo) and dom0's heap
 * are back exactly where they were after each case.
 */
#include <xen/errno.h>
#include <guest/hypervisor.h>
#include <guest/kmalloc.h>
#include <guest/mm.h>
#include <guest/thread.h>
#include <guest/time.h>
#include <guest/vmap.h>
#include <tools/files.h>
#include <tools/xc.h>
#include <tools/xlcfg.h>
#include "selftest_builder.h"

/* How long the domU may take to run its self-test and power off. */
#define RUN_TIMEOUT_NS  (120 * NSEC_PER_SEC)
#define RUN_POLL_NS     (20 * NSEC_PER_MSEC)

long builder_free_pages(void)
{
    struct xen_sysctl_physinfo pi;
    int rc = xc_physinfo(&pi);

    return rc ? rc : (long)pi.free_pages;
}

int builder_nr_domains(void)
{
    static struct xen_domctl_getdomaininfo list[64];

    return xc_domain_getinfolist(0, ARRAY_SIZE(list), list);
}

int builder_from_text(const char *cfg_text, const void *kernel,
                      size_t kernel_len, struct builder_result *res,
                      char *err, size_t errlen)
{
    struct xlcfg_domain *cfg = kzalloc(sizeof(*cfg));
    const struct file *k = files_get(BUILDER_KERNEL);
    int rc;

    if (!cfg || !k) {
        snprintf(err, errlen, "%s", cfg ? "no " BUILDER_KERNEL " in the "
                 "initrd" : "out of memory");
        kfree(cfg);
        return -XEN_ENOMEM;
    }
    rc = xlcfg_parse_domain("test.cfg", cfg_text, strlen(cfg_text), cfg,
                            err, errlen);
    if (!rc)
        rc = builder_create(cfg, kernel ? kernel : k->data,
                            kernel ? kernel_len : k->len, NULL, 0, res,
                            err, errlen);
    kfree(cfg);
    return rc;
}

/* ---- the heap ---- */

static const size_t heap_sizes[] = {
    1, 16, 17, 100, 512, 1000, 1024, 1025, 4080, 4096, 20000, 300000,
};

/* One round: allocate every size, fill, check, free in another order. */
static bool heap_round(struct test *t)
{
    uint8_t *p[ARRAY_SIZE(heap_sizes)];
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(heap_sizes); i++) {
        p[i] = kmalloc(heap_sizes[i]);
        if (!expect_true(t, "kmalloc", p[i] != NULL))
            return false;
        expect_eq(t, "16-byte aligned", (unsigned long)p[i] % 16, 0);
        memset(p[i], (int)i + 1, heap_sizes[i]);
    }
    for (i = 0; i < ARRAY_SIZE(heap_sizes); i++)
        if (p[i][0] != i + 1 || p[i][heap_sizes[i] - 1] != i + 1)
            test_fail(t, "object %u was overwritten", i);
    for (i = 0; i < ARRAY_SIZE(heap_sizes); i += 2)
        kfree(p[i]);
    for (i = 1; i < ARRAY_SIZE(heap_sizes); i += 2)
        kfree(p[i]);
    return !t->failed;
}

static void test_builder_heap(struct test *t)
{
    struct kmalloc_stats before, after;
    unsigned long frames, vpages;
    uint8_t *z;

    kmalloc_stats(&before);
    if (!heap_round(t))
        return;
    /* The first round made the slab pages; the second needs no more. */
    frames = frames_free();
    vpages = vmap_pages_reserved();
    heap_round(t);
    kmalloc_stats(&after);
    expect_eq(t, "objects back", after.objects, before.objects);
    expect_eq(t, "large pages back", after.large_pages, before.large_pages);
    expect_eq(t, "frames back", frames_free(), frames);
    expect_eq(t, "address space back", vmap_pages_reserved(), vpages);
    z = kzalloc(5000);
    expect_true(t, "kzalloc zeroes", z && !z[0] && !z[4999]);
    kfree(z);
    expect_true(t, "kfree(NULL) is harmless", (kfree(NULL), true));
    expect_true(t, "no memory for 1 TiB", kmalloc(1ull << 40) == NULL);
}

/* ---- the boot files ---- */

static void test_builder_files(struct test *t)
{
    static const char *const examples[] = { "guest1.cfg", "guest2.cfg" };
    const struct file *k = files_get(BUILDER_KERNEL), *c;
    struct xlcfg_domain *cfg = kzalloc(sizeof(*cfg));
    char err[160];

    if (!expect_true(t, BUILDER_KERNEL " in the archive", k != NULL) ||
        !expect_true(t, "memory", cfg != NULL))
        goto out;
    expect_true(t, "an ELF image", k->len > 64 &&
                !memcmp(k->data, "\177ELF", 4));
    for (unsigned int i = 0; i < ARRAY_SIZE(examples); i++) {
        c = files_get(examples[i]);
        if (!c)
            test_fail(t, "%s is not in the archive", examples[i]);
        else if (xlcfg_parse_domain(c->name, c->data, c->len, cfg, err,
                                    sizeof(err)))
            test_fail(t, "%s: %s", examples[i], err);
    }
    expect_eq(t, "put", files_put("t.cfg", "x=1\n", 4, err, sizeof(err)), 0);
    expect_eq(t, "put replaces", files_put("t.cfg", "y", 1, err,
                                           sizeof(err)), 0);
    expect_eq(t, "its length", files_get("t.cfg")->len, 1);
    expect_eq(t, "remove", files_remove("t.cfg"), 0);
    expect_true(t, "gone", files_get("t.cfg") == NULL);
out:
    kfree(cfg);
}

/* ---- a domU built, run and destroyed ---- */

/* Polls until domid has shut down; its shutdown reason, or -1. */
static int wait_shutdown(uint32_t domid)
{
    struct xen_domctl_getdomaininfo info;
    uint64_t end = time_now() + RUN_TIMEOUT_NS;

    while (time_now() < end) {
        if (xc_domain_getinfo(domid, &info))
            return -1;
        if (info.flags & XEN_DOMINF_shutdown)
            return (info.flags >> XEN_DOMINF_shutdownshift) &
                   XEN_DOMINF_shutdownmask;
        thread_sleep(RUN_POLL_NS);
    }
    return -1;
}

static void test_builder_run(struct test *t)
{
    static const char cfg[] = "name = \"run1\"\nkernel = \"guest.elf\"\n"
                              "memory = 16\nvcpus = 1\n";
    struct xen_domctl_getdomaininfo info;
    struct kmalloc_stats h0, h1;
    struct builder_result res;
    long free0 = builder_free_pages();
    char err[160];
    uint64_t t0;
    int rc;

    kmalloc_stats(&h0);
    t0 = time_now();
    rc = builder_from_text(cfg, NULL, 0, &res, err, sizeof(err));
    if (!expect_eq(t, "builder_create", rc, 0)) {
        test_fail(t, "builder_create: %s", err);
        return;
    }
    /* A figure for the log, never checked: tests assert no timings. */
    info("builder: built dom%u in %lu us: store mfn %#lx port %u, console "
         "mfn %#lx port %u\n", res.domid,
         (unsigned long)((time_now() - t0) / NSEC_PER_USEC), res.store_mfn,
         res.store_port, res.console_mfn, res.console_port);
    expect_eq(t, "getdomaininfo", xc_domain_getinfo(res.domid, &info), 0);
    expect_true(t, "left paused", info.flags & XEN_DOMINF_paused);
    expect_eq(t, "all its memory", (long)info.tot_pages, 16 * 256);
    expect_eq(t, "unpause", xc_domain_unpause(res.domid), 0);
    expect_eq(t, "it powered off", wait_shutdown(res.domid),
              SHUTDOWN_poweroff);
    expect_eq(t, "destroy", xc_domain_destroy(res.domid), 0);
    expect_eq(t, "free pages back", builder_free_pages(), free0);
    kmalloc_stats(&h1);
    expect_eq(t, "dom0 heap back", h1.objects, h0.objects);
}

static const struct test_case builder_cases[] = {
    { "builder_heap", test_builder_heap },
    { "builder_files", test_builder_files },
    { "builder_run", test_builder_run },
    { "builder_refusals", test_builder_refusals },
    { "builder_hypercall_init", test_builder_hypercall_init },
    { "builder_loop", test_builder_loop },
};

const struct test_suite selftest_builder_suite = {
    "builder", builder_cases, ARRAY_SIZE(builder_cases), NULL, NULL,
};
