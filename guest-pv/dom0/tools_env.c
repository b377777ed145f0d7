/*
 * The environment of the dom0 tool libraries (dom0-tools/include/tools/
 * env.h) in the guest kernel: its heap and its console.
 */
#include <guest/console.h>
#include <guest/kmalloc.h>
#include <tools/env.h>

void *tools_zalloc(size_t size)
{
    return kzalloc(size);
}

void tools_free(void *p)
{
    kfree(p);
}

void tools_log(const char *line)
{
    printk("%s\n", line);
}
