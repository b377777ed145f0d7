/*
 * xen_version(cmd, arg): version strings and interface parameters.
 *
 * Sub-ops and their access follow Xen 4.17: version, extraversion,
 * compile_info, capabilities, changeset, platform_parameters, get_features,
 * pagesize and guest_handle are open to every guest; commandline only to
 * privileged ones.  Strings are copied out whole (their fixed ABI size).
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/version.h>
#include <abi/xen.h>
#include <xen/errno.h>
#include <xen/features.h>
#include <xen/version.h>

const char *hv_boot_cmdline = "";

/* Copies a string padded to its ABI size 'size'. */
static long copy_string_out(unsigned long arg, const char *s, size_t size)
{
    char buf[1024];

    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size) ? -XEN_EFAULT : 0;
}

static long compile_info(unsigned long arg)
{
    xen_compile_info_t info;

    memset(&info, 0, sizeof(info));
    strlcpy(info.compiler, "gcc " __VERSION__, sizeof(info.compiler));
    strlcpy(info.compile_by, HV_NAME, sizeof(info.compile_by));
    strlcpy(info.compile_domain, "localdomain", sizeof(info.compile_domain));
    strlcpy(info.compile_date, __DATE__ " " __TIME__, sizeof(info.compile_date));
    return copy_to_guest(arg, &info, sizeof(info)) ? -XEN_EFAULT : 0;
}

/* Feature submap 0 is the only one defined; others are -EINVAL in Xen. */
static long get_features(unsigned long arg, const struct domain *d)
{
    xen_feature_info_t fi;

    if (copy_from_guest(&fi, arg, sizeof(fi)))
        return -XEN_EFAULT;
    if (fi.submap_idx != 0)
        return -XEN_EINVAL;
    fi.submap = 0;
    if (d->is_hardware_domain)
        fi.submap |= 1U << XENFEAT_dom0;
    return copy_to_guest(arg, &fi, sizeof(fi)) ? -XEN_EFAULT : 0;
}

static long platform_parameters(unsigned long arg)
{
    xen_platform_parameters_t p = { .virt_start = HYPERVISOR_VIRT_START };

    return copy_to_guest(arg, &p, sizeof(p)) ? -XEN_EFAULT : 0;
}

long do_xen_version(const struct hc_args *args)
{
    int cmd = (int)args->a[0];
    unsigned long arg = args->a[1];
    const struct domain *d = current_vcpu()->domain;

    switch (cmd) {
    case XENVER_version:
        return (HV_XEN_MAJOR << 16) | HV_XEN_MINOR;
    case XENVER_extraversion:
        return copy_string_out(arg, HV_EXTRAVERSION, sizeof(xen_extraversion_t));
    case XENVER_compile_info:
        return compile_info(arg);
    case XENVER_capabilities:
        return copy_string_out(arg, "xen-3.0-x86_64", sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string_out(arg, HV_NAME " " HV_VERSION_STRING,
                               sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters:
        return platform_parameters(arg);
    case XENVER_get_features:
        return get_features(arg, d);
    case XENVER_pagesize:
        return PAGE_SIZE;
    case XENVER_guest_handle:
        return copy_to_guest(arg, d->handle, sizeof(d->handle)) ? -XEN_EFAULT : 0;
    case XENVER_commandline:
        if (!d->is_privileged)
            return -XEN_EPERM;
        return copy_string_out(arg, hv_boot_cmdline, sizeof(xen_commandline_t));
    default:
        return -XEN_ENOSYS;
    }
}
