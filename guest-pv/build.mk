# guest-pv/: the PV guest kernel, linked in the upper half at
# 0xFFFFFFFF80000000 (-mcmodel=kernel) and booted as dom0 by Xen or by
# our hypervisor.  Objects are listed one per line.

GUEST_CFLAGS := $(FREESTANDING_CFLAGS) -mcmodel=kernel -fno-pic -fno-pie \
	-Iguest-pv/include
GUEST_ASFLAGS := $(GUEST_CFLAGS) -D__ASSEMBLY__
GUEST_LDFLAGS := -m elf_x86_64 -static -nostdlib -z max-page-size=0x1000 \
	-z noexecstack --no-dynamic-linker --build-id=none

guest-obj-y += arch/x86/head.o
guest-obj-y += arch/x86/entry.o
guest-obj-y += arch/x86/switch.o
guest-obj-y += kernel/main.o
guest-obj-y += kernel/hypervisor.o
guest-obj-y += kernel/pvops.o
guest-obj-y += kernel/pvops_pv.o
guest-obj-y += kernel/pvops_pv_mmu.o
guest-obj-y += kernel/pvops_trap.o
guest-obj-y += kernel/pvops_trap_mmu.o
guest-obj-y += kernel/pvclock.o
guest-obj-y += kernel/console.o
guest-obj-y += kernel/console_ring.o
guest-obj-y += kernel/traps.o
guest-obj-y += kernel/extable.o
guest-obj-y += kernel/events.o
guest-obj-y += kernel/time.o
guest-obj-y += kernel/sched.o
guest-obj-y += kernel/mm.o
guest-obj-y += kernel/kmap.o
guest-obj-y += kernel/vmap.o
guest-obj-y += kernel/kmalloc.o
guest-obj-y += kernel/mmu.o
guest-obj-y += kernel/aspace.o
guest-obj-y += kernel/aspace_fork.o
guest-obj-y += kernel/uaccess.o
guest-obj-y += kernel/elf_load.o
guest-obj-y += kernel/user_image.o
guest-obj-y += kernel/proc.o
guest-obj-y += kernel/proc_fault.o
guest-obj-y += kernel/syscall.o
guest-obj-y += kernel/selftest.o
guest-obj-y += kernel/selftest_hypercall.o
guest-obj-y += kernel/selftest_trap.o
guest-obj-y += kernel/selftest_mm.o
guest-obj-y += kernel/selftest_proc.o
guest-obj-y += kernel/selftest_hostile.o
guest-obj-y += kernel/selftest_hostile_pt.o
guest-obj-y += kernel/selftest_hostile_store.o
guest-obj-y += kernel/selftest_events.o
guest-obj-y += kernel/selftest_memop.o
guest-obj-y += kernel/selftest_emulate.o
guest-obj-y += kernel/selftest_emulate_tables.o
guest-obj-y += kernel/selftest_desc.o
guest-obj-y += kernel/selftest_failsafe.o
guest-obj-y += kernel/selftest_console.o
guest-obj-y += kernel/selftest_com2.o
guest-obj-y += kernel/com2.o
guest-obj-y += kernel/pci.o
guest-obj-y += kernel/selftest_time.o
guest-obj-y += kernel/selftest_threads.o
guest-obj-y += kernel/selftest_vcpu.o
guest-obj-y += kernel/selftest_peer.o
guest-obj-y += kernel/selftest_share.o
guest-obj-y += kernel/selftest_checksum.o
guest-obj-y += kernel/selftest_pvops.o
guest-obj-y += kernel/selftest_pvops_mm.o
guest-obj-y += kernel/selftest_domctl.o
guest-obj-y += kernel/selftest_domctl_mem.o
guest-obj-y += kernel/selftest_domctl_domu.o
guest-obj-y += kernel/selftest_domctl_kill.o
guest-obj-y += kernel/selftest_xenstore.o
guest-obj-y += kernel/xenbus.o
guest-obj-y += kernel/xenbus_ring.o
guest-obj-y += bench/bench.o
guest-obj-y += bench/bench_cpu.o
guest-obj-y += bench/bench_mm.o
guest-obj-y += bench/bench_events.o
guest-obj-y += bench/bench_domains.o
guest-obj-y += bench/bench_pvops.o
guest-obj-y += bench/bench_pvops_mm.o
guest-obj-y += bench/bench_user.o
guest-obj-y += bench/bench_floor.o
guest-obj-y += hvlib/vsnprintf.o
guest-obj-y += hvlib/string.o
guest-obj-y += hvlib/parse.o
# dom0's side of the toolstack: the environment of the dom0-tools
# libraries (linked from libdom0tools.a below) and the hypercall layer
# under them (tools/xc.h).
guest-obj-y += dom0/tools_env.o
guest-obj-y += dom0/toolstack.o
guest-obj-y += dom0/mgmt_channel.o
guest-obj-y += dom0/mgmt_shm.o
guest-obj-y += dom0/xc_domain.o
guest-obj-y += dom0/xc_vcpu.o
guest-obj-y += dom0/xc_sys.o
guest-obj-y += dom0/xc_map.o
guest-obj-y += dom0/files_boot.o
guest-obj-y += dom0/selftest_builder.o
guest-obj-y += dom0/selftest_builder_refusals.o
# The native platform (no hypervisor): PVH entry, ring-0 descriptors and
# entries, start of day, timer; the native column of the pvops table.
guest-obj-y += arch/x86/native/boot_entry.o
guest-obj-y += arch/x86/native/entry.o
guest-obj-y += arch/x86/native/boot.o
guest-obj-y += arch/x86/native/desc.o
guest-obj-y += arch/x86/native/hv_glue.o
guest-obj-y += arch/x86/native/direct_map.o
guest-obj-y += arch/x86/native/start_of_day.o
guest-obj-y += arch/x86/native/timer.o
guest-obj-y += arch/x86/native/fatal.o
guest-obj-y += arch/x86/native/exit.o
guest-obj-y += kernel/pvops_native.o
guest-obj-y += hvboot/pvh.o
guest-obj-y += hvboot/multiboot2.o
guest-obj-y += hvboot/reason.o
guest-obj-y += hvarch/rtc.o

GUEST_OBJS := $(addprefix $(O)/guest-pv/,$(guest-obj-y))
GUEST_LDS := $(O)/guest-pv/guest.lds

# The freestanding C library is the hypervisor's (hypervisor/common/
# string.c and vsnprintf.c), compiled again for the guest: one
# implementation, as libelf is shared with the dom0 tools.
HVLIB_CFLAGS := -Ihypervisor/include -Ihypervisor/arch/x86/include

$(O)/guest-pv/hvlib/%.o: hypervisor/common/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) $(HVLIB_CFLAGS) -c $< -o $@

# The hypervisor's PVH and multiboot2 parsers and CMOS clock, for the native boot
# (arch/x86/native/hv_glue.c).
$(O)/guest-pv/hvboot/%.o: hypervisor/arch/x86/boot/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) $(HVLIB_CFLAGS) -c $< -o $@

$(O)/guest-pv/hvarch/%.o: hypervisor/arch/x86/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) $(HVLIB_CFLAGS) -c $< -o $@

# The native files that use hypervisor headers: the entry
# (asm/long_mode.h, the one switch to long mode), hv_glue.c and
# direct_map.c (the parsers' callers).
$(O)/guest-pv/arch/x86/native/boot_entry.o: GUEST_ASFLAGS += $(HVLIB_CFLAGS)
$(O)/guest-pv/arch/x86/native/hv_glue.o \
$(O)/guest-pv/arch/x86/native/direct_map.o: GUEST_CFLAGS += $(HVLIB_CFLAGS)

$(O)/guest-pv/user-obj/hvlib/%.o: hypervisor/common/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(HVLIB_CFLAGS) -c $< -o $@

$(O)/guest-pv/%.o: guest-pv/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(O)/guest-pv/%.o: guest-pv/%.S | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_ASFLAGS) -c $< -o $@

$(GUEST_LDS): guest-pv/arch/x86/guest.ld.S | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c $(GUEST_ASFLAGS) -MT $@ $< -o $@

# dom0's files see the tool libraries' headers (which use hv/types.h);
# so does the domctl self-test, which calls through dom0's xc layer.
$(O)/guest-pv/dom0/%.o $(O)/guest-pv/kernel/selftest_domctl.o \
$(O)/guest-pv/kernel/selftest_domctl_kill.o: \
	GUEST_CFLAGS += -Idom0-tools/include -Ihypervisor/include
# The store client maps errors with the store library's table
# (tools/xs_store.h); it and its test use hv/lib.h's MIN and parse_ulong.
$(O)/guest-pv/kernel/xenbus.o $(O)/guest-pv/kernel/xenbus_ring.o \
$(O)/guest-pv/kernel/selftest_xenstore.o: \
	GUEST_CFLAGS += -Idom0-tools/include -Ihypervisor/include
# COM2's driver shares the 16550's register names (hv/ns16550.h).
$(O)/guest-pv/kernel/com2.o: GUEST_CFLAGS += -Ihypervisor/include

# The tool libraries come last: the archive gives only the members the
# kernel uses.
GUEST_LIBS := $(O)/dom0-tools/libdom0tools.a

$(O)/guest-pv/guest.elf: $(GUEST_OBJS) $(GUEST_LDS) $(GUEST_LIBS)
	$(LD) $(GUEST_LDFLAGS) -T $(GUEST_LDS) -o $@ $(GUEST_OBJS) $(GUEST_LIBS)

# The user program (guest-pv/user/): a static executable linked in the
# lower half (user.ld), embedded in the kernel by kernel/user_image.S.
# The C library is compiled a second time for it, without -mcmodel=kernel.
USER_CFLAGS := $(FREESTANDING_CFLAGS) -mcmodel=small -fno-pic -fno-pie \
	-Iguest-pv/include
USER_ASFLAGS := $(USER_CFLAGS) -D__ASSEMBLY__
USER_ELF := $(O)/guest-pv/user.elf

user-obj-y += user/crt0.o
user-obj-y += user/main.o
user-obj-y += user/ulib.o
user-obj-y += user/roles_sys.o
user-obj-y += user/roles_mem.o
user-obj-y += user/roles_fault.o
user-obj-y += user/roles_bench.o
user-obj-y += hvlib/vsnprintf.o
user-obj-y += hvlib/string.o

USER_OBJS := $(addprefix $(O)/guest-pv/user-obj/,$(user-obj-y))

$(O)/guest-pv/user-obj/%.o: guest-pv/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@

$(O)/guest-pv/user-obj/%.o: guest-pv/%.S | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(USER_ASFLAGS) -c $< -o $@

$(USER_ELF): $(USER_OBJS) guest-pv/user/user.ld
	$(LD) $(GUEST_LDFLAGS) -T guest-pv/user/user.ld -o $@ $(USER_OBJS)

# The kernel carries the program without its debug sections (gdb can
# still load $(USER_ELF) for the symbols).
$(USER_ELF:.elf=.embed.elf): $(USER_ELF)
	$(OBJCOPY) --strip-debug $< $@

$(O)/guest-pv/kernel/user_image.o: guest-pv/kernel/user_image.S \
		$(USER_ELF:.elf=.embed.elf)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_ASFLAGS) -DUSER_ELF='"$(USER_ELF:.elf=.embed.elf)"' \
		-c $< -o $@

ALL_TARGETS += $(O)/guest-pv/guest.elf
