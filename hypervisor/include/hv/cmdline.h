/*
 * The hypervisor's command line, Xen style.
 *
 *   console=com1            list of com1, com2, vga, none (default com1)
 *   com1=115200,8n1         <baud>|auto[/<base-baud>]
 *                             [,[DPS][,[<io-base>][,<irq>]]]
 *   com2=...                the same for COM2 (the management channel)
 *   loglvl=info             none|error|warning|info|debug|all, or 0-3 (the
 *                           XENLOG_* numbers), optionally "/<level>" for the
 *                           rate-limited level (accepted, not used yet)
 *   dom0_mem=512M,max:1G    list of <sz> | min:<sz> | max:<sz>, where <sz> is
 *                           [-]<size> | [-][<size>+]<pct>% (size suffixes
 *                           K M G T B, none = KiB, as in Xen)
 *   dom0_max_vcpus=4        <n>, or <min>-<max> with either side optional
 *   maxcpus=2               use at most this many CPUs (>= 1), as Xen
 *   domu=1                  the last <n> boot modules are domU kernels, each
 *                           with its module's command line (default 0)
 *   domu_mem=64M            each boot domU's memory, a <size> as dom0_mem
 *                           (default 64M, at least 4M)
 *   domu_vcpus=2            each boot domU's vCPUs (default 1)
 *   dom0_weight=256         the credit scheduler weight dom0 starts with
 *   domu_weight=512         the same for each boot domU (1..65535; default:
 *                           the scheduler's, 256)
 *   noreboot                boolean: [no-]noreboot, noreboot=yes|no|on|off|
 *                           true|false|enable|disable|1|0
 *   iobitmap                boolean (default yes): dom0 reaches its granted
 *                           ports (COM2) without an exit; no: emulated
 *   ... -- <dom0 args>      everything after " -- " is dom0's command line
 *
 * Parsing never fails the boot (Xen's rule): an unknown option gets a
 * warning naming it and is ignored; a malformed value of a known option
 * gets a warning saying what was expected and leaves that option at its
 * default (or at an earlier valid occurrence: the last valid one wins).
 */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <hv/types.h>
#include <hv/printk.h>
#include <abi/xen.h>            /* MAX_GUEST_CMDLINE */
#include <hv/boot_info.h>       /* BOOT_MAX_MODULES */

#define CMDLINE_CONSOLE_MAX 32  /* console= list, with its NUL */
#define CMDLINE_OPT_MAX     128 /* one option=value; longer ones are ignored */

/* A serial port's settings (com1=, com2=). */
struct hv_com_params {
    unsigned long baud;         /* 0: "auto", keep what firmware set */
    unsigned long base_baud;    /* UART clock / 16; 115200 on a PC */
    unsigned int data_bits;     /* 5..8 */
    char parity;                /* 'n', 'o', 'e', 'm' or 's' */
    unsigned int stop_bits;     /* 1 or 2 */
    unsigned int io_base;       /* I/O port base: 0x3f8 COM1, 0x2f8 COM2 */
    unsigned int irq;           /* 4 COM1, 3 COM2; 0: poll */
};

/*
 * One dom0_mem amount: 'bytes' plus 'percent' of host memory, or, when
 * 'negative', host memory minus that.  Resolve it with
 * cmdline_mem_amount() once host memory is known.
 */
struct hv_mem_amount {
    bool set;                   /* false: not given */
    bool negative;
    unsigned long bytes;
    unsigned int percent;       /* 0..99 */
};

#define CMDLINE_DOMU_MEM_DEFAULT   (64UL << 20)
#define CMDLINE_DOMU_MEM_MIN       (4UL << 20)

struct hv_cmdline {
    char console[CMDLINE_CONSOLE_MAX];
    struct hv_com_params com1;
    struct hv_com_params com2;
    enum log_level loglvl;              /* default LOG_INFO */
    struct hv_mem_amount dom0_mem;      /* dom0's initial memory */
    struct hv_mem_amount dom0_mem_min;
    struct hv_mem_amount dom0_mem_max;  /* also its ballooning limit */
    unsigned int dom0_vcpus_min;        /* 0: not given */
    unsigned int dom0_vcpus_max;        /* 0: no upper limit */
    unsigned int maxcpus;               /* 0: every CPU found */
    unsigned int domu_count;            /* domu=: last modules are domUs */
    unsigned long domu_mem;             /* bytes per boot domU */
    unsigned int domu_vcpus;            /* vCPUs per boot domU */
    unsigned int dom0_weight;           /* 0: the scheduler's default */
    unsigned int domu_weight;           /* 0: the scheduler's default */
    bool noreboot;
    bool iobitmap;                      /* granted ports without exits */
    char dom0_cmdline[MAX_GUEST_CMDLINE];  /* after " -- "; "" if none */
};

/*
 * Fills 'out' with the defaults, then applies 'line' (NULL means empty).
 * Returns the number of warnings printed (0: every option was understood);
 * never an error, since none of them stops the boot.
 */
int cmdline_parse(const char *line, struct hv_cmdline *out);

/* Logs the effective settings, one line each, at LOG_INFO. */
void cmdline_print(const struct hv_cmdline *c);

/* Whether 'name' ("com1", "vga", ...) is in the console= list. */
bool cmdline_console_has(const struct hv_cmdline *c, const char *name);

/*
 * An amount in bytes on a host with 'host_bytes' of memory: a negative
 * amount larger than the host gives 0.  Only meaningful when a->set.
 */
unsigned long cmdline_mem_amount(const struct hv_mem_amount *a,
                                 unsigned long host_bytes);

/*
 * dom0's vCPU count on a host with 'nr_pcpus' CPUs (Xen's rule: one per
 * pCPU, raised to the minimum, capped at the maximum).
 */
unsigned int cmdline_dom0_vcpus(const struct hv_cmdline *c,
                                unsigned int nr_pcpus);

#endif /* HV_CMDLINE_H */
