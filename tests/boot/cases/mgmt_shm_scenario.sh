#!/bin/bash
# mgmt_shm_scenario: mgmt_scenario (issue 6's scenario from the host CLI)
# with the management channel on ivshmem's shared-memory rings.
MGMT_VIA=shm MGMT_CASE=mgmt_shm_scenario \
    exec "$(dirname "$0")/mgmt_scenario.sh"
