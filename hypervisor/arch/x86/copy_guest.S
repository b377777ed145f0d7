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
 * load_gs_selector(sel): mov to %gs, or the null selector if the guest's
 * value faults (not present, wrong type or privilege).
 */
        .globl load_gs_selector
load_gs_selector:
.Lload_gs:
        movl    %edi, %gs
        ret
.Lload_gs_fault:
        xorl    %eax, %eax
        movl    %eax, %gs
        ret

        .pushsection .ex_table, "a"
        .quad .Lload_gs, .Lload_gs_fault
        .popsection
