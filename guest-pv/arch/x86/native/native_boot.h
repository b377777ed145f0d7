/*
 * What the parts of the native boot (arch/x86/native/) share.
 */
#ifndef NATIVE_BOOT_H
#define NATIVE_BOOT_H

#include <guest/lib.h>

struct native_ram;
struct start_info;

/*
 * Builds Xen's start-of-day layout for the kernel (start_of_day.c) in
 * ram, switches to its page tables and returns start_info (a kernel
 * virtual address).  The command line is copied.
 */
struct start_info *native_build_start_of_day(const struct native_ram *ram);

/* Platform vectors, never the kernel's: the APIC timer and spurious. */
#define NATIVE_TIMER_VECTOR     0xf0
#define NATIVE_SPURIOUS_VECTOR  0xff

/* Exit statuses (hv/shutdown.h's numbering, which tests/boot reads). */
#define NATIVE_EXIT_POWEROFF    0
#define NATIVE_EXIT_REBOOT      1
#define NATIVE_EXIT_CRASH       2   /* the kernel crashed */
#define NATIVE_EXIT_BAD_BOOT    9   /* the loader's information unusable */


/* GDT, TSS and an IDT whose every vector reports itself (desc.c). */
void native_desc_init(void);

/* Hypercall stubs that report a stray hypercall (fatal.c). */
void native_hypercall_page_init(void);

/* The legacy 8259 PICs, all lines masked: the local APIC is used. */
void native_pic_mask(void);

#endif /* NATIVE_BOOT_H */
