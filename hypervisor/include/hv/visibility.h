/*
 * Force-included into every hypervisor object (-include).
 *
 * The image is linked at a fixed high address (not in the lowest or highest
 * 2 GiB), so code is compiled position-independent and must reach every
 * symbol RIP-relatively.  Hidden visibility on declarations too tells the
 * compiler no symbol comes from a shared object, so it never goes through
 * a GOT slot the linker would have to rewrite into a 32-bit absolute.
 */
#pragma GCC visibility push(hidden)
