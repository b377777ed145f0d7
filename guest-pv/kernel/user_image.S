/*
 * The user program, linked into the kernel image as data: the build
 * makes USER_ELF the path of guest-pv/user's ELF executable.
 */
    .section .rodata.user_image, "a", @progbits
    .balign 16
    .globl user_image, user_image_end
user_image:
    .incbin USER_ELF
user_image_end:

    .section .note.GNU-stack, "", @progbits
