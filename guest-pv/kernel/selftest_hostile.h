/*
 * Shared by the hostile-guest cases (selftest_hostile*.c): the frames
 * and entries they attack, and how they check the damage.
 */
#ifndef SELFTEST_HOSTILE_H
#define SELFTEST_HOSTILE_H

#include <guest/selftest.h>

/* What the attacks aim at, found once by hostile_begin(). */
struct hostile_targets {
    unsigned long l4, l3, l2, l1;   /* boot tables on the kernel's path */
    unsigned long victim_va;        /* a kernel page whose entry is hit */
    uint64_t victim_l1e_maddr;      /* ... that entry */
    uint64_t victim_pte;            /* ... its value at boot */
    unsigned long victim_mfn;       /* ... the frame it maps */
    unsigned long l1_va;            /* the boot L1 (read-only mapping) */
    unsigned long m2p_mfn;          /* a frame of Xen's M2P table */
    unsigned long foreign_mfn;      /* RAM the domain does not own */
};

extern struct hostile_targets hostile;

/*
 * expect_eq() that also records the result on an info line, so that
 * the log shows what this hypervisor answered to every attack.
 */
bool expect_rc(struct test *t, const char *what, long got, long want);

/* One mmu_update of one entry, with foreigndom fd; Xen's result. */
long mmu_update_one(uint64_t ptr, uint64_t val, unsigned int fd);

/* One mmuext_op; Xen's result. */
long mmuext_one(unsigned int cmd, unsigned long arg1);

/* After an attack: the victim page still maps its own frame. */
void expect_victim_intact(struct test *t);

/* The cases. */
void test_map_xen_frame(struct test *t);
void test_map_foreign_frame(struct test *t);
void test_map_pt_writable(struct test *t);
void test_mmu_bad_pointers(struct test *t);
void test_bad_commands(struct test *t);
void test_pin_wrong_type(struct test *t);
void test_link_wrong_level(struct test *t);
void test_unpin_in_use(struct test *t);
void test_bad_baseptr(struct test *t);
void test_xen_l4_slots(struct test *t);
void test_pt_direct_write(struct test *t);
void test_pt_emulated_write(struct test *t);

#endif /* SELFTEST_HOSTILE_H */
