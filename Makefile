# Top-level Makefile: one non-recursive make over every component.
#
#   make            build the hypervisor, the guest kernels and the boot media
#   make run        install what is missing, build, boot in QEMU (TCG)
#   make test       install what is missing, run unit, boot and Xen tests
#   make debug      boot with QEMU waiting for gdb (see tests/boot/gdbinit)
#   make bench      overhead figures, ours beside real Xen (docs/BENCH.md)
#   make clean      remove build/
#
# Each component lists its objects in its own build.mk.

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

O       ?= build
CC      := gcc
LD      := ld
OBJCOPY := objcopy
NM      := nm

# The compiler's own freestanding headers (stdint.h, stdarg.h, ...), and
# Xen's public headers from libxen-dev, reached as <xen/...> through a
# private include directory so that no other libc header is visible.
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
XEN_INCLUDE_DIR := /usr/include/xen
ABI_INCLUDES := -Ihypercall-abi/include -I$(O)/include

$(O)/include/xen: | deps-check
	@mkdir -p $(O)/include
	ln -sfn $(XEN_INCLUDE_DIR) $@

# Flags shared by every freestanding (ring-0 or guest) object.
FREESTANDING_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -mno-red-zone -mgeneral-regs-only \
	-nostdinc -isystem $(GCC_INCLUDE) $(ABI_INCLUDES) -MMD -MP

include scripts/build.mk
include hypercall-abi/build.mk
include hypervisor/build.mk
-include guest-pv/build.mk
include dom0-tools/build.mk
include tests/build.mk

.PHONY: all clean deps deps-check
all: $(ALL_TARGETS)

# Installs missing Debian packages (idempotent; says what it installs).
deps:
	@scripts/deps.sh

# Fails with a clear message when the Xen headers are missing, rather than
# with a compiler error.
deps-check:
	@test -f $(XEN_INCLUDE_DIR)/xen.h || { \
	  echo "error: $(XEN_INCLUDE_DIR)/xen.h missing: run 'make deps' (installs libxen-dev)" >&2; \
	  exit 1; }

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
