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

# The management channel's protocol (also compiled into the host CLI).
mgmt-src := dom0-tools/mgmt/mgmt_frame.c \
	dom0-tools/mgmt/mgmt_server.c

dom0-tools-src := $(sort $(xlcfg-src) $(xenstore-src) $(mgmt-src))
dom0-tools-obj := $(patsubst %.c,$(O)/%.o,$(dom0-tools-src))

$(O)/dom0-tools/%.o: dom0-tools/%.c | $(O)/include/xen
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING_CFLAGS) -Ihypervisor/include $(DOM0_TOOLS_INCLUDES) \
		-c -o $@ $<

# What the libraries may take from outside themselves: hvlib and the hooks
# of include/tools/env.h.  The archive is refused if it needs anything
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
		case "$$defined $(DOM0_TOOLS_EXTERNS) " in \
		*" $$s "*) ;; \
		*) echo "error: dom0-tools needs '$$s', which neither hvlib nor" \
			"tools/env.h provides" >&2; rm -f $@; exit 1 ;; \
		esac; \
	done

ALL_TARGETS += $(O)/dom0-tools/libdom0tools.a
