# tests/boot/: the boot media and the QEMU targets.
#
#   make iso          $(O)/boot.iso: GRUB, the hypervisor, the guest as dom0
#   make run          boot it in QEMU, serial console on this terminal; the
#                     hypervisor's exit status becomes make's error (0 when
#                     dom0 powers off)
#   make debug        the same, QEMU waiting for gdb -x tests/boot/gdbinit
#   make run-native   the guest kernel alone, no hypervisor: QEMU loads
#                     guest.elf through its PVH note and it runs in ring 0
#                     with the native backend (RUN_NATIVE_CMDLINE, default
#                     selftest=pvops)
#   make debug-native the same, QEMU waiting for gdb (the guest's symbols)
#   make test-boot    the boot-test cases (tests/boot/run-cases.sh)
#
# RUN_HV_OPTS and RUN_DOM0_CMDLINE change the ISO's command lines, e.g.
# make run RUN_DOM0_CMDLINE=selftest=crash; RUN_QEMU_OPTS adds qemu.sh
# options (--smp 2, --timeout 60, --extra "...").  BOOT_CASES picks cases:
# make test-boot BOOT_CASES="harness pvh_selftest".

BOOT_GUEST := $(O)/guest-pv/guest.elf
BOOT_ISO := $(O)/boot.iso
BOOT_OPTS := $(O)/boot/iso.opts

RUN_HV_OPTS ?= console=com1
RUN_DOM0_CMDLINE ?=
RUN_QEMU_OPTS ?= --smp 2
RUN_NATIVE_CMDLINE ?= selftest=pvops
# QEMU's end of dom0's COM2 for the host CLI (build/xl-host's default).
RUN_MGMT_SOCKET ?= $(O)/mgmt.sock
BOOT_CASES ?=

# The ISO holds both command lines: this file changes (and so the ISO is
# rebuilt) only when they do.
$(BOOT_OPTS): FORCE
	@mkdir -p $(dir $@)
	@echo '$(RUN_HV_OPTS) | $(RUN_DOM0_CMDLINE)' | cmp -s - $@ || \
	  echo '$(RUN_HV_OPTS) | $(RUN_DOM0_CMDLINE)' >$@

$(BOOT_ISO): $(O)/hypervisor.elf $(BOOT_GUEST) $(BOOT_OPTS) tests/boot/mkiso.sh
	tests/boot/mkiso.sh $@ $(O)/hypervisor.elf '$(RUN_HV_OPTS)' \
	  $(BOOT_GUEST) '$(RUN_DOM0_CMDLINE)'

# Boot media are part of `make` once the guest is (guest-pv/build.mk is
# included before this file).
ifneq ($(filter $(BOOT_GUEST),$(ALL_TARGETS)),)
ALL_TARGETS += $(BOOT_ISO)
endif

.PHONY: iso run run-native debug debug-native test-boot FORCE
FORCE:

iso: $(BOOT_ISO)

# deps first (it may install QEMU and GRUB), then the build, as `make test`.
run: deps
	$(MAKE) all iso
	tests/boot/qemu.sh --iso $(BOOT_ISO) --timeout 0 --mgmt $(RUN_MGMT_SOCKET) \
	  $(RUN_QEMU_OPTS)

# One CPU: the native platform brings up the boot CPU only.
run-native: deps
	$(MAKE) $(BOOT_GUEST)
	tests/boot/qemu.sh --pvh $(BOOT_GUEST) --mem 128 --timeout 0 \
	  --append '$(RUN_NATIVE_CMDLINE)'

debug-native: deps
	$(MAKE) $(BOOT_GUEST)
	@echo "debug-native: QEMU waits for gdb; in another terminal:"
	@echo "debug-native:     gdb $(BOOT_GUEST) -ex 'target remote :1234'"
	tests/boot/qemu.sh --pvh $(BOOT_GUEST) --mem 128 --timeout 0 --gdb \
	  --append '$(RUN_NATIVE_CMDLINE)'

debug: deps
	$(MAKE) all iso
	@echo "debug: QEMU waits for gdb; in another terminal, from $(CURDIR):"
	@echo "debug:     gdb -x tests/boot/gdbinit"
	$(if $(filter-out build,$(O)),@echo "debug: (gdbinit loads build/*.elf: \
	  edit its paths for O=$(O))")
	tests/boot/qemu.sh --iso $(BOOT_ISO) --timeout 0 --gdb $(RUN_QEMU_OPTS)

test-boot: $(O)/hypervisor.elf $(BOOT_GUEST)
	O=$(O) tests/boot/run-cases.sh $(BOOT_CASES)
