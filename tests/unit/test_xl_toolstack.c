/*
 * Unit tests for dom0's toolstack under the xl commands: the on_*
 * actions when a domain shuts down, console attach and detach, the store
 * served on a domain's ring, 500 domains made and destroyed with memory
 * exactly back, and dom0's shell.  Same harness as test_xl.c.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <abi/xen.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <tools/loop.h>
#include <tools/toolstack.h>
#include <tools/xl.h>
#include <tools/xl_shell.h>
#include <tools/xs_store.h>

#include "tools_env.h"
#include "fixtures/xl_harness.h"

TestSuite(xl_toolstack, .init = xl_setup, .fini = xl_teardown);

Test(xl_toolstack, shutdown_applies_on_poweroff_destroy)
{
    create_vm1();
    cr_assert_eq(xl("shutdown vm1"), 0, "%s", err);
    cr_assert_eq(ts_domains_changed(), 1);
    nothing_left();
    cr_assert(strstr(harness_log, "xl: domain 1 (vm1) powered off: "
                     "destroy"), "%s", harness_log);
}

Test(xl_toolstack, reboot_applies_on_reboot_restart)
{
    create_vm1();
    cr_assert_eq(xl("reboot vm1"), 0, "%s", err);
    cr_assert_eq(ts_domains_changed(), 1);
    cr_assert_null(fake_dom(1));
    cr_assert_not_null(ts_find_name("vm1"));
    cr_assert_eq(ts_find_name("vm1")->domid, 2);
    cr_assert_not(fake_dom(2)->flags & XEN_DOMINF_paused);
    cr_assert(strstr(harness_log, "'vm1' restarted as domain 2"), "%s",
              harness_log);
    cr_assert_eq(fake_live_maps, 2);
}

Test(xl_toolstack, crash_applies_on_crash_and_spares_the_others)
{
    fake_text("keep.cfg", "name='keep'\nkernel='guest.elf'\nmemory=8\n"
              "on_crash='preserve'\n");
    create_vm1();
    cr_assert_eq(xl("create keep.cfg"), 0, "%s", err);
    xc_domain_shutdown(1, SHUTDOWN_crash);
    cr_assert_eq(ts_domains_changed(), 1);
    cr_assert_null(ts_find(1), "on_crash destroy not applied");
    cr_assert_not_null(ts_find(2));
    cr_assert_eq(fake_dom(2)->flags & XEN_DOMINF_shutdown, 0);
    xc_domain_shutdown(2, SHUTDOWN_crash);
    cr_assert_eq(ts_domains_changed(), 1);
    cr_assert_not_null(ts_find(2), "preserve destroyed it");
    xl("list keep");
    cr_assert(strstr(out, " ----c-"), "%s", out);
    cr_assert_eq(ts_domains_changed(), 0, "a preserved domain acted on twice");
}

static struct fake_dom *talker;

static void guest_talks(void)
{
    fake_guest_console_write(talker, "tick\n");
}

Test(xl_toolstack, console_replays_follows_and_types)
{
    struct xencons_interface *ring;

    create_vm1();
    talker = fake_dom(1);
    ring = talker->cons;
    fake_guest_console_write(talker, "boot line\n");
    ts_poll();
    cr_assert_eq(ring->out_cons, ring->out_prod);
    fake_on_block = guest_talks;
    input = "ls\r\035ignored";
    cr_assert_eq(xl("console vm1"), 0, "%s", err);
    cr_assert(!strncmp(out, "boot line\n", 10), "%s", out);
    cr_assert_eq(ring->in_prod, 3);
    cr_assert_eq(memcmp(ring->in, "ls\r", 3), 0);
    cr_assert_str_eq(input, "ignored", "read past Ctrl-]");
}

static void guest_dies(void)
{
    xc_domain_shutdown(1, SHUTDOWN_poweroff);
    loop_domain_exception();
}

Test(xl_toolstack, console_ends_when_the_domain_goes)
{
    create_vm1();
    fake_on_block = guest_dies;
    cr_assert_eq(xl("console vm1"), 0, "%s", err);
    /* The next pass of the loop applied on_poweroff (destroy). */
    cr_assert(strstr(out, "[domain 1 has gone]"), "%s", out);
    nothing_left();
}

Test(xl_toolstack, create_destroy_loop_leaves_memory_exact)
{
    long allocs = harness_live_allocs;
    uint64_t free_pages = fake_free_pages;
    unsigned int i;

    for (i = 0; i < 500; i++) {
        cr_assert_eq(xl("create vm1.cfg"), 0, "round %u: %s", i, err);
        cr_assert_eq(xl("destroy vm1"), 0, "round %u: %s", i, err);
    }
    cr_assert_eq(fake_free_pages, free_pages);
    nothing_left();
    cr_assert_eq(harness_live_allocs, allocs);
}

/* dom0's shell: keys in, echo and commands out. */
static void keys(struct xl_shell *sh, const char *s)
{
    for (; *s; s++)
        xl_shell_key(sh, (unsigned char)*s);
}

Test(xl_toolstack, shell_runs_lines_as_xl_commands)
{
    struct xl_shell sh;

    out_len = err_len = 0;
    xl_shell_init(&sh, &io);
    cr_assert_str_eq(out, "dom0# ");
    keys(&sh, "lsx\bt\r");
    cr_assert(strstr(out, "dom0# lsx\b \bt\n"), "%s", out);
    cr_assert_eq(sh.last_status, XL_EXIT_FAIL);
    cr_assert(strstr(err, "unknown command 'lst'"), "%s", err);
    keys(&sh, "xl list\r");
    cr_assert(strstr(out, "\nDomain-0 "), "%s", out);
    cr_assert_eq(sh.last_status, 0);
    keys(&sh, "pause 'no such'\r");
    cr_assert(strstr(err, "no domain 'no such'"), "%s", err);
    keys(&sh, "list \"x\r");
    cr_assert(strstr(err, "dom0: unterminated quote"), "%s", err);
    keys(&sh, "garbage\x15" "info\r");
    cr_assert_eq(sh.last_status, 0, "Ctrl-U did not erase: %s", err);
    keys(&sh, "\r\r");
    cr_assert_eq(sh.last_status, 0);
}

Test(xl_toolstack, shell_split)
{
    char line[] = "  create  -c 'my vm.cfg' a\"b c\"d ";
    char *argv[8];

    cr_assert_eq(xl_shell_split(line, argv, 8), 4);
    cr_assert_str_eq(argv[0], "create");
    cr_assert_str_eq(argv[1], "-c");
    cr_assert_str_eq(argv[2], "my vm.cfg");
    cr_assert_str_eq(argv[3], "ab cd");
    strcpy(line, "a b c");
    cr_assert_eq(xl_shell_split(line, argv, 2), -1);
}

/* The store served on a built domain's ring: a request in, a reply out. */
Test(xl_toolstack, store_served_on_the_domain_ring)
{
    struct xenstore_domain_interface *intf;
    struct xsd_sockmsg msg = { .type = XS_READ, .req_id = 7, .len = 5 };
    struct xsd_sockmsg reply;
    unsigned int notifies;

    create_vm1();
    intf = fake_dom(1)->store;
    memcpy(intf->req, &msg, sizeof(msg));
    memcpy(intf->req + sizeof(msg), "name", 5);
    intf->req_prod = sizeof(msg) + 5;
    notifies = fake_notifies;
    ts_poll();
    cr_assert_eq(intf->req_cons, intf->req_prod);
    cr_assert_gt(fake_notifies, notifies, "the guest was not notified");
    cr_assert_eq(intf->rsp_prod, sizeof(reply) + 3);
    memcpy(&reply, intf->rsp, sizeof(reply));
    cr_assert_eq(reply.type, XS_READ);
    cr_assert_eq(reply.req_id, 7);
    cr_assert_eq(memcmp(intf->rsp + sizeof(reply), "vm1", 3), 0,
                 "a relative path reads the domain's own name node");
}

/*
 * The domain's view of its home, as libxl lays it out: it may list the
 * home and read dom0's nodes, write only in "data", which is its own.
 */
Test(xl_toolstack, domain_home_readable_data_writable)
{
    struct xs_conn *c;
    struct xs_buf buf;

    create_vm1();
    c = xs_domain_conn(ts_store(), 1);
    cr_assert_not_null(c);
    cr_assert_eq(xs_directory(c, 0, "/local/domain/1", &buf), 0);
    cr_assert_eq(xs_read(c, 0, "domid", &buf), 0);
    cr_assert_eq(xs_write(c, 0, "data/x", "1", 1), 0);
    cr_assert_eq(xs_get_perms(c, 0, "data", &buf), 0);
    cr_assert_eq(memcmp(buf.data, "n1", 3), 0, "data is the domain's");
    cr_assert_eq(xs_write(c, 0, "name", "x", 1), -XEN_EACCES);
    cr_assert_eq(xs_write(c, 0, "other", "x", 1), -XEN_EACCES);
    cr_assert_eq(xs_rm(c, 0, "data"), 0, "its own node");
}

static void guest_boots(void)
{
    if (fake_dom(1) && !fake_dom(1)->cons->out_prod)
        fake_guest_console_write(fake_dom(1), "first line\n");
}

/* create -c: built, unpaused, then attached until Ctrl-]. */
Test(xl_toolstack, create_c_attaches_the_console)
{
    fake_on_block = guest_boots;
    input = "";
    /* Ctrl-] only once the first line is there: typed after a pass. */
    cr_assert_eq(xl_run_keys("create -c vm1.cfg", "\035", 2), 0, "%s", err);
    cr_assert(strstr(out, "Domain 1 (vm1) created\nfirst line\n"), "%s",
              out);
    cr_assert_not(fake_dom(1)->flags & XEN_DOMINF_paused);
}

static void guest_reboots_once(void)
{
    static bool done;

    if (fake_dom(1) && !done) {
        done = true;
        xc_domain_shutdown(1, SHUTDOWN_reboot);
        loop_domain_exception();
    } else if (fake_dom(2) && !fake_dom(2)->cons->out_prod) {
        fake_guest_console_write(fake_dom(2), "booted again\n");
    }
}

/* on_reboot restart: the console follows the domain of that name. */
Test(xl_toolstack, console_follows_a_restart)
{
    create_vm1();
    fake_on_block = guest_reboots_once;
    cr_assert_eq(xl_run_keys("console vm1", "\035", 3), 0, "%s", err);
    cr_assert(strstr(out, "[domain 1 restarted as 2]\nbooted again\n"),
              "%s", out);
    cr_assert_eq(ts_find_name("vm1")->domid, 2);
}
