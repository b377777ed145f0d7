/*
 * Unit tests for the store's wire protocol (xs_wire.c) and ring transport
 * (xs_ring.c): each message type round-trips with req_id and tx_id
 * echoed, malformed messages (bad length, missing NUL, unknown type,
 * oversize, wrong argument count) are answered with errors and leave the
 * stream in step, a client that does not read is throttled, and a ring
 * page is served across index wrap-around; impossible ring indexes mark
 * the ring broken.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>
#include <tools/xs_store.h>

#include "tools_env.h"

static struct xs_store *st;
static struct xs_conn *dom0, *dom1;

static void setup(void)
{
    st = xs_store_create();
    cr_assert_not_null(st);
    dom0 = xs_conn_create(st, 0);
    dom1 = xs_conn_create(st, 1);
    cr_assert(dom0 && dom1);
    harness_log_reset();
}

static void teardown(void)
{
    xs_store_destroy(st);
    cr_assert_eq(harness_live_allocs, 0, "store leaked %ld allocations",
                 harness_live_allocs);
}

TestSuite(xs_wire, .init = setup, .fini = teardown);

/* A message as bytes: header then payload. */
static uint32_t message(char *out, uint32_t type, uint32_t req_id,
                        uint32_t tx_id, const void *payload, uint32_t len)
{
    struct xsd_sockmsg hdr = { type, req_id, tx_id, len };

    memcpy(out, &hdr, sizeof(hdr));
    memcpy(out + sizeof(hdr), payload, len);
    return (uint32_t)sizeof(hdr) + len;
}

static void put_msg(struct xs_conn *c, uint32_t type, uint32_t req_id,
                 uint32_t tx_id, const void *payload, uint32_t len)
{
    static char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    uint32_t n = message(msg, type, req_id, tx_id, payload, len);

    cr_assert_eq(xs_conn_input(c, msg, n), n);
}

/* Sends a request whose payload is "a\0b\0" written as "a|b|". */
static void sendz(struct xs_conn *c, uint32_t type, uint32_t req_id,
                  uint32_t tx_id, const char *args)
{
    char payload[256];
    uint32_t i, len = (uint32_t)strlen(args);

    for (i = 0; i < len; i++)
        payload[i] = args[i] == '|' ? '\0' : args[i];
    put_msg(c, type, req_id, tx_id, payload, len);
}

struct reply {
    struct xsd_sockmsg hdr;
    char payload[XENSTORE_PAYLOAD_MAX + 1];
    char text[XENSTORE_PAYLOAD_MAX + 1];    /* NULs shown as '|' */
};

static struct reply rep;

/* Takes the next queued message from c into rep. */
static struct reply *take_msg(struct xs_conn *c)
{
    uint32_t i;

    memset(&rep, 0, sizeof(rep));
    cr_assert(xs_conn_has_output(c), "no reply queued");
    cr_assert_eq(xs_conn_output(c, &rep.hdr, sizeof(rep.hdr)),
                 sizeof(rep.hdr));
    cr_assert_leq(rep.hdr.len, XENSTORE_PAYLOAD_MAX);
    cr_assert_eq(xs_conn_output(c, rep.payload, rep.hdr.len), rep.hdr.len);
    for (i = 0; i < rep.hdr.len; i++)
        rep.text[i] = rep.payload[i] ? rep.payload[i] : '|';
    return &rep;
}

/* The next reply must be this type and payload (NULs as '|'). */
static void expect(struct xs_conn *c, uint32_t type, uint32_t req_id,
                   const char *text)
{
    struct reply *r = take_msg(c);

    cr_assert_eq(r->hdr.type, type, "type %u, want %u (payload %s)",
                 r->hdr.type, type, r->text);
    cr_assert_eq(r->hdr.req_id, req_id);
    cr_assert_str_eq(r->text, text);
}

static void expect_error(struct xs_conn *c, uint32_t req_id, const char *name)
{
    char text[16];

    snprintf(text, sizeof(text), "%s|", name);
    expect(c, XS_ERROR, req_id, text);
}

static uint32_t next_req = 100;

/* One exchange: the request (NULs as '|') must get this reply. */
static void call(struct xs_conn *c, uint32_t type, uint32_t tx,
                 const char *args, const char *want)
{
    sendz(c, type, ++next_req, tx, args);
    expect(c, type, next_req, want);
    cr_assert_eq(rep.hdr.tx_id, tx, "tx_id echoed");
}

/* One exchange that must be refused with this error. */
static void fails(struct xs_conn *c, uint32_t type, uint32_t tx,
                  const char *args, const char *error)
{
    sendz(c, type, ++next_req, tx, args);
    expect_error(c, next_req, error);
}

Test(xs_wire, node_operations_round_trip)
{
    call(dom0, XS_WRITE, 0, "/a/b|hello", "OK|");
    call(dom0, XS_READ, 0, "/a/b|", "hello");
    call(dom0, XS_MKDIR, 0, "/a/c|", "OK|");
    call(dom0, XS_DIRECTORY, 0, "/a|", "b|c|");
    call(dom0, XS_SET_PERMS, 0, "/a/b|r0|w1|", "OK|");
    call(dom0, XS_GET_PERMS, 0, "/a/b|", "r0|w1|");
    call(dom0, XS_RM, 0, "/a|", "OK|");
    fails(dom0, XS_READ, 0, "/a/b|", "ENOENT");
    cr_assert_not(xs_conn_has_output(dom0));
}

Test(xs_wire, write_value_may_hold_any_bytes)
{
    put_msg(dom0, XS_WRITE, 1, 0, "/v\0a\0b", 6);
    expect(dom0, XS_WRITE, 1, "OK|");
    call(dom0, XS_READ, 0, "/v|", "a|b");
    put_msg(dom0, XS_WRITE, 3, 0, "/e", 3);    /* "/e\0": empty value */
    expect(dom0, XS_WRITE, 3, "OK|");
}

Test(xs_wire, watch_replies_ok_then_the_initial_event)
{
    call(dom0, XS_WATCH, 0, "/w|tok|", "OK|");
    expect(dom0, XS_WATCH_EVENT, 0, "/w|tok|");
    /* As xenstored queues them: the event the write fires, then its OK. */
    put_msg(dom0, XS_WRITE, 10, 0, "/w\0x", 4);
    expect(dom0, XS_WATCH_EVENT, 0, "/w|tok|");
    expect(dom0, XS_WRITE, 10, "OK|");
    call(dom0, XS_UNWATCH, 0, "/w|tok|", "OK|");
    fails(dom0, XS_UNWATCH, 0, "/w|tok|", "ENOENT");
    call(dom0, XS_WATCH, 0, "/w|a|", "OK|");
    take_msg(dom0);
    call(dom0, XS_RESET_WATCHES, 0, "|", "OK|");
    call(dom0, XS_WRITE, 0, "/w|y", "OK|");
    cr_assert_not(xs_conn_has_output(dom0), "no watches left");
}

Test(xs_wire, reserved_trailing_strings_are_ignored)
{
    call(dom0, XS_WATCH, 0, "/w|tok||", "OK|");
    take_msg(dom0);
    call(dom0, XS_UNWATCH, 0, "/w|tok||", "OK|");
    call(dom0, XS_INTRODUCE, 0, "5|1|7||", "OK|");
    fails(dom0, XS_RELEASE, 0, "5||", "EINVAL");    /* none reserved */
}

/* Collects a directory through DIRECTORY_PART as "a|b|...", checking
 * that the generation stays the same across the parts. */
static void directory_by_parts(const char *path, char *names, size_t size)
{
    char args[64], gen[24] = "";
    uint32_t offset = 0;
    const char *p, *end;
    bool done = false;

    names[0] = '\0';
    while (!done) {
        snprintf(args, sizeof(args), "%s|%u|", path, offset);
        sendz(dom0, XS_DIRECTORY_PART, 1, 0, args);
        take_msg(dom0);
        cr_assert_eq(rep.hdr.type, XS_DIRECTORY_PART, "%s", rep.text);
        if (gen[0])
            cr_assert_str_eq(rep.payload, gen, "the node did not change");
        snprintf(gen, sizeof(gen), "%s", rep.payload);
        end = rep.payload + rep.hdr.len;
        p = rep.payload + strlen(rep.payload) + 1;
        cr_assert_lt(p, end, "a part holds a name or the end marker");
        for (; p < end && !done; p += strlen(p) + 1) {
            done = !*p;         /* an empty name ends the list */
            offset += done ? 0 : (uint32_t)strlen(p) + 1;
            if (!done)
                snprintf(names + strlen(names), size - strlen(names), "%s%s",
                         names[0] ? "|" : "", p);
        }
        cr_assert(!done || p == end, "nothing after the end marker");
    }
}

Test(xs_wire, directory_part_pages_through_long_lists)
{
    static char names[16384], want[16384];
    char path[32];
    unsigned int i;

    for (i = 0; i < 600; i++) {
        snprintf(path, sizeof(path), "/big/child%03u", i);
        cr_assert_eq(xs_mkdir(dom0, 0, path), 0);
        snprintf(want + strlen(want), 16, "%schild%03u", i ? "|" : "", i);
    }
    fails(dom0, XS_DIRECTORY, 0, "/big|", "E2BIG");
    directory_by_parts("/big", names, sizeof(names));
    cr_assert_str_eq(names, want);
    directory_by_parts("/big/child007", names, sizeof(names));
    cr_assert_str_eq(names, "", "no children: just the end marker");
    fails(dom0, XS_DIRECTORY_PART, 0, "/big|x|", "EINVAL");
    fails(dom0, XS_DIRECTORY_PART, 0, "/nope|0|", "ENOENT");
    fails(dom1, XS_DIRECTORY_PART, 0, "/big|0|", "EACCES");
}

Test(xs_wire, directory_part_generation_follows_changes)
{
    char first[24];

    call(dom0, XS_MKDIR, 0, "/g/a|", "OK|");
    sendz(dom0, XS_DIRECTORY_PART, 1, 0, "/g|0|");
    cr_assert_str_eq(take_msg(dom0)->text + strlen(rep.payload), "|a||");
    snprintf(first, sizeof(first), "%s", rep.payload);
    call(dom0, XS_MKDIR, 0, "/g/b|", "OK|");
    sendz(dom0, XS_DIRECTORY_PART, 2, 0, "/g|0|");
    cr_assert_str_neq(take_msg(dom0)->payload, first);
}

Test(xs_wire, transactions_over_the_wire)
{
    char id[16];
    uint32_t tx;

    sendz(dom0, XS_TRANSACTION_START, 1, 0, "|");
    take_msg(dom0);
    cr_assert_eq(rep.hdr.type, XS_TRANSACTION_START);
    tx = (uint32_t)strtoul(rep.payload, NULL, 10);
    cr_assert_neq(tx, 0);
    snprintf(id, sizeof(id), "%u|", tx);
    cr_assert_str_eq(rep.text, id);
    call(dom0, XS_WRITE, tx, "/t|in", "OK|");
    fails(dom0, XS_READ, 0, "/t|", "ENOENT");
    fails(dom0, XS_TRANSACTION_START, tx, "|", "EBUSY");
    fails(dom0, XS_TRANSACTION_END, tx, "X|", "EINVAL");
    call(dom0, XS_TRANSACTION_END, tx, "T|", "OK|");
    call(dom0, XS_READ, 0, "/t|", "in");
    fails(dom0, XS_TRANSACTION_END, tx, "F|", "ENOENT");
}

Test(xs_wire, conflict_is_eagain_on_the_wire)
{
    uint32_t tx;

    sendz(dom0, XS_TRANSACTION_START, 1, 0, "|");
    tx = (uint32_t)strtoul(take_msg(dom0)->payload, NULL, 10);
    sendz(dom0, XS_READ, 2, tx, "/local|");
    take_msg(dom0);
    sendz(dom0, XS_MKDIR, 3, 0, "/local/x|");
    take_msg(dom0);
    fails(dom0, XS_TRANSACTION_END, tx, "T|", "EAGAIN");
}

Test(xs_wire, domain_messages)
{
    call(dom0, XS_INTRODUCE, 0, "5|4096|7|", "OK|");
    cr_assert(xs_is_introduced(st, 5));
    fails(dom1, XS_INTRODUCE, 0, "6|4096|7|", "EACCES");
    fails(dom0, XS_INTRODUCE, 0, "6|x|7|", "EINVAL");
    fails(dom0, XS_INTRODUCE, 0, "70000|1|7|", "EINVAL");
    call(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "5|", "T|");
    call(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "6|", "F|");
    call(dom1, XS_GET_DOMAIN_PATH, 0, "5|", "/local/domain/5|");
    fails(dom1, XS_GET_DOMAIN_PATH, 0, "five|", "EINVAL");
    call(dom0, XS_RELEASE, 0, "5|", "OK|");
    fails(dom0, XS_RELEASE, 0, "5|", "ENOENT");
}

Test(xs_wire, malformed_messages_get_errors)
{
    fails(dom0, XS_READ, 0, "/local", "EINVAL");    /* no NUL */
    fails(dom0, XS_READ, 0, "", "EINVAL");          /* no argument */
    fails(dom0, XS_READ, 0, "/local|/tool|", "EINVAL");     /* two */
    fails(dom0, XS_WATCH, 0, "/w|", "EINVAL");      /* token missing */
    fails(dom0, XS_WATCH, 0, "/w|t", "EINVAL");     /* unterminated */
    fails(dom0, XS_WRITE, 0, "/nonul", "EINVAL");   /* path unended */
    fails(dom0, XS_SET_PERMS, 0, "/local|", "EINVAL");  /* no perms */
    fails(dom0, XS_SET_PERMS, 0, "", "EINVAL");         /* nothing */
    fails(dom0, XS_INTRODUCE, 0, "5|1|", "EINVAL");
}

Test(xs_wire, unknown_and_unserved_types)
{
    fails(dom0, XS_TYPE_COUNT, 0, "|", "EINVAL");
    fails(dom0, 0xffff, 0, "|", "EINVAL");
    fails(dom0, XS_WATCH_EVENT, 0, "/a|t|", "EINVAL");
    fails(dom0, XS_ERROR, 0, "EINVAL|", "EINVAL");
    fails(dom0, XS_SET_TARGET + 1, 0, "|", "EINVAL");   /* was XS_RESTRICT */
    fails(dom0, XS_CONTROL, 0, "print|x|", "ENOSYS");
    fails(dom0, XS_RESUME, 0, "1|", "ENOSYS");
    fails(dom0, XS_SET_TARGET, 0, "1|2|", "ENOSYS");
}

Test(xs_wire, oversize_payload_is_e2big_and_skipped)
{
    static char big[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX + 100];
    uint32_t n = message(big, XS_WRITE, 1, 0, "", 0);
    struct xsd_sockmsg *hdr = (struct xsd_sockmsg *)big;

    hdr->len = XENSTORE_PAYLOAD_MAX + 1;
    memset(big + n, 'x', XENSTORE_PAYLOAD_MAX + 1);
    n += XENSTORE_PAYLOAD_MAX + 1;
    cr_assert_eq(xs_conn_input(dom0, big, n), n);
    expect_error(dom0, 1, "E2BIG");
    sendz(dom0, XS_READ, 2, 0, "/local|");
    expect(dom0, XS_READ, 2, "");      /* the stream is still in step */
}

Test(xs_wire, any_split_of_the_stream_works)
{
    char msgs[256];
    uint32_t n = 0, i;

    n += message(msgs + n, XS_WRITE, 1, 0, "/s\0v", 4);
    n += message(msgs + n, XS_READ, 2, 0, "/s", 3);
    for (i = 0; i < n; i++)
        cr_assert_eq(xs_conn_input(dom0, msgs + i, 1), 1);
    expect(dom0, XS_WRITE, 1, "OK|");
    expect(dom0, XS_READ, 2, "v");
}

Test(xs_wire, reply_bytes_can_be_taken_in_pieces)
{
    char bytes[64];
    uint32_t got = 0, n;

    sendz(dom0, XS_GET_DOMAIN_PATH, 1, 0, "3|");
    while ((n = xs_conn_output(dom0, bytes + got, 5)) > 0)
        got += n;
    cr_assert_eq(got, sizeof(struct xsd_sockmsg) + 16);
    cr_assert_str_eq(bytes + sizeof(struct xsd_sockmsg), "/local/domain/3");
}

Test(xs_wire, a_client_that_does_not_read_is_throttled)
{
    static char flood[64 * 32];
    uint32_t n = 0, used, i;

    for (i = 0; i < 64; i++)
        n += message(flood + n, XS_GET_DOMAIN_PATH, i, 0, "1", 2);
    used = xs_conn_input(dom1, flood, n);
    cr_assert_lt(used, n, "stops taking requests");
    for (i = 0; xs_conn_has_output(dom1); i++)
        take_msg(dom1);
    cr_assert_eq(i, 16, "XS_MAX_QUEUED_REPLIES replies waited");
    cr_assert_gt(xs_conn_input(dom1, flood + used, n - used), 0,
                 "and it resumes once they are read");
}

Test(xs_wire, unread_events_are_bounded)
{
    unsigned int i, events = 0;

    sendz(dom1, XS_WATCH, 1, 0, "@introduceDomain|t|");
    take_msg(dom1);
    take_msg(dom1);
    for (i = 0; i < 300; i++)
        cr_assert_eq(xs_introduce(dom0, (domid_t)(10 + i), 1, 1), 0);
    while (xs_conn_has_output(dom1)) {
        take_msg(dom1);
        events++;
    }
    cr_assert_eq(events, 256, "the rest were dropped, not queued");
    cr_assert_str_neq(harness_log, "");
}

Test(xs_wire, error_names_come_from_xsd_errors)
{
    cr_assert_str_eq(xs_error_name(-XEN_EINVAL), "EINVAL");
    cr_assert_str_eq(xs_error_name(-XEN_EACCES), "EACCES");
    cr_assert_str_eq(xs_error_name(-XEN_EAGAIN), "EAGAIN");
    cr_assert_str_eq(xs_error_name(-XEN_E2BIG), "E2BIG");
    cr_assert_str_eq(xs_error_name(-XEN_ENOSPC), "ENOSPC");
    cr_assert_str_eq(xs_error_name(-XEN_EPERM), "EPERM");
    cr_assert_str_eq(xs_error_name(-XEN_ESRCH), "EINVAL", "not listed");
}

/* What a client maps an XS_ERROR reply back to. */
Test(xs_wire, error_numbers_from_names)
{
    static const int errs[] = { -XEN_EINVAL, -XEN_EACCES, -XEN_EEXIST,
                                -XEN_ENOENT, -XEN_ENOSPC, -XEN_EAGAIN,
                                -XEN_E2BIG, -XEN_EPERM, -XEN_EISCONN };
    unsigned int i;

    for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
        cr_assert_eq(xs_error_number(xs_error_name(errs[i])), errs[i],
                     "%s", xs_error_name(errs[i]));
    cr_assert_eq(xs_error_number("EWHATEVER"), -XEN_EIO, "not listed");
    cr_assert_eq(xs_error_number(""), -XEN_EIO);
}

/* The guest's side of a ring page. */
static struct xenstore_domain_interface *ring;

static void guest_put(const void *data, uint32_t len)
{
    const char *p = data;
    uint32_t i;

    for (i = 0; i < len; i++)
        ring->req[MASK_XENSTORE_IDX(ring->req_prod + i)] = p[i];
    ring->req_prod += len;
}

static uint32_t guest_get(void *data, uint32_t max)
{
    char *p = data;
    uint32_t n = 0;

    while (n < max && ring->rsp_cons != ring->rsp_prod)
        p[n++] = ring->rsp[MASK_XENSTORE_IDX(ring->rsp_cons++)];
    return n;
}

/* A ring page with every index at 'start', for introduced domain 3. */
static struct xs_conn *ring_at(XENSTORE_RING_IDX start)
{
    ring = calloc(1, sizeof(*ring));
    cr_assert_not_null(ring);
    ring->req_cons = ring->req_prod = start;
    ring->rsp_cons = ring->rsp_prod = start;
    cr_assert_eq(xs_introduce(dom0, 3, 1, 1), 0);
    return xs_domain_conn(st, 3);
}

/* Sends one request through the ring and returns its whole reply. */
static struct reply *ring_call(struct xs_conn *c, uint32_t type,
                               uint32_t req_id, const void *payload,
                               uint32_t len)
{
    static char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    static char in[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    uint32_t n = message(msg, type, req_id, 0, payload, len), sent = 0;
    uint32_t got = 0, chunk, rounds = 0;

    memset(&rep, 0, sizeof(rep));
    while (got < sizeof(rep.hdr) || got < sizeof(rep.hdr) + rep.hdr.len) {
        cr_assert_lt(rounds++, 64, "no progress");
        chunk = MIN(n - sent, XENSTORE_RING_SIZE -
                    (ring->req_prod - ring->req_cons));
        guest_put(msg + sent, chunk);
        sent += chunk;
        xs_ring_service(c, ring);
        got += guest_get(in + got, sizeof(in) - got);
        if (got >= sizeof(rep.hdr))
            memcpy(&rep.hdr, in, sizeof(rep.hdr));
    }
    memcpy(rep.payload, in + sizeof(rep.hdr), rep.hdr.len);
    cr_assert_eq(ring->req_cons, ring->req_prod, "all requests taken");
    return &rep;
}

Test(xs_wire, ring_round_trip_across_the_index_wrap)
{
    struct xs_conn *c;
    char path[64];
    unsigned int i;

    /* Near 2^32 and near the ring's end: indexes and bytes both wrap. */
    c = ring_at(0xfffffe00u + 1000);
    for (i = 0; i < 100; i++) {
        snprintf(path, sizeof(path), "data/key%u", i);
        memcpy(path + strlen(path) + 1, "value", 5);
        ring_call(c, XS_WRITE, i, path, (uint32_t)strlen(path) + 6);
        cr_assert_eq(rep.hdr.type, XS_WRITE, "%u: %s", i, rep.payload);
        cr_assert_eq(rep.hdr.req_id, i);
        ring_call(c, XS_READ, 1000 + i, path, (uint32_t)strlen(path) + 1);
        cr_assert_eq(rep.hdr.type, XS_READ);
        cr_assert_eq(rep.hdr.len, 5);
        cr_assert_eq(memcmp(rep.payload, "value", 5), 0);
    }
    cr_assert_lt(ring->req_prod, 0x10000u, "the index wrapped");
    cr_assert_eq(ring->error, XENSTORE_ERROR_NONE);
    cr_assert_eq(ring->server_features & XENSTORE_SERVER_FEATURE_ERROR,
                 XENSTORE_SERVER_FEATURE_ERROR);
    free(ring);
}

Test(xs_wire, replies_larger_than_the_ring_arrive_in_pieces)
{
    static char value[2048];
    static char req[32 + sizeof(value)];
    struct xs_conn *c;

    c = ring_at(0);
    memset(value, 'q', sizeof(value));
    memcpy(req, "big", 4);
    memcpy(req + 4, value, sizeof(value));
    ring_call(c, XS_WRITE, 1, req, 4 + sizeof(value));
    cr_assert_eq(rep.hdr.type, XS_WRITE, "%s", rep.payload);
    ring_call(c, XS_READ, 2, "big", 4);
    cr_assert_eq(rep.hdr.len, sizeof(value));
    cr_assert_eq(memcmp(rep.payload, value, sizeof(value)), 0);
    free(ring);
}

Test(xs_wire, impossible_request_index_breaks_the_ring)
{
    struct xs_conn *c;

    c = ring_at(100);
    ring->req_prod = ring->req_cons + XENSTORE_RING_SIZE + 1;
    cr_assert(xs_ring_service(c, ring), "notify so the guest sees it");
    cr_assert_eq(ring->error, XENSTORE_ERROR_RINGIDX);
    cr_assert_eq(ring->req_cons, 100, "nothing consumed");
    ring->req_prod = ring->req_cons;
    cr_assert_not(xs_ring_service(c, ring), "no longer served");
    free(ring);
}

Test(xs_wire, impossible_response_index_breaks_the_ring)
{
    struct xs_conn *c;

    c = ring_at(0);
    guest_put("\x0a\0\0\0\x01\0\0\0\0\0\0\0\x02\0\0\0" "3", 18);
    ring->rsp_cons = ring->rsp_prod + 5;    /* consumed what was never made */
    cr_assert(xs_ring_service(c, ring));
    cr_assert_eq(ring->error, XENSTORE_ERROR_RINGIDX);
    free(ring);
}

Test(xs_wire, a_full_response_ring_holds_output_back)
{
    struct xs_conn *c;
    char out[XENSTORE_RING_SIZE * 2];
    uint32_t i, got;
    char msg[64];

    c = ring_at(0);
    for (i = 0; i < 40; i++)
        guest_put(msg, message(msg, XS_GET_DOMAIN_PATH, i, 0, "3", 2));
    xs_ring_service(c, ring);
    cr_assert_eq(ring->rsp_prod - ring->rsp_cons, XENSTORE_RING_SIZE,
                 "the ring is filled, not overrun");
    got = guest_get(out, sizeof(out));
    xs_ring_service(c, ring);
    got += guest_get(out + got, sizeof(out) - got);
    xs_ring_service(c, ring);
    got += guest_get(out + got, sizeof(out) - got);
    cr_assert_eq(got, 40 * (sizeof(struct xsd_sockmsg) + 16),
                 "every reply, in order");
    cr_assert_eq(((struct xsd_sockmsg *)(out + 39 * 32))->req_id, 39);
    free(ring);
}

/* A fixed-seed generator: the same "random" input on every run. */
static uint32_t rng_state;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

/* A request with a random type, tx_id and length, and payload bytes from
 * an alphabet that makes paths, perms and numbers likely. */
static uint32_t random_message(char *out)
{
    static const char alphabet[] = "/a1@-_bTF0rwn\0\0\0";
    struct xsd_sockmsg hdr = {
        .type = rng() % 8 ? rng() % (XS_TYPE_COUNT + 2) : rng(),
        .req_id = rng(),
        .tx_id = rng() % 4 ? 0 : rng() % 4,
        .len = rng() % 16 ? rng() % 64 : rng() % (XENSTORE_PAYLOAD_MAX + 64),
    };
    uint32_t i, body = MIN(hdr.len, XENSTORE_PAYLOAD_MAX + 64);

    memcpy(out, &hdr, sizeof(hdr));
    for (i = 0; i < body; i++)
        out[sizeof(hdr) + i] = alphabet[rng() % (sizeof(alphabet) - 1)];
    return (uint32_t)sizeof(hdr) + body;
}

/* Every queued message must be well formed; returns how many there were. */
static unsigned int drain_checked(struct xs_conn *c)
{
    unsigned int n = 0;

    while (xs_conn_has_output(c)) {
        take_msg(c);
        cr_assert(rep.hdr.type < XS_TYPE_COUNT, "type %u", rep.hdr.type);
        n++;
    }
    return n;
}

Test(xs_wire, random_requests_never_break_the_store)
{
    static char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX + 64];
    struct xs_conn *c;
    uint32_t n, off, chunk, want;
    unsigned int i, replies = 0;

    rng_state = 42;
    cr_assert_eq(xs_introduce(dom0, 1, 1, 1), 0);
    for (i = 0; i < 4000; i++) {
        c = i % 4 ? xs_domain_conn(st, 1) : dom0;
        n = random_message(msg);
        for (off = 0; off < n; off += chunk) {
            want = 1 + rng() % 200;
            chunk = xs_conn_input(c, msg + off, MIN(n - off, want));
            replies += drain_checked(c);
        }
    }
    cr_assert_gt(replies, 1000, "only %u replies", replies);
    /* Whatever state the stream left, the store still serves. */
    call(dom0, XS_WRITE, 0, "/after|ok", "OK|");
    call(dom0, XS_READ, 0, "/after|", "ok");
}

Test(xs_wire, random_ring_indexes_never_break_dom0)
{
    struct xs_conn *c;
    unsigned int i;

    rng_state = 7;
    c = ring_at(0);
    for (i = 0; i < 2000 && !ring->error; i++) {
        ring->req_prod += rng() % 40;
        if (rng() % 50 == 0)
            ring->req_prod = rng();     /* a hostile index */
        if (rng() % 50 == 0)
            ring->rsp_cons = rng();
        ring->req[rng() % XENSTORE_RING_SIZE] = (char)rng();
        xs_ring_service(c, ring);
        ring->rsp_cons = ring->rsp_prod - rng() % 8 * (rng() % 2);
    }
    cr_assert_eq(ring->error, XENSTORE_ERROR_RINGIDX,
                 "a hostile index is caught, not trusted");
    cr_assert_not(xs_ring_service(c, ring));
    free(ring);
}
