/*
 * dom0's files: an in-memory table of named files (guest kernels,
 * ramdisks, xl.cfg configs).  Filled at boot from dom0's initrd, a ustar
 * archive (files_load_ustar), and by uploads from the host's CLI
 * (files_put).  Names are plain strings without '/' semantics (a path in
 * the archive is kept as written, "./" dropped), at most FILES_NAME_MAX
 * bytes.  Contents are owned by the table: files_get's pointer is valid
 * until that name is put or removed.
 */
#ifndef TOOLS_FILES_H
#define TOOLS_FILES_H

#include <hv/types.h>

#define FILES_NAME_MAX  99      /* ustar's name field, less its NUL */
#define FILES_MAX       64

struct file {
    const char *name;
    const void *data;
    size_t len;
};

/* The file called name, or NULL. */
const struct file *files_get(const char *name);

/*
 * Stores a copy of data[0..len) as name, replacing a file of that name.
 * 0, or -1 with a message in err (a bad name, the table full, out of
 * memory); on failure a file it would have replaced is kept.
 */
int files_put(const char *name, const void *data, size_t len,
              char *err, size_t errlen);

/* Removes name; 0, or -1 when there is no such file. */
int files_remove(const char *name);

/* Calls fn for each file, in name order, until fn returns non-zero
 * (which is then returned); 0 after the last. */
int files_foreach(int (*fn)(const struct file *f, void *ctx), void *ctx);

/*
 * Adds every regular file of the ustar archive image[0..len) (as
 * files_put would).  Returns how many were added, or -1 with a message
 * in err for a malformed archive (files before the fault are kept).
 */
int files_load_ustar(const void *image, size_t len, char *err, size_t errlen);

/* Removes every file (tests). */
void files_reset(void);

#endif /* TOOLS_FILES_H */
