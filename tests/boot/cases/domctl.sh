#!/bin/bash
# domctl: dom0 runs the toolstack suite ("selftest=domctl"): it creates
# domains (ids asked for and chosen, paused, getdomaininfo's fields,
# handle), pauses and unpauses them, reads vCPU info, sets and reads
# hard affinity, weight and cap, reads the console ring (incremental,
# clear), physinfo and the domain list; gives a domain memory on its
# behalf up to its max_mem, maps its frames through mmu_update with a
# foreign domain and writes them, pins its tables on its behalf, gives a
# vCPU a context and reads it back, destroys a domain while still
# mapping one of its frames (kept until unmapped), destroys a domain of
# 3072 pages (a continuation), creates and destroys 100 domains; after
# each, free memory (physinfo) is exactly what it was; reads dom0's
# counters with our sysctl (real Xen: -ENOSYS); and every refusal.  All
# pass and dom0 powers off (exit status 0).  Then the same suite runs on
# real Xen 4.17 and its TEST lines must be identical (differential.sh).
set -eu
# shellcheck disable=SC2034  # MARKERS, ALLOW, ... are read by lib.sh
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DOM0_CMDLINE="selftest=domctl"
MARKERS=("(HV) "
         "TEST domctl_create: PASS"
         "TEST domctl_pause: PASS"
         "TEST domctl_vcpuinfo: PASS"
         "TEST domctl_affinity: PASS"
         "TEST domctl_sched: PASS"
         "TEST domctl_readconsole: PASS"
         "TEST domctl_physinfo: PASS"
         "TEST domctl_domaininfolist: PASS"
         "TEST domctl_memory: PASS"
         "TEST domctl_foreign_map: PASS"
         "TEST domctl_foreign_pin: PASS"
         "TEST domctl_vcpucontext: PASS"
         "TEST domctl_destroy_mapped: PASS"
         "TEST domctl_destroy_large: PASS"
         "TEST domctl_loop: PASS"
         "info: domctl: stats: dom0 sysctl calls +1, no domain -3"
         "TEST domctl_stats: PASS"
         "TEST domctl_refusals: PASS"
         "re:selftest: [1-9][0-9]* passed, 0 failed")

case_init domctl
need_file "$HV_ELF"
need_file "$GUEST_ELF"
boot_check 0 --pvh "$HV_ELF" --module "$GUEST_ELF" \
    --append "$HV_CONSOLE -- $DOM0_CMDLINE"

# 100 domains created and destroyed: free memory exactly as before (ours;
# Xen's allocator pools keep some, so the suite only prints it).
expect_loop_free_pages \
    'info: domctl: loop: 100 create-populate-destroy rounds, free pages' \
    "100 domains"
"$BOOT_DIR/differential.sh" --cmdline "$DOM0_CMDLINE" \
    --work "$WORK/differential"
