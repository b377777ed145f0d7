# hypervisor/: the ring-0 program.  common/ is generic (and also compiled
# into host unit tests); arch/x86/ is the hardware.

HV_CFLAGS := $(FREESTANDING_CFLAGS) -fpie -include hypervisor/include/hv/visibility.h \
	-mno-sse -mno-mmx -mno-80387 \
	-Ihypervisor/include -Ihypervisor/arch/x86/include -I$(O)/hypervisor/include
HV_ASFLAGS := $(filter-out -include hypervisor/include/hv/visibility.h,$(HV_CFLAGS)) -D__ASSEMBLY__

hv-common-y += main.o
hv-common-y += string.o
hv-common-y += vsnprintf.o
hv-common-y += parse.o
hv-common-y += printk.o
hv-common-y += cmdline.o
hv-common-y += cmdline_options.o
hv-common-y += page_alloc.o
hv-common-y += libelf.o
hv-common-y += pv_layout.o
hv-common-y += hypercall.o
hv-common-y += multicall.o
hv-common-y += domain.o
hv-common-y += domain_list.o
hv-common-y += domain_kill.o
hv-common-y += domain_info.o
hv-common-y += domctl.o
hv-common-y += domctl_vcpu.o
hv-common-y += domctl_check.o
hv-common-y += sysctl.o
hv-common-y += console.o
hv-common-y += console_input.o
hv-common-y += keyhandler.o
hv-common-y += version.o
hv-common-y += sched.o
hv-common-y += symbols.o
hv-common-y += softirq.o
hv-common-y += event_channel.o
hv-common-y += event_channel_op.o
hv-common-y += event_2l.o
hv-common-y += time.o
hv-common-y += timer.o
hv-common-y += vcpu_timer.o
hv-common-y += vcpu.o
hv-common-y += schedule.o
hv-common-y += sched_credit.o
hv-common-y += sched_cpu.o
hv-common-y += page_type.o
hv-common-y += memory.o
hv-common-y += acpi_tables.o
hv-common-y += domain_stats.o
hv-common-y += xpv_op.o

hv-arch-y += boot/head.o
hv-arch-y += boot/multiboot2.o
hv-arch-y += boot/pvh.o
hv-arch-y += boot/reason.o
hv-arch-y += setup.o
hv-arch-y += entry.o
hv-arch-y += traps.o
hv-arch-y += crash.o
hv-arch-y += extable.o
hv-arch-y += copy_guest.o
hv-arch-y += guest_access.o
hv-arch-y += paging.o
hv-arch-y += ioport.o
hv-arch-y += io_bitmap.o
hv-arch-y += iomem.o
hv-arch-y += dom0_devices.o
hv-arch-y += serial.o
hv-arch-y += shutdown.o
hv-arch-y += smp.o
hv-arch-y += smpboot.o
hv-arch-y += trampoline.o
hv-arch-y += idle.o
hv-arch-y += tsc.o
hv-arch-y += apic.o
hv-arch-y += rtc.o
hv-arch-y += irq.o
hv-arch-y += ioremap.o
hv-arch-y += pv/entry.o
hv-arch-y += pv/hypercall_page.o
hv-arch-y += pv/iret.o
hv-arch-y += pv/callback.o
hv-arch-y += pv/traps.o
hv-arch-y += pv/misc.o
hv-arch-y += pv/return.o
hv-arch-y += pv/context.o
hv-arch-y += pv/mm.o
hv-arch-y += pv/mmu_update.o
hv-arch-y += pv/mmuext.o
hv-arch-y += pv/pt_validate.o
hv-arch-y += pv/descriptor.o
hv-arch-y += pv/gdt.o
hv-arch-y += pv/ldt.o
hv-arch-y += pv/ro_page_fault.o
hv-arch-y += pv/emul_priv_op.o
hv-arch-y += pv/emul_io.o
hv-arch-y += pv/emul_cr.o
hv-arch-y += pv/emul_msr.o
hv-arch-y += pv/emul_desc.o
hv-arch-y += pv/emul_cpuid.o
hv-arch-y += pv/mm_audit.o
hv-arch-y += x86_decode.o
hv-arch-y += pv/domain.o
hv-arch-y += pv/domain_build.o
hv-arch-y += pv/vcpu_context.o

HV_OBJS := $(addprefix $(O)/hypervisor/common/,$(hv-common-y)) \
	   $(addprefix $(O)/hypervisor/arch/x86/,$(hv-arch-y))

# Struct offsets for assembly, generated from the C definitions (and
# regenerated when any header asm_offsets.c includes changes: the compiler
# writes that list to asm-offsets.h.d, which the top Makefile includes).
ASM_OFFSETS_H := $(O)/hypervisor/include/asm-offsets.h
$(ASM_OFFSETS_H): hypervisor/arch/x86/asm_offsets.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -MMD -MP,$(HV_CFLAGS)) -MMD -MP -MF $@.d -MT $@ \
		-S $< -o $@.s
	{ echo '/* Generated from asm_offsets.c: do not edit. */'; \
	  sed -n 's/^->\([A-Za-z0-9_]*\) [$$]\{0,1\}\([-0-9]*\) .*/#define \1 \2/p' $@.s; } > $@

$(O)/hypervisor/%.o: hypervisor/%.c | $(O)/include/xen $(ASM_OFFSETS_H)
	@mkdir -p $(dir $@)
	$(CC) $(HV_CFLAGS) -c $< -o $@

$(O)/hypervisor/%.o: hypervisor/%.S | $(O)/include/xen $(ASM_OFFSETS_H)
	@mkdir -p $(dir $@)
	$(CC) $(HV_ASFLAGS) -c $< -o $@

HV_LDS := $(O)/hypervisor/hypervisor.lds
$(HV_LDS): hypervisor/arch/x86/hypervisor.ld.S | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c $(HV_ASFLAGS) $< -o $@

HV_LDFLAGS := -m elf_x86_64 -static -nostdlib -z max-page-size=0x1000 \
	-z noexecstack --no-dynamic-linker --build-id=none \
	--no-warn-rwx-segments

# Two links (as Xen does): the first without symbol names, from which the
# table for crash-report backtraces is generated; the second with it.  The
# table sits after all code, so code addresses are the same in both links
# (scripts/gensyms.sh checks this).
$(O)/hypervisor/syms0.o: scripts/empty_symtab.S
	@mkdir -p $(dir $@)
	$(CC) $(HV_ASFLAGS) -c $< -o $@

$(O)/hypervisor/hypervisor-pass1.elf: $(HV_OBJS) $(O)/hypervisor/syms0.o $(HV_LDS)
	$(LD) $(HV_LDFLAGS) -T $(HV_LDS) -o $@ $(HV_OBJS) $(O)/hypervisor/syms0.o

$(O)/hypervisor/symtab.S: $(O)/hypervisor/hypervisor-pass1.elf scripts/gensyms.sh
	scripts/gensyms.sh $< > $@

$(O)/hypervisor/symtab.o: $(O)/hypervisor/symtab.S
	$(CC) $(HV_ASFLAGS) -c $< -o $@

$(O)/hypervisor.elf: $(HV_OBJS) $(O)/hypervisor/symtab.o $(HV_LDS)
	$(LD) $(HV_LDFLAGS) -T $(HV_LDS) -o $@ $(HV_OBJS) $(O)/hypervisor/symtab.o
	scripts/gensyms.sh --check $(O)/hypervisor/hypervisor-pass1.elf $@

ALL_TARGETS += $(O)/hypervisor.elf
