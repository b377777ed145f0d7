/*
 * Error names on the wire: xs_wire.h's xsd_errors table, which is only
 * defined when the E* names are, so they are given Xen's values here.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>

#define EINVAL XEN_EINVAL
#define EACCES XEN_EACCES
#define EEXIST XEN_EEXIST
#define EISDIR XEN_EISDIR
#define ENOENT XEN_ENOENT
#define ENOMEM XEN_ENOMEM
#define ENOSPC XEN_ENOSPC
#define EIO XEN_EIO
#define ENOTEMPTY XEN_ENOTEMPTY
#define ENOSYS XEN_ENOSYS
#define EROFS XEN_EROFS
#define EBUSY XEN_EBUSY
#define EAGAIN XEN_EAGAIN
#define EISCONN XEN_EISCONN
#define E2BIG XEN_E2BIG
#define EPERM XEN_EPERM
#include <xen/io/xs_wire.h>
#include <tools/xs_store.h>

const char *xs_error_name(int err)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(xsd_errors); i++)
        if (xsd_errors[i].errnum == -err)
            return xsd_errors[i].errstring;
    return "EINVAL";            /* xenstored's fallback for the unlisted */
}

int xs_error_number(const char *name)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(xsd_errors); i++)
        if (!strcmp(xsd_errors[i].errstring, name))
            return -xsd_errors[i].errnum;
    return -XEN_EIO;
}
