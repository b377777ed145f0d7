/*
 * What this hypervisor reports about itself.
 */
#ifndef HV_VERSION_H
#define HV_VERSION_H

/*
 * XENVER_version reports the Xen release whose ABI we implement, so guests
 * that gate features on the version see what they can use; extraversion
 * names this hypervisor.
 */
#define HV_XEN_MAJOR        4
#define HV_XEN_MINOR        17
#define HV_EXTRAVERSION     "-xpv"
#define HV_NAME             "xpv"
#define HV_VERSION_STRING   "0.1"

/* The hypervisor command line, for XENVER_commandline (set at boot). */
extern const char *hv_boot_cmdline;

#endif /* HV_VERSION_H */
