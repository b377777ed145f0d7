/*
 * dom0's table of named files (see tools/files.h): a sorted array of
 * entries, so that files_foreach lists in name order and lookups are a
 * binary search; each entry is allocated on its own, so the struct
 * file files_get returned stays where it is while others come and go.  A file either owns a copy of its bytes (files_put) or
 * borrows them from the boot archive, which stays mapped for dom0's
 * whole life (files_load_ustar).
 */
#include <hv/lib.h>
#include <tools/env.h>
#include <tools/files.h>
#include "files_internal.h"

struct entry {
    struct file f;
    char name[FILES_NAME_MAX + 1];
    bool owned;                 /* f.data is ours to free */
};

static struct entry *table[FILES_MAX];
static unsigned int nr_files;

/* Index of name, or of where it would go (*found says which). */
static unsigned int search(const char *name, bool *found)
{
    unsigned int lo = 0, hi = nr_files;

    while (lo < hi) {
        unsigned int mid = (lo + hi) / 2;
        int c = strcmp(table[mid]->name, name);

        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

const struct file *files_get(const char *name)
{
    bool found;
    unsigned int i = search(name, &found);

    return found ? &table[i]->f : NULL;
}

/* Letters, digits and . _ - + / only: names travel in commands. */
static bool name_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
           c == '+' || c == '/';
}

static bool name_ok(const char *name, char *err, size_t errlen)
{
    size_t n = strnlen(name, FILES_NAME_MAX + 1);

    if (n == 0) {
        snprintf(err, errlen, "file name is empty");
        return false;
    }
    if (n > FILES_NAME_MAX) {
        snprintf(err, errlen, "file name '%.20s...' is longer than %u "
                 "characters", name, FILES_NAME_MAX);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!name_char_ok(name[i])) {
            snprintf(err, errlen, "file name '%s': only letters, digits "
                     "and . _ - + / are allowed", name);
            return false;
        }
    }
    return true;
}

static void release(struct entry *e)
{
    if (e->owned)
        tools_free((void *)e->f.data);
}

/* Stores name -> data (taken over when owned); -1 when it cannot. */
static int insert(const char *name, const void *data, size_t len, bool owned,
                  char *err, size_t errlen)
{
    bool found;
    unsigned int i = search(name, &found);
    struct entry *e;

    if (found) {
        e = table[i];
        release(e);
    } else {
        if (nr_files == FILES_MAX) {
            snprintf(err, errlen, "'%s': no room, dom0 holds %u files "
                     "already: remove one first", name, FILES_MAX);
            return -1;
        }
        e = tools_zalloc(sizeof(*e));
        if (!e) {
            snprintf(err, errlen, "'%s': out of memory", name);
            return -1;
        }
        memmove(&table[i + 1], &table[i], (nr_files - i) * sizeof(table[0]));
        table[i] = e;
        nr_files++;
        snprintf(e->name, sizeof(e->name), "%s", name);
        e->f.name = e->name;
    }
    e->f.data = data;
    e->f.len = len;
    e->owned = owned;
    return 0;
}

int files_put(const char *name, const void *data, size_t len,
              char *err, size_t errlen)
{
    void *copy;

    if (!name_ok(name, err, errlen))
        return -1;
    /* One more byte, so a text file is a C string too. */
    copy = tools_zalloc(len + 1);
    if (!copy) {
        snprintf(err, errlen, "'%s': out of memory for %zu bytes", name, len);
        return -1;
    }
    memcpy(copy, data, len);
    if (insert(name, copy, len, true, err, errlen)) {
        tools_free(copy);
        return -1;
    }
    return 0;
}

int files_remove(const char *name)
{
    bool found;
    unsigned int i = search(name, &found);

    if (!found)
        return -1;
    release(table[i]);
    tools_free(table[i]);
    memmove(&table[i], &table[i + 1], (nr_files - i - 1) * sizeof(table[0]));
    nr_files--;
    return 0;
}

int files_foreach(int (*fn)(const struct file *f, void *ctx), void *ctx)
{
    for (unsigned int i = 0; i < nr_files; i++) {
        int rc = fn(&table[i]->f, ctx);

        if (rc)
            return rc;
    }
    return 0;
}

void files_reset(void)
{
    for (unsigned int i = 0; i < nr_files; i++) {
        release(table[i]);
        tools_free(table[i]);
    }
    nr_files = 0;
}

int files_add_borrowed(const char *name, const void *data, size_t len,
                       char *err, size_t errlen)
{
    if (!name_ok(name, err, errlen))
        return -1;
    return insert(name, data, len, false, err, errlen);
}
