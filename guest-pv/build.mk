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
guest-obj-y += kernel/main.o
guest-obj-y += kernel/hypervisor.o
guest-obj-y += kernel/console.o
guest-obj-y += kernel/traps.o
guest-obj-y += kernel/extable.o
guest-obj-y += kernel/events.o
guest-obj-y += kernel/selftest.o
guest-obj-y += kernel/selftest_hypercall.o
guest-obj-y += kernel/selftest_trap.o
guest-obj-y += lib/printf.o
guest-obj-y += lib/string.o

GUEST_OBJS := $(addprefix $(O)/guest-pv/,$(guest-obj-y))
GUEST_LDS := $(O)/guest-pv/guest.lds

$(O)/guest-pv/%.o: guest-pv/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(O)/guest-pv/%.o: guest-pv/%.S | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_ASFLAGS) -c $< -o $@

$(GUEST_LDS): guest-pv/arch/x86/guest.ld.S | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c $(GUEST_ASFLAGS) -MT $@ $< -o $@

$(O)/guest-pv/guest.elf: $(GUEST_OBJS) $(GUEST_LDS)
	$(LD) $(GUEST_LDFLAGS) -T $(GUEST_LDS) -o $@ $(GUEST_OBJS)

ALL_TARGETS += $(O)/guest-pv/guest.elf
