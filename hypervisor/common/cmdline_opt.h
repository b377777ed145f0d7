/*
 * Between cmdline.c (the syntax every option follows) and
 * cmdline_options.c (each option's parser and the table of them).
 */
#ifndef COMMON_CMDLINE_OPT_H
#define COMMON_CMDLINE_OPT_H

#include <hv/cmdline.h>

struct cmdline_opt {
    const char *name;
    const char *expected;       /* for the bad-value warning */
    /* Parses 'val' ("" when the option has no '='); false if malformed. */
    bool (*parse)(const char *val, struct hv_cmdline *c);
    bool boolean;               /* parse is NULL; the field is at 'offset' */
    size_t offset;
};

/* The option called 'name' (exact match, as Xen), or NULL. */
const struct cmdline_opt *cmdline_find_option(const char *name);

/* "warning", "info", ... as loglvl= spells the level. */
const char *cmdline_level_name(enum log_level lvl);

#endif /* COMMON_CMDLINE_OPT_H */
