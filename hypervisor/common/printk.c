/*
 * The hypervisor log: printk(), the console threshold and the log ring.
 *
 * Every byte that reaches the console also goes into a 16 KiB ring (Xen's
 * conring), and so do messages below the console threshold, so dom0 can
 * read the whole recent log later whatever loglvl= was.  The ring holds
 * exactly what the console shows, "(HV) " prefixes included, so a reader
 * sees the same lines as the serial port.
 *
 * The console and the ring each remember whether their last line is
 * unfinished, and whose it is.  Hypervisor lines start with "(HV) "; guest
 * text (console_write_raw) has no prefix; when one source starts writing
 * while the other's line is unfinished, a newline is put in first so the
 * two never share a line.
 *
 * One lock (log_lock) covers the ring, the line states and the console
 * output, held across the two stream_write() calls of vprintk() and of
 * console_write_raw(), so lines from several CPUs never mix.  It is a
 * leaf lock (nothing is taken under it) and no interrupt handler prints.
 * A CPU that prints again while it holds it (a fault or panic while
 * printing) goes on without it rather than deadlocking on itself.
 */
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/softirq.h>
#include <hv/spinlock.h>

#define LOG_RING_SIZE   (16 * 1024)     /* a power of two: index by mask */
#define LINE_PREFIX     "(HV) "
#define PRINTK_BUF      512             /* longer messages are truncated */

BUILD_BUG_ON((LOG_RING_SIZE & (LOG_RING_SIZE - 1)) != 0);

/* What the current (last) line of a stream is. */
enum line_state {
    LINE_START,                 /* nothing written since the last newline */
    LINE_HV,                    /* an unfinished hypervisor line */
    LINE_GUEST,                 /* an unfinished line of guest text */
};

/* One destination: the console or the ring. */
struct stream {
    void (*putc)(char c);
    enum line_state line;
};

static char log_ring[LOG_RING_SIZE];
static size_t log_total;        /* bytes ever logged; the ring keeps the last */
static int console_threshold = LOG_INFO;
static spinlock_t log_lock = SPIN_LOCK_UNLOCKED;
static unsigned int log_owner = ~0U;    /* CPU holding log_lock */

/* False when this CPU holds the lock already (it must not unlock then). */
static bool log_lock_take(void)
{
    unsigned int me = smp_processor_id();

    if (__atomic_load_n(&log_owner, __ATOMIC_RELAXED) == me)
        return false;
    spin_lock(&log_lock);
    __atomic_store_n(&log_owner, me, __ATOMIC_RELAXED);
    return true;
}

static void log_lock_release(bool taken)
{
    if (!taken)
        return;
    __atomic_store_n(&log_owner, ~0U, __ATOMIC_RELAXED);
    spin_unlock(&log_lock);
}

static void ring_putc(char c)
{
    log_ring[log_total & (LOG_RING_SIZE - 1)] = c;
    log_total++;
}

static struct stream console = { arch_console_putc, LINE_START };
static struct stream ring = { ring_putc, LINE_START };

/*
 * Writes 'len' bytes from one source ('guest' or not) to a stream,
 * keeping lines apart and prefixing each hypervisor line.
 */
static void stream_write(struct stream *st, const char *s, size_t len,
                         bool guest)
{
    enum line_state mine = guest ? LINE_GUEST : LINE_HV;
    const char *p;

    for (; len; len--, s++) {
        if (st->line != LINE_START && st->line != mine) {
            st->putc('\n');
            st->line = LINE_START;
        }
        if (st->line == LINE_START && !guest)
            for (p = LINE_PREFIX; *p; p++)
                st->putc(*p);
        st->putc(*s);
        st->line = *s == '\n' ? LINE_START : mine;
    }
}

/*
 * A leading "<N>" (the XENLOG_* strings) selects the level; it is not
 * printed.  Levels above LOG_DEBUG count as debug.
 */
static int take_level(const char **fmt)
{
    const char *f = *fmt;

    if (f[0] != '<' || f[1] < '0' || f[1] > '9' || f[2] != '>')
        return LOG_INFO;
    *fmt = f + 3;
    return f[1] - '0' > LOG_DEBUG ? LOG_DEBUG : f[1] - '0';
}

/* Marks a cut message with "..." (keeping its final newline, if any). */
static size_t mark_truncated(char *buf, size_t size, const char *fmt)
{
    size_t n = size - 1;        /* vsnprintf() left buf[n] = '\0' */
    size_t flen = strlen(fmt);

    if (flen && fmt[flen - 1] == '\n')
        memcpy(buf + n - 4, "...\n", 4);
    else
        memcpy(buf + n - 3, "...", 3);
    return n;
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[PRINTK_BUF];
    int level = take_level(&fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    size_t len = (size_t)n;

    if (n < 0)
        return;
    bool taken;

    if (len >= sizeof(buf))
        len = mark_truncated(buf, sizeof(buf), fmt);
    taken = log_lock_take();
    stream_write(&ring, buf, len, false);
    if (level <= console_threshold)
        stream_write(&console, buf, len, false);
    log_lock_release(taken);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void console_write_raw(const char *buf, size_t len)
{
    bool taken = log_lock_take();

    stream_write(&ring, buf, len, true);
    stream_write(&console, buf, len, true);
    log_lock_release(taken);
}

void printk_set_level(enum log_level lvl)
{
    console_threshold = lvl;
}

/*
 * Offsets count every byte ever logged; the ring holds the last
 * LOG_RING_SIZE of them.  Per the contract, *offset moves only past bytes
 * that are gone; the caller adds the return value to continue reading.
 */
size_t log_ring_read(size_t *offset, char *buf, size_t size)
{
    size_t oldest = log_total > LOG_RING_SIZE ? log_total - LOG_RING_SIZE : 0;
    size_t n, first, at;

    if (*offset < oldest)
        *offset = oldest;
    if (*offset >= log_total)
        return 0;
    n = MIN(size, log_total - *offset);
    at = *offset & (LOG_RING_SIZE - 1);
    first = MIN(n, LOG_RING_SIZE - at);     /* up to the ring's end */
    memcpy(buf, log_ring + at, first);
    memcpy(buf + first, log_ring, n - first);
    return n;
}

size_t log_ring_end(void)
{
    return __atomic_load_n(&log_total, __ATOMIC_RELAXED);
}
