/*
 * xl_run(): the entry point every front end calls (dom0's shell, the
 * management channel), and `xl help`.
 */
#include <tools/env.h>
#include "xl_internal.h"

const struct xl_cmd *xl_cmd_find(const char *name)
{
    size_t i;

    for (i = 0; i < xl_ncmds; i++)
        if (!strcmp(xl_cmds[i].name, name))
            return &xl_cmds[i];
    return NULL;
}

static bool is_help_option(const char *arg)
{
    return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

/* A warning raised while a command runs: "xl CMD: warning: LINE". */
static void warn_to_err(void *ctx, const char *line)
{
    struct xl_call *c = ctx;
    char buf[320];
    int n = snprintf(buf, sizeof(buf), "xl %s: warning: %s\n", c->cmd->name,
                     line);

    c->io->err(c->io->ctx, buf, MIN((size_t)n, sizeof(buf) - 1));
}

/* Runs the command with its warnings going to its own error output. */
static int run_cmd(struct xl_call *c, int argc, char **argv)
{
    void (*old_fn)(void *ctx, const char *line);
    void *old_ctx;
    int rc;

    tools_warn_to(warn_to_err, c, &old_fn, &old_ctx);
    rc = c->cmd->fn(c, argc, argv);
    tools_warn_to(old_fn, old_ctx, NULL, NULL);
    return rc;
}

int xl_run(int argc, char **argv, const struct xl_io *io)
{
    struct xl_call call = { .cmd = NULL, .io = io };
    const struct xl_cmd *cmd;

    if (argc > 0 && !strcmp(argv[0], "xl")) {
        argc--;
        argv++;
    }
    if (argc == 0 || is_help_option(argv[0]))
        argv[0] = "help", argc = argc ? argc : 1;
    cmd = xl_cmd_find(argv[0]);
    if (!cmd)
        return xl_fail(&call, "unknown command '%s' (xl help lists them)",
                       argv[0]);
    call.cmd = cmd;
    /* "xl CMD -h" anywhere before the operands: the command's help. */
    if (argc > 1 && is_help_option(argv[1])) {
        xl_print_help(&call, cmd);
        return XL_EXIT_OK;
    }
    return run_cmd(&call, argc, argv);
}

/* xl help [CMD] */
int xl_cmd_help(struct xl_call *c, int argc, char **argv)
{
    const struct xl_cmd *cmd;
    size_t i;

    if (!xl_operands(c, argc - 1, 0, 1))
        return XL_EXIT_USAGE;
    if (argc == 2) {
        cmd = xl_cmd_find(argv[1]);
        if (!cmd)
            return xl_fail(c, "unknown command '%s' (xl help lists them)",
                           argv[1]);
        xl_print_help(c, cmd);
        return XL_EXIT_OK;
    }
    xl_printf(c, "usage: xl <command> [args]\n\nCommands:\n");
    for (i = 0; i < xl_ncmds; i++)
        xl_printf(c, " %-14s %s\n", xl_cmds[i].name, xl_cmds[i].summary);
    xl_printf(c, "\n'xl help <command>' or 'xl <command> -h' for one "
              "command's arguments.\n");
    return XL_EXIT_OK;
}
