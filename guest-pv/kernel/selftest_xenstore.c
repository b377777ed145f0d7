/*
 * selftest=xenstore: the guest's store client (guest/xenbus.h) against
 * the store dom0's toolstack serves on this domain's ring.  The domain
 * is created from dom0's initrd (xenstore.cfg: name "xenstore"); the
 * toolstack wrote its home /local/domain/<id> (dom0's, readable by it)
 * and "data" below it (its own), as libxl does.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <xen/io/xs_wire.h>
#include <hv/lib.h>
#include <guest/console.h>
#include <guest/selftest.h>
#include <guest/xenbus.h>

#define XS_CFG_NAME "xenstore"          /* xenstore.cfg's name */

static unsigned long domid;
static char home[64];
static int init_rc;

/* Watch events seen, and the last one's path and token. */
static unsigned int events;
static char event_path[64], event_token[16];

static void on_watch(const char *path, const char *token, void *data)
{
    (void)data;
    events++;
    snprintf(event_path, sizeof(event_path), "%s", path);
    snprintf(event_token, sizeof(event_token), "%s", token);
}

static void begin(void)
{
    char buf[16];
    const char *end;
    int rc;

    init_rc = xenbus_init();
    xenbus_set_watch_handler(on_watch, NULL);
    rc = init_rc ? init_rc : xenbus_read(0, "domid", buf, sizeof(buf));
    if (rc >= 0 && !parse_ulong(buf, &end, &domid))
        rc = -XEN_EINVAL;
    /* A store that does not answer fails every case at once. */
    init_rc = rc < 0 ? rc : 0;
    info("xenstore: client %d, domid %lu\n", init_rc, domid);
}

/* Every case needs the store: none is a failure, not a skip. */
static bool have_client(struct test *t)
{
    return expect_eq(t, "store client (init, read domid)", init_rc, 0);
}

static bool expect_read(struct test *t, const char *path, const char *want)
{
    char buf[64];
    int len = xenbus_read(0, path, buf, sizeof(buf));

    if (len < 0) {
        test_fail(t, "read %s: error %d", path, len);
        return false;
    }
    if (strcmp(buf, want)) {
        test_fail(t, "read %s: '%s', want '%s'", path, buf, want);
        return false;
    }
    return true;
}

/* Whether name is one of the NUL-separated names in list[0..len). */
static bool listed(const char *list, int len, const char *name)
{
    int at;

    for (at = 0; at < len; at += strlen(list + at) + 1)
        if (!strcmp(list + at, name))
            return true;
    return false;
}

static void test_xs_domain_path(struct test *t)
{
    char want[64];
    int len;

    if (!have_client(t))
        return;
    len = xenbus_get_domain_path(domid, home, sizeof(home));
    snprintf(want, sizeof(want), "/local/domain/%lu", domid);
    if (expect_true(t, "get_domain_path answered", len > 0))
        expect_true(t, "get_domain_path is /local/domain/<id>",
                    !strcmp(home, want));
    /* Domain ids are 16 bits. */
    expect_eq(t, "get_domain_path of a bad id",
              xenbus_get_domain_path(0x10000, want, sizeof(want)),
              -XEN_EINVAL);
}

static void test_xs_own_nodes(struct test *t)
{
    char path[96], id[16];

    if (!have_client(t))
        return;
    snprintf(path, sizeof(path), "%s/domid", home);
    snprintf(id, sizeof(id), "%lu", domid);
    if (!expect_read(t, "name", XS_CFG_NAME) || !expect_read(t, path, id))
        return;
    expect_eq(t, "read a missing node",
              xenbus_read(0, "data/none", path, sizeof(path)), -XEN_ENOENT);
    expect_eq(t, "read into too small a buffer",
              xenbus_read(0, "name", path, 4), -XEN_E2BIG);
    expect_eq(t, "a malformed path", xenbus_read(0, "data//x", path,
                                                 sizeof(path)), -XEN_EINVAL);
}

static void test_xs_write_read_rm(struct test *t)
{
    char list[256];
    int len;

    if (!have_client(t))
        return;
    expect_eq(t, "write data/x", xenbus_write(0, "data/x", "hello"), 0);
    expect_read(t, "data/x", "hello");
    expect_eq(t, "mkdir data/d", xenbus_mkdir(0, "data/d"), 0);
    len = xenbus_directory(0, "data", list, sizeof(list));
    expect_true(t, "directory data lists x and d",
                len > 0 && listed(list, len, "x") && listed(list, len, "d"));
    len = xenbus_directory(0, home, list, sizeof(list));
    expect_true(t, "the home lists name and data",
                len > 0 && listed(list, len, "name") &&
                listed(list, len, "data"));
    expect_eq(t, "rm data/x", xenbus_rm(0, "data/x"), 0);
    expect_eq(t, "rm data/d", xenbus_rm(0, "data/d"), 0);
    expect_eq(t, "read after rm", xenbus_read(0, "data/x", list,
                                              sizeof(list)), -XEN_ENOENT);
    len = xenbus_directory(0, "data", list, sizeof(list));
    expect_eq(t, "directory data after rm", len, 0);
}

static void test_xs_refused(struct test *t)
{
    if (!have_client(t))
        return;
    expect_eq(t, "write in dom0's /tool", xenbus_write(0, "/tool/x", "1"),
              -XEN_EACCES);
    expect_eq(t, "write in dom0's home",
              xenbus_write(0, "/local/domain/0/x", "1"), -XEN_EACCES);
    expect_eq(t, "write over dom0's node 'name'",
              xenbus_write(0, "name", "other"), -XEN_EACCES);
    expect_eq(t, "rm dom0's node 'domid'", xenbus_rm(0, "domid"),
              -XEN_EACCES);
    expect_read(t, "name", XS_CFG_NAME);
}

static void test_xs_perms(struct test *t)
{
    char want[32], got[32];
    int len, glen;

    if (!have_client(t))
        return;
    /* Ours, and dom0 may read (dom0 may anyway; the list is kept). */
    len = snprintf(want, sizeof(want), "n%lu", domid) + 1;
    len += snprintf(want + len, sizeof(want) - len, "r0") + 1;
    expect_eq(t, "write data/p", xenbus_write(0, "data/p", "v"), 0);
    expect_eq(t, "set_perms data/p", xenbus_set_perms(0, "data/p", want,
                                                     len), 0);
    glen = xenbus_get_perms(0, "data/p", got, sizeof(got));
    expect_true(t, "get_perms reads back what was set",
                glen == len && !memcmp(got, want, len));
    expect_eq(t, "set_perms on dom0's node",
              xenbus_set_perms(0, "name", want, len), -XEN_EACCES);
    expect_eq(t, "set_perms with a bad entry",
              xenbus_set_perms(0, "data/p", "x1", 3), -XEN_EINVAL);
    expect_eq(t, "rm data/p", xenbus_rm(0, "data/p"), 0);
}

/*
 * One watch event since `seen` events, with the path ending in
 * `suffix`: it may have come during the request that caused it (the
 * store queues it before the reply), else it is waited for.
 */
static bool expect_event(struct test *t, const char *what,
                         unsigned int seen, const char *suffix)
{
    size_t plen, slen = strlen(suffix);

    if (events == seen &&
        !expect_eq(t, what, xenbus_wait_watch(XENBUS_TIMEOUT_NS), 0))
        return false;
    if (!expect_eq(t, "one event", events, seen + 1))
        return false;
    plen = strlen(event_path);
    return expect_true(t, "the event names the node",
                       plen >= slen &&
                       !strcmp(event_path + plen - slen, suffix)) &&
           expect_true(t, "the event carries the token",
                       !strcmp(event_token, "tok"));
}

static void test_xs_watch(struct test *t)
{
    char buf[8];
    unsigned int seen;

    if (!have_client(t))
        return;
    seen = events;
    expect_eq(t, "watch data/w", xenbus_watch("data/w", "tok"), 0);
    if (!expect_event(t, "the event on registration", seen, "data/w"))
        return;
    seen = events;
    expect_eq(t, "write data/w", xenbus_write(0, "data/w", "1"), 0);
    if (!expect_event(t, "the event on a write", seen, "data/w"))
        return;
    expect_eq(t, "unwatch data/w", xenbus_unwatch("data/w", "tok"), 0);
    seen = events;
    expect_eq(t, "write data/w", xenbus_write(0, "data/w", "2"), 0);
    /* The store answers in order: an event would precede this reply. */
    expect_eq(t, "read data/w", xenbus_read(0, "data/w", buf, sizeof(buf)),
              1);
    expect_eq(t, "no event after unwatch", events, seen);
    expect_eq(t, "unwatch again", xenbus_unwatch("data/w", "tok"),
              -XEN_ENOENT);
    expect_eq(t, "watch a malformed path",
              xenbus_watch("data//w", "tok"), -XEN_EINVAL);
    xenbus_rm(0, "data/w");
}

static void test_xs_transaction(struct test *t)
{
    uint32_t tx;

    if (!have_client(t) ||
        !expect_eq(t, "start", xenbus_transaction_start(&tx), 0))
        return;
    expect_eq(t, "write in tx", xenbus_write(tx, "data/t", "in"), 0);
    expect_eq(t, "not seen outside before commit",
              xenbus_read(0, "data/t", (char[8]){ 0 }, 8), -XEN_ENOENT);
    expect_eq(t, "commit", xenbus_transaction_end(tx, true), 0);
    expect_read(t, "data/t", "in");
    expect_eq(t, "end an ended transaction",
              xenbus_transaction_end(tx, true), -XEN_ENOENT);
}

/* One read-modify-write of data/t in a transaction; end's result. */
static int bump(const char *value, bool interfere)
{
    char buf[8];
    uint32_t tx;
    int rc = xenbus_transaction_start(&tx);

    if (rc)
        return rc;
    rc = xenbus_read(tx, "data/t", buf, sizeof(buf));
    rc = rc < 0 ? rc : xenbus_write(tx, "data/t", value);
    /* Another writer between start and end: the commit must fail. */
    if (!rc && interfere)
        rc = xenbus_write(0, "data/t", "other");
    if (rc) {
        xenbus_transaction_end(tx, false);
        return rc;
    }
    return xenbus_transaction_end(tx, true);
}

static void test_xs_tx_conflict(struct test *t)
{
    if (!have_client(t))
        return;
    expect_eq(t, "conflicting commit", bump("lost", true), -XEN_EAGAIN);
    expect_read(t, "data/t", "other");
    expect_eq(t, "retry", bump("retry", false), 0);
    expect_read(t, "data/t", "retry");
    xenbus_rm(0, "data/t");
}

static void test_xs_quota(struct test *t)
{
    static char value[XENSTORE_PAYLOAD_MAX + 2];

    if (!have_client(t))
        return;
    memset(value, 'v', 2048);
    value[2048] = '\0';
    expect_eq(t, "a 2048-byte value", xenbus_write(0, "data/q", value), 0);
    value[2048] = 'v';
    expect_eq(t, "a 2049-byte value (quota)",
              xenbus_write(0, "data/q", value), -XEN_ENOSPC);
    expect_eq(t, "rm data/q", xenbus_rm(0, "data/q"), 0);
    /* Over the wire's limit: the client refuses it without sending. */
    memset(value, 'v', XENSTORE_PAYLOAD_MAX);
    value[XENSTORE_PAYLOAD_MAX] = '\0';
    expect_eq(t, "a request over XENSTORE_PAYLOAD_MAX",
              xenbus_write(0, "data/q", value), -XEN_E2BIG);
    expect_read(t, "name", XS_CFG_NAME);
}

static const struct test_case cases[] = {
    { "xs_domain_path", test_xs_domain_path },
    { "xs_own_nodes", test_xs_own_nodes },
    { "xs_write_read_rm", test_xs_write_read_rm },
    { "xs_refused", test_xs_refused },
    { "xs_perms", test_xs_perms },
    { "xs_watch", test_xs_watch },
    { "xs_transaction", test_xs_transaction },
    { "xs_tx_conflict", test_xs_tx_conflict },
    { "xs_quota", test_xs_quota },
};

const struct test_suite selftest_xenstore_suite = {
    "xenstore", cases, ARRAY_SIZE(cases), begin, NULL,
};

/*
 * A domU the hypervisor built (domu=1): the ring is there, nobody
 * serves it (dom0 runs no toolstack).  The request is given up on, and
 * the kernel runs on.
 */
static void test_xs_unserved(struct test *t)
{
    char buf[16];

    if (!expect_eq(t, "xenbus_init", xenbus_init(), 0))
        return;
    expect_eq(t, "a read nobody answers",
              xenbus_read(0, "domid", buf, sizeof(buf)), -XEN_ETIMEDOUT);
}

/* dom0 has no store ring (store_mfn 0): every call says so. */
static void test_xs_no_ring(struct test *t)
{
    char buf[16];
    uint32_t tx;

    expect_eq(t, "xenbus_init", xenbus_init(), -XEN_ENODEV);
    expect_eq(t, "read", xenbus_read(0, "domid", buf, sizeof(buf)),
              -XEN_ENODEV);
    expect_eq(t, "transaction_start", xenbus_transaction_start(&tx),
              -XEN_ENODEV);
    expect_eq(t, "wait for a watch", xenbus_wait_watch(1), -XEN_ENODEV);
}

static const struct test_case unserved_cases[] = {
    { "xs_unserved", test_xs_unserved },
};

static const struct test_case no_ring_cases[] = {
    { "xs_no_ring", test_xs_no_ring },
};

const struct test_suite selftest_xenstore_unserved_suite = {
    "xenstore_unserved", unserved_cases, ARRAY_SIZE(unserved_cases),
    NULL, NULL,
};

const struct test_suite selftest_xenstore_none_suite = {
    "xenstore_none", no_ring_cases, ARRAY_SIZE(no_ring_cases), NULL, NULL,
};
