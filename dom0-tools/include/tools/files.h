/*
 * PROVISIONAL (xl's copy of the interface in the issue-6 plan, until the
 * builder branch commits its own; its version replaces this one).
 *
 * dom0's files: an in-memory table of named files (kernels, configs).
 */
#ifndef TOOLS_FILES_H
#define TOOLS_FILES_H

#include <hv/types.h>

struct file {
    const char *name;
    const void *data;
    size_t len;
};

/* The file of that name, or NULL. */
const struct file *files_get(const char *name);
/* Adds or replaces; 0 or a negative errno with a message in err. */
int files_put(const char *name, const void *data, size_t len, char *err,
              size_t errlen);
int files_remove(const char *name);
void files_foreach(void (*fn)(const struct file *f, void *arg), void *arg);

#endif /* TOOLS_FILES_H */
