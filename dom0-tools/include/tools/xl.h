/*
 * The operator's CLI: xl's sub-commands (create, list, console, destroy,
 * shutdown, reboot, pause, unpause, info, dmesg, vcpu-list, vcpu-pin,
 * sched-credit, top, help) behind one entry point, run the same way by
 * dom0's shell on the hypervisor console and by the management channel
 * for the host CLI.  Each command is one row of a table
 * (dom0-tools/xl/xl_cmdtable.c), as xl's own xl_cmdtable.c.
 */
#ifndef TOOLS_XL_H
#define TOOLS_XL_H

#include <hv/types.h>

/*
 * Where a command writes and reads.  out and err take bytes (not
 * necessarily a whole line); getc returns the next input byte, or -1
 * when none has arrived yet (it never blocks: commands that wait, as
 * console and top, keep dom0's loop running between calls).
 */
struct xl_io {
    void (*out)(void *ctx, const char *s, size_t n);
    void (*err)(void *ctx, const char *s, size_t n);
    int (*getc)(void *ctx);
    void *ctx;
};

/* Exit statuses, as xl's. */
#define XL_EXIT_OK      0
#define XL_EXIT_FAIL    1       /* the command ran and failed */
#define XL_EXIT_USAGE   2       /* bad arguments: usage was printed */

/*
 * Runs "xl" with argv[0] the sub-command (argv[0] = "create", ...; a
 * leading "xl" is skipped).  Returns the exit status.  Every refusal
 * writes one line to io->err saying what was wrong and what to do.
 */
int xl_run(int argc, char **argv, const struct xl_io *io);

/* Ctrl-], which detaches `xl console` (as xl's console client). */
#define XL_CONSOLE_ESCAPE 0x1d

#endif /* TOOLS_XL_H */
