# tests/: `make test` runs the unit tests on the host, then the boot tests
# in QEMU.  Tests are listed here by name, never discovered.

UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -DHV_HOST_TEST \
	-Itests/unit/harness -Ihypervisor/include -Ihypervisor/arch/x86/include \
	$(ABI_INCLUDES)
UNIT_LDLIBS := -lcriterion

# Hypervisor sources that define libc names get them renamed on the host,
# so the test binary's libc (and Criterion) keep their own.
UNIT_RENAMES := -Dvsnprintf=hv_vsnprintf -Dsnprintf=hv_snprintf

# One binary per test file, built from the test, the harness and the real
# sources it tests (unit-src-NAME).
unit-tests += libelf
unit-src-libelf := hypervisor/common/libelf.c
unit-tests += multiboot2
unit-src-multiboot2 := hypervisor/arch/x86/boot/multiboot2.c \
	hypervisor/arch/x86/boot/reason.c hypervisor/common/vsnprintf.c
unit-tests += pvh
unit-src-pvh := hypervisor/arch/x86/boot/pvh.c \
	hypervisor/arch/x86/boot/reason.c hypervisor/common/vsnprintf.c
unit-tests += page_alloc
unit-src-page_alloc := hypervisor/common/page_alloc.c
unit-tests += cmdline
unit-src-cmdline := hypervisor/common/cmdline.c hypervisor/common/parse.c
unit-tests += vsnprintf
unit-src-vsnprintf := hypervisor/common/vsnprintf.c
unit-tests += hypercall
unit-src-hypercall := hypervisor/common/hypercall.c
unit-tests += guest_access
unit-src-guest_access := hypervisor/arch/x86/guest_access.c

UNIT_BINS := $(addprefix $(O)/tests/unit/test_,$(unit-tests))

.SECONDEXPANSION:
$(O)/tests/unit/test_%: tests/unit/test_%.c tests/unit/harness/hv_host.c \
		$$(unit-src-$$*) | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) $(UNIT_RENAMES) -o $@ $(filter %.c,$^) $(UNIT_LDLIBS)

.PHONY: test test-unit test-boot
test-unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

test: deps
	$(MAKE) all
	@tests/run-all.sh "$(MAKE)"
include tests/boot/build.mk
include tests/bench/build.mk
