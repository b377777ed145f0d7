/*
 * The parsed form of an xl.cfg file, before any key is interpreted
 * (internal to dom0-tools/xlcfg).
 */
#ifndef XLCFG_SYNTAX_H
#define XLCFG_SYNTAX_H

#include <hv/types.h>

#define XLCFG_LIST_DEPTH_MAX 4  /* [ [ [ [ ... ] ] ] ]: xl allows nesting */

enum xlcfg_kind { XLCFG_STRING, XLCFG_NUMBER, XLCFG_LIST };

struct xlcfg_value {
    enum xlcfg_kind kind;
    unsigned int line;
    char *text;                     /* STRING decoded, NUMBER as written */
    struct xlcfg_value *items;      /* LIST: first element */
    unsigned int count;             /* LIST: number of elements */
    struct xlcfg_value *next;       /* next element of the enclosing list */
};

struct xlcfg_setting {
    char *key;
    unsigned int line;
    struct xlcfg_value *value;
    struct xlcfg_setting *next;     /* in file order */
};

struct xlcfg_file {
    const char *name;
    struct xlcfg_setting *first;
};

/*
 * Parses text[0..len) into f (which the caller frees with
 * xlcfg_file_free(), also after an error).  Returns 0, -XEN_EINVAL with
 * "FILE:LINE: expected ... (got ...)" in err, or -XEN_ENOMEM.
 */
int xlcfg_syntax_parse(struct xlcfg_file *f, const char *name,
                       const char *text, size_t len, char *err, size_t errlen);

void xlcfg_file_free(struct xlcfg_file *f);

#endif /* XLCFG_SYNTAX_H */
