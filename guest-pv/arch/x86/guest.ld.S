/*
 * Linker script of the PV guest kernel (preprocessed by cpp).
 *
 * Linked at KERNEL_VIRT_BASE; every segment's physical address is its
 * virtual address minus KERNEL_VIRT_BASE plus KERNEL_LOAD_PHYS, which is
 * what the image's XEN_ELFNOTE_VIRT_BASE / PADDR_OFFSET notes tell a PV
 * loader (it maps p_paddr - PADDR_OFFSET + VIRT_BASE), while a PVH
 * loader puts each segment at its p_paddr.  Code
 * and read-only data share one R-X segment, data and .bss one RW-
 * segment, and the Xen notes get a PT_NOTE segment of their own, where
 * Xen's libelf looks for them.
 */
#include <guest/layout.h>

#define LOAD(sec) AT(ADDR(sec) - KERNEL_VIRT_BASE + KERNEL_LOAD_PHYS)

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
    text PT_LOAD FLAGS(5);      /* R X */
    data PT_LOAD FLAGS(6);      /* R W */
    note PT_NOTE FLAGS(4);      /* R */
}

SECTIONS
{
    . = KERNEL_VIRT_BASE;
    _text = .;

    .text : LOAD(.text) {
        *(.text.head)
        *(.text .text.*)
        /* Its own page, as XEN_ELFNOTE_HYPERCALL_PAGE requires. */
        . = ALIGN(PAGE_SIZE);
        *(.hypercall_page)
    } :text

    .rodata : LOAD(.rodata) {
        *(.rodata .rodata.*)
    } :text

    /* Exception fixups: (faulting rip, continuation rip) pairs. */
    .extable : LOAD(.extable) {
        __start_extable = .;
        *(.extable)
        __stop_extable = .;
    } :text

    .note : LOAD(.note) {
        *(.note.Xen)
    } :text :note
    _etext = .;

    . = ALIGN(PAGE_SIZE);
    .data : LOAD(.data) {
        *(.data .data.*)
    } :data

    .bss : LOAD(.bss) {
        . = ALIGN(16);
        __bss_start = .;
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(16);
        __bss_end = .;
    } :data
    _end = .;

    /DISCARD/ : {
        *(.comment)
        *(.eh_frame)
        *(.note.GNU-stack)
        *(.note.gnu.property)
    }
}
