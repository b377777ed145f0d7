/*
 * First instructions: entered by GRUB (multiboot2) or by a PVH loader
 * (QEMU -kernel), both in 32-bit protected mode with paging off.
 *
 * Both entries record what the loader handed over, then share one path:
 * load a flat GDT, zero .bss, enable PAE and long mode on the boot page
 * tables below, jump to 64-bit code, move to the image's linked (high)
 * address and call __start_xen() on CPU 0's stack.
 */
#include <asm/config.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/page.h>
#include <xen/elfnote.h>
#include <asm-offsets.h>
#include <asm/long_mode.h>

#define sym_phys(s)     ((s) - XEN_VIRT_START)

#define MB2_HEADER_MAGIC        0xe85250d6
#define MB2_ARCH_I386           0
#define MB2_TAG_END             0
#define MB2_TAG_ENTRY_ADDRESS   3
#define MB2_TAG_MODULE_ALIGN    6

#define BOOT_CS64   0x08
#define BOOT_DS     0x10

/* Boot protocols, as passed to __start_xen(). */
#define BOOT_PROTO_MULTIBOOT2   1
#define BOOT_PROTO_PVH          2

        .section .text.boot, "ax", @progbits
        .code32

/* The multiboot2 header must lie 8-aligned in the first 32 KiB. */
        .balign 8
mb2_header:
        .long MB2_HEADER_MAGIC
        .long MB2_ARCH_I386
        .long mb2_header_end - mb2_header
        .long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
        /* Entry point: the ELF entry is a virtual address GRUB can't use. */
        .balign 8
        .short MB2_TAG_ENTRY_ADDRESS, 0
        .long 12
        .long sym_phys(mb2_entry)
        /* Page-aligned modules, so dom0's image can be read in place. */
        .balign 8
        .short MB2_TAG_MODULE_ALIGN, 0
        .long 8
        .balign 8
        .short MB2_TAG_END, 0
        .long 8
mb2_header_end:

/* PVH entry point, found by loaders through this ELF note. */
        .pushsection .note.Xen, "a", @note
        .balign 4
        .long 4, 4, XEN_ELFNOTE_PHYS32_ENTRY
        .asciz "Xen"
        .long sym_phys(pvh_entry)
        .popsection

/* GRUB: %eax = multiboot2 magic, %ebx = information structure. */
        .globl mb2_entry
mb2_entry:
        movl    %eax, sym_phys(boot_magic)
        movl    %ebx, sym_phys(boot_info_pa)
        movl    $BOOT_PROTO_MULTIBOOT2, sym_phys(boot_protocol)
        jmp     start32

/* PVH: %ebx = struct hvm_start_info. */
        .globl pvh_entry
pvh_entry:
        movl    $0, sym_phys(boot_magic)
        movl    %ebx, sym_phys(boot_info_pa)
        movl    $BOOT_PROTO_PVH, sym_phys(boot_protocol)

start32:
        cli
        cld
        lgdt    sym_phys(boot_gdtr)
        movl    $BOOT_DS, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %ss
        movl    %eax, %fs
        movl    %eax, %gs

        /* Loaders zero-fill .bss too, but nothing obliges them to. */
        movl    $sym_phys(__bss_start), %edi
        movl    $sym_phys(__bss_end), %ecx
        subl    %edi, %ecx
        xorl    %eax, %eax
        rep stosb

        ENTER_LONG_MODE $sym_phys(boot_l4)
        ljmp    $BOOT_CS64, $sym_phys(start64)

        .code64
start64:
        movabsq $high_start, %rax
        jmp     *%rax

        .text
high_start:
        /* CPU 0's stack, below its struct cpu_info (Xen's layout). */
        leaq    cpu0_stack(%rip), %rsp
        addq    $(STACK_SIZE - CPUINFO_sizeof), %rsp
        xorl    %ebp, %ebp              /* ends backtraces */
        movl    boot_protocol(%rip), %edi
        movl    boot_info_pa(%rip), %esi
        movl    boot_magic(%rip), %edx
        call    __start_xen
        ud2

        .data
        .balign 8
boot_magic:     .long 0
boot_info_pa:   .long 0
boot_protocol:  .long 0

boot_gdt:
        .quad 0
        .quad 0x00af9a000000ffff        /* BOOT_CS64: 64-bit code, DPL 0 */
        .quad 0x00cf92000000ffff        /* BOOT_DS: flat data, DPL 0 */
boot_gdt_end:
boot_gdtr:
        .short boot_gdt_end - boot_gdt - 1
        .long sym_phys(boot_gdt)

/*
 * Boot page tables: physical [0, 4 GiB) identity-mapped (for the switch to
 * long mode) and at DIRECTMAP_VIRT_START (slot 262), and [0, 1 GiB) at
 * XEN_VIRT_START (slot 261) where the image is linked.  2 MiB pages.
 * paging.c replaces them with the real tables before any guest runs.
 */
#define PDE_2M  (_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)
#define PDE_TBL (_PAGE_PRESENT | _PAGE_RW)

        .section .data.page_aligned, "aw", @progbits
        .balign 4096
        .globl boot_l4
boot_l4:
        .quad sym_phys(boot_l3_ident) + PDE_TBL
        .fill 260, 8, 0
        .quad sym_phys(boot_l3_xen) + PDE_TBL          /* slot 261 */
        .quad sym_phys(boot_l3_ident) + PDE_TBL        /* slot 262 */
        .fill 512 - 263, 8, 0
boot_l3_ident:
        .quad sym_phys(boot_l2) + 0 * 4096 + PDE_TBL
        .quad sym_phys(boot_l2) + 1 * 4096 + PDE_TBL
        .quad sym_phys(boot_l2) + 2 * 4096 + PDE_TBL
        .quad sym_phys(boot_l2) + 3 * 4096 + PDE_TBL
        .fill 512 - 4, 8, 0
boot_l3_xen:
        .fill (XEN_VIRT_START >> L3_SHIFT) & 511, 8, 0
        .quad sym_phys(boot_l2) + PDE_TBL
        .fill 511 - ((XEN_VIRT_START >> L3_SHIFT) & 511), 8, 0
boot_l2:
        .set i, 0
        .rept 2048
        .quad (i << L2_SHIFT) + PDE_2M
        .set i, i + 1
        .endr
