/*
 * The 16550 UART's registers (offsets from its I/O base) and the bits
 * this project uses: the hypervisor's COM1 console (arch/x86/serial.c),
 * the virtual UART every domain has (pv/emul_io.c) and dom0's COM2
 * driver (guest-pv/kernel/com2.c).  Pure definitions, for any build.
 */
#ifndef HV_NS16550_H
#define HV_NS16550_H

#define UART_RBR        0       /* receive buffer (read, DLAB 0) */
#define UART_THR        0       /* transmit holding (write, DLAB 0) */
#define UART_DLL        0       /* divisor latch, low (DLAB 1) */
#define UART_IER        1       /* interrupt enable (DLAB 0) */
#define UART_DLM        1       /* divisor latch, high (DLAB 1) */
#define UART_FCR        2       /* FIFO control (write) */
#define UART_LCR        3       /* line control */
#define UART_MCR        4       /* modem control */
#define UART_LSR        5       /* line status */
#define UART_SCR        7       /* scratch */
#define UART_PORTS      8

#define UART_LCR_8N1    0x03
#define UART_LCR_DLAB   0x80    /* registers 0 and 1 are the divisor */
#define UART_LSR_DR     0x01    /* data ready */
#define UART_LSR_THRE   0x20    /* transmit holding register empty */
#define UART_LSR_TEMT   0x40    /* transmitter empty */
#define UART_MCR_DTR_RTS 0x03

#endif /* HV_NS16550_H */
