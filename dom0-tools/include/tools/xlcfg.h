/*
 * The xl.cfg parser: a domain configuration file in xl's syntax (see
 * xl.cfg(5)) into a typed domain configuration.
 *
 * Syntax: KEY = VALUE settings separated by newlines or ';', '#' comments,
 * VALUE a "string" or 'string' (escapes \" \' \\ \n \r \t \xHH \OOO), a
 * NUMBER (decimal, 0x hex, 0 octal) or a [ list, ] spanning lines, with an
 * optional trailing comma.  A later setting of a key replaces an earlier
 * one.  Keys this toolstack does not know are warned about and ignored,
 * as xl does.
 */
#ifndef TOOLS_XLCFG_H
#define TOOLS_XLCFG_H

#include <hv/types.h>
#include <abi/xen.h>

#define XLCFG_NAME_MAX      64              /* bytes, with the NUL */
#define XLCFG_PATH_MAX      256
#define XLCFG_CMDLINE_MAX   MAX_GUEST_CMDLINE
/* A PV guest's vcpu_info slots in shared_info. */
#define XLCFG_MAX_VCPUS     XEN_LEGACY_MAX_VCPUS
#define XLCFG_MAX_CPUS      64              /* host CPUs a mask can name */
#define XLCFG_MAX_MEMORY_MIB (1UL << 20)    /* 1 TiB */

/* What to do when the domain powers off, reboots or crashes (xl.cfg(5)). */
enum xlcfg_action {
    XLCFG_DESTROY,
    XLCFG_RESTART,
    XLCFG_RENAME_RESTART,
    XLCFG_PRESERVE,
    XLCFG_COREDUMP_DESTROY,
    XLCFG_COREDUMP_RESTART,
    XLCFG_SOFT_RESET,
    XLCFG_ACTION_COUNT
};

struct xlcfg_domain {
    char name[XLCFG_NAME_MAX];
    char kernel[XLCFG_PATH_MAX];
    char ramdisk[XLCFG_PATH_MAX];           /* "" when none */
    /* cmdline=, or else "root=ROOT EXTRA" from root= and extra= (as xl). */
    char cmdline[XLCFG_CMDLINE_MAX];
    unsigned long memory_mib;               /* initial allocation */
    unsigned long maxmem_mib;               /* >= memory_mib */
    unsigned int vcpus;                     /* online at start */
    unsigned int maxvcpus;                  /* >= vcpus */
    /*
     * Hard affinity of each vCPU: bit N set means host CPU N may run it.
     * Without cpus= every mask is all ones (no pinning).
     */
    bool cpus_pinned;
    uint64_t cpu_affinity[XLCFG_MAX_VCPUS];
    enum xlcfg_action on_poweroff;          /* default destroy */
    enum xlcfg_action on_reboot;            /* default restart */
    enum xlcfg_action on_crash;             /* default destroy */
};

/*
 * Parses the configuration text[0..len) read from 'file' (the name is only
 * used in messages) into *cfg.  Returns 0, or a negative Xen errno with a
 * one-line message in err: "FILE:LINE: expected ... (got ...)" for a
 * malformed file, "FILE:LINE: KEY: ..." for a bad value,
 * "FILE: ..." for a missing key, or "out of memory".  Warnings (unknown
 * keys, ignored settings) go to tools_log() as "FILE:LINE: ...".
 */
int xlcfg_parse_domain(const char *file, const char *text, size_t len,
                       struct xlcfg_domain *cfg, char *err, size_t errlen);

/* "destroy", "restart", ... as written in xl.cfg. */
const char *xlcfg_action_name(enum xlcfg_action action);

#endif /* TOOLS_XLCFG_H */
