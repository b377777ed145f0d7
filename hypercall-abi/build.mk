# hypercall-abi/: nothing to link.  It exports the include path (ABI_INCLUDES
# in the top-level Makefile) and one object that checks, at compile time,
# the layout of every ABI structure we depend on.

$(O)/hypercall-abi/abi_check.o: hypercall-abi/abi_check.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING_CFLAGS) -c $< -o $@

ALL_TARGETS += $(O)/hypercall-abi/abi_check.o
