/*
 * dom0's files from its initrd (see guest/dom0.h).
 */
#include <guest/console.h>
#include <guest/dom0.h>
#include <guest/hypervisor.h>
#include <tools/files.h>

/* Where ustar puts its magic in the first header. */
#define USTAR_MAGIC_OFFSET  257

static bool is_ustar(const char *image, unsigned long len)
{
    return len >= 512 && !memcmp(image + USTAR_MAGIC_OFFSET, "ustar", 5);
}

void dom0_files_init(void)
{
    const char *image = (const char *)start_info->mod_start;
    unsigned long len = start_info->mod_len;
    char err[160];
    int n;

    if (!(start_info->flags & SIF_INITDOMAIN) || !len)
        return;
    if (!is_ustar(image, len)) {
        printk("dom0: initrd of %lu bytes is not a ustar archive: "
               "no files loaded\n", len);
        return;
    }
    n = files_load_ustar(image, len, err, sizeof(err));
    if (n < 0)
        printk("dom0: initrd: %s\n", err);
    else
        printk("dom0: %d files from the initrd\n", n);
}
