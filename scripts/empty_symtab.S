/* The symbol table of the first link: empty (see scripts/gensyms.sh). */
        .section .syms, "a"
        .balign 8
        .globl symbols_addrs, symbols_name_offs, symbols_names
        .globl symbols_count, symbols_end
symbols_count:  .quad 0
symbols_end:    .quad 0
symbols_addrs:
symbols_name_offs:
symbols_names:  .byte 0
