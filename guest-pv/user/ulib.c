/*
 * The user programs' library (see ulib.h), on top of the kernel's
 * freestanding vsnprintf, compiled a second time for user mode.
 */
#include "ulib.h"

void uprintf(const char *fmt, ...)
{
    char buf[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    sys_write(buf, strlen(buf));
}

bool check(bool ok, const char *fmt, ...)
{
    char buf[96];
    va_list ap;

    if (ok)
        return true;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    syscall3(SYS_fail, (long)buf, 0, 0);
    return false;
}
