/*
 * xl.cfg settings into a typed domain configuration, with xl's defaults
 * (xl.cfg(5); libxl's when the manual is silent): memory 32 MiB when
 * neither memory= nor maxmem= is given, the one given when only one is;
 * 1 vCPU; no pinning; on_poweroff destroy, on_reboot restart, on_crash
 * destroy.  name= and kernel= are required (a PV guest boots its kernel
 * directly: there is no bootloader here).
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>
#include <tools/env.h>
#include <tools/xlcfg.h>

#include "xlcfg_cpus.h"
#include "xlcfg_value.h"

#define LIBXL_DEFAULT_MEMORY_MIB 32

static const char *const action_names[XLCFG_ACTION_COUNT] = {
    [XLCFG_DESTROY] = "destroy",
    [XLCFG_RESTART] = "restart",
    [XLCFG_RENAME_RESTART] = "rename-restart",
    [XLCFG_PRESERVE] = "preserve",
    [XLCFG_COREDUMP_DESTROY] = "coredump-destroy",
    [XLCFG_COREDUMP_RESTART] = "coredump-restart",
    [XLCFG_SOFT_RESET] = "soft-reset",
};

const char *xlcfg_action_name(enum xlcfg_action action)
{
    return action < XLCFG_ACTION_COUNT ? action_names[action] : "?";
}

/* Keys read below; any other key is warned about and ignored. */
static const char *const known_keys[] = {
    "name", "type", "kernel", "ramdisk", "cmdline", "root", "extra",
    "memory", "maxmem", "vcpus", "maxvcpus", "cpus",
    "on_poweroff", "on_reboot", "on_crash",
};

static int get_action(const struct xlcfg_ctx *c, const char *key,
                      enum xlcfg_action *out)
{
    const struct xlcfg_setting *s = xlcfg_find(c, key);
    unsigned int i;

    if (!s)
        return 0;
    if (s->value->kind != XLCFG_STRING)
        return xlcfg_bad(c, s, "expected a string (got %s)",
                         xlcfg_kind_name(s->value));
    for (i = 0; i < XLCFG_ACTION_COUNT; i++) {
        if (!strcmp(s->value->text, action_names[i])) {
            *out = (enum xlcfg_action)i;
            return 0;
        }
    }
    return xlcfg_bad(c, s, "expected destroy, restart, rename-restart, "
                     "preserve, coredump-destroy, coredump-restart or "
                     "soft-reset (got '%.24s')", s->value->text);
}

/* A string key into buf; a missing required key names the fix. */
static int get_text(const struct xlcfg_ctx *c, const char *key, char *buf,
                    size_t size, bool required)
{
    const struct xlcfg_setting *s = xlcfg_find(c, key);

    if (s)
        return xlcfg_get_string(c, s, buf, size);
    if (required) {
        snprintf(c->err, c->errlen, "%s: %s is required (add %s = \"...\")",
                 c->file->name, key, key);
        return -XEN_EINVAL;
    }
    return 0;
}

static int get_number(const struct xlcfg_ctx *c, const char *key,
                      unsigned long min, unsigned long max, unsigned long *out)
{
    const struct xlcfg_setting *s = xlcfg_find(c, key);

    return s ? xlcfg_get_number(c, s, min, max, out) : 0;
}

/* type= exists in xl for pv/pvh/hvm; only PV guests run here. */
static int check_type(const struct xlcfg_ctx *c)
{
    const struct xlcfg_setting *s = xlcfg_find(c, "type");
    char type[8];
    int rc;

    if (!s)
        return 0;
    rc = xlcfg_get_string(c, s, type, sizeof(type));
    if (rc || !strcmp(type, "pv"))
        return rc;
    return xlcfg_bad(c, s, "only \"pv\" guests run on this hypervisor "
                     "(got \"%.16s\")", s->value->text);
}

/* cmdline=, else "root=ROOT EXTRA" (xl's parse_cmdline). */
static int get_cmdline(const struct xlcfg_ctx *c, struct xlcfg_domain *cfg)
{
    const struct xlcfg_setting *cmd = xlcfg_find(c, "cmdline");
    char root[XLCFG_CMDLINE_MAX] = "", extra[XLCFG_CMDLINE_MAX] = "";
    char line[96];
    int rc, n;

    rc = get_text(c, "root", root, sizeof(root), false);
    if (!rc)
        rc = get_text(c, "extra", extra, sizeof(extra), false);
    if (rc || cmd) {
        if (!rc && (root[0] || extra[0])) {
            snprintf(line, sizeof(line), "%s:%u: ignoring root= "
                     "and extra= in favour of cmdline=", c->file->name,
                     cmd->line);
            tools_warn(line);
        }
        return rc ? rc : xlcfg_get_string(c, cmd, cfg->cmdline,
                                          sizeof(cfg->cmdline));
    }
    n = snprintf(cfg->cmdline, sizeof(cfg->cmdline), "%s%s%s%s",
                 root[0] ? "root=" : "", root, root[0] && extra[0] ? " " : "",
                 extra);
    if ((size_t)n < sizeof(cfg->cmdline))
        return 0;
    return xlcfg_bad(c, xlcfg_find(c, "extra"), "root= and extra= together "
                     "are longer than the %u-byte command line",
                     XLCFG_CMDLINE_MAX - 1);
}

/* memory= and maxmem=, each defaulting to the other (libxl's rule). */
static int get_memory(const struct xlcfg_ctx *c, struct xlcfg_domain *cfg)
{
    const struct xlcfg_setting *mem = xlcfg_find(c, "memory");
    const struct xlcfg_setting *max = xlcfg_find(c, "maxmem");
    int rc;

    cfg->memory_mib = cfg->maxmem_mib = LIBXL_DEFAULT_MEMORY_MIB;
    rc = get_number(c, "memory", 1, XLCFG_MAX_MEMORY_MIB, &cfg->memory_mib);
    if (!rc)
        rc = get_number(c, "maxmem", 1, XLCFG_MAX_MEMORY_MIB,
                        &cfg->maxmem_mib);
    if (rc)
        return rc;
    if (mem && !max)
        cfg->maxmem_mib = cfg->memory_mib;
    if (max && !mem)
        cfg->memory_mib = cfg->maxmem_mib;
    if (cfg->maxmem_mib < cfg->memory_mib)
        return xlcfg_bad(c, max, "%lu MiB is less than memory = %lu (maxmem "
                         "must be at least memory)", cfg->maxmem_mib,
                         cfg->memory_mib);
    return 0;
}

static int get_vcpus(const struct xlcfg_ctx *c, struct xlcfg_domain *cfg)
{
    const struct xlcfg_setting *max = xlcfg_find(c, "maxvcpus");
    unsigned long vcpus = 1, maxvcpus;
    int rc;

    rc = get_number(c, "vcpus", 1, XLCFG_MAX_VCPUS, &vcpus);
    maxvcpus = vcpus;
    if (!rc)
        rc = get_number(c, "maxvcpus", 1, XLCFG_MAX_VCPUS, &maxvcpus);
    if (rc)
        return rc;
    if (maxvcpus < vcpus)
        return xlcfg_bad(c, max, "%lu is less than vcpus = %lu", maxvcpus,
                         vcpus);
    cfg->vcpus = (unsigned int)vcpus;
    cfg->maxvcpus = (unsigned int)maxvcpus;
    return 0;
}

/* One CPULIST (a string, or a number meaning one CPU) into *mask. */
static int cpus_item(const struct xlcfg_ctx *c, const struct xlcfg_setting *s,
                     const struct xlcfg_value *v, uint64_t *mask)
{
    char why[96];

    if (v->kind == XLCFG_LIST)
        return xlcfg_bad(c, s, "expected a CPU list string (got a list "
                         "inside the list)");
    if (!xlcfg_cpulist(v->text, mask, why, sizeof(why)))
        return xlcfg_bad(c, s, "%s", why);
    return 0;
}

/*
 * cpus="LIST" pins every vCPU to LIST; cpus=["A", "B"] pins vCPU 0 to A,
 * vCPU 1 to B, and leaves vCPUs past the list unpinned (xl.cfg(5)).
 */
static int get_cpus(const struct xlcfg_ctx *c, struct xlcfg_domain *cfg)
{
    const struct xlcfg_setting *s = xlcfg_find(c, "cpus");
    const struct xlcfg_value *v;
    unsigned int i;
    uint64_t mask;
    int rc;

    for (i = 0; i < XLCFG_MAX_VCPUS; i++)
        cfg->cpu_affinity[i] = ~0ULL;
    if (!s)
        return 0;
    cfg->cpus_pinned = true;
    if (s->value->kind != XLCFG_LIST) {
        rc = cpus_item(c, s, s->value, &mask);
        for (i = 0; !rc && i < XLCFG_MAX_VCPUS; i++)
            cfg->cpu_affinity[i] = mask;
        return rc;
    }
    if (s->value->count > cfg->maxvcpus)
        return xlcfg_bad(c, s, "%u entries for %u vCPUs (one entry per vCPU)",
                         s->value->count, cfg->maxvcpus);
    for (i = 0, v = s->value->items; v; v = v->next, i++) {
        rc = cpus_item(c, s, v, &cfg->cpu_affinity[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static bool is_known_key(const char *key)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(known_keys); i++)
        if (!strcmp(key, known_keys[i]))
            return true;
    return false;
}

/* xl warns about keys it does not use and carries on. */
static void warn_unknown_keys(const struct xlcfg_ctx *c)
{
    const struct xlcfg_setting *s;
    char line[160];

    for (s = c->file->first; s; s = s->next) {
        if (is_known_key(s->key))
            continue;
        snprintf(line, sizeof(line), "%s:%u: unknown key '%.64s' "
                 "ignored", c->file->name, s->line, s->key);
        tools_warn(line);
    }
}

static int interpret(const struct xlcfg_ctx *c, struct xlcfg_domain *cfg)
{
    int rc;

    cfg->on_poweroff = XLCFG_DESTROY;
    cfg->on_reboot = XLCFG_RESTART;
    cfg->on_crash = XLCFG_DESTROY;
    warn_unknown_keys(c);
    rc = get_text(c, "name", cfg->name, sizeof(cfg->name), true);
    if (!rc && !cfg->name[0])
        rc = xlcfg_bad(c, xlcfg_find(c, "name"), "the name is empty");
    if (!rc)
        rc = check_type(c);
    if (!rc)
        rc = get_text(c, "kernel", cfg->kernel, sizeof(cfg->kernel), true);
    if (!rc)
        rc = get_text(c, "ramdisk", cfg->ramdisk, sizeof(cfg->ramdisk), false);
    if (!rc)
        rc = get_cmdline(c, cfg);
    if (!rc)
        rc = get_memory(c, cfg);
    if (!rc)
        rc = get_vcpus(c, cfg);
    if (!rc)
        rc = get_cpus(c, cfg);
    if (!rc)
        rc = get_action(c, "on_poweroff", &cfg->on_poweroff);
    if (!rc)
        rc = get_action(c, "on_reboot", &cfg->on_reboot);
    if (!rc)
        rc = get_action(c, "on_crash", &cfg->on_crash);
    return rc;
}

int xlcfg_parse_domain(const char *file, const char *text, size_t len,
                       struct xlcfg_domain *cfg, char *err, size_t errlen)
{
    struct xlcfg_file f;
    struct xlcfg_ctx c = { .file = &f, .err = err, .errlen = errlen };
    int rc;

    memset(cfg, 0, sizeof(*cfg));
    rc = xlcfg_syntax_parse(&f, file, text, len, err, errlen);
    if (!rc)
        rc = interpret(&c, cfg);
    xlcfg_file_free(&f);
    return rc;
}
