/*
 * dom0's shell on the hypervisor console: a prompt, a line editor
 * (backspace, Ctrl-U to erase the line, Ctrl-C to drop it), and each line
 * run as an xl command: "xl list" or the bare "list".  Words are split at
 * blanks; "double" or 'single' quotes keep blanks in a word.
 */
#ifndef TOOLS_XL_SHELL_H
#define TOOLS_XL_SHELL_H

#include <tools/xl.h>

#define XL_SHELL_LINE_MAX 256
#define XL_SHELL_ARGS_MAX 32
#define XL_SHELL_PROMPT   "dom0# "

struct xl_shell {
    const struct xl_io *io;
    /*
     * The front end's own commands (dom0's "poweroff"), tried before xl:
     * returns true when it ran the line.  NULL: none.
     */
    bool (*builtin)(struct xl_shell *sh, int argc, char **argv);
    char line[XL_SHELL_LINE_MAX];
    size_t len;
    int last_status;            /* of the last command run */
};

/* Starts a shell writing to io and prints the first prompt. */
void xl_shell_init(struct xl_shell *sh, const struct xl_io *io);

/*
 * One key from the operator: echoed and edited, and at Enter ('\r' or
 * '\n') the line is run (which may take a while: xl console returns
 * only on Ctrl-]) and a new prompt printed.
 */
void xl_shell_key(struct xl_shell *sh, int key);

/*
 * Splits line (in place) into at most max words; returns how many, or
 * -1 for an unterminated quote or too many words.
 */
int xl_shell_split(char *line, char **argv, int max);

#endif /* TOOLS_XL_SHELL_H */
