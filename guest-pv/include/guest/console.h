/*
 * The kernel console: text goes to the hypervisor's console through
 * HYPERVISOR_console_io(CONSOLEIO_write), which is dom0's console (the
 * hypervisor's serial line).
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <guest/lib.h>

/* Writes len bytes; a failed hypercall is dropped (there is nowhere else
 * to report it). */
void console_write(const char *s, size_t len);

/*
 * A domU's console ring (kernel/console_ring.c): once found (after
 * hypervisor_init), console_write copies its text there too, for dom0's
 * `xl console`.  Nothing for dom0 or without a ring.
 */
void console_ring_init(void);
void console_ring_write(const char *s, size_t len);

/* Formats like snprintf and writes the result; lines longer than the
 * internal buffer (256 bytes) are cut. */
int printk(const char *fmt, ...) __printf(1, 2);

/*
 * A broken kernel invariant: prints "fatal: <message>" and crashes the
 * domain (SHUTDOWN_crash).  Never for errors a caller can handle.
 */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

#endif /* GUEST_CONSOLE_H */
