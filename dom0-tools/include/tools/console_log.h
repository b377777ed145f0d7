/*
 * A domain's console log: the last CONSOLE_LOG_SIZE bytes its console
 * wrote, kept by dom0 so that `xl console` can show what came before it
 * attached.  Positions are absolute byte counts since the domain
 * started, so each reader keeps its own and learns what it missed.
 */
#ifndef TOOLS_CONSOLE_LOG_H
#define TOOLS_CONSOLE_LOG_H

#include <hv/types.h>

#define CONSOLE_LOG_SIZE 16384          /* a power of two */

struct console_log {
    char buf[CONSOLE_LOG_SIZE];
    uint64_t end;                       /* bytes ever appended */
};

void console_log_append(struct console_log *log, const char *s, size_t n);

/*
 * Copies up to 'size' bytes from position *pos into out, advancing *pos;
 * returns how many.  A reader left behind by more than the log holds is
 * moved to the oldest byte kept (and *skipped says how many it lost).
 */
size_t console_log_read(const struct console_log *log, uint64_t *pos,
                        char *out, size_t size, uint64_t *skipped);

/* The position of the oldest byte still held. */
uint64_t console_log_start(const struct console_log *log);

#endif /* TOOLS_CONSOLE_LOG_H */
