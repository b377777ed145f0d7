/*
 * Transaction start and end (XS_TRANSACTION_START/END), and the implicit
 * one-operation transaction every operation outside a transaction uses.
 */
#include "xs_internal.h"

int xs_op_begin(struct xs_conn *c, uint32_t tx_id, struct xs_tx **tx)
{
    if (tx_id) {
        *tx = xs_tx_find(c, tx_id);
        return *tx ? 0 : -XEN_ENOENT;   /* xenstored: unknown id */
    }
    *tx = xs_tx_new(c, 0);
    return *tx ? 0 : -XEN_ENOMEM;
}

int xs_op_end(struct xs_tx *tx, int rc)
{
    if (tx->id) {
        /* A half-done operation cannot be undone inside it: fail it. */
        if (rc == -XEN_ENOMEM)
            tx->failed = true;
        return rc;
    }
    if (rc) {
        xs_tx_free(tx);
        return rc;
    }
    return xs_tx_commit(tx);
}

int xs_transaction_start(struct xs_conn *c, uint32_t *id)
{
    struct xs_store *st = c->st;
    struct xs_tx *tx;

    if (!xs_conn_privileged(c) && c->ntx >= st->quota.transactions)
        return -XEN_ENOSPC;
    /* Ids are never 0 (no transaction) and not reused soon. */
    do {
        st->next_tx++;
    } while (!st->next_tx);
    tx = xs_tx_new(c, st->next_tx);
    if (!tx)
        return -XEN_ENOMEM;
    tx->next = c->txs;
    c->txs = tx;
    c->ntx++;
    *id = tx->id;
    return 0;
}

int xs_transaction_end(struct xs_conn *c, uint32_t id, bool commit)
{
    struct xs_tx **pp, *tx;

    for (pp = &c->txs; *pp && (*pp)->id != id; pp = &(*pp)->next)
        ;
    tx = *pp;
    if (!id || !tx)
        return -XEN_ENOENT;
    *pp = tx->next;
    c->ntx--;
    if (!commit || tx->failed) {
        xs_tx_free(tx);
        return commit ? -XEN_EAGAIN : 0;
    }
    return xs_tx_commit(tx);
}
