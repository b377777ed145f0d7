/*
 * A domain's console log (see <tools/console_log.h>): a byte ring
 * indexed by absolute position modulo its size.
 */
#include <hv/lib.h>
#include <tools/console_log.h>

_Static_assert((CONSOLE_LOG_SIZE & (CONSOLE_LOG_SIZE - 1)) == 0,
               "the log's size must be a power of two");

#define LOG_MASK (CONSOLE_LOG_SIZE - 1)

void console_log_append(struct console_log *log, const char *s, size_t n)
{
    /* Only the last CONSOLE_LOG_SIZE bytes can survive the append. */
    if (n > CONSOLE_LOG_SIZE) {
        log->end += n - CONSOLE_LOG_SIZE;
        s += n - CONSOLE_LOG_SIZE;
        n = CONSOLE_LOG_SIZE;
    }
    while (n) {
        size_t at = log->end & LOG_MASK;
        size_t chunk = MIN(n, CONSOLE_LOG_SIZE - at);

        memcpy(log->buf + at, s, chunk);
        log->end += chunk;
        s += chunk;
        n -= chunk;
    }
}

uint64_t console_log_start(const struct console_log *log)
{
    return log->end > CONSOLE_LOG_SIZE ? log->end - CONSOLE_LOG_SIZE : 0;
}

size_t console_log_read(const struct console_log *log, uint64_t *pos,
                        char *out, size_t size, uint64_t *skipped)
{
    uint64_t start = console_log_start(log);
    size_t done = 0;

    *skipped = 0;
    if (*pos < start) {
        *skipped = start - *pos;
        *pos = start;
    }
    /* A position beyond the end (a log that was reset) restarts there. */
    if (*pos > log->end)
        *pos = log->end;
    while (done < size && *pos < log->end) {
        size_t at = *pos & LOG_MASK;
        size_t chunk = MIN(size - done, CONSOLE_LOG_SIZE - at);

        chunk = MIN(chunk, (size_t)(log->end - *pos));
        memcpy(out + done, log->buf + at, chunk);
        done += chunk;
        *pos += chunk;
    }
    return done;
}
