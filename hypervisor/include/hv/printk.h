/*
 * Hypervisor log: printk with log levels, kept in an in-memory ring and
 * written to the console (COM1).
 *
 * Levels follow Xen's loglvl= option: a message is printed when its level is
 * at or below the threshold; every message is kept in the ring regardless,
 * so dom0 can read the whole log later (sysctl readconsole).
 */
#ifndef HV_PRINTK_H
#define HV_PRINTK_H

#include <hv/types.h>

enum log_level {
    LOG_NONE = -1,              /* threshold only (loglvl=none): print nothing */
    LOG_ERR = 0,
    LOG_WARNING = 1,
    LOG_INFO = 2,
    LOG_DEBUG = 3,
};

#define XENLOG_ERR      "<0>"
#define XENLOG_WARNING  "<1>"
#define XENLOG_INFO     "<2>"
#define XENLOG_DEBUG    "<3>"

/*
 * printk(): an optional "<N>" level prefix selects the level (default
 * LOG_INFO).  Lines are prefixed with "(HV) " on the console, as Xen's
 * are with "(XEN) ".
 */
__printf(1, 2) void printk(const char *fmt, ...);
void vprintk(const char *fmt, va_list ap);

/* Raw output of guest console text (no prefix, no level): dom0's writes. */
void console_write_raw(const char *buf, size_t len);

/*
 * Writes out what a guest wrote through console_io but has not ended with
 * a newline yet (console.c holds guest text line by line).
 */
struct domain;
void console_flush_guest(struct domain *d);

/*
 * Console text from domain d (console_io, or its virtual UART): held
 * line by line, then written with the domain's prefix as above.
 */
void console_guest_write(struct domain *d, const char *s, unsigned int n);

/* loglvl= option: threshold for console output. */
void printk_set_level(enum log_level lvl);

/*
 * Copies up to 'size' bytes of the log ring starting at byte 'offset' of
 * everything logged so far (bytes older than the ring are gone; *offset is
 * advanced past them).  Returns bytes copied.
 */
size_t log_ring_read(size_t *offset, char *buf, size_t size);

/* Where the console bytes go: provided by the arch (serial) or the tests. */
void arch_console_putc(char c);

#endif /* HV_PRINTK_H */
