/*
 * dom0's files (see <tools/files.h>): a table kept in name order, each
 * file's name and contents in one allocation owned by the table.
 */
#include <hv/lib.h>
#include <tools/env.h>
#include <tools/files.h>

/* A file and its bytes: data points just past the name. */
struct file_slot {
    struct file f;
    char name[FILES_NAME_MAX + 1];
};

static struct file_slot *table[FILES_MAX];
static unsigned int nfiles;

/* The index of name, or where it would go (*found says which). */
static unsigned int lookup(const char *name, bool *found)
{
    unsigned int i;
    int cmp;

    for (i = 0; i < nfiles; i++) {
        cmp = strcmp(table[i]->name, name);
        if (cmp >= 0) {
            *found = cmp == 0;
            return i;
        }
    }
    *found = false;
    return i;
}

const struct file *files_get(const char *name)
{
    bool found;
    unsigned int i = lookup(name, &found);

    return found ? &table[i]->f : NULL;
}

/* Printable ASCII without blanks: a name the shell can type. */
static bool name_ok(const char *name, char *err, size_t errlen)
{
    size_t len = strnlen(name, FILES_NAME_MAX + 1), i;

    if (!len || len > FILES_NAME_MAX) {
        snprintf(err, errlen, "file name '%.40s': must be 1 to %u bytes",
                 name, FILES_NAME_MAX);
        return false;
    }
    for (i = 0; i < len; i++) {
        if (name[i] <= ' ' || name[i] > '~') {
            snprintf(err, errlen, "file name '%.40s': only printable "
                     "characters without blanks", name);
            return false;
        }
    }
    return true;
}

int files_put(const char *name, const void *data, size_t len, char *err,
              size_t errlen)
{
    struct file_slot *s;
    unsigned int i;
    bool found;

    if (!name_ok(name, err, errlen))
        return -1;
    i = lookup(name, &found);
    if (!found && nfiles == FILES_MAX) {
        snprintf(err, errlen, "'%s': dom0 holds %u files already: remove "
                 "one first", name, FILES_MAX);
        return -1;
    }
    s = tools_zalloc(sizeof(*s) + len);
    if (!s) {
        snprintf(err, errlen, "'%s': %lu bytes: dom0 is out of memory",
                 name, (unsigned long)len);
        return -1;
    }
    memcpy(s->name, name, strlen(name));
    memcpy(s + 1, data, len);
    s->f = (struct file){ .name = s->name, .data = s + 1, .len = len };
    if (found) {
        tools_free(table[i]);
    } else {
        memmove(&table[i + 1], &table[i], (nfiles - i) * sizeof(table[0]));
        nfiles++;
    }
    table[i] = s;
    return 0;
}

int files_remove(const char *name)
{
    bool found;
    unsigned int i = lookup(name, &found);

    if (!found)
        return -1;
    tools_free(table[i]);
    nfiles--;
    memmove(&table[i], &table[i + 1], (nfiles - i) * sizeof(table[0]));
    return 0;
}

int files_foreach(int (*fn)(const struct file *f, void *ctx), void *ctx)
{
    unsigned int i;
    int rc;

    for (i = 0; i < nfiles; i++) {
        rc = fn(&table[i]->f, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

void files_reset(void)
{
    while (nfiles)
        tools_free(table[--nfiles]);
}
