/*
 * Between the file table (files.c) and its boot loader (files_ustar.c).
 */
#ifndef TOOLS_FILES_INTERNAL_H
#define TOOLS_FILES_INTERNAL_H

#include <tools/files.h>

/*
 * As files_put(), but the table keeps a pointer to data instead of a
 * copy: data must stay valid and unchanged for dom0's whole life (the
 * boot archive).
 */
int files_add_borrowed(const char *name, const void *data, size_t len,
                       char *err, size_t errlen);

#endif /* TOOLS_FILES_INTERNAL_H */
