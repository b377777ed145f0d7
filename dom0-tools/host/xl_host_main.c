/*
 * build/xl-host: xl's commands from the host, run in dom0 through the
 * management channel.
 *
 *   xl-host [--socket PATH | --shm FILE] [--timeout SEC] <command> [args...]
 *
 * The socket is QEMU's end of dom0's COM2 (`make run` creates
 * build/mgmt.sock; XL_SOCKET overrides the default); --shm FILE (or
 * XL_SHM) is QEMU's ivshmem backing file instead, whose rings carry the
 * same frames much faster (`make run` creates build/mgmt.shm, which is
 * the default while it exists and XL_SOCKET is not set).  create uploads its
 * config and the kernel and ramdisk the config names first.  The exit
 * status is the command's in dom0, or 1 when dom0 is not reachable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xl_host.h"

#define DEFAULT_SOCKET      "build/mgmt.sock"
#define DEFAULT_SHM         "build/mgmt.shm"
#define DEFAULT_TIMEOUT_S   5

static void usage(FILE *f)
{
    fprintf(f,
            "usage: xl-host [--socket PATH | --shm FILE] [--timeout SEC] "
            "<command> [args...]\n"
            "  runs xl <command> in dom0 over the management channel\n"
            "  --socket PATH   QEMU's socket for dom0's COM2 (default "
            "$XL_SOCKET or " DEFAULT_SOCKET ")\n"
            "  --shm FILE      QEMU's ivshmem file: the shared-memory rings "
            "(default $XL_SHM, or " DEFAULT_SHM " when it exists; "
            "faster)\n"
            "  --timeout SEC   how long dom0 has to answer (default %d)\n"
            "  xl-host help    lists dom0's commands\n", DEFAULT_TIMEOUT_S);
}

/* The config argument of create: -f FILE, or its first plain word. */
static int create_config_arg(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-f") && i + 1 < argc)
            return i + 1;
        if (argv[i][0] != '-' && !strchr(argv[i], '='))
            return i;
    }
    return -1;
}

struct opts {
    const char *socket;
    const char *shm;            /* NULL: the socket */
    int timeout_s;
    int first;                  /* argv index of the command */
};

/* false (usage printed) for a bad option. */
static bool parse_opts(int argc, char **argv, struct opts *o)
{
    const char *env = getenv("XL_SOCKET");
    const char *shm = getenv("XL_SHM");
    int i = 1;

    o->socket = env && *env ? env : DEFAULT_SOCKET;
    /* make run's machine has both; its rings are the fast way. */
    if (shm && *shm)
        o->shm = shm;
    else if (!(env && *env) && access(DEFAULT_SHM, R_OK | W_OK) == 0)
        o->shm = DEFAULT_SHM;
    else
        o->shm = NULL;
    o->timeout_s = DEFAULT_TIMEOUT_S;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            exit(0);
        }
        if (i + 1 >= argc)
            break;
        if (!strcmp(argv[i], "--socket")) {
            o->socket = argv[++i];
            o->shm = NULL;
        } else if (!strcmp(argv[i], "--shm")) {
            o->shm = argv[++i];
        } else if (!strcmp(argv[i], "--timeout")) {
            o->timeout_s = atoi(argv[++i]);
            if (o->timeout_s <= 0) {
                fprintf(stderr, "xl-host: --timeout '%s': a number of "
                        "seconds above 0\n", argv[i]);
                return false;
            }
        } else {
            break;
        }
    }
    if (i >= argc || argv[i][0] == '-') {
        if (i < argc)
            fprintf(stderr, "xl-host: unknown option '%s'\n", argv[i]);
        else
            fprintf(stderr, "xl-host: no command given\n");
        usage(stderr);
        return false;
    }
    o->first = i;
    return true;
}

int main(int argc, char **argv)
{
    static struct chan c;
    struct opts o;
    char **cmd;
    int n;

    if (!parse_opts(argc, argv, &o))
        return 2;
    cmd = argv + o.first;
    n = argc - o.first;
    if (o.shm ? !chan_open_shm(&c, o.shm, o.timeout_s)
              : !chan_open(&c, o.socket, o.timeout_s))
        return 1;
    if (!strcmp(cmd[0], "create")) {
        int cfg = create_config_arg(n, cmd);

        if (cfg > 0 && !upload_create_files(&c, cmd, cfg))
            return 1;
    }
    return run_remote(&c, n, cmd);
}
