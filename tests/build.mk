# tests/: `make test` runs the unit tests on the host, then the boot tests
# in QEMU.  Tests are listed here by name, never discovered.

UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -DHV_HOST_TEST \
	-Itests/unit/harness -Ihypervisor/include -Ihypervisor/arch/x86/include \
	$(DOM0_TOOLS_INCLUDES) $(ABI_INCLUDES)
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
unit-tests += acpi
unit-src-acpi := hypervisor/common/acpi_tables.c \
	hypervisor/arch/x86/boot/reason.c hypervisor/common/vsnprintf.c
unit-tests += pv_layout
unit-src-pv_layout := hypervisor/common/pv_layout.c
unit-tests += page_alloc
unit-src-page_alloc := hypervisor/common/page_alloc.c
unit-tests += cmdline
unit-src-cmdline := hypervisor/common/cmdline.c \
	hypervisor/common/cmdline_options.c hypervisor/common/parse.c
unit-tests += vsnprintf
unit-src-vsnprintf := hypervisor/common/vsnprintf.c
unit-tests += hypercall
unit-src-hypercall := hypervisor/common/hypercall.c
unit-tests += domain_stats
unit-src-domain_stats := hypervisor/common/domain_stats.c \
	hypervisor/common/xpv_op.c hypervisor/common/vsnprintf.c
unit-tests += event_channel
unit-src-event_channel := hypervisor/common/event_channel.c \
	hypervisor/common/event_channel_op.c \
	hypervisor/common/event_2l.c
unit-tests += event_2l
unit-src-event_2l := hypervisor/common/event_2l.c
unit-tests += time
unit-src-time := hypervisor/common/time.c hypervisor/arch/x86/rtc.c
unit-tests += timer
unit-src-timer := hypervisor/common/timer.c hypervisor/common/time.c \
	hypervisor/common/vcpu_timer.c hypervisor/common/vcpu.c \
	hypervisor/common/softirq.c
unit-tests += sched
unit-src-sched := hypervisor/common/schedule.c hypervisor/common/sched_credit.c
unit-tests += console_input
unit-src-console_input := hypervisor/common/console_input.c
unit-tests += keyhandler
unit-src-keyhandler := hypervisor/common/keyhandler.c
unit-tests += guest_access
unit-src-guest_access := hypervisor/arch/x86/guest_access.c
# Direct paging: the type state machine, the x86 rules, the audit, over
# the real frame allocator (tests/unit/fixtures/mm_fake.h).
MM_UNIT_SRC := hypervisor/common/page_type.c hypervisor/common/page_alloc.c \
	hypervisor/arch/x86/pv/pt_validate.c hypervisor/arch/x86/pv/descriptor.c \
	hypervisor/arch/x86/iomem.c
unit-tests += page_type
unit-src-page_type := $(MM_UNIT_SRC) hypervisor/arch/x86/pv/mm_audit.c \
	hypervisor/common/vsnprintf.c
unit-tests += pt_validate
unit-src-pt_validate := $(MM_UNIT_SRC)
unit-tests += iomem
unit-src-iomem := $(MM_UNIT_SRC)
unit-tests += descriptor
unit-src-descriptor := $(MM_UNIT_SRC)
unit-tests += x86_decode
unit-src-x86_decode := hypervisor/arch/x86/x86_decode.c
unit-tests += domctl
unit-src-domctl := hypervisor/common/domctl_check.c
unit-tests += emul
unit-src-emul := hypervisor/arch/x86/pv/emul_io.c hypervisor/arch/x86/ioport.c \
	hypervisor/arch/x86/pv/emul_desc.c hypervisor/arch/x86/guest_access.c
unit-tests += vcpu_context
unit-src-vcpu_context := hypervisor/arch/x86/pv/vcpu_context.c \
	hypervisor/arch/x86/guest_access.c hypervisor/common/domain_list.c
# The guest's pure parts (headers under guest-pv/include).
unit-tests += guest_pvops
unit-src-guest_pvops :=
# dom0-tools libraries, over the libc harness of tools/env.h and hvlib.
TOOLS_UNIT_SRC := tests/unit/harness/tools_env_host.c \
	hypervisor/common/vsnprintf.c hypervisor/common/parse.c
unit-tests += xlcfg
unit-src-xlcfg := $(xlcfg-src) $(TOOLS_UNIT_SRC)
unit-tests += xenstore
unit-src-xenstore := $(xenstore-src) $(TOOLS_UNIT_SRC)
unit-tests += xs_wire
unit-src-xs_wire := $(xenstore-src) $(TOOLS_UNIT_SRC)
unit-tests += mgmt_frame
unit-src-mgmt_frame := dom0-tools/mgmt/mgmt_frame.c
unit-tests += mgmt_ring
unit-src-mgmt_ring := dom0-tools/mgmt/mgmt_ring.c
unit-tests += mgmt_server
unit-src-mgmt_server := $(mgmt-src) $(TOOLS_UNIT_SRC)
XL_UNIT_SRC := $(xl-src) $(toolstack-src) $(xlcfg-src) $(xenstore-src) \
	$(files-src) tests/unit/fixtures/xc_fake.c \
	tests/unit/fixtures/xl_harness.c $(TOOLS_UNIT_SRC)
unit-tests += xl
unit-src-xl := $(XL_UNIT_SRC)
unit-tests += xl_toolstack
unit-src-xl_toolstack := $(XL_UNIT_SRC)
unit-tests += files
unit-src-files := $(files-src) $(TOOLS_UNIT_SRC)
unit-tests += builder
unit-src-builder := $(builder-src) $(builder-hvlib-src) $(TOOLS_UNIT_SRC) \
	tests/unit/fixtures/builder_xc_fake.c
unit-tests += console_log
unit-src-console_log := dom0-tools/toolstack/console_log.c \
	dom0-tools/toolstack/console_ring.c
unit-tests += guest_native
unit-src-guest_native :=
# The native boot's use of the hypervisor's boot parsers.
unit-tests += native_ram
unit-src-native_ram := guest-pv/arch/x86/native/hv_glue.c \
	hypervisor/arch/x86/boot/pvh.c hypervisor/arch/x86/boot/multiboot2.c \
	hypervisor/arch/x86/boot/reason.c hypervisor/arch/x86/rtc.c \
	hypervisor/common/vsnprintf.c

UNIT_BINS := $(addprefix $(O)/tests/unit/test_,$(unit-tests))

$(O)/tests/unit/test_guest_pvops \
$(O)/tests/unit/test_guest_native: UNIT_CFLAGS += -Iguest-pv/include

.SECONDEXPANSION:
$(O)/tests/unit/test_%: tests/unit/test_%.c tests/unit/harness/hv_host.c \
		$$(unit-src-$$*) | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) $(UNIT_RENAMES) -o $@ $(filter %.c,$^) $(UNIT_LDLIBS)

.PHONY: test test-unit test-boot
test-unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS) $(UNIT_SCRIPTS)

test: deps
	$(MAKE) all
	@tests/run-all.sh "$(MAKE)"
include tests/boot/build.mk
include tests/bench/build.mk
