/*
 * The command table: every xl sub-command, its handler and its help, in
 * the order `xl help` lists them.
 */
#include "xl_internal.h"
#include "xl_cmds.h"

const struct xl_cmd xl_cmds[] = {
    { "create", xl_cmd_create,
      "Create a domain from an xl.cfg file",
      "[-c] [-p] <ConfigFile>",
      " -c  attach to the domain's console once it runs\n"
      " -p  leave the domain paused after building it\n" },
    { "list", xl_cmd_list,
      "List domains (Name, ID, Mem, VCPUs, State, Time(s))",
      "[-l] [domain...]",
      " -l  JSON: each domain's configuration and state\n" },
    { "console", xl_cmd_console,
      "Attach to a domain's console (Ctrl-] detaches)",
      "<domain>", "" },
    { "destroy", xl_cmd_destroy,
      "Terminate a domain immediately",
      "<domain>", "" },
    { "shutdown", xl_cmd_shutdown,
      "Ask a domain to shut down (its on_poweroff applies)",
      "<domain>", "" },
    { "reboot", xl_cmd_reboot,
      "Ask a domain to reboot (its on_reboot applies)",
      "<domain>", "" },
    { "pause", xl_cmd_pause,
      "Pause a domain's execution",
      "<domain>", "" },
    { "unpause", xl_cmd_unpause,
      "Resume a paused domain",
      "<domain>", "" },
    { "info", xl_cmd_info,
      "Show the hypervisor and host: CPUs, memory, scheduler",
      "", "" },
    { "dmesg", xl_cmd_dmesg,
      "Read the hypervisor's message buffer",
      "[-c]",
      " -c  clear the buffer after reading it\n" },
    { "vcpu-list", xl_cmd_vcpu_list,
      "List the vCPUs of all or some domains",
      "[domain...]", "" },
    { "vcpu-pin", xl_cmd_vcpu_pin,
      "Set which CPUs a vCPU may run on",
      "<domain> <vcpu|all> <cpus|all>",
      " cpus: a CPU list such as 0-3,5 or ^1 (as xl.cfg's cpus)\n" },
    { "sched-credit", xl_cmd_sched_credit,
      "Get or set a domain's credit scheduler weight and cap",
      "[-d <domain> [-w <weight>] [-c <cap>]]",
      " -d  the domain (without it: every domain's parameters)\n"
      " -w  weight, 1 to 65535 (default 256)\n"
      " -c  cap in percent of one CPU, 0 for none\n" },
    { "top", xl_cmd_top,
      "Per-domain CPU, hypercalls/s and events/s (q quits)",
      "[-n <iterations>] [-d <seconds>]",
      " -n  stop after this many screens\n"
      " -d  seconds between screens (default 1)\n" },
    { "help", xl_cmd_help,
      "List the commands, or show one command's arguments",
      "[command]", "" },
};

const size_t xl_ncmds = ARRAY_SIZE(xl_cmds);
