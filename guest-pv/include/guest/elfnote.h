/*
 * ELFNOTE(type, directive, value): emit one ELF note named "Xen" into the
 * .note.Xen section, in the format Xen's loader (libelf) reads from the
 * image's PT_NOTE segment: namesz, descsz, type, name, desc, each padded
 * to 4 bytes.  Assembly only.
 */
#ifndef GUEST_ELFNOTE_H
#define GUEST_ELFNOTE_H

#ifdef __ASSEMBLY__

.macro ELFNOTE type:req, directive:req, value:vararg
    .pushsection .note.Xen, "a", @note
    .balign 4
    .long   2f - 1f             /* namesz, with the terminating NUL */
    .long   4f - 3f             /* descsz */
    .long   \type
1:  .asciz  "Xen"
2:  .balign 4
3:  \directive \value
4:  .balign 4
    .popsection
.endm

#endif /* __ASSEMBLY__ */

#endif /* GUEST_ELFNOTE_H */
