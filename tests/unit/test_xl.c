/*
 * Unit tests for the xl commands (dom0-tools/xl) over the toolstack and
 * a fake hypervisor, builder and clock (fixtures/xc_fake.c): argument
 * parsing, every command's output format, list -l's JSON, and each
 * refusal with its message and exit status, leaving nothing behind.
 * The toolstack's own behaviour (on_* actions, consoles, the store, the
 * shell) is in test_xl_toolstack.c.
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

TestSuite(xl, .init = xl_setup, .fini = xl_teardown);

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
