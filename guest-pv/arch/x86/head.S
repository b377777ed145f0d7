/*
 * The guest kernel's first instructions, its Xen ELF notes and the
 * hypercall page.
 *
 * Xen's PV start of day on x86-64 (xen/xen.h, "Start-of-day memory
 * layout"): the kernel runs in ring 3 at XEN_ELFNOTE_ENTRY with paging on,
 * its image mapped at XEN_ELFNOTE_VIRT_BASE, %rsi = virtual address of
 * start_info, %rsp = top of a bootstrap stack just past the boot page
 * tables, and event delivery masked (vcpu_info.evtchn_upcall_mask = 1).
 */
#include <abi/xen.h>
#include <xen/elfnote.h>
#include <guest/elfnote.h>
#include <guest/layout.h>
#include <guest/zero_bss.h>

/*
 * Notes read by the domain builder (Xen's libelf, or ours).  VIRT_BASE and
 * PADDR_OFFSET say: virtual = p_paddr - PADDR_OFFSET + VIRT_BASE, so with
 * the linker script's p_paddr (virtual - VIRT_BASE + KERNEL_LOAD_PHYS)
 * the kernel starts at VIRT_BASE, pseudo-physical 0.  p_paddr itself is
 * for loaders without a hypervisor (arch/x86/native/boot_entry.S).
 *
 * FEATURES is '|'-separated XENFEAT_* names, '!' marking one the kernel
 * requires (xen/elfnote.h); we require none and declare "dom0" support.
 * Xen 4.17 only refuses a dom0 kernel without "dom0" support when the
 * image also has a XEN_ELFNOTE_SUPPORTED_FEATURES note ("Kernel does not
 * support Dom0 operation"); declaring it keeps us right either way.
 */
    ELFNOTE XEN_ELFNOTE_GUEST_OS,       .asciz, "guest-pv"
    ELFNOTE XEN_ELFNOTE_GUEST_VERSION,  .asciz, "0.1"
    ELFNOTE XEN_ELFNOTE_XEN_VERSION,    .asciz, "xen-3.0"
    ELFNOTE XEN_ELFNOTE_LOADER,         .asciz, "generic"
    ELFNOTE XEN_ELFNOTE_VIRT_BASE,      .quad,  KERNEL_VIRT_BASE
    ELFNOTE XEN_ELFNOTE_PADDR_OFFSET,   .quad,  KERNEL_LOAD_PHYS
    ELFNOTE XEN_ELFNOTE_ENTRY,          .quad,  _start
    ELFNOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad,  hypercall_page
    ELFNOTE XEN_ELFNOTE_FEATURES,       .asciz, "dom0"

    .section .text.head, "ax", @progbits
    .code64
    .globl _start
    .type _start, @function
_start:
    cld
    /*
     * Xen's bootstrap stack lies outside our image, so it is safe to use
     * until the switch below.
     */
    mov     %rsi, %r12
    ZERO_BSS

    lea     kernel_stack_top(%rip), %rsp
    xor     %ebp, %ebp              /* terminate frame-pointer chains */
    mov     %r12, %rdi              /* start_kernel(start_info) */
    call    start_kernel
    ud2                             /* start_kernel never returns */
    .size _start, . - _start

/*
 * The hypercall page: one page of 32-byte stubs written by the hypervisor
 * when it builds the domain (XEN_ELFNOTE_HYPERCALL_PAGE).  Filled with
 * int3 so that an unwritten page traps instead of running garbage.
 */
    .section .hypercall_page, "ax", @progbits
    .balign PAGE_SIZE
    .globl hypercall_page
    .type hypercall_page, @object
hypercall_page:
    .fill PAGE_SIZE, 1, 0xcc
    .size hypercall_page, PAGE_SIZE

    .section .bss.kernel_stack, "aw", @nobits
    .balign PAGE_SIZE
    .globl kernel_stack, kernel_stack_top
kernel_stack:
    .skip KERNEL_STACK_SIZE
kernel_stack_top:

    .section .note.GNU-stack, "", @progbits
