# dom0-tools/: the toolstack's libraries, freestanding C over the hooks in
# include/tools/env.h.  Each library lists its sources here once; the host
# unit tests (tests/build.mk) compile them with a libc harness, and `make`
# compiles them freestanding into $(O)/dom0-tools/libdom0tools.a, which
# proves they need nothing from libc and is what the dom0 build will link
# (with hvlib: hypervisor/common/{string,vsnprintf,parse}.c).

DOM0_TOOLS_INCLUDES := -Idom0-tools/include

# xl.cfg parser.
xlcfg-src := dom0-tools/lib/tools_str.c \
	dom0-tools/xlcfg/xlcfg_lex.c \
	dom0-tools/xlcfg/xlcfg_parse.c \
	dom0-tools/xlcfg/xlcfg_value.c \
	dom0-tools/xlcfg/xlcfg_cpus.c \
	dom0-tools/xlcfg/xlcfg_domain.c

# The store (xenstore service).
xenstore-src := dom0-tools/lib/tools_str.c \
	dom0-tools/xenstore/xs_table.c \
	dom0-tools/xenstore/xs_path.c \
	dom0-tools/xenstore/xs_perms.c \
	dom0-tools/xenstore/xs_tx.c \
	dom0-tools/xenstore/xs_transaction.c \
	dom0-tools/xenstore/xs_ops.c \
	dom0-tools/xenstore/xs_watch.c \
	dom0-tools/xenstore/xs_domain.c \
	dom0-tools/xenstore/xs_conn.c \
	dom0-tools/xenstore/xs_store.c \
	dom0-tools/xenstore/xs_errors.c \
	dom0-tools/xenstore/xs_wire.c \
	dom0-tools/xenstore/xs_ring.c

# dom0's named files (kernels, configs), loaded from its boot archive.
files-src := dom0-tools/files/files.c \
	dom0-tools/files/files_ustar.c

# The domain builder, with the hypervisor's ELF parser and PV layout
# (one source each, compiled again here: hvlib-src below).
builder-src := dom0-tools/builder/builder.c \
	dom0-tools/builder/builder_image.c
builder-hvlib-src := hypervisor/common/libelf.c \
	hypervisor/common/pv_layout.c

dom0-tools-src := $(sort $(xlcfg-src) $(xenstore-src) $(files-src) \
	$(builder-src))
dom0-tools-obj := $(patsubst %.c,$(O)/%.o,$(dom0-tools-src)) \
	$(patsubst hypervisor/common/%.c,$(O)/dom0-tools/hvlib/%.o,\
		$(builder-hvlib-src))

# Compiled as the guest kernel is (-mcmodel=kernel, no PIC), since the
# archive is linked into it (guest-pv/build.mk).
$(O)/dom0-tools/%.o: dom0-tools/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING_CFLAGS) -mcmodel=kernel -fno-pic -fno-pie \
		-Ihypervisor/include $(DOM0_TOOLS_INCLUDES) -c -o $@ $<

$(O)/dom0-tools/hvlib/%.o: hypervisor/common/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING_CFLAGS) -mcmodel=kernel -fno-pic -fno-pie \
		-Ihypervisor/include $(DOM0_TOOLS_INCLUDES) -c -o $@ $<

# What the libraries may take from outside themselves: hvlib, the hooks
# of include/tools/env.h and the hypercall layer of include/tools/xc.h
# (xc_*, which dom0's kernel implements).  The archive is refused if it needs anything
# else, since dom0 would have nothing to link it with.
DOM0_TOOLS_EXTERNS := memcpy memmove memset memcmp strlen strnlen strcmp \
	strncmp strchr strstr snprintf vsnprintf parse_ulong \
	tools_zalloc tools_free tools_log

$(O)/dom0-tools/libdom0tools.a: $(dom0-tools-obj)
	rm -f $@
	ar rcs $@ $^
	@defined=" $$($(NM) --defined-only $@ | awk 'NF == 3 { print $$3 }' | \
		tr '\n' ' ') "; \
	for s in $$($(NM) -u $@ | awk '{ print $$2 }' | sort -u); do \
		case "$$s" in xc_*) continue ;; esac; \
		case "$$defined $(DOM0_TOOLS_EXTERNS) " in \
		*" $$s "*) ;; \
		*) echo "error: dom0-tools needs '$$s', which neither hvlib," \
			"tools/env.h nor tools/xc.h provides" >&2; rm -f $@; exit 1 ;; \
		esac; \
	done

ALL_TARGETS += $(O)/dom0-tools/libdom0tools.a

# dom0's boot archive (its initrd, the second boot module): a ustar of
# the files dom0 starts with (tools/files.h): the guest kernel, without
# its debug sections, and the example configs.  Reproducible: fixed
# owner, mode and time.
DOM0_INITRD := $(O)/dom0-initrd.tar
DOM0_EXAMPLES := $(wildcard dom0-tools/examples/*.cfg)

$(DOM0_INITRD): $(O)/guest-pv/guest.elf $(DOM0_EXAMPLES)
	rm -rf $(O)/dom0-initrd
	mkdir -p $(O)/dom0-initrd/examples
	$(OBJCOPY) --strip-debug $< $(O)/dom0-initrd/guest.elf
	cp $(DOM0_EXAMPLES) $(O)/dom0-initrd/examples/
	tar --format=ustar --owner=0 --group=0 --numeric-owner --mode=a+rX \
		--mtime=@0 --sort=name -C $(O)/dom0-initrd -cf $@ .

ALL_TARGETS += $(DOM0_INITRD)
