/*
 * Emulated in/out (imm8 and DX forms, 1, 2 or 4 bytes; the string forms
 * are refused by the decoder, so they get #GP).
 *
 * Every domain has a virtual 16550 at 0x3f8-0x3ff: bytes written to its
 * transmit register become the domain's console output, the same lines
 * console_io makes; the line status register reads 0x60 (transmitter
 * empty, THRE|TEMT), the line control register reads back what was
 * written (so the divisor latch bit is honoured: with DLAB set, 0x3f8 is
 * the divisor, not output), the other registers read 0 and ignore
 * writes.  Any other port reaches the hardware only if the domain was
 * granted it (asm/ioport.h: dom0 gets COM2), else #GP.  A granted port
 * normally does not fault at all (the TSS I/O bitmap lets it through);
 * it comes here with iobitmap=no.
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/printk.h>
#include <hv/ns16550.h>
#include <asm/ioport.h>
#include <asm/processor.h>
#include "emul.h"

#define VUART_BASE      0x3f8
#define UART_LSR_IDLE   (UART_LSR_THRE | UART_LSR_TEMT)  /* nothing queued */

static bool in_vuart(unsigned int port, unsigned int bytes)
{
    return port >= VUART_BASE && port + bytes <= VUART_BASE + UART_PORTS;
}

static uint8_t vuart_read(const struct domain *d, unsigned int reg)
{
    switch (reg) {
    case UART_LSR: return UART_LSR_IDLE;
    case UART_LCR: return d->arch.vuart_lcr;
    default: return 0;
    }
}

static void vuart_write(struct domain *d, unsigned int reg, uint8_t val)
{
    char ch = (char)val;

    if (reg == UART_LCR)
        d->arch.vuart_lcr = val;
    else if (reg == UART_THR && !(d->arch.vuart_lcr & UART_LCR_DLAB))
        console_guest_write(d, &ch, 1);
}

/* A wider access reaches consecutive registers, low byte first. */
static uint32_t vuart_io(struct domain *d, bool out, unsigned int port,
                         unsigned int bytes, uint32_t val)
{
    uint32_t got = 0;

    for (unsigned int i = 0; i < bytes; i++) {
        unsigned int reg = port - VUART_BASE + i;

        if (out)
            vuart_write(d, reg, (uint8_t)(val >> (8 * i)));
        else
            got |= (uint32_t)vuart_read(d, reg) << (8 * i);
    }
    return got;
}

/* A granted port: the real access, at its width. */
static uint32_t real_io(bool out, unsigned int port, unsigned int bytes,
                        uint32_t val)
{
    uint16_t p = (uint16_t)port;

    if (out) {
        if (bytes == 1)
            asm volatile ("outb %b0, %w1" :: "a"(val), "Nd"(p));
        else if (bytes == 2)
            asm volatile ("outw %w0, %w1" :: "a"(val), "Nd"(p));
        else
            asm volatile ("outl %0, %w1" :: "a"(val), "Nd"(p));
        return 0;
    }
    if (bytes == 1)
        asm volatile ("inb %w1, %b0" : "=a"(val) : "Nd"(p));
    else if (bytes == 2)
        asm volatile ("inw %w1, %w0" : "=a"(val) : "Nd"(p));
    else
        asm volatile ("inl %w1, %0" : "=a"(val) : "Nd"(p));
    return val;
}

/* in writes AL or AX (the rest kept), or EAX (zero-extended to RAX). */
static void set_acc(struct cpu_regs *regs, unsigned int bytes, uint32_t val)
{
    if (bytes == 4)
        regs->rax = val;
    else if (bytes == 2)
        regs->rax = (regs->rax & ~0xFFFFULL) | (val & 0xFFFF);
    else
        regs->rax = (regs->rax & ~0xFFULL) | (val & 0xFF);
}

enum emul_result emul_io(struct emul_ctxt *c)
{
    const struct x86_priv_insn *in = &c->insn;
    struct domain *d = c->v->domain;
    bool out = in->op == X86_PRIV_OUT;
    unsigned int port = in->port_is_imm ? in->port
                                        : (unsigned int)(c->regs->rdx & 0xFFFF);
    uint32_t val = (uint32_t)c->regs->rax, got;

    if (in_vuart(port, in->opsize))
        got = vuart_io(d, out, port, in->opsize, val);
    else if (ioport_permitted(d, port, in->opsize))
        got = real_io(out, port, in->opsize, val);
    else
        return EMUL_REFUSED;
    if (!out)
        set_acc(c->regs, in->opsize, got);
    return EMUL_DONE;
}
