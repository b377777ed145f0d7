/*
 * The handlers of the command table, one per sub-command; each takes
 * argv[0] = its name and returns an XL_EXIT_* status.
 */
#ifndef XL_CMDS_H
#define XL_CMDS_H

#include "xl_internal.h"

#define XL_HANDLER(fn) int fn(struct xl_call *c, int argc, char **argv)

XL_HANDLER(xl_cmd_create);
XL_HANDLER(xl_cmd_list);
XL_HANDLER(xl_cmd_console);
XL_HANDLER(xl_cmd_destroy);
XL_HANDLER(xl_cmd_shutdown);
XL_HANDLER(xl_cmd_reboot);
XL_HANDLER(xl_cmd_pause);
XL_HANDLER(xl_cmd_unpause);
XL_HANDLER(xl_cmd_info);
XL_HANDLER(xl_cmd_dmesg);
XL_HANDLER(xl_cmd_vcpu_list);
XL_HANDLER(xl_cmd_vcpu_pin);
XL_HANDLER(xl_cmd_sched_credit);
XL_HANDLER(xl_cmd_top);
XL_HANDLER(xl_cmd_help);

#endif /* XL_CMDS_H */
