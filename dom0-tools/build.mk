# dom0-tools/: the toolstack's libraries, freestanding C over the hooks in
# include/tools/env.h.  Each library lists its sources here once; the host
# unit tests (tests/build.mk) compile them with a libc harness, and `make`
# compiles them freestanding into $(O)/dom0-tools/libdom0tools.a, which
# proves they need nothing from libc and is what the dom0 build will link
# (with hvlib: hypervisor/common/{string,vsnprintf,parse}.c).

DOM0_TOOLS_INCLUDES := -Idom0-tools/include

# xl.cfg parser.
xlcfg-src := dom0-tools/lib/tools_str.c \
	dom0-tools/lib/tools_warn.c \
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
	dom0-tools/mgmt/mgmt_ring.c \
	dom0-tools/mgmt/mgmt_server.c

# The toolstack in dom0: its domains, their store and console service,
# and dom0's main loop.
toolstack-src := dom0-tools/toolstack/console_log.c \
	dom0-tools/toolstack/console_ring.c \
	dom0-tools/toolstack/ts_store.c \
	dom0-tools/toolstack/ts_domain.c \
	dom0-tools/toolstack/ts_actions.c \
	dom0-tools/toolstack/loop.c

# dom0's named files (kernels, configs), loaded from its boot archive.
files-src := dom0-tools/files/files.c \
	dom0-tools/files/files_ustar.c

# The domain builder, with the hypervisor's ELF parser and PV layout
# (one source each, compiled again here: hvlib-src below).
builder-src := dom0-tools/builder/builder.c \
	dom0-tools/builder/builder_image.c
builder-hvlib-src := hypervisor/common/libelf.c \
	hypervisor/common/pv_layout.c

# The xl commands (one entry point, xl_run, for every front end).
xl-src := dom0-tools/xl/xl_main.c \
	dom0-tools/xl/xl_cmdtable.c \
	dom0-tools/xl/xl_util.c \
	dom0-tools/xl/xl_json.c \
	dom0-tools/xl/xl_list.c \
	dom0-tools/xl/xl_lifecycle.c \
	dom0-tools/xl/xl_create.c \
	dom0-tools/xl/xl_console.c \
	dom0-tools/xl/xl_info.c \
	dom0-tools/xl/xl_vcpu.c \
	dom0-tools/xl/xl_sched.c \
	dom0-tools/xl/xl_top.c \
	dom0-tools/xl/xl_shell.c

dom0-tools-src := $(sort $(xlcfg-src) $(xenstore-src) $(files-src) \
	$(builder-src) $(toolstack-src) $(xl-src) $(mgmt-src))
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
# What the toolstack takes from dom0's kernel: the hypercall layer
# (<tools/xc.h>) and the hooks of <tools/toolstack.h> and <tools/loop.h>.
DOM0_TOOLS_EXTERNS += $(addprefix xc_,domain_create domain_destroy \
	domain_pause domain_unpause domain_shutdown domain_getinfo \
	domain_getinfolist domain_max_mem vcpu_getinfo vcpu_setaffinity \
	vcpu_getaffinity sched_credit_get sched_credit_set physinfo \
	readconsole domain_stats map_foreign unmap_foreign \
	evtchn_alloc_unbound) \
	ts_evtchn_bind ts_evtchn_notify ts_evtchn_close loop_now_ns loop_block

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

# The host CLI: libc only, with the channel's frames compiled in.
XL_HOST_SRC := dom0-tools/host/xl_host_main.c \
	dom0-tools/host/xl_host_chan.c \
	dom0-tools/host/xl_host_run.c \
	dom0-tools/host/xl_host_upload.c \
	dom0-tools/host/xl_host_shm.c \
	dom0-tools/mgmt/mgmt_frame.c \
	dom0-tools/mgmt/mgmt_ring.c

$(O)/xl-host: $(XL_HOST_SRC) dom0-tools/host/xl_host.h \
		dom0-tools/include/tools/mgmt_frame.h \
		dom0-tools/include/tools/mgmt_ring.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
		-Idom0-tools/include -o $@ $(XL_HOST_SRC)

ALL_TARGETS += $(O)/xl-host
