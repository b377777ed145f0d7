/*
 * dom0's shell (see <tools/xl_shell.h>): the keys of a serial terminal
 * turned into lines, and lines into xl_run() calls.
 */
#include <hv/lib.h>
#include <tools/xl_shell.h>

#define KEY_CTRL_C  0x03
#define KEY_CTRL_U  0x15
#define KEY_BS      0x08
#define KEY_DEL     0x7f

static void say(struct xl_shell *sh, const char *s, size_t n)
{
    sh->io->out(sh->io->ctx, s, n);
}

static void say_str(struct xl_shell *sh, const char *s)
{
    say(sh, s, strlen(s));
}

void xl_shell_init(struct xl_shell *sh, const struct xl_io *io)
{
    memset(sh, 0, sizeof(*sh));
    sh->io = io;
    say_str(sh, XL_SHELL_PROMPT);
}

int xl_shell_split(char *line, char **argv, int max)
{
    char *in = line, *out = line, quote;
    int argc = 0;

    for (;;) {
        while (*in == ' ' || *in == '\t')
            in++;
        if (!*in)
            return argc;
        if (argc == max)
            return -1;
        argv[argc++] = out;
        /* A word ends at a blank outside quotes; quotes are dropped. */
        while (*in && *in != ' ' && *in != '\t') {
            if (*in != '"' && *in != '\'') {
                *out++ = *in++;
                continue;
            }
            quote = *in++;
            while (*in && *in != quote)
                *out++ = *in++;
            if (!*in)
                return -1;
            in++;
        }
        /* 'out' never passes 'in', so the terminator lands safely. */
        if (*in)
            in++;
        *out++ = '\0';
    }
}

static void run_line(struct xl_shell *sh)
{
    static const char bad[] = "dom0: unterminated quote or more than 32 "
                              "words: nothing run\n";
    char *argv[XL_SHELL_ARGS_MAX + 1];
    int argc;

    sh->line[sh->len] = '\0';
    argc = xl_shell_split(sh->line, argv, XL_SHELL_ARGS_MAX);
    if (argc < 0) {
        sh->io->err(sh->io->ctx, bad, sizeof(bad) - 1);
        sh->last_status = XL_EXIT_USAGE;
    } else if (argc > 0) {
        argv[argc] = NULL;
        if (!sh->builtin || !sh->builtin(sh, argc, argv))
            sh->last_status = xl_run(argc, argv, sh->io);
    }
    sh->len = 0;
}

void xl_shell_key(struct xl_shell *sh, int key)
{
    switch (key) {
    case '\r':
    case '\n':
        say(sh, "\n", 1);
        run_line(sh);
        say_str(sh, XL_SHELL_PROMPT);
        return;
    case KEY_BS:
    case KEY_DEL:
        if (sh->len) {
            sh->len--;
            say(sh, "\b \b", 3);
        }
        return;
    case KEY_CTRL_U:
        for (; sh->len; sh->len--)
            say(sh, "\b \b", 3);
        return;
    case KEY_CTRL_C:
        sh->len = 0;
        say_str(sh, "^C\n" XL_SHELL_PROMPT);
        return;
    default:
        /* Printable keys only; the line keeps room for its NUL. */
        if (key < ' ' || key > '~' || sh->len + 1 >= sizeof(sh->line))
            return;
        sh->line[sh->len++] = key;
        say(sh, (char[]){ (char)key }, 1);
    }
}
