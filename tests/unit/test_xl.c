/*
 * Unit tests for the xl commands (dom0-tools/xl) over the toolstack
 * (dom0-tools/toolstack) and a fake hypervisor, builder and dom0 files
 * (fixtures/xc_fake.c): argument parsing, every command's output format,
 * list -l's JSON, and each refusal with its message and exit status,
 * leaving nothing behind.
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
#include "fixtures/xc_fake.h"

static char out[65536], err[4096];
static size_t out_len, err_len;
static const char *input;           /* what the operator types */

static void cap_out(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    cr_assert_lt(out_len + n, sizeof(out));
    memcpy(out + out_len, s, n);
    out_len += n;
    out[out_len] = '\0';
}

static void cap_err(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    cr_assert_lt(err_len + n, sizeof(err));
    memcpy(err + err_len, s, n);
    err_len += n;
    err[err_len] = '\0';
}

static int get_key(void *ctx)
{
    (void)ctx;
    return input && *input ? (unsigned char)*input++ : -1;
}

static const struct xl_io io = { cap_out, cap_err, get_key, NULL };

/* Runs "xl ARGS" (space-separated words). */
static int xl(const char *args)
{
    char buf[512], *argv[32], *p;
    int argc = 0;

    out_len = err_len = 0;
    out[0] = err[0] = '\0';
    snprintf(buf, sizeof(buf), "%s", args);
    for (p = strtok(buf, " "); p; p = strtok(NULL, " "))
        argv[argc++] = p;
    argv[argc] = NULL;
    return xl_run(argc, argv, &io);
}

#define ELF "\177ELF minimal guest"
#define CFG_VM1 "name = \"vm1\"\nkernel = \"guest.elf\"\nmemory = 16\n"

/* A text file in dom0. */
static void fake_text(const char *name, const char *text)
{
    fake_file(name, text, strlen(text));
}

static void setup(void)
{
    fake_reset();
    harness_log_reset();
    cr_assert_eq(ts_init(), 0);
    fake_file("guest.elf", ELF, sizeof(ELF) - 1);
    fake_file("vm1.cfg", CFG_VM1, strlen(CFG_VM1));
    input = NULL;
}

/* Whatever a test did, the toolstack must be able to let go of it all. */
static void teardown(void)
{
    ts_fini();
    fake_reset();
    cr_assert_eq(harness_live_allocs, 0, "leaked %ld allocations",
                 harness_live_allocs);
}

TestSuite(xl, .init = setup, .fini = teardown);

/* Nothing of a refused command may remain. */
static void nothing_left(void)
{
    cr_assert_eq(fake_domain_count(), 1, "a domain was left behind");
    cr_assert_eq(fake_free_pages, FAKE_TOTAL_PAGES - FAKE_DOM0_PAGES);
    cr_assert_null(ts_first());
    cr_assert_eq(fake_live_maps, 0);
    cr_assert_eq(fake_bound_ports, 0);
}

static uint32_t create_vm1(void)
{
    cr_assert_eq(xl("create vm1.cfg"), 0, "create: %s", err);
    cr_assert_not_null(ts_find_name("vm1"));
    return ts_find_name("vm1")->domid;
}

Test(xl, help_lists_every_command)
{
    static const char *const cmds[] = { "create", "list", "console",
        "destroy", "shutdown", "reboot", "pause", "unpause", "info", "dmesg",
        "vcpu-list", "vcpu-pin", "sched-credit", "top", "help" };
    unsigned int i;

    cr_assert_eq(xl("help"), 0);
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        cr_assert(strstr(out, cmds[i]), "help does not list %s", cmds[i]);
    cr_assert_eq(xl(""), 0);
    cr_assert(strstr(out, "Commands:"));
    cr_assert_eq(xl("xl -h"), 0);
    cr_assert(strstr(out, "Commands:"));
}

Test(xl, help_of_one_command)
{
    cr_assert_eq(xl("list -h"), 0);
    cr_assert(strstr(out, "usage: xl list [-l] [domain...]\n"), "%s", out);
    cr_assert(strstr(out, " -l  JSON"));
    cr_assert_eq(xl("help create"), 0);
    cr_assert(strstr(out, "usage: xl create [-c] [-p] <ConfigFile>"));
    cr_assert_eq(xl("help frobnicate"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl help: unknown command 'frobnicate' "
                     "(xl help lists them)\n");
}

Test(xl, unknown_command_and_options)
{
    cr_assert_eq(xl("frobnicate"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl: unknown command 'frobnicate' "
                     "(xl help lists them)\n");
    cr_assert_eq(xl("list -z"), XL_EXIT_USAGE);
    cr_assert_str_eq(err, "xl list: unknown option '-z'\nusage: xl list "
                     "[-l] [domain...] (xl help list)\n");
    cr_assert_eq(xl("destroy"), XL_EXIT_USAGE);
    cr_assert(strstr(err, "xl destroy: missing argument\n"), "%s", err);
    cr_assert_eq(xl("pause a b"), XL_EXIT_USAGE);
    cr_assert(strstr(err, "xl pause: too many arguments\n"), "%s", err);
    cr_assert_eq(xl("sched-credit -d"), XL_EXIT_USAGE);
    cr_assert(strstr(err, "option '-d' needs a value"), "%s", err);
    cr_assert_str_eq(out, "");
}

Test(xl, list_shows_xl_columns)
{
    cr_assert_eq(xl("list"), 0);
    cr_assert_str_eq(out,
        "Name                                        ID   Mem VCPUs  State   Time(s)\n"
        "Domain-0                                     0    32     1 r-----       2.5\n");
    create_vm1();
    cr_assert_eq(xl("list vm1"), 0);
    cr_assert(strstr(out, "\nvm1                                          1    16     1 -b----       0.0\n"),
              "%s", out);
    cr_assert_eq(xl("list nosuch"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl list: no domain 'nosuch' (xl list shows the "
                     "domains)\n");
}

Test(xl, list_l_is_json)
{
    fake_text("q.cfg", "name='q'\nkernel='guest.elf'\nmemory=8\n"
              "cmdline='say \"hi\"\\\\'\non_crash='preserve'\n");
    cr_assert_eq(xl("create q.cfg"), 0, "%s", err);
    cr_assert_eq(xl("list -l q"), 0, "%s", err);
    cr_assert_str_eq(out,
        "[\n"
        "    {\n"
        "        \"domid\": 1,\n"
        "        \"name\": \"q\",\n"
        "        \"state\": \"-b----\",\n"
        "        \"memkb\": 8192,\n"
        "        \"max_memkb\": 8192,\n"
        "        \"online_vcpus\": 1,\n"
        "        \"cpu_time_ns\": 0,\n"
        "        \"config\": {\n"
        "            \"c_info\": {\n"
        "                \"type\": \"pv\",\n"
        "                \"name\": \"q\"\n"
        "            },\n"
        "            \"b_info\": {\n"
        "                \"max_vcpus\": 1,\n"
        "                \"max_memkb\": 8192,\n"
        "                \"target_memkb\": 8192,\n"
        "                \"kernel\": \"guest.elf\",\n"
        "                \"ramdisk\": \"\",\n"
        "                \"cmdline\": \"say \\\"hi\\\"\\\\\"\n"
        "            },\n"
        "            \"on_poweroff\": \"destroy\",\n"
        "            \"on_reboot\": \"restart\",\n"
        "            \"on_crash\": \"preserve\"\n"
        "        }\n"
        "    }\n"
        "]\n");
    cr_assert_eq(xl("list -l"), 0);
    cr_assert(!strncmp(out, "[\n    {\n        \"domid\": 0,\n        "
                       "\"name\": \"Domain-0\",", 52), "%s", out);
    cr_assert(strstr(out, "    },\n    {\n        \"domid\": 1,"), "%s", out);
}

Test(xl, create_builds_serves_and_unpauses)
{
    struct xs_conn *c;
    struct xs_buf v;
    uint32_t id;

    cr_assert_eq(xl("create vm1.cfg"), 0, "%s", err);
    cr_assert_str_eq(out, "Parsing config from vm1.cfg\n"
                     "Domain 1 (vm1) created\n");
    id = ts_find_name("vm1")->domid;
    cr_assert_eq(id, 1);
    cr_assert_not(fake_dom(id)->flags & XEN_DOMINF_paused);
    cr_assert_eq(fake_live_maps, 2);
    cr_assert_eq(fake_bound_ports, 2);
    cr_assert(xs_is_introduced(ts_store(), id));
    c = xs_conn_create(ts_store(), 0);
    cr_assert_eq(xs_read(c, 0, "/local/domain/1/name", &v), 0);
    cr_assert_eq(v.len, 3);
    cr_assert_eq(memcmp(v.data, "vm1", 3), 0);
    cr_assert_eq(xs_read(c, 0, "/local/domain/1/console/ring-ref", &v), 0);
    cr_assert_eq(memcmp(v.data, "4098", 4), 0);
    cr_assert_eq(xs_read(c, 0, "/local/domain/1/memory/target", &v), 0);
    cr_assert_eq(memcmp(v.data, "16384", 5), 0);
    xs_conn_destroy(c);
}

Test(xl, create_p_leaves_it_paused)
{
    cr_assert_eq(xl("create -p vm1.cfg"), 0, "%s", err);
    cr_assert(strstr(out, "Domain 1 (vm1) created, paused\n"));
    cr_assert(fake_dom(1)->flags & XEN_DOMINF_paused);
    cr_assert_eq(xl("unpause vm1"), 0, "%s", err);
    cr_assert_not(fake_dom(1)->flags & XEN_DOMINF_paused);
}

/* A create refused with this message leaves nothing anywhere. */
static void create_refused(const char *cfgname, const char *msg)
{
    cr_assert_eq(xl(cfgname), XL_EXIT_FAIL, "accepted: %s", cfgname);
    cr_assert_str_eq(err, msg);
    nothing_left();
}

Test(xl, create_refusals)
{
    fake_text("bad.cfg", "name = \"x\"\nkernel \"k\"\n");
    fake_text("nok.cfg", "name='x'\nkernel='missing.elf'\n");
    fake_text("txt", "just text");
    fake_text("nelf.cfg", "name='x'\nkernel='txt'\n");
    fake_text("big.cfg", "name='x'\nkernel='guest.elf'\nmemory=4096\n");
    fake_text("d0.cfg", "name='Domain-0'\nkernel='guest.elf'\n");
    create_refused("create nosuch.cfg", "xl create: config 'nosuch.cfg': no "
                   "such file in dom0 (upload it with the host's xl, or "
                   "check the name)\n");
    create_refused("create bad.cfg", "xl create: bad.cfg:2: expected '=' "
                   "after the key 'kernel' (got string \"k\")\n");
    create_refused("create nok.cfg", "xl create: kernel 'missing.elf': no "
                   "such file in dom0 (upload it with the host's xl, or "
                   "check the path)\n");
    create_refused("create nelf.cfg", "xl create: kernel 'txt': not an ELF "
                   "file\n");
    create_refused("create big.cfg", "xl create: memory 4096 MiB: only 224 "
                   "MiB free\n");
    create_refused("create d0.cfg", "xl create: the name 'Domain-0' is "
                   "dom0's: choose another name in the configuration\n");
}

Test(xl, create_refuses_a_duplicate_name)
{
    create_vm1();
    cr_assert_eq(xl("create vm1.cfg"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl create: a domain named 'vm1' already exists "
                     "(id 1): destroy it or choose another name\n");
    cr_assert_eq(fake_domain_count(), 2);
}

Test(xl, create_failing_midway_leaves_nothing)
{
    fake_builder_fail = true;
    create_refused("create vm1.cfg", "xl create: populating memory failed\n");
    fake_map_fail = true;
    cr_assert_eq(xl("create vm1.cfg"), XL_EXIT_FAIL);
    cr_assert(strstr(err, "connecting its store and console failed"), "%s",
              err);
    fake_map_fail = false;
    nothing_left();
    cr_assert_not(xs_is_introduced(ts_store(), 2));
}

Test(xl, create_warns_about_unknown_keys)
{
    fake_text("w.cfg", "name='w'\nkernel='guest.elf'\nvif=['bridge=br0']\n");
    cr_assert_eq(xl("create w.cfg"), 0, "%s", err);
    cr_assert(strstr(err, "xl create: warning: w.cfg:3: unknown key 'vif' "
                     "ignored\n"), "%s", err);
    cr_assert_str_eq(harness_log, "", "the warning went to dom0's log");
}

Test(xl, destroy_frees_everything)
{
    uint32_t id = create_vm1();

    cr_assert_eq(xl("destroy vm1"), 0, "%s", err);
    nothing_left();
    cr_assert_not(xs_is_introduced(ts_store(), id));
    id = create_vm1();
    cr_assert_eq(id, 2);
    cr_assert_eq(xl("destroy 2"), 0, "%s", err);
    nothing_left();
}

Test(xl, lifecycle_refusals)
{
    cr_assert_eq(xl("destroy nosuch"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl destroy: no domain 'nosuch' (xl list shows "
                     "the domains)\n");
    cr_assert_eq(xl("destroy 0"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl destroy: Domain-0 runs the toolstack: it "
                     "cannot be destroyd from here\n");
    cr_assert_eq(xl("pause Domain-0"), XL_EXIT_FAIL);
    cr_assert_eq(xl("unpause 77"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl unpause: no domain '77' (xl list shows the "
                     "domains)\n");
    create_vm1();
    cr_assert_eq(xl("unpause vm1"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl unpause: domain 1 (vm1) is not paused\n");
}

Test(xl, pause_and_unpause)
{
    create_vm1();
    cr_assert_eq(xl("pause vm1"), 0, "%s", err);
    cr_assert(fake_dom(1)->flags & XEN_DOMINF_paused);
    xl("list vm1");
    cr_assert(strstr(out, " --p---") || strstr(out, " -bp---"), "%s", out);
    cr_assert_eq(xl("unpause 1"), 0, "%s", err);
    cr_assert_not(fake_dom(1)->flags & XEN_DOMINF_paused);
}

/* shutdown, reboot and a crash, each with the action of its on_ key. */
Test(xl, shutdown_applies_on_poweroff_destroy)
{
    create_vm1();
    cr_assert_eq(xl("shutdown vm1"), 0, "%s", err);
    cr_assert_eq(ts_domains_changed(), 1);
    nothing_left();
    cr_assert(strstr(harness_log, "xl: domain 1 (vm1) powered off: "
                     "destroy"), "%s", harness_log);
}

Test(xl, reboot_applies_on_reboot_restart)
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

Test(xl, crash_applies_on_crash_and_spares_the_others)
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

Test(xl, console_replays_follows_and_types)
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

Test(xl, console_ends_when_the_domain_goes)
{
    create_vm1();
    fake_on_block = guest_dies;
    cr_assert_eq(xl("console vm1"), 0, "%s", err);
    /* The next pass of the loop applied on_poweroff (destroy). */
    cr_assert(strstr(out, "[domain 1 has gone]"), "%s", out);
    nothing_left();
}

Test(xl, console_refusals)
{
    cr_assert_eq(xl("console Domain-0"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl console: domain 0 has no console served by "
                     "this toolstack (only domains made by xl create do)\n");
    cr_assert_eq(xl("console"), XL_EXIT_USAGE);
}

Test(xl, info_and_dmesg)
{
    cr_assert_eq(xl("info"), 0, "%s", err);
    cr_assert(strstr(out, "nr_cpus                 : 1\n"), "%s", out);
    cr_assert(strstr(out, "total_memory            : 256\n"), "%s", out);
    cr_assert(strstr(out, "free_memory             : 224\n"), "%s", out);
    cr_assert(strstr(out, "domains                 : 1\n"), "%s", out);
    cr_assert_eq(xl("info extra"), XL_EXIT_USAGE);
    cr_assert_eq(xl("dmesg"), 0);
    cr_assert_str_eq(out, "(XEN) xpv booting\n");
    cr_assert_not(fake_dmesg_cleared);
    cr_assert_eq(xl("dmesg -c"), 0);
    cr_assert(fake_dmesg_cleared);
}

Test(xl, vcpu_list_and_pin)
{
    create_vm1();
    cr_assert_eq(xl("vcpu-list vm1"), 0, "%s", err);
    cr_assert_str_eq(out,
        "Name                                ID  VCPU   CPU State   Time(s)  Affinity (Hard)\n"
        "vm1                                  1     0     0   -b-       0.0  all\n");
    cr_assert_eq(xl("vcpu-pin vm1 0 0,2-4"), 0, "%s", err);
    cr_assert_eq(fake_dom(1)->affinity[0], 0x1dULL);
    xl("vcpu-list 1");
    cr_assert(strstr(out, "  0,2-4\n"), "%s", out);
    cr_assert_eq(xl("vcpu-pin vm1 all all"), 0, "%s", err);
    cr_assert_eq(fake_dom(1)->affinity[0], ~0ULL);
    cr_assert_eq(xl("vcpu-pin vm1 1 0"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl vcpu-pin: vcpu '1': expected 'all' or a "
                     "number from 0 to 0\n");
    cr_assert_eq(xl("vcpu-pin vm1 0 64"), XL_EXIT_FAIL);
    cr_assert(strstr(err, "xl vcpu-pin: cpus '64': "), "%s", err);
    cr_assert_eq(xl("vcpu-pin vm1 0 3"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl vcpu-pin: vcpu 0 of domain 1: EINVAL (no "
                     "online CPU in that list?)\n");
    cr_assert_eq(xl("vcpu-list"), 0);
    cr_assert(strstr(out, "\nDomain-0 "), "%s", out);
}

Test(xl, sched_credit)
{
    create_vm1();
    cr_assert_eq(xl("sched-credit"), 0, "%s", err);
    cr_assert_str_eq(out,
        "Name                                ID Weight  Cap\n"
        "Domain-0                             0    256    0\n"
        "vm1                                  1    256    0\n");
    cr_assert_eq(xl("sched-credit -d vm1 -w 512 -c 50"), 0, "%s", err);
    cr_assert_eq(fake_dom(1)->weight, 512);
    cr_assert_eq(fake_dom(1)->cap, 50);
    cr_assert_eq(xl("sched-credit -d vm1 -w 0"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl sched-credit: weight '0': expected a number "
                     "from 1 to 65535\n");
    cr_assert_eq(xl("sched-credit -d vm1 -c 101"), XL_EXIT_FAIL);
    cr_assert_str_eq(err, "xl sched-credit: domain 1: EINVAL (the cap is at "
                     "most 100 per vCPU)\n");
    cr_assert_eq(fake_dom(1)->cap, 50, "a refused set changed the cap");
    cr_assert_eq(xl("sched-credit -w 5"), XL_EXIT_USAGE);
    cr_assert_eq(xl("sched-credit -d vm1"), 0);
    cr_assert(strstr(out, "\nvm1                                  1    512   50\n"),
              "%s", out);
}

static void domains_work(void)
{
    struct fake_dom *d = fake_dom(1);

    /* Per 10 ms: 2 ms of CPU, 30 hypercalls, 5 events sent, 5 upcalls. */
    d->cpu_time += 2000000;
    d->stats.hypercalls[__HYPERVISOR_event_channel_op] += 10;
    d->stats.hypercalls_other += 20;
    d->stats.events_sent += 5;
    d->stats.upcalls += 5;
}

Test(xl, top_reports_rates)
{
    create_vm1();
    fake_on_block = domains_work;
    cr_assert_eq(xl("top -n 2 -d 1"), 0, "%s", err);
    cr_assert(strstr(out, "NAME                    ID  STATE  CPU(%)   "
                     "MEM(k) VCPUS   HCALLS/s   EVENTS/s\n"), "%s", out);
    cr_assert(strstr(out, "\nvm1                      1 -b----    20.0    "
                     "16384     1       3000       1000\n"), "%s", out);
    cr_assert_eq(xl("top -n 0"), XL_EXIT_USAGE);
    input = "q";
    cr_assert_eq(xl("top"), 0, "q did not quit");
}

/* 500 domains made and destroyed: the hypervisor's and dom0's memory
 * exactly where they started. */
Test(xl, create_destroy_loop_leaves_memory_exact)
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

Test(xl, shell_runs_lines_as_xl_commands)
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

Test(xl, shell_split)
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
Test(xl, store_served_on_the_domain_ring)
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
