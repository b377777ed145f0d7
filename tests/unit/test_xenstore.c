/*
 * Unit tests for the store's operations (dom0-tools/xenstore), through
 * its C API: every operation, permissions allowed and denied per domain,
 * watches and the events they queue, transactions (isolation, conflict,
 * retry, abort), quotas, introduce/release, and out-of-memory at every
 * allocation.  The wire protocol and ring are in test_xs_wire.c.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>
#include <tools/xs_store.h>

#include "tools_env.h"

static struct xs_store *st;
static struct xs_conn *dom0, *dom1, *dom2;
static struct xs_buf buf;

static void setup(void)
{
    st = xs_store_create();
    cr_assert_not_null(st);
    dom0 = xs_conn_create(st, 0);
    dom1 = xs_conn_create(st, 1);
    dom2 = xs_conn_create(st, 2);
    cr_assert(dom0 && dom1 && dom2);
}

static void teardown(void)
{
    xs_store_destroy(st);
    cr_assert_eq(harness_live_allocs, 0, "store leaked %ld allocations",
                 harness_live_allocs);
}

TestSuite(xenstore, .init = setup, .fini = teardown);

/* The value at path as c reads it, or "<ERRNAME>". */
static const char *rd(struct xs_conn *c, uint32_t tx, const char *path)
{
    static char out[XENSTORE_PAYLOAD_MAX + 8];
    int rc = xs_read(c, tx, path, &buf);

    if (rc)
        snprintf(out, sizeof(out), "<%s>", xs_error_name(rc));
    else
        snprintf(out, sizeof(out), "%.*s", (int)buf.len, buf.data);
    return out;
}

static int wr(struct xs_conn *c, uint32_t tx, const char *path,
              const char *value)
{
    return xs_write(c, tx, path, value, (uint32_t)strlen(value));
}

/* A NUL-separated list (directory, perms) as "a,b,c", or "<ERRNAME>". */
static const char *joined(int rc, const struct xs_buf *b)
{
    static char out[XENSTORE_PAYLOAD_MAX + 8];
    uint32_t i;

    if (rc) {
        snprintf(out, sizeof(out), "<%s>", xs_error_name(rc));
        return out;
    }
    for (i = 0; i < b->len; i++)
        out[i] = b->data[i] ? b->data[i] : ',';
    out[b->len ? b->len - 1 : 0] = '\0';
    return out;
}

static const char *dir(struct xs_conn *c, uint32_t tx, const char *path)
{
    return joined(xs_directory(c, tx, path, &buf), &buf);
}

static const char *perms(struct xs_conn *c, const char *path)
{
    return joined(xs_get_perms(c, 0, path, &buf), &buf);
}

static int set_perms(struct xs_conn *c, const char *path, const char *list)
{
    char wire[256];
    uint32_t i, len = (uint32_t)strlen(list) + 1;

    memcpy(wire, list, len);
    for (i = 0; i < len; i++)
        if (wire[i] == ',')
            wire[i] = '\0';
    return xs_set_perms(c, 0, path, wire, len);
}

/* The next queued watch event on c as "path token", or "" if none. */
static const char *event(struct xs_conn *c)
{
    static char out[XENSTORE_PAYLOAD_MAX + 8];
    struct xsd_sockmsg hdr;
    char payload[XENSTORE_PAYLOAD_MAX];

    if (!xs_conn_has_output(c))
        return "";
    cr_assert_eq(xs_conn_output(c, &hdr, sizeof(hdr)), sizeof(hdr));
    cr_assert_eq(hdr.type, XS_WATCH_EVENT);
    cr_assert_eq(xs_conn_output(c, payload, hdr.len), hdr.len);
    cr_assert_eq(payload[hdr.len - 1], '\0');
    snprintf(out, sizeof(out), "%s %s", payload,
             payload + strlen(payload) + 1);
    return out;
}

/* Introduces domain d (its home is created, owned by it). */
static void introduce(domid_t d)
{
    cr_assert_eq(xs_introduce(dom0, d, 0x1000 + d, 10 + d), 0);
}

Test(xenstore, starts_with_the_skeleton_owned_by_dom0)
{
    cr_assert_str_eq(dir(dom0, 0, "/"), "local,tool");
    cr_assert_str_eq(dir(dom0, 0, "/local"), "domain");
    cr_assert_str_eq(perms(dom0, "/"), "n0");
    cr_assert_str_eq(perms(dom0, "/local/domain"), "n0");
    cr_assert_str_eq(dir(dom1, 0, "/"), "<EACCES>");
}

Test(xenstore, write_read_and_implicit_parents)
{
    cr_assert_eq(wr(dom0, 0, "/a/b/c", "hello"), 0);
    cr_assert_str_eq(rd(dom0, 0, "/a/b/c"), "hello");
    cr_assert_str_eq(rd(dom0, 0, "/a/b"), "", "parents are created empty");
    cr_assert_str_eq(dir(dom0, 0, "/a"), "b");
    cr_assert_eq(wr(dom0, 0, "/a/b/c", "again"), 0);
    cr_assert_str_eq(rd(dom0, 0, "/a/b/c"), "again");
    cr_assert_str_eq(rd(dom0, 0, "/a/x"), "<ENOENT>");
}

Test(xenstore, values_are_bytes)
{
    static const char value[] = { 'a', 0, 'b', (char)0xff };

    cr_assert_eq(xs_write(dom0, 0, "/bin", value, sizeof(value)), 0);
    cr_assert_eq(xs_read(dom0, 0, "/bin", &buf), 0);
    cr_assert_eq(buf.len, sizeof(value));
    cr_assert_eq(memcmp(buf.data, value, sizeof(value)), 0);
    cr_assert_eq(xs_write(dom0, 0, "/empty", "", 0), 0);
    cr_assert_eq(xs_read(dom0, 0, "/empty", &buf), 0);
    cr_assert_eq(buf.len, 0);
}

Test(xenstore, mkdir_and_directory)
{
    cr_assert_eq(xs_mkdir(dom0, 0, "/d/e"), 0);
    cr_assert_eq(xs_mkdir(dom0, 0, "/d/f"), 0);
    cr_assert_eq(wr(dom0, 0, "/d/e", "v"), 0);
    cr_assert_eq(xs_mkdir(dom0, 0, "/d/e"), 0, "existing node is fine");
    cr_assert_str_eq(rd(dom0, 0, "/d/e"), "v", "mkdir keeps the value");
    cr_assert_str_eq(dir(dom0, 0, "/d"), "e,f");
    cr_assert_str_eq(dir(dom0, 0, "/d/e"), "");
    cr_assert_str_eq(dir(dom0, 0, "/nope"), "<ENOENT>");
}

Test(xenstore, rm_removes_the_subtree)
{
    cr_assert_eq(wr(dom0, 0, "/r/a/b", "1"), 0);
    cr_assert_eq(wr(dom0, 0, "/r/a/c", "2"), 0);
    cr_assert_eq(wr(dom0, 0, "/r/keep", "3"), 0);
    cr_assert_eq(xs_rm(dom0, 0, "/r/a"), 0);
    cr_assert_str_eq(rd(dom0, 0, "/r/a/b"), "<ENOENT>");
    cr_assert_str_eq(rd(dom0, 0, "/r/a"), "<ENOENT>");
    cr_assert_str_eq(dir(dom0, 0, "/r"), "keep");
    /* xenstored: a missing node under an existing parent is OK... */
    cr_assert_eq(xs_rm(dom0, 0, "/r/a"), 0);
    /* ... but not one whose parent is missing too. */
    cr_assert_eq(xs_rm(dom0, 0, "/r/a/b"), -XEN_ENOENT);
    cr_assert_eq(xs_rm(dom0, 0, "/"), -XEN_EINVAL);
    /* Prefix of a name is not a parent: /r/keep survives rm /r/ke. */
    cr_assert_eq(xs_rm(dom0, 0, "/r/ke"), 0);
    cr_assert_str_eq(rd(dom0, 0, "/r/keep"), "3");
}

Test(xenstore, bad_paths_are_einval)
{
    static const char *const bad[] = {
        "/a//b", "/a/", "/a b", "/a\\b", "/a.b", "", "@introduceDomain",
        "/a/\x01",
    };
    char longpath[XENSTORE_ABS_PATH_MAX + 2];
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        cr_assert_eq(wr(dom0, 0, bad[i], "x"), -XEN_EINVAL, "%s", bad[i]);
        cr_assert_str_eq(rd(dom0, 0, bad[i]), "<EINVAL>", "%s", bad[i]);
    }
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[0] = '/';
    longpath[sizeof(longpath) - 1] = '\0';
    cr_assert_eq(wr(dom0, 0, longpath, "x"), -XEN_EINVAL);
    longpath[XENSTORE_ABS_PATH_MAX] = '\0';
    cr_assert_eq(wr(dom0, 0, longpath, "x"), 0, "exactly the maximum");
    cr_assert_eq(wr(dom0, 0, "/ok/A-z_0@9", "x"), 0);
}

Test(xenstore, relative_paths_are_below_the_domain_home)
{
    introduce(1);
    cr_assert_eq(wr(dom1, 0, "device/vif", "1"), 0);
    cr_assert_str_eq(rd(dom0, 0, "/local/domain/1/device/vif"), "1");
    cr_assert_str_eq(rd(dom1, 0, "device/vif"), "1");
    cr_assert_eq(wr(dom0, 0, "x", "0"), 0);
    cr_assert_str_eq(rd(dom0, 0, "/local/domain/0/x"), "0");
}

Test(xenstore, domains_reach_only_what_permissions_allow)
{
    introduce(1);
    introduce(2);
    cr_assert_eq(wr(dom0, 0, "/secret", "s"), 0);
    cr_assert_str_eq(rd(dom1, 0, "/secret"), "<EACCES>");
    cr_assert_eq(wr(dom1, 0, "/secret", "x"), -XEN_EACCES);
    cr_assert_eq(wr(dom1, 0, "/mine", "x"), -XEN_EACCES, "no write on /");
    cr_assert_eq(xs_rm(dom1, 0, "/secret"), -XEN_EACCES);
    cr_assert_eq(xs_mkdir(dom1, 0, "/secret"), -XEN_EACCES);
    /* Its own home is its own; another domain's is not. */
    cr_assert_eq(wr(dom1, 0, "/local/domain/1/data", "d1"), 0);
    cr_assert_str_eq(rd(dom2, 0, "/local/domain/1/data"), "<EACCES>");
    cr_assert_eq(wr(dom2, 0, "/local/domain/1/x", "x"), -XEN_EACCES);
    cr_assert_str_eq(rd(dom0, 0, "/local/domain/1/data"), "d1");
}

Test(xenstore, creator_owns_and_inherits_the_rest)
{
    introduce(1);
    cr_assert_str_eq(perms(dom0, "/local/domain/1"), "n1");
    cr_assert_eq(set_perms(dom1, "/local/domain/1", "n1,r2"), 0);
    cr_assert_eq(wr(dom1, 0, "data/x", "v"), 0);
    cr_assert_str_eq(perms(dom1, "data/x"), "n1,r2", "inherited");
    cr_assert_eq(wr(dom0, 0, "/local/domain/1/by0", "v"), 0);
    cr_assert_str_eq(perms(dom0, "/local/domain/1/by0"), "n1,r2",
                     "dom0 creates with the parent's owner");
}

Test(xenstore, acl_entries_and_the_default)
{
    cr_assert_eq(wr(dom0, 0, "/p", "v"), 0);
    cr_assert_eq(set_perms(dom0, "/p", "r0,w1,n2"), 0);
    cr_assert_str_eq(perms(dom0, "/p"), "r0,w1,n2");
    /* dom1: write only. */
    cr_assert_str_eq(rd(dom1, 0, "/p"), "<EACCES>");
    cr_assert_eq(wr(dom1, 0, "/p", "w1"), 0);
    /* dom2: listed with none, although the default is read. */
    cr_assert_str_eq(rd(dom2, 0, "/p"), "<EACCES>");
    cr_assert_eq(set_perms(dom0, "/p", "r0"), 0);
    cr_assert_str_eq(rd(dom2, 0, "/p"), "w1", "default for the unlisted");
    cr_assert_eq(wr(dom2, 0, "/p", "x"), -XEN_EACCES);
    cr_assert_eq(set_perms(dom0, "/p", "b0"), 0);
    cr_assert_eq(wr(dom2, 0, "/p", "both"), 0);
    cr_assert_str_eq(rd(dom2, 0, "/p"), "both");
}

Test(xenstore, only_the_owner_sets_permissions)
{
    cr_assert_eq(wr(dom0, 0, "/q", "v"), 0);
    cr_assert_eq(set_perms(dom0, "/q", "b0"), 0);
    cr_assert_eq(set_perms(dom1, "/q", "b1"), -XEN_EACCES,
                 "write access is not ownership");
    cr_assert_eq(set_perms(dom0, "/q", "n1"), 0);
    cr_assert_eq(set_perms(dom1, "/q", "r1,b2"), 0, "the owner may");
    cr_assert_eq(set_perms(dom1, "/q", "n2"), 0, "and may give it away");
    cr_assert_eq(set_perms(dom1, "/q", "n1"), -XEN_EACCES);
}

Test(xenstore, set_perms_refuses_bad_lists)
{
    static const char *const bad[] = {
        "x0", "r", "r-1", "r65536", "r1x", "", "R0", "r 1",
    };
    unsigned int i;

    cr_assert_eq(wr(dom0, 0, "/q", "v"), 0);
    for (i = 0; i < ARRAY_SIZE(bad); i++)
        cr_assert_eq(set_perms(dom0, "/q", bad[i]), -XEN_EINVAL, "'%s'",
                     bad[i]);
    cr_assert_eq(xs_set_perms(dom0, 0, "/q", "r0", 2), -XEN_EINVAL,
                 "an entry without its NUL");
    cr_assert_eq(set_perms(dom0, "/nope", "r0"), -XEN_ENOENT);
    cr_assert_str_eq(perms(dom0, "/q"), "n0", "unchanged by refusals");
}

Test(xenstore, missing_nodes_do_not_leak_past_permissions)
{
    introduce(1);
    cr_assert_eq(wr(dom0, 0, "/hidden/a", "v"), 0);
    cr_assert_str_eq(rd(dom1, 0, "/hidden/b"), "<EACCES>");
    cr_assert_str_eq(rd(dom1, 0, "/local/domain/1/b"), "<ENOENT>");
    cr_assert_str_eq(rd(dom0, 0, "/hidden/b"), "<ENOENT>");
}

Test(xenstore, watch_fires_once_on_registration)
{
    cr_assert_eq(xs_watch(dom0, "/w", "tok"), 0);
    cr_assert_str_eq(event(dom0), "/w tok", "even though /w does not exist");
    cr_assert_str_eq(event(dom0), "");
}

Test(xenstore, watch_fires_for_the_node_and_below_only)
{
    cr_assert_eq(xs_watch(dom0, "/w", "t"), 0);
    event(dom0);
    cr_assert_eq(wr(dom0, 0, "/w", "1"), 0);
    cr_assert_str_eq(event(dom0), "/w t");
    cr_assert_eq(wr(dom0, 0, "/w/sub/leaf", "2"), 0);
    cr_assert_str_eq(event(dom0), "/w/sub/leaf t", "one event per write");
    cr_assert_str_eq(event(dom0), "");
    cr_assert_eq(wr(dom0, 0, "/wx", "3"), 0);
    cr_assert_eq(wr(dom0, 0, "/other", "4"), 0);
    cr_assert_str_eq(event(dom0), "", "/wx is not below /w");
    cr_assert_eq(xs_mkdir(dom0, 0, "/w/m"), 0);
    cr_assert_str_eq(event(dom0), "/w/m t");
    cr_assert_eq(set_perms(dom0, "/w/m", "r0"), 0);
    cr_assert_str_eq(event(dom0), "/w/m t");
    cr_assert_eq(xs_rm(dom0, 0, "/w/sub"), 0);
    cr_assert_str_eq(event(dom0), "/w/sub t");
    cr_assert_str_eq(event(dom0), "");
}

Test(xenstore, rm_fires_watches_below_with_their_own_path)
{
    cr_assert_eq(wr(dom0, 0, "/t/a/b", "v"), 0);
    cr_assert_eq(xs_watch(dom0, "/t/a/b", "deep"), 0);
    cr_assert_eq(xs_watch(dom0, "/t/a/b/c", "deeper"), 0);
    event(dom0);
    event(dom0);
    cr_assert_eq(xs_rm(dom0, 0, "/t"), 0);
    cr_assert_str_eq(event(dom0), "/t/a/b/c deeper");
    cr_assert_str_eq(event(dom0), "/t/a/b deep");
    cr_assert_str_eq(event(dom0), "");
}

Test(xenstore, relative_watch_gets_relative_paths)
{
    introduce(1);
    cr_assert_eq(xs_watch(dom1, "device", "dev"), 0);
    cr_assert_str_eq(event(dom1), "device dev");
    cr_assert_eq(wr(dom0, 0, "/local/domain/1/device/vbd", "x"), 0);
    cr_assert_str_eq(event(dom1), "device/vbd dev");
}

Test(xenstore, events_need_read_permission)
{
    introduce(1);
    cr_assert_eq(xs_watch(dom1, "/", "root"), 0);
    event(dom1);
    cr_assert_eq(wr(dom0, 0, "/private", "p"), 0);
    cr_assert_str_eq(event(dom1), "", "dom1 may not read /private");
    cr_assert_eq(wr(dom0, 0, "/local/domain/1/ok", "p"), 0);
    cr_assert_str_eq(event(dom1), "/local/domain/1/ok root");
}

Test(xenstore, unwatch_and_duplicates)
{
    uint32_t tx;

    cr_assert_eq(xs_watch(dom0, "/u", "a"), 0);
    cr_assert_eq(xs_watch(dom0, "/u", "a"), -XEN_EEXIST);
    cr_assert_eq(xs_watch(dom0, "/u", "b"), 0, "another token is another");
    event(dom0);
    event(dom0);
    cr_assert_eq(xs_unwatch(dom0, "/u", "a"), 0);
    cr_assert_eq(xs_unwatch(dom0, "/u", "a"), -XEN_ENOENT);
    cr_assert_eq(xs_unwatch(dom1, "/u", "b"), -XEN_ENOENT, "not dom1's");
    cr_assert_eq(wr(dom0, 0, "/u", "1"), 0);
    cr_assert_str_eq(event(dom0), "/u b");
    cr_assert_str_eq(event(dom0), "");
    cr_assert_eq(xs_transaction_start(dom0, &tx), 0);
    xs_reset_watches(dom0);
    cr_assert_eq(wr(dom0, 0, "/u", "2"), 0);
    cr_assert_str_eq(event(dom0), "");
    cr_assert_eq(xs_transaction_end(dom0, tx, true), -XEN_ENOENT,
                 "transactions are reset too (xenstore.txt)");
    cr_assert_eq(xs_watch(dom0, "/a//b", "x"), -XEN_EINVAL);
    cr_assert_eq(xs_watch(dom0, "@bogus/x", "x"), -XEN_EINVAL);
}

Test(xenstore, special_watches_fire_on_introduce_and_release)
{
    cr_assert_eq(xs_watch(dom2, "@introduceDomain", "in"), 0);
    cr_assert_eq(xs_watch(dom2, "@releaseDomain", "out"), 0);
    cr_assert_eq(xs_watch(dom0, "/", "all"), 0);
    cr_assert_str_eq(event(dom2), "@introduceDomain in");
    cr_assert_str_eq(event(dom2), "@releaseDomain out");
    event(dom0);
    introduce(5);
    cr_assert_str_eq(event(dom2), "@introduceDomain in");
    cr_assert_str_eq(event(dom2), "");
    cr_assert_str_eq(event(dom0), "/local/domain/5 all");
    cr_assert_str_eq(event(dom0), "/local/domain/5 all", "and its perms");
    cr_assert_str_eq(event(dom0), "", "a path watch ignores @ events");
    cr_assert_eq(xs_release(dom0, 5), 0);
    cr_assert_str_eq(event(dom2), "@releaseDomain out");
    xs_domain_state_changed(st);    /* a domain shut down or crashed */
    cr_assert_str_eq(event(dom2), "@releaseDomain out");
    cr_assert_str_eq(event(dom2), "");
}

Test(xenstore, watch_quota_is_e2big)
{
    char token[16];
    unsigned int i;

    xs_store_quota(st)->watches = 3;
    for (i = 0; i < 3; i++) {
        snprintf(token, sizeof(token), "t%u", i);
        cr_assert_eq(xs_watch(dom1, "/x", token), 0);
    }
    cr_assert_eq(xs_watch(dom1, "/x", "t3"), -XEN_E2BIG);
    cr_assert_eq(xs_unwatch(dom1, "/x", "t0"), 0);
    cr_assert_eq(xs_watch(dom1, "/x", "t3"), 0, "room again");
    cr_assert_eq(xs_watch(dom0, "/x", "t4"), 0, "dom0 exempt");
}

Test(xenstore, transaction_is_isolated_until_commit)
{
    uint32_t tx;

    cr_assert_eq(wr(dom0, 0, "/v", "old"), 0);
    cr_assert_eq(xs_watch(dom0, "/v", "w"), 0);
    event(dom0);
    cr_assert_eq(xs_transaction_start(dom0, &tx), 0);
    cr_assert_neq(tx, 0);
    cr_assert_eq(wr(dom0, tx, "/v", "new"), 0);
    cr_assert_eq(wr(dom0, tx, "/v/child", "c"), 0);
    cr_assert_str_eq(rd(dom0, tx, "/v"), "new", "the tx sees its writes");
    cr_assert_str_eq(dir(dom0, tx, "/v"), "child");
    cr_assert_str_eq(rd(dom0, 0, "/v"), "old", "others do not");
    cr_assert_str_eq(dir(dom0, 0, "/v"), "");
    cr_assert_str_eq(event(dom0), "", "no events before commit");
    cr_assert_eq(xs_transaction_end(dom0, tx, true), 0);
    cr_assert_str_eq(rd(dom0, 0, "/v"), "new");
    cr_assert_str_eq(rd(dom0, 0, "/v/child"), "c");
    cr_assert_str_eq(event(dom0), "/v w");
    cr_assert_str_eq(event(dom0), "/v/child w");
    cr_assert_eq(xs_transaction_end(dom0, tx, true), -XEN_ENOENT, "gone");
}

Test(xenstore, transaction_reads_are_stable)
{
    uint32_t tx;

    cr_assert_eq(wr(dom0, 0, "/s", "1"), 0);
    cr_assert_eq(xs_transaction_start(dom0, &tx), 0);
    cr_assert_str_eq(rd(dom0, tx, "/s"), "1");
    cr_assert_eq(wr(dom0, 0, "/s", "2"), 0);
    cr_assert_str_eq(rd(dom0, tx, "/s"), "1", "the tx keeps its copy");
    cr_assert_eq(xs_transaction_end(dom0, tx, true), -XEN_EAGAIN,
                 "a read node changed: conflict");
}

Test(xenstore, conflicting_commit_fails_and_retry_succeeds)
{
    uint32_t a, b;

    cr_assert_eq(wr(dom0, 0, "/c", "0"), 0);
    cr_assert_eq(xs_transaction_start(dom0, &a), 0);
    cr_assert_eq(xs_transaction_start(dom0, &b), 0);
    cr_assert_neq(a, b);
    cr_assert_eq(wr(dom0, a, "/c", "a"), 0);
    cr_assert_eq(wr(dom0, b, "/c", "b"), 0);
    cr_assert_eq(xs_transaction_end(dom0, a, true), 0);
    cr_assert_eq(xs_transaction_end(dom0, b, true), -XEN_EAGAIN);
    cr_assert_str_eq(rd(dom0, 0, "/c"), "a", "the loser changed nothing");
    cr_assert_eq(xs_transaction_start(dom0, &b), 0);
    cr_assert_eq(wr(dom0, b, "/c", "b"), 0);
    cr_assert_eq(xs_transaction_end(dom0, b, true), 0);
    cr_assert_str_eq(rd(dom0, 0, "/c"), "b");
}

Test(xenstore, creating_siblings_conflicts_through_the_parent)
{
    uint32_t a, b;

    cr_assert_eq(xs_mkdir(dom0, 0, "/dev"), 0);
    cr_assert_eq(xs_transaction_start(dom0, &a), 0);
    cr_assert_eq(xs_transaction_start(dom0, &b), 0);
    cr_assert_str_eq(dir(dom0, a, "/dev"), "");
    cr_assert_eq(wr(dom0, a, "/dev/0", "x"), 0);
    cr_assert_eq(wr(dom0, b, "/dev/1", "y"), 0);
    cr_assert_eq(xs_transaction_end(dom0, b, true), 0);
    cr_assert_eq(xs_transaction_end(dom0, a, true), -XEN_EAGAIN);
    cr_assert_str_eq(dir(dom0, 0, "/dev"), "1");
}

Test(xenstore, unrelated_transactions_both_commit)
{
    uint32_t a, b;

    cr_assert_eq(wr(dom0, 0, "/x/a", "0"), 0);
    cr_assert_eq(wr(dom0, 0, "/x/b", "0"), 0);
    cr_assert_eq(xs_transaction_start(dom0, &a), 0);
    cr_assert_eq(xs_transaction_start(dom0, &b), 0);
    cr_assert_eq(wr(dom0, a, "/x/a", "1"), 0);
    cr_assert_eq(wr(dom0, b, "/x/b", "1"), 0);
    cr_assert_eq(xs_transaction_end(dom0, a, true), 0);
    cr_assert_eq(xs_transaction_end(dom0, b, true), 0);
    cr_assert_str_eq(rd(dom0, 0, "/x/a"), "1");
    cr_assert_str_eq(rd(dom0, 0, "/x/b"), "1");
}

Test(xenstore, abort_discards_and_rm_inside_a_transaction)
{
    uint32_t tx;

    cr_assert_eq(wr(dom0, 0, "/k/a", "1"), 0);
    cr_assert_eq(wr(dom0, 0, "/k/b", "2"), 0);
    cr_assert_eq(xs_transaction_start(dom0, &tx), 0);
    cr_assert_eq(xs_rm(dom0, tx, "/k/a"), 0);
    cr_assert_eq(wr(dom0, tx, "/k/c", "3"), 0);
    cr_assert_str_eq(dir(dom0, tx, "/k"), "b,c");
    cr_assert_str_eq(rd(dom0, tx, "/k/a"), "<ENOENT>");
    cr_assert_eq(xs_transaction_end(dom0, tx, false), 0);
    cr_assert_str_eq(dir(dom0, 0, "/k"), "a,b");
    cr_assert_eq(xs_transaction_start(dom0, &tx), 0);
    cr_assert_eq(xs_rm(dom0, tx, "/k"), 0);
    cr_assert_eq(wr(dom0, tx, "/k/new", "n"), 0, "recreated in the tx");
    cr_assert_eq(xs_transaction_end(dom0, tx, true), 0);
    cr_assert_str_eq(dir(dom0, 0, "/k"), "new");
}

Test(xenstore, transaction_refusals)
{
    uint32_t tx, ids[3];
    unsigned int i;

    cr_assert_eq(wr(dom0, 12345, "/z", "v"), -XEN_ENOENT, "unknown tx");
    cr_assert_str_eq(rd(dom0, 12345, "/z"), "<ENOENT>");
    cr_assert_eq(xs_transaction_end(dom0, 0, true), -XEN_ENOENT);
    cr_assert_eq(xs_transaction_start(dom1, &tx), 0);
    cr_assert_eq(xs_transaction_end(dom0, tx, true), -XEN_ENOENT,
                 "another connection's transaction");
    cr_assert_str_eq(rd(dom0, tx, "/local"), "<ENOENT>");
    cr_assert_eq(xs_transaction_end(dom1, tx, false), 0);
    xs_store_quota(st)->transactions = 3;
    for (i = 0; i < 3; i++)
        cr_assert_eq(xs_transaction_start(dom1, &ids[i]), 0);
    cr_assert_eq(xs_transaction_start(dom1, &tx), -XEN_ENOSPC);
    cr_assert_eq(xs_transaction_start(dom0, &tx), 0, "dom0 exempt");
    cr_assert_eq(xs_transaction_end(dom1, ids[1], false), 0);
    cr_assert_eq(xs_transaction_start(dom1, &tx), 0, "room again");
}

Test(xenstore, node_quota_is_enospc_and_counts_levels)
{
    char path[64];
    unsigned int i;

    introduce(1);
    xs_store_quota(st)->nodes = 5;          /* its home is one */
    for (i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "n%u", i);
        cr_assert_eq(wr(dom1, 0, path, "v"), 0);
    }
    cr_assert_eq(wr(dom1, 0, "a/b", "v"), -XEN_ENOSPC, "two new nodes");
    cr_assert_str_eq(rd(dom1, 0, "a"), "<ENOENT>", "nothing half-made");
    cr_assert_eq(wr(dom1, 0, "a", "v"), 0);
    cr_assert_eq(wr(dom1, 0, "b", "v"), -XEN_ENOSPC);
    cr_assert_eq(wr(dom1, 0, "a", "rewrite"), 0, "rewriting is no new node");
    cr_assert_eq(xs_rm(dom1, 0, "n0"), 0);
    cr_assert_eq(wr(dom1, 0, "b", "v"), 0, "freed by rm");
    cr_assert_eq(wr(dom0, 0, "/local/domain/1/by-dom0/x", "v"), 0,
                 "dom0 is exempt");
}

Test(xenstore, node_quota_counts_transaction_creations)
{
    uint32_t tx;

    introduce(1);
    xs_store_quota(st)->nodes = 3;
    cr_assert_eq(xs_transaction_start(dom1, &tx), 0);
    cr_assert_eq(wr(dom1, tx, "a", "v"), 0);
    cr_assert_eq(wr(dom1, tx, "b", "v"), 0);
    cr_assert_eq(wr(dom1, tx, "c", "v"), -XEN_ENOSPC);
    cr_assert_eq(xs_rm(dom1, tx, "a"), 0);
    cr_assert_eq(wr(dom1, tx, "c", "v"), 0);
    cr_assert_eq(xs_transaction_end(dom1, tx, true), 0);
    cr_assert_str_eq(dir(dom1, 0, "/local/domain/1"), "b,c");
}

Test(xenstore, value_and_permission_list_quotas)
{
    static char big[XENSTORE_PAYLOAD_MAX + 1];

    introduce(1);
    memset(big, 'v', sizeof(big));
    cr_assert_eq(xs_write(dom1, 0, "v", big, 2048), 0);
    cr_assert_eq(xs_write(dom1, 0, "v", big, 2049), -XEN_ENOSPC);
    cr_assert_eq(xs_write(dom0, 0, "/v", big, XENSTORE_PAYLOAD_MAX), 0);
    cr_assert_eq(xs_write(dom0, 0, "/v", big, XENSTORE_PAYLOAD_MAX + 1),
                 -XEN_ENOSPC, "never more than a message holds");
    cr_assert_eq(set_perms(dom1, "v", "n1,r2,r3,r4,r5,r6"), 0);
    cr_assert_eq(set_perms(dom1, "v", "n1,r2,r3,r4,r5,r6,r7"), -XEN_ENOSPC);
}

Test(xenstore, giving_a_node_away_respects_the_new_owners_quota)
{
    introduce(1);
    introduce(2);
    xs_store_quota(st)->nodes = 2;      /* each home is one */
    cr_assert_eq(wr(dom1, 0, "a", "v"), 0);
    cr_assert_eq(wr(dom2, 0, "b", "v"), 0);
    cr_assert_eq(set_perms(dom1, "a", "n2"), -XEN_ENOSPC, "dom2 is full");
    cr_assert_eq(xs_rm(dom2, 0, "b"), 0);
    cr_assert_eq(set_perms(dom1, "a", "n2"), 0);
    cr_assert_eq(wr(dom2, 0, "b", "v"), -XEN_ENOSPC, "counted for dom2");
    cr_assert_eq(wr(dom1, 0, "c", "v"), 0, "no longer for dom1");
}

Test(xenstore, a_transaction_touches_a_bounded_number_of_nodes)
{
    char path[16];
    unsigned int i;
    uint32_t tx;
    int rc;

    introduce(1);
    xs_store_quota(st)->tx_nodes = 5;
    cr_assert_eq(xs_transaction_start(dom1, &tx), 0);
    /* Each missing node costs a copy; the first also copies its parent. */
    for (i = 0; i < 10; i++) {
        snprintf(path, sizeof(path), "a%u", i);
        rc = xs_read(dom1, tx, path, &buf);
        if (rc != -XEN_ENOENT)
            break;
    }
    cr_assert_eq(rc, -XEN_ENOSPC);
    cr_assert_eq(i, 4, "a0 and its parent, a1, a2, a3: five copies");
    cr_assert_eq(xs_transaction_end(dom1, tx, false), 0);
    for (i = 0; i < 10; i++) {
        snprintf(path, sizeof(path), "b%u", i);
        cr_assert_eq(wr(dom1, 0, path, "v"), 0, "implicit ones are exempt");
    }
    cr_assert_eq(xs_transaction_start(dom1, &tx), 0);
    cr_assert_eq(xs_rm(dom1, tx, "/local/domain/1"), -XEN_ENOSPC,
                 "removing 11 nodes touches 11");
    cr_assert_eq(xs_transaction_end(dom1, tx, false), 0);
    cr_assert_eq(xs_transaction_start(dom0, &tx), 0);
    cr_assert_eq(xs_rm(dom0, tx, "/local/domain/1"), 0, "dom0 exempt");
    cr_assert_eq(xs_transaction_end(dom0, tx, true), 0);
}

Test(xenstore, path_length_quota_below_the_home)
{
    char path[XENSTORE_REL_PATH_MAX + 8];

    introduce(1);
    memset(path, 'p', sizeof(path));
    path[XENSTORE_REL_PATH_MAX] = '\0';
    cr_assert_eq(wr(dom1, 0, path, "v"), 0, "2048 bytes below home");
    path[XENSTORE_REL_PATH_MAX] = 'p';
    path[XENSTORE_REL_PATH_MAX + 1] = '\0';
    cr_assert_eq(wr(dom1, 0, path, "v"), -XEN_EINVAL);
}

Test(xenstore, introduce_release_and_domain_path)
{
    cr_assert_not(xs_is_introduced(st, 7));
    cr_assert_eq(xs_introduce(dom1, 7, 1, 1), -XEN_EACCES);
    cr_assert_eq(xs_introduce(dom0, 0, 1, 1), -XEN_EINVAL);
    cr_assert_eq(xs_introduce(dom0, DOMID_FIRST_RESERVED, 1, 1), -XEN_EINVAL);
    cr_assert_eq(xs_introduce(dom0, 7, 0x1234, 9), 0);
    cr_assert(xs_is_introduced(st, 7));
    cr_assert_not_null(xs_domain_conn(st, 7));
    cr_assert_eq(xs_introduce(dom0, 7, 0x1234, 9), -XEN_EEXIST);
    cr_assert_str_eq(perms(dom0, "/local/domain/7"), "n7");
    cr_assert_eq(xs_get_domain_path(dom1, 7, &buf), 0);
    cr_assert_str_eq(buf.data, "/local/domain/7");
    cr_assert_eq(buf.len, strlen("/local/domain/7") + 1);
    cr_assert_eq(xs_release(dom1, 7), -XEN_EACCES);
    cr_assert_eq(xs_release(dom0, 8), -XEN_ENOENT);
    cr_assert_eq(xs_release(dom0, 7), 0);
    cr_assert_not(xs_is_introduced(st, 7));
    cr_assert_null(xs_domain_conn(st, 7));
    cr_assert_eq(xs_release(dom0, 7), -XEN_ENOENT);
    cr_assert_str_eq(perms(dom0, "/local/domain/7"), "n7",
                     "the toolstack removes the home, not release");
    cr_assert_eq(xs_introduce(dom0, 7, 0x1234, 9), 0, "again after release");
}

Test(xenstore, release_drops_the_domain_connection_state)
{
    struct xs_conn *ring;
    uint32_t tx;

    introduce(3);
    ring = xs_domain_conn(st, 3);
    cr_assert_eq(xs_watch(ring, "data", "t"), 0);
    cr_assert_eq(xs_transaction_start(ring, &tx), 0);
    cr_assert_eq(xs_release(dom0, 3), 0);
    /* The teardown's leak check shows the watch and tx were freed. */
    cr_assert_eq(wr(dom0, 0, "/local/domain/3/data", "x"), 0);
}

/*
 * Out of memory at each allocation of a sequence that exercises every
 * path: each failure is a clean error, nothing leaks, and the store still
 * works afterwards.
 */
static int oom_sequence(void)
{
    uint32_t tx;
    int rc;

    rc = wr(dom0, 0, "/m/a/b", "v");
    if (!rc)
        rc = xs_watch(dom0, "/m", "t");
    if (!rc)
        rc = xs_transaction_start(dom0, &tx);
    if (!rc) {
        rc = wr(dom0, tx, "/m/c", "w");
        if (!rc)
            rc = xs_rm(dom0, tx, "/m/a");
        if (!rc)
            rc = xs_directory(dom0, tx, "/m", &buf);
        rc = xs_transaction_end(dom0, tx, rc == 0) ?: rc;
    }
    if (!rc)
        rc = xs_introduce(dom0, 4, 1, 1);
    return rc;
}

Test(xenstore, out_of_memory_anywhere_is_clean)
{
    long budget;
    int rc;

    for (budget = 0;; budget++) {
        xs_store_destroy(st);
        harness_alloc_budget = -1;
        setup();
        harness_alloc_budget = budget;
        rc = oom_sequence();
        harness_alloc_budget = -1;
        if (!rc)
            break;
        cr_assert(rc == -XEN_ENOMEM || rc == -XEN_EAGAIN,
                  "budget %ld: %d", budget, rc);
        cr_assert_eq(wr(dom0, 0, "/after", "ok"), 0);
        cr_assert_str_eq(rd(dom0, 0, "/after"), "ok");
    }
    cr_assert_gt(budget, 10);
    cr_assert_str_eq(dir(dom0, 0, "/m"), "c");
}
