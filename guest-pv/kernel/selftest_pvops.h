/*
 * selftest=pvops, the cases of selftest_pvops_mm.c.
 */
#ifndef GUEST_SELFTEST_PVOPS_H
#define GUEST_SELFTEST_PVOPS_H

#include <guest/selftest.h>

void test_pvops_pte(struct test *t);
void test_pvops_aspace_switch(struct test *t);
void test_pvops_wbinvd(struct test *t);

#endif /* GUEST_SELFTEST_PVOPS_H */
