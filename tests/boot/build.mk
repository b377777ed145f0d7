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

RUN_HV_OPTS ?= console=com1 dom0_mem=128M
RUN_DOM0_CMDLINE ?= toolstack
RUN_QEMU_OPTS ?= --smp 2
RUN_NATIVE_CMDLINE ?= selftest=pvops
# QEMU's end of dom0's COM2 for the host CLI (build/xl-host's default).
RUN_MGMT_SOCKET ?= $(O)/mgmt.sock
# The ivshmem file under the channel's rings (xl-host's default when it
# exists: make run's machine is up).
RUN_MGMT_SHM ?= $(O)/mgmt.shm
BOOT_CASES ?=

# The ISO holds both command lines: this file changes (and so the ISO is
# rebuilt) only when they do.
$(BOOT_OPTS): FORCE
	@mkdir -p $(dir $@)
	@echo '$(RUN_HV_OPTS) | $(RUN_DOM0_CMDLINE)' | cmp -s - $@ || \
	  echo '$(RUN_HV_OPTS) | $(RUN_DOM0_CMDLINE)' >$@

# dom0's initrd (its files at boot): the guest kernel, without its debug
# sections, and the example configs, as a ustar archive.
DOM0_EXAMPLES := dom0-tools/examples/guest1.cfg dom0-tools/examples/guest2.cfg \
	dom0-tools/examples/xenstore.cfg
DOM0_INITRD := $(O)/boot/dom0-initrd.tar

$(DOM0_INITRD): $(BOOT_GUEST) $(DOM0_EXAMPLES)
	rm -rf $(O)/boot/initrd && mkdir -p $(O)/boot/initrd
	$(OBJCOPY) --strip-debug $(BOOT_GUEST) $(O)/boot/initrd/guest.elf
	cp $(DOM0_EXAMPLES) $(O)/boot/initrd/
	tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 \
	  -C $(O)/boot/initrd -cf $@ guest.elf $(notdir $(DOM0_EXAMPLES))

$(BOOT_ISO): $(O)/hypervisor.elf $(BOOT_GUEST) $(BOOT_OPTS) $(DOM0_INITRD) \
		tests/boot/mkiso.sh
	tests/boot/mkiso.sh $@ $(O)/hypervisor.elf '$(RUN_HV_OPTS)' \
	  $(BOOT_GUEST) '$(RUN_DOM0_CMDLINE)' $(DOM0_INITRD)

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
	  --shm $(RUN_MGMT_SHM) $(RUN_QEMU_OPTS)

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

test-boot: $(O)/hypervisor.elf $(BOOT_GUEST) $(DOM0_INITRD)
	O=$(O) tests/boot/run-cases.sh $(BOOT_CASES)
