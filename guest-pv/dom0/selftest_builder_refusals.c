/*
 * selftest=builder: the builder's refusals, each with its message and
 * nothing left behind (no domain, free memory and dom0's heap exactly as
 * before), and 500 domains built and destroyed in a loop.
 */
#include <xen/errno.h>
#include <guest/kmalloc.h>
#include <guest/mm.h>
#include <guest/time.h>
#include <tools/files.h>
#include <tools/xc.h>
#include "selftest_builder.h"

#define LOOP_ROUNDS     500

/* The user program embedded in the kernel: an ELF with no Xen notes. */
extern const char user_image[], user_image_end[];

/* What must be the same before and after a refusal. */
struct snapshot {
    long free_pages;
    int domains;
    unsigned long heap_objects;
};

static void snapshot(struct snapshot *s)
{
    struct kmalloc_stats h;

    kmalloc_stats(&h);
    s->free_pages = builder_free_pages();
    s->domains = builder_nr_domains();
    s->heap_objects = h.objects;
}

static bool same(struct test *t, const struct snapshot *a)
{
    struct snapshot b;

    snapshot(&b);
    return expect_eq(t, "free pages", b.free_pages, a->free_pages) &&
           expect_eq(t, "domains", b.domains, a->domains) &&
           expect_eq(t, "dom0 heap objects", (long)b.heap_objects,
                     (long)a->heap_objects);
}

/* Builds cfg with kernel (NULL: the archive's): refused with msg. */
static void refused(struct test *t, const char *cfg, const void *kernel,
                    size_t len, int want_rc, const char *msg)
{
    struct builder_result res;
    struct snapshot s;
    char err[200] = "";
    int rc;

    if (t->failed)
        return;
    snapshot(&s);
    rc = builder_from_text(cfg, kernel, len, &res, err, sizeof(err));
    info("builder: refused (%d): %s\n", rc, err);
    if (!expect_eq(t, msg, rc, want_rc))
        return;
    if (strncmp(err, msg, strlen(msg)))
        test_fail(t, "message '%s', want '%s...'", err, msg);
    same(t, &s);
}

#define CFG(mem) "name = \"r\"\nkernel = \"k.elf\"\nmemory = " mem "\n"

void test_builder_refusals(struct test *t)
{
    const struct file *k = files_get(BUILDER_KERNEL);
    static const char text[] = "this is not a kernel";

    if (!expect_true(t, BUILDER_KERNEL " in the archive", k != NULL))
        return;
    refused(t, CFG("16"), text, sizeof(text), -XEN_EINVAL,
            "kernel 'k.elf': not an ELF file");
    refused(t, CFG("16"), k->data, 2048, -XEN_EINVAL,
            "kernel 'k.elf': not a usable ELF64 image");
    refused(t, CFG("16"), user_image, user_image_end - user_image,
            -XEN_EINVAL, "kernel 'k.elf': not a PV kernel, it has no Xen "
            "ELF notes");
    refused(t, CFG("1"), NULL, 0, -XEN_EINVAL,
            "memory 1 MiB: too little for kernel 'k.elf'");
    refused(t, CFG("1000000"), NULL, 0, -XEN_ENOMEM,
            "memory 1000000 MiB: only ");
    refused(t, "name = \"r\"\nkernel = \"k.elf\"\nmemory = 16\n"
            "cpus = \"7\"\n", NULL, 0, -XEN_EINVAL,
            "cpus: vCPU 0's CPUs 0x80 refused");
}

/*
 * XEN_DOMCTL_hypercall_init, the builder's one new hypercall: Xen's
 * refusals (a frame not the domain's, a frame that cannot be writable)
 * and the page it writes (stub 0: push %rcx; push %r11; mov $0,%eax).
 */
void test_builder_hypercall_init(struct test *t)
{
    static const uint8_t stub0[] = { 0x51, 0x41, 0x53, 0xb8, 0, 0, 0, 0 };
    unsigned long pfns[2] = { 0, 1 };
    struct snapshot s;
    uint32_t id;
    uint8_t *page;

    snapshot(&s);
    if (!expect_eq(t, "create", xc_domain_create(&id, 1), 0))
        return;
    expect_eq(t, "max_mem", xc_domain_max_mem(id, 64), 0);
    if (expect_eq(t, "populate", xc_domain_populate(id, pfns, 2), 2)) {
        expect_eq(t, "a frame of dom0's", xc_hypercall_page_init(id,
                  pfn_to_mfn(mm_first_free_pfn())), -XEN_EINVAL);
        expect_eq(t, "pin an L1", xc_pin_table(id, 1, pfns[1]), 0);
        expect_eq(t, "a page table", xc_hypercall_page_init(id, pfns[1]),
                  -XEN_EPERM);
        expect_eq(t, "its own page", xc_hypercall_page_init(id, pfns[0]), 0);
        page = xc_map_foreign(id, pfns[0], false);
        expect_true(t, "stub 0 written", page &&
                    !memcmp(page, stub0, sizeof(stub0)));
        if (page)
            xc_unmap_foreign(page);
    }
    expect_eq(t, "destroy", xc_domain_destroy(id), 0);
    expect_eq(t, "no such domain", xc_hypercall_page_init(id, pfns[0]),
              -XEN_ESRCH);
    same(t, &s);
}

/*
 * Each round builds a domain fully (populated, loaded, tables pinned,
 * vCPU set) and destroys it without running it.
 */
void test_builder_loop(struct test *t)
{
    static const char cfg[] = "name = \"loop\"\nkernel = \"guest.elf\"\n"
                              "memory = 4\n";
    struct builder_result res;
    struct snapshot s;
    char err[200];
    unsigned int round;
    uint64_t t0, built_ns = 0, destroyed_ns = 0;

    snapshot(&s);
    for (round = 0; round < LOOP_ROUNDS; round++) {
        int rc;

        t0 = time_now();
        rc = builder_from_text(cfg, NULL, 0, &res, err, sizeof(err));
        built_ns += time_now() - t0;
        if (rc) {
            test_fail(t, "round %u: %s", round, err);
            break;
        }
        t0 = time_now();
        rc = xc_domain_destroy(res.domid);
        destroyed_ns += time_now() - t0;
        if (!expect_eq(t, "destroy", rc, 0))
            break;
    }
    /* Figures for the log, never checked. */
    info("builder: loop: %u domains of 4 MiB built in %lu ms, destroyed in "
         "%lu ms\n", round, (unsigned long)(built_ns / NSEC_PER_MSEC),
         (unsigned long)(destroyed_ns / NSEC_PER_MSEC));
    info("builder: loop: %u domains built and destroyed, free pages %ld "
         "before, %ld after\n", round, s.free_pages, builder_free_pages());
    expect_eq(t, "rounds", round, LOOP_ROUNDS);
    same(t, &s);
}
