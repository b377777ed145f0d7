/*
 * raw_copy_guest(dst, src, len): the only instructions that touch guest
 * memory on the guest's behalf.  Returns the number of bytes not copied.
 * Quadwords first, then the tail bytes.  String instructions are
 * restartable, so when one faults %rcx holds the elements left and the
 * exception-table fixup turns that into bytes: a fault in the quadword
 * part may report up to 7 bytes more than were really left, never fewer.
 */
        .text
        .globl raw_copy_guest
raw_copy_guest:
        movq    %rdx, %rcx
        shrq    $3, %rcx
        andl    $7, %edx
.Lcopy_quads:
        rep movsq
        movq    %rdx, %rcx
.Lcopy_bytes:
        rep movsb
        xorl    %eax, %eax
        ret
.Lfault_quads:
        leaq    (%rdx, %rcx, 8), %rax
        ret
.Lfault_bytes:
        movq    %rcx, %rax
        ret

        .pushsection .ex_table, "a"
        .quad .Lcopy_quads, .Lfault_quads
        .quad .Lcopy_bytes, .Lfault_bytes
        .popsection

/*
 * load_Xs_selector(sel): mov to a data segment register, or the null
 * selector if the value faults (not present, wrong type or privilege).
 * Returns 0, or -1 when the null selector was loaded instead.  Used for
 * selectors a guest chose: set_segment_base and the context switch.
 */
.macro LOAD_SELECTOR seg
        .globl load_\seg\()_selector
load_\seg\()_selector:
.Lload_\seg:
        movl    %edi, %\seg
        xorl    %eax, %eax
        ret
.Lload_\seg\()_fault:
        xorl    %eax, %eax
        movl    %eax, %\seg
        movl    $-1, %eax
        ret
        .pushsection .ex_table, "a"
        .quad .Lload_\seg, .Lload_\seg\()_fault
        .popsection
.endm

        LOAD_SELECTOR ds
        LOAD_SELECTOR es
        LOAD_SELECTOR fs
        LOAD_SELECTOR gs
