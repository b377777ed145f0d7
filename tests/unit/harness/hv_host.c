/*
 * Host implementations of the hooks the generic hypervisor sources call.
 * See hv_host.h for what each one stands in for.
 */
/*
 * UNIT_RENAMES maps the hypervisor's vsnprintf to hv_vsnprintf so the real
 * one can be tested beside libc's; the harness itself uses libc's.
 */
#undef vsnprintf
#undef snprintf
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv_host.h"
#include <hv/bug.h>
#include <hv/mm.h>
#include <hv/printk.h>

uint8_t *harness_mem;
size_t harness_mem_size;
unsigned int harness_panics;

void harness_mem_init(size_t size)
{
    free(harness_mem);
    harness_mem = calloc(1, size);
    cr_assert_not_null(harness_mem, "cannot allocate %zu bytes of fake memory", size);
    harness_mem_size = size;
}

void harness_mem_free(void)
{
    free(harness_mem);
    harness_mem = NULL;
    harness_mem_size = 0;
}

void *maddr_to_virt(paddr_t pa)
{
    cr_assert(pa <= harness_mem_size, "machine address %#llx outside fake memory",
              (unsigned long long)pa);
    return harness_mem + pa;
}

paddr_t virt_to_maddr(const void *va)
{
    const uint8_t *p = va;

    cr_assert(p >= harness_mem && p <= harness_mem + harness_mem_size,
              "pointer %p outside fake memory", va);
    return (paddr_t)(p - harness_mem);
}

#ifndef HARNESS_REAL_PRINTK
void vprintk(const char *fmt, va_list ap)
{
    vfprintf(stderr, fmt, ap);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}
#endif

void panic(const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    harness_panics++;
    cr_assert_fail("hypervisor panic: %s", buf);
    abort();    /* cr_fail does not return in a test; keeps noreturn honest */
}
