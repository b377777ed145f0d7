/*
 * Self-test cases for hypercall results and error returns.  The expected
 * values are real Xen 4.17's, observed by running this guest as its dom0
 * (scripts/run-on-xen.sh); where Xen's behaviour is not obvious from its
 * headers, the comment says what Xen does.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <xen/features.h>
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/layout.h>
#include <guest/selftest.h>
#include <guest/traps.h>

extern char _end[];

void test_start_info(struct test *t)
{
    const start_info_t *si = start_info;
    unsigned long sif = SIF_PRIVILEGED | SIF_INITDOMAIN;
    /* The role this kernel was given: dom0 has both flags, a domU none. */
    unsigned long want = si->flags & SIF_INITDOMAIN ? sif : 0;
    unsigned long si_va = (unsigned long)si;
    unsigned long mfn_end = si->mfn_list + si->nr_pages * sizeof(xen_pfn_t);
    uint64_t word;

    info("start_info magic \"%.32s\" nr_pages %lu flags 0x%x\n",
         si->magic, si->nr_pages, si->flags);
    info("pt_base 0x%lx nr_pt_frames %lu mfn_list 0x%lx\n",
         si->pt_base, si->nr_pt_frames, si->mfn_list);
    info("cmd_line \"%.*s\"\n", MAX_GUEST_CMDLINE, (char *)si->cmd_line);
    expect_true(t, "magic is xen-3.0-x86_64",
                !strncmp(si->magic, "xen-3.0-x86_64", 14));
    expect_eq(t, "flags & (PRIVILEGED|INITDOMAIN)", si->flags & sif, want);
    expect_true(t, "nr_pages > 0", si->nr_pages > 0);
    /* Xen's documented order: image, mfn_list, start_info, page tables. */
    expect_true(t, "mfn_list after the kernel image",
                si->mfn_list >= (unsigned long)_end);
    expect_true(t, "start_info after mfn_list", si_va >= mfn_end);
    expect_true(t, "pt_base after start_info", si->pt_base > si_va);
    expect_true(t, "mfn_list readable", probe_read(si->mfn_list, &word));
    expect_true(t, "pt_base readable", probe_read(si->pt_base, &word));
}

/* A buffer with a canary after `len` bytes, to see how much Xen wrote. */
#define CANARY 0xa5

static bool canary_intact(const unsigned char *buf, size_t from, size_t to)
{
    for (; from < to; from++)
        if (buf[from] != CANARY)
            return false;
    return true;
}

static void version_strings(struct test *t)
{
    unsigned char extra[XEN_EXTRAVERSION_LEN + 16];
    xen_compile_info_t ci;
    xen_capabilities_info_t caps;
    xen_changeset_info_t cs;

    memset(extra, CANARY, sizeof(extra));
    expect_eq(t, "extraversion", HYPERVISOR_xen_version(XENVER_extraversion,
                                                        extra), 0);
    expect_true(t, "extraversion writes exactly 16 bytes",
                canary_intact(extra, XEN_EXTRAVERSION_LEN, sizeof(extra)));
    expect_eq(t, "compile_info",
              HYPERVISOR_xen_version(XENVER_compile_info, &ci), 0);
    expect_eq(t, "capabilities",
              HYPERVISOR_xen_version(XENVER_capabilities, caps), 0);
    caps[sizeof(caps) - 1] = '\0';
    expect_true(t, "capabilities has xen-3.0-x86_64",
                strstr(caps, "xen-3.0-x86_64") != NULL);
    expect_eq(t, "changeset", HYPERVISOR_xen_version(XENVER_changeset, cs),
              0);
    info("extraversion \"%.16s\" capabilities \"%.64s\"\n",
         (char *)extra, caps);
    info("compiler \"%.64s\" changeset \"%.64s\"\n", ci.compiler, cs);
}

static void version_platform(struct test *t)
{
    xen_platform_parameters_t pp = { 0 };
    xen_feature_info_t fi = { .submap_idx = 0 };
    unsigned char handle[sizeof(xen_domain_handle_t) + 16];

    expect_eq(t, "platform_parameters",
              HYPERVISOR_xen_version(XENVER_platform_parameters, &pp), 0);
    expect_true(t, "virt_start == HYPERVISOR_VIRT_START",
                pp.virt_start == HYPERVISOR_VIRT_START);
    expect_eq(t, "get_features(0)",
              HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    info("features submap 0: 0x%x\n", fi.submap);
    expect_eq(t, "XENFEAT_dom0 set exactly for the initial domain",
              !!(fi.submap & (1u << XENFEAT_dom0)),
              !!(start_info->flags & SIF_INITDOMAIN));
    /* Xen has XENFEAT_NR_SUBMAPS (1) submaps; past them it says -EINVAL. */
    fi.submap_idx = XENFEAT_NR_SUBMAPS;
    expect_eq(t, "get_features(NR_SUBMAPS)",
              HYPERVISOR_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
    expect_eq(t, "pagesize", HYPERVISOR_xen_version(XENVER_pagesize, NULL),
              PAGE_SIZE);
    memset(handle, CANARY, sizeof(handle));
    expect_eq(t, "guest_handle",
              HYPERVISOR_xen_version(XENVER_guest_handle, handle), 0);
    expect_true(t, "guest_handle writes exactly 16 bytes",
                canary_intact(handle, 16, sizeof(handle)));
}

void test_xen_version(struct test *t)
{
    long ver = HYPERVISOR_xen_version(XENVER_version, NULL);

    info("xen_version %ld.%ld\n", ver >> 16, ver & 0xffff);
    expect_true(t, "version > 0", ver > 0);
    version_strings(t);
    version_platform(t);
    expect_eq(t, "unknown sub-op 64",
              HYPERVISOR_xen_version(64, NULL), -XEN_ENOSYS);
}

void test_unknown_hypercall(struct test *t)
{
    expect_eq(t, "hypercall 63", HYPERVISOR_raw(63, 0, 0, 0, 0, 0),
              -XEN_ENOSYS);
    expect_eq(t, "hypercall arch_7",
              HYPERVISOR_raw(__HYPERVISOR_arch_7, 0, 0, 0, 0, 0),
              -XEN_ENOSYS);
    expect_eq(t, "hypercall 127", HYPERVISOR_raw(127, 0, 0, 0, 0, 0),
              -XEN_ENOSYS);
}

void test_bad_pointer(struct test *t)
{
    void *xen = (void *)TEST_XEN_ADDR, *low = (void *)TEST_LOW_ADDR;

    expect_eq(t, "console_io write from Xen's range",
              HYPERVISOR_console_io(CONSOLEIO_write, 8, xen), -XEN_EFAULT);
    expect_eq(t, "console_io write from an unmapped page",
              HYPERVISOR_console_io(CONSOLEIO_write, 8, low), -XEN_EFAULT);
    expect_eq(t, "extraversion into Xen's range",
              HYPERVISOR_xen_version(XENVER_extraversion, xen), -XEN_EFAULT);
    expect_eq(t, "extraversion into an unmapped page",
              HYPERVISOR_xen_version(XENVER_extraversion, low), -XEN_EFAULT);
    expect_eq(t, "extraversion into a non-canonical address",
              HYPERVISOR_xen_version(XENVER_extraversion,
                                     (void *)TEST_NONCANON), -XEN_EFAULT);
}

/* One multicall entry calling xen_version(cmd, arg). */
static void mc_version(multicall_entry_t *mc, unsigned long cmd,
                       unsigned long arg)
{
    *mc = (multicall_entry_t){ .op = __HYPERVISOR_xen_version };
    mc->args[0] = cmd;
    mc->args[1] = arg;
}

void test_multicall(struct test *t)
{
    char extra[XEN_EXTRAVERSION_LEN], direct[XEN_EXTRAVERSION_LEN];
    multicall_entry_t mc[5];

    mc_version(&mc[0], XENVER_version, 0);
    mc_version(&mc[1], XENVER_pagesize, 0);
    mc_version(&mc[2], XENVER_extraversion, TEST_XEN_ADDR);
    mc_version(&mc[3], XENVER_extraversion, (unsigned long)extra);
    mc[4] = (multicall_entry_t){ .op = 63 };

    expect_eq(t, "multicall of 5", HYPERVISOR_multicall(mc, 5), 0);
    expect_eq(t, "[0] version", (long)mc[0].result,
              HYPERVISOR_xen_version(XENVER_version, NULL));
    expect_eq(t, "[1] pagesize", (long)mc[1].result, PAGE_SIZE);
    expect_eq(t, "[2] bad pointer", (long)mc[2].result, -XEN_EFAULT);
    expect_eq(t, "[3] extraversion", (long)mc[3].result, 0);
    HYPERVISOR_xen_version(XENVER_extraversion, direct);
    expect_true(t, "[3] same string as a direct call",
                !memcmp(extra, direct, sizeof(extra)));
    expect_eq(t, "[4] unknown op", (long)mc[4].result, -XEN_ENOSYS);
    expect_eq(t, "multicall of 0", HYPERVISOR_multicall(mc, 0), 0);
}

void test_vm_assist(struct test *t)
{
    const unsigned int flag = VMASST_TYPE_runstate_update_flag;

    expect_eq(t, "enable runstate_update_flag",
              HYPERVISOR_vm_assist(VMASST_CMD_enable, flag), 0);
    expect_eq(t, "disable runstate_update_flag",
              HYPERVISOR_vm_assist(VMASST_CMD_disable, flag), 0);
    expect_eq(t, "unknown type 6",
              HYPERVISOR_vm_assist(VMASST_CMD_enable, 6), -XEN_EINVAL);
    expect_eq(t, "type 64 (beyond a long)",
              HYPERVISOR_vm_assist(VMASST_CMD_enable, 64), -XEN_EINVAL);
    expect_eq(t, "unknown cmd 2",
              HYPERVISOR_vm_assist(2, flag), -XEN_ENOSYS);
}

void test_sched_op(struct test *t)
{
    expect_eq(t, "yield", HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
    expect_eq(t, "unknown cmd 99", HYPERVISOR_sched_op(99, NULL),
              -XEN_ENOSYS);
}

void test_console_io(struct test *t)
{
    char buf[16];

    /* Console input is the control domain's (Xen's XSM default). */
    expect_eq(t, "read of 0 bytes",
              HYPERVISOR_console_io(CONSOLEIO_read, 0, buf),
              start_info->flags & SIF_PRIVILEGED ? 0 : -XEN_EPERM);
    expect_eq(t, "write of 0 bytes",
              HYPERVISOR_console_io(CONSOLEIO_write, 0, buf), 0);
    expect_eq(t, "unknown cmd 99",
              HYPERVISOR_console_io(99, sizeof(buf), buf), -XEN_ENOSYS);
}

static long callback(unsigned int cmd, uint16_t type, void *entry)
{
    struct callback_register cb = {
        .type = type,
        .address = (unsigned long)entry,
    };

    /* callback_unregister is a prefix of callback_register. */
    return HYPERVISOR_callback_op((int)cmd, &cb);
}

void test_callbacks(struct test *t)
{
    expect_eq(t, "stack_switch",
              HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
                                      (unsigned long)kernel_stack_top), 0);
    expect_eq(t, "set_callbacks",
              HYPERVISOR_set_callbacks((unsigned long)entry_event,
                                       (unsigned long)entry_failsafe,
                                       (unsigned long)entry_syscall), 0);
    expect_eq(t, "register event",
              callback(CALLBACKOP_register, CALLBACKTYPE_event,
                       entry_event), 0);
    expect_eq(t, "register failsafe",
              callback(CALLBACKOP_register, CALLBACKTYPE_failsafe,
                       entry_failsafe), 0);
    /* Xen 4.17 answers an unknown callback type with -ENOSYS. */
    expect_eq(t, "register unknown type 99",
              callback(CALLBACKOP_register, 99, entry_event), -XEN_ENOSYS);
    expect_eq(t, "unregister event",
              callback(CALLBACKOP_unregister, CALLBACKTYPE_event, NULL),
              -XEN_EINVAL);
    expect_eq(t, "unknown cmd 99", callback(99, CALLBACKTYPE_event, NULL),
              -XEN_ENOSYS);
    expect_eq(t, "register event at a non-canonical address",
              callback(CALLBACKOP_register, CALLBACKTYPE_event,
                       (void *)TEST_NONCANON), -XEN_EINVAL);
    /* Xen ignores the bad entry (the old one stays) and returns 0. */
    expect_eq(t, "set_callbacks with a non-canonical event entry",
              HYPERVISOR_set_callbacks(TEST_NONCANON,
                                       (unsigned long)entry_failsafe,
                                       (unsigned long)entry_syscall), 0);
}

/*
 * set_trap_table refusals.  The bad entry is the first of its list, so
 * nothing is installed on Xen (which installs up to the bad entry) nor on
 * ours (which checks all first): the #BP handler stays as it was.
 */
void test_trap_table(struct test *t)
{
    struct trap_info bad[2] = {
        { .vector = 3, .flags = 3, .cs = FLAT_KERNEL_CS,
          .address = TEST_NONCANON },
        { 0 },
    };

    expect_eq(t, "handler at a non-canonical address",
              HYPERVISOR_set_trap_table(bad), -XEN_EINVAL);
    expect_eq(t, "list in the hypervisor",
              HYPERVISOR_set_trap_table((struct trap_info *)TEST_XEN_ADDR),
              -XEN_EFAULT);
    expect_eq(t, "list unmapped",
              HYPERVISOR_set_trap_table((struct trap_info *)TEST_LOW_ADDR),
              -XEN_EFAULT);
}
