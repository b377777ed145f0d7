/*
 * Serial console input (common/console_input.c) and the debug keys
 * (common/keyhandler.c), Xen's model:
 *
 *   - COM1 has no interrupt here: a hypervisor timer polls it every
 *     CONSOLE_POLL_MS (Xen polls a UART it has no IRQ for the same way).
 *   - Input goes to dom0 by default: queued in a ring (dropped when the
 *     ring is full) and signalled with VIRQ_CONSOLE; dom0 takes it with
 *     CONSOLEIO_read.
 *   - Three Ctrl-A in a row switch input between dom0 and the hypervisor
 *     (one line says which); fewer are passed on as typed.  In hypervisor
 *     mode each key is a debug key (handle_keypress()).
 */
#ifndef HV_CONSOLE_INPUT_H
#define HV_CONSOLE_INPUT_H

#include <hv/types.h>

#define CONSOLE_POLL_MS         1
#define CONSOLE_SWITCH_CHAR     0x01    /* Ctrl-A */
#define CONSOLE_RING_SIZE       1024    /* a power of two */

/* One received character, through the switch and to its destination. */
void console_input_char(char c);

/*
 * Takes up to 'count' queued characters for dom0 into 'buf' (hypervisor
 * memory); returns how many.
 */
unsigned int console_input_take(char *buf, unsigned int count);

/* Input goes to dom0 (true) or to the debug keys (false). */
bool console_input_to_dom0(void);

/* End of boot: says where input goes and starts polling COM1. */
void console_input_start(void);

/* A debug key typed in hypervisor mode (Xen's handle_keypress). */
void handle_keypress(char key);

#endif /* HV_CONSOLE_INPUT_H */
