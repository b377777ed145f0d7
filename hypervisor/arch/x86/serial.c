/*
 * 16550 UART on COM1: the hypervisor console.
 *
 * Polled, 115200 8n1 (the rate QEMU ignores and hardware needs).  Output
 * waits for the transmit holding register; input is read without waiting,
 * by the console's poll timer (common/console_input.c).
 */
#include <hv/arch.h>
#include <hv/printk.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <hv/ns16550.h>

#define COM1_BASE   0x3f8

#define UART_CLOCK  115200

static uint16_t uart_base;

void serial_init(unsigned int baud)
{
    unsigned int divisor = UART_CLOCK / (baud ? baud : UART_CLOCK);

    uart_base = COM1_BASE;
    outb(uart_base + UART_IER, 0);              /* polled: no interrupts */
    outb(uart_base + UART_LCR, UART_LCR_DLAB);
    outb(uart_base + UART_DLL, divisor & 0xff);
    outb(uart_base + UART_DLM, divisor >> 8);
    outb(uart_base + UART_LCR, UART_LCR_8N1);
    outb(uart_base + UART_FCR, 0x07);           /* enable and clear FIFOs */
    outb(uart_base + UART_MCR, UART_MCR_DTR_RTS);
}

static void serial_putc_raw(char c)
{
    /* Bounded wait: a missing UART must not hang the hypervisor. */
    for (unsigned int i = 0; i < 100000; i++)
        if (inb(uart_base + UART_LSR) & UART_LSR_THRE)
            break;
    outb(uart_base + UART_THR, (uint8_t)c);
}

void arch_console_putc(char c)
{
    if (!uart_base)
        return;
    if (c == '\n')
        serial_putc_raw('\r');
    serial_putc_raw(c);
}

int arch_console_getc(void)
{
    if (!uart_base || !(inb(uart_base + UART_LSR) & UART_LSR_DR))
        return -1;
    return inb(uart_base + UART_RBR);
}
