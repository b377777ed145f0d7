/*
 * COM2, the management channel's serial port: a polled 16550 at 0x2f8
 * that the hypervisor grants dom0 (its kernel reaches the ports directly,
 * through the TSS I/O bitmap; docs/ARCHITECTURE.md "The management
 * channel").  On the host side QEMU backs it with a unix socket.
 */
#ifndef GUEST_COM2_H
#define GUEST_COM2_H

#include <guest/lib.h>

#define COM2_BASE   0x2f8

/*
 * Programs the UART (8n1, FIFOs on, no interrupts) and returns true if
 * it answers (its scratch register holds what was written); false when
 * the ports are not ours (the access faulted) or nothing is there.
 */
bool com2_init(void);

/* Moves up to 'max' received bytes into buf; returns how many (0: none). */
size_t com2_read(void *buf, size_t max);

/* Whether a received byte waits (one port read). */
bool com2_pending(void);

/*
 * Sends n bytes, waiting for the transmitter; returns false (having sent
 * part) if it stays busy for about a second: nobody reads the socket.
 */
bool com2_write(const void *buf, size_t n);

#endif /* GUEST_COM2_H */
