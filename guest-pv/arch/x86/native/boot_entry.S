/*
 * The kernel's entries without a hypervisor, both in 32-bit protected
 * mode with paging off:
 *   - PVH (XEN_ELFNOTE_PHYS32_ENTRY), which QEMU's -kernel loader (qboot
 *     on microvm, its PVH option ROM on pc/q35) jumps to with %ebx = the
 *     physical address of a struct hvm_start_info
 *     (xen/arch-x86/hvm/start_info.h);
 *   - multiboot2 (GRUB), %eax = its magic, %ebx = its information.
 * native_start() gets the magic (0 for PVH) and the address.
 *
 * The loader put each segment at its p_paddr, so the image runs at
 * KERNEL_LOAD_PHYS; the code below uses physical addresses until paging
 * maps the image at its link address KERNEL_VIRT_BASE.  Then
 * native_start() (boot.c) builds what a PV domain builder would
 * have built and calls start_kernel().  head.S's _start, the PV entry,
 * is not used: it would clear .bss again.
 */
#include <asm/long_mode.h>
#include <xen/elfnote.h>
#include <guest/elfnote.h>
#include <guest/layout.h>
#include <guest/native.h>
#include <guest/zero_bss.h>

#define PHYS(sym)   ((sym) - KERNEL_VIRT_BASE + KERNEL_LOAD_PHYS)

#define BOOT_CS64   0x08

#define MB2_HEADER_MAGIC        0xe85250d6
#define MB2_ARCH_I386           0
#define MB2_TAG_END             0
#define MB2_TAG_ENTRY_ADDRESS   3

/* A 64-bit ELF: QEMU reads this descriptor as 8 bytes. */
    ELFNOTE XEN_ELFNOTE_PHYS32_ENTRY, .quad, PHYS(native_pvh_entry)

/*
 * The multiboot2 header, 8-aligned in the image's first 32 KiB: in
 * .text.head after head.S's _start (linked first).  GRUB loads the
 * segments at their p_paddr; the entry tag gives the physical entry,
 * since the ELF entry is a virtual address.
 */
    .section .text.head, "ax", @progbits
    .balign 8
native_mb2_header:
    .long MB2_HEADER_MAGIC
    .long MB2_ARCH_I386
    .long native_mb2_header_end - native_mb2_header
    .long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + \
            (native_mb2_header_end - native_mb2_header))
    .balign 8
    .short MB2_TAG_ENTRY_ADDRESS, 0
    .long 12
    .long PHYS(native_mb2_entry)
    .balign 8
    .short MB2_TAG_END, 0
    .long 8
native_mb2_header_end:

    .section .text, "ax", @progbits
    .code32
/* GRUB: %eax = the multiboot2 magic, %ebx = the information. */
native_mb2_entry:
    mov     %eax, %ebp
    jmp     1f

/* PVH: %ebx = hvm_start_info. */
    .globl native_pvh_entry
native_pvh_entry:
    xor     %ebp, %ebp
1:  cli
    cld
    mov     %ebx, %esi                  /* kept for C, with %ebp */
    /*
     * Both protocols give flat 32-bit segments, which serve until desc.c
     * loads the real GDT (multiboot2: without a valid GDTR, so none is
     * reloaded); this one only has the 64-bit code segment the far jump
     * into long mode needs.
     */
    lgdt    PHYS(native_boot_gdtr)
    ENTER_LONG_MODE $PHYS(native_boot_l4)
    ljmp    $BOOT_CS64, $PHYS(1f)

    .code64
1:  movabs  $2f, %rax                   /* to the link address */
    jmp     *%rax
2:  ZERO_BSS                            /* the stack is in .bss */
    lea     kernel_stack_top(%rip), %rsp
    mov     %ebp, %edi                  /* native_start(magic, info) */
    xor     %ebp, %ebp                  /* ends frame-pointer chains */
    call    native_start
    ud2

    .data
    .balign 8
native_boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff            /* BOOT_CS64: 64-bit code, DPL 0 */
native_boot_gdt_end:
native_boot_gdtr:
    .short native_boot_gdt_end - native_boot_gdt - 1
    .long PHYS(native_boot_gdt)

/*
 * Boot page tables, used only until native_start() has built the
 * start-of-day tables: physical [0, 4 GiB) with 2 MiB pages at 0 (the
 * switch to long mode runs there) and at NATIVE_DIRECTMAP (how the native
 * code reaches any physical address), and the image's first 1 GiB at
 * KERNEL_VIRT_BASE.
 */
#define PDE_TBL     0x003               /* present, writable */
#define PDE_2M      0x083               /* present, writable, 2 MiB */
#define SLOT(va, level) (((va) >> (12 + 9 * ((level) - 1))) & 511)

    .section .data.native_boot_pt, "aw", @progbits
    .balign PAGE_SIZE
native_boot_l4:
    .quad PHYS(native_boot_l3_low) + PDE_TBL
    .fill SLOT(NATIVE_DIRECTMAP, 4) - 1, 8, 0
    .quad PHYS(native_boot_l3_low) + PDE_TBL
    .fill 511 - SLOT(NATIVE_DIRECTMAP, 4) - 1, 8, 0
    .quad PHYS(native_boot_l3_high) + PDE_TBL       /* slot 511 */
    .globl native_boot_l3_low       /* start_of_day.c keeps it */
native_boot_l3_low:
    .set i, 0
    .rept 4
    .quad PHYS(native_boot_l2_low) + i * PAGE_SIZE + PDE_TBL
    .set i, i + 1
    .endr
    .fill 512 - 4, 8, 0
native_boot_l3_high:
    .fill SLOT(KERNEL_VIRT_BASE, 3), 8, 0
    .quad PHYS(native_boot_l2_image) + PDE_TBL
    .fill 511 - SLOT(KERNEL_VIRT_BASE, 3), 8, 0
native_boot_l2_low:
    .set i, 0
    .rept 4 * 512
    .quad (i << 21) + PDE_2M
    .set i, i + 1
    .endr
native_boot_l2_image:
    .set i, 0
    .rept 512
    .quad KERNEL_LOAD_PHYS + (i << 21) + PDE_2M
    .set i, i + 1
    .endr

    .section .note.GNU-stack, "", @progbits
