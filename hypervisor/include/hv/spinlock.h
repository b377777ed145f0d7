/*
 * Spinlocks for generic code: a ticket lock on the compiler's __atomic
 * builtins, so the same source serves every architecture and the host
 * unit tests.
 *
 * Tickets hand the lock out in arrival order (Xen's spinlocks are ticket
 * locks for the same reason): under SMP no CPU waits forever while others
 * keep re-taking a domain's lock.
 *
 * Not IRQ-safe: a lock taken here must never be wanted by an interrupt
 * handler that can interrupt its holder.  Callers in interrupt context
 * defer their work (Xen's softirqs) instead.
 */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include <hv/bug.h>
#include <hv/types.h>

typedef union {
    uint32_t word;              /* both halves, for trylock's one CAS */
    struct {
        uint16_t head;          /* ticket being served */
        uint16_t tail;          /* next ticket to hand out */
    };
} spinlock_t;

#define SPIN_LOCK_UNLOCKED ((spinlock_t){ .word = 0 })

static inline void spin_lock_init(spinlock_t *l)
{
    *l = SPIN_LOCK_UNLOCKED;
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    spinlock_t now = { .word = __atomic_load_n(&l->word, __ATOMIC_RELAXED) };

    return now.head != now.tail;
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me;

#ifdef HV_HOST_TEST
    /*
     * The host tests run on one thread: waiting for a held lock can never
     * end, so report the recursion instead of hanging the test run.
     */
    if (spin_is_locked(l))
        panic("spin_lock: lock %p already held (deadlock)", (void *)l);
#endif
    me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_RELAXED);
    /* Acquire: the holder's writes are visible once our ticket is up. */
    while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me)
        ;
}

/* Takes the lock only if it is free now; true when taken. */
static inline bool spin_trylock(spinlock_t *l)
{
    spinlock_t old = { .word = __atomic_load_n(&l->word, __ATOMIC_RELAXED) };
    spinlock_t new = old;

    if (old.head != old.tail)
        return false;
    new.tail++;
    return __atomic_compare_exchange_n(&l->word, &old.word, new.word, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    ASSERT(spin_is_locked(l));
    /* Only the holder writes head; release publishes its critical section. */
    __atomic_store_n(&l->head, (uint16_t)(l->head + 1), __ATOMIC_RELEASE);
}

#endif /* HV_SPINLOCK_H */
