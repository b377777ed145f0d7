/*
 * raw_copy_guest(dst, src, len): the one instruction that touches guest
 * memory on the guest's behalf.  Returns the number of bytes not copied:
 * if `rep movsb` faults, %rcx holds exactly the bytes left (the string
 * instruction is restartable), and the exception-table fixup returns it.
 */
        .text
        .globl raw_copy_guest
raw_copy_guest:
        movq    %rdx, %rcx
.Lcopy:
        rep movsb
        xorl    %eax, %eax
        ret
.Lcopy_fault:
        movq    %rcx, %rax
        ret

        .pushsection .ex_table, "a"
        .quad .Lcopy, .Lcopy_fault
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
