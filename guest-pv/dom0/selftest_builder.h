/*
 * selftest=builder (dom0): what its cases share.
 */
#ifndef GUEST_DOM0_SELFTEST_BUILDER_H
#define GUEST_DOM0_SELFTEST_BUILDER_H

#include <guest/console.h>
#include <guest/selftest.h>
#include <tools/builder.h>

/* The kernel every case builds: the initrd's guest.elf. */
#define BUILDER_KERNEL  "guest.elf"

/*
 * Parses cfg_text and builds it with the archive's kernel (or the one
 * given: kernel != NULL); builder_create()'s result, message in err.
 */
int builder_from_text(const char *cfg_text, const void *kernel,
                      size_t kernel_len, struct builder_result *res,
                      char *err, size_t errlen);

/* physinfo's free pages (negative: the error). */
long builder_free_pages(void);

/* Domains alive now (getdomaininfolist). */
int builder_nr_domains(void);

void test_builder_refusals(struct test *t);
void test_builder_hypercall_init(struct test *t);
void test_builder_loop(struct test *t);

#endif /* GUEST_DOM0_SELFTEST_BUILDER_H */
