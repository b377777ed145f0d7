/*
 * The end of the machine, and the legacy interrupt controllers, which
 * only need to be silenced: port I/O of the platform.
 */
#include <abi/xen.h>
#include <xen/sched.h>
#include <guest/native.h>
#include "native_boot.h"

/* QEMU's isa-debug-exit (tests/boot/qemu.sh adds it at this port). */
#define DEBUG_EXIT_PORT     0xf4

#define PIC1_DATA           0x21
#define PIC2_DATA           0xa1

static void outb(uint16_t port, uint8_t v)
{
    asm volatile ("outb %0, %1" : : "a"(v), "Nd"(port));
}

void native_pic_mask(void)
{
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);
}

void native_exit(unsigned int status)
{
    /*
     * QEMU exits with (status << 1) | 1.  Without the device the write
     * is ignored and the CPU stops here, which on hardware is a clean
     * halt with the reason already on the console.
     */
    asm volatile ("outl %0, %1" : : "a"(status), "Nd"(DEBUG_EXIT_PORT));
    for (;;)
        asm volatile ("cli; hlt");
}

void native_shutdown(unsigned int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        native_exit(NATIVE_EXIT_POWEROFF);
    case SHUTDOWN_reboot:
        native_exit(NATIVE_EXIT_REBOOT);
    default:
        native_exit(NATIVE_EXIT_CRASH);
    }
}
