/*
 * Hypervisor linker script.
 *
 * The image is linked at HV_LINK_ADDR (in Xen's reserved L4 slot 261) and
 * loaded at physical HV_LOAD_PHYS: every section's load address is its
 * virtual address minus XEN_VIRT_START.  Boot loaders (GRUB multiboot2,
 * QEMU's PVH loader) place segments by physical address.
 *
 * The symbol table for backtraces (.syms) follows all code, so the two links
 * (without and with the table) give every function the same address.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
/*
 * GRUB wants the ELF entry as a virtual address inside a segment (it
 * translates it through p_paddr); the multiboot2 entry tag and the PVH
 * note give loaders the physical entry points.
 */
ENTRY(mb2_entry)

PHDRS
{
    image PT_LOAD FLAGS(7);
    bss PT_LOAD FLAGS(6);       /* own segment: its 32 KiB-aligned stacks
                                   must not push the multiboot2 header past
                                   the file's first 32 KiB */
    note PT_NOTE;
}

SECTIONS
{
    . = HV_LINK_ADDR;
    __image_start = .;

    .text : AT(ADDR(.text) - XEN_VIRT_START) {
        *(.text.boot)
        *(.text .text.*)
        __etext = .;
    } :image

    .rodata : AT(ADDR(.rodata) - XEN_VIRT_START) {
        *(.rodata .rodata.*)
    } :image

    .note.Xen : AT(ADDR(.note.Xen) - XEN_VIRT_START) {
        *(.note.Xen)
    } :image :note

    .ex_table : AT(ADDR(.ex_table) - XEN_VIRT_START) {
        . = ALIGN(8);
        __start_ex_table = .;
        *(.ex_table)
        __stop_ex_table = .;
    } :image

    .syms : AT(ADDR(.syms) - XEN_VIRT_START) {
        . = ALIGN(8);
        *(.syms)
    } :image

    .data : AT(ADDR(.data) - XEN_VIRT_START) {
        . = ALIGN(4096);
        *(.data.page_aligned)
        *(.data .data.*)
    } :image

    .bss : AT(ADDR(.bss) - XEN_VIRT_START) {
        . = ALIGN(4096);
        __bss_start = .;
        *(.bss.stack_aligned)
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(8);
        __bss_end = .;
    } :bss

    . = ALIGN(4096);
    __image_end = .;

    /DISCARD/ : {
        *(.comment)
        *(.eh_frame)
        *(.note.GNU-stack)
        *(.note.gnu.property)
    }
}

__image_phys_end = __image_end - XEN_VIRT_START;
