/*
 * What the xl commands share: the command table's row, output helpers,
 * option parsing and the domain argument (a name or an id).
 */
#ifndef XL_INTERNAL_H
#define XL_INTERNAL_H

#include <hv/lib.h>
#include <abi/xen.h>
#include <xen/domctl.h>
#include <tools/xl.h>

struct xl_call;

/* One sub-command (xl_cmdtable.c). */
struct xl_cmd {
    const char *name;
    int (*fn)(struct xl_call *c, int argc, char **argv);
    const char *summary;        /* one line for `xl help` */
    const char *usage;          /* arguments after the name */
    const char *options;        /* option lines for `xl help CMD`, or "" */
};

/* A running command: its row and where it writes. */
struct xl_call {
    const struct xl_cmd *cmd;
    const struct xl_io *io;
};

extern const struct xl_cmd xl_cmds[];
extern const size_t xl_ncmds;

const struct xl_cmd *xl_cmd_find(const char *name);

/* Output: formatted (lines are cut at 512 bytes) or raw. */
void xl_printf(struct xl_call *c, const char *fmt, ...) __printf(2, 3);
void xl_write(struct xl_call *c, const char *s, size_t n);

/*
 * A refusal: "xl CMD: MESSAGE" on io->err.  Returns XL_EXIT_FAIL so a
 * handler can `return xl_fail(c, ...)`.
 */
int xl_fail(struct xl_call *c, const char *fmt, ...) __printf(2, 3);

/*
 * Bad arguments: "xl CMD: MESSAGE" and the usage line on io->err;
 * returns XL_EXIT_USAGE.
 */
int xl_usage_error(struct xl_call *c, const char *fmt, ...) __printf(2, 3);

/* The usage and options of one command (xl help CMD, CMD -h). */
void xl_print_help(struct xl_call *c, const struct xl_cmd *cmd);

/* The options seen: a bit per letter, and the values of those taking one. */
struct xl_opts {
    unsigned int flags;         /* XL_OPT('l') set if -l was given */
    const char *val[26];        /* the value of "-d VALUE" at ['d' - 'a'] */
};
#define XL_OPT(ch) (1u << ((ch) - 'a'))
#define XL_OPTVAL(o, ch) ((o)->val[(ch) - 'a'])

/*
 * Options: a tiny getopt over argv[1..].  'spec' lists the option letters
 * the command takes, a letter followed by ':' taking a value ("lc",
 * "d:w:c:").  Options stop at the first operand or "--".  Returns the
 * index of the first operand, or -1 after refusing an unknown option or a
 * missing value (usage printed).
 */
int xl_options(struct xl_call *c, int argc, char **argv, const char *spec,
               struct xl_opts *o);

/*
 * The number of operands must be in [min, max]; else the usage is
 * printed and false returned.
 */
bool xl_operands(struct xl_call *c, int n, int min, int max);

/*
 * A domain argument: a domain id ("3") or a name the toolstack knows
 * ("web", "Domain-0").  Returns 0 with *domid, or refuses with
 * "no domain 'ARG' (xl list shows the domains)" and XL_EXIT_FAIL.
 */
int xl_domain_arg(struct xl_call *c, const char *arg, uint32_t *domid);

/* A whole decimal number below 'limit'; false otherwise. */
bool xl_parse_uint(const char *s, unsigned long limit, unsigned long *val);

/* The 6-letter state of xl list: r b p s c d (or '-' each). */
void xl_state_string(const struct xen_domctl_getdomaininfo *info,
                     char out[7]);

/* "12.3": nanoseconds as seconds with one decimal (no floating point). */
void xl_seconds(uint64_t ns, char *out, size_t size);

/*
 * Calls fn for every domain, in id order, until it returns non-zero;
 * returns that, or XL_EXIT_OK, or XL_EXIT_FAIL if the list could not be
 * read (said on io->err).
 */
typedef int (*xl_domain_fn)(struct xl_call *c,
                            const struct xen_domctl_getdomaininfo *info,
                            void *arg);
int xl_foreach_domain(struct xl_call *c, xl_domain_fn fn, void *arg);

/*
 * Attaches the operator to a domain's console until Ctrl-] or the
 * domain's end (xl console, xl create -c).
 */
int xl_console_attach(struct xl_call *c, uint32_t domid);

/* A negative Xen errno's name ("ESRCH"), for messages. */
const char *xl_errno_name(int err);

/* The domain's name as xl list shows it ("Domain-0", "(null)", ...). */
const char *xl_domain_name(uint32_t domid);

#endif /* XL_INTERNAL_H */
