# tests/bench/: `make bench`, the overhead figures of DESIGN.md
# ("Measuring"): the guest's benchmark on our hypervisor and on real Xen
# 4.17, one table, $(O)/bench/bench.json and bench.svg (docs/BENCH.md).
# Not part of `make test`: benchmarks assert no timings (but the
# report's unit tests are, below).
#
# BENCH_OPTS passes options to tests/bench/run-bench.sh, e.g.
# make bench BENCH_OPTS="--runs 1".

BENCH_OPTS ?=

# The report's own logic is host code: its unit tests (python3 unittest,
# fixtures in tests/bench/fixtures/) run with the Criterion binaries in
# `make test-unit`, counted from the summary line they print.
UNIT_SCRIPTS += tests/bench/test_report.py

.PHONY: bench bench-toolstack

# deps first (it may install QEMU), then the build and real Xen, as
# `make test` does.
bench: deps
	$(MAKE) all
	scripts/fetch-xen.sh >/dev/null
	O=$(O) tests/bench/run-bench.sh $(BENCH_OPTS)
	O=$(O) tests/bench/toolstack.sh

# The toolstack's figures alone (issue 6): create to first console line,
# creations per second, through the host CLI (tests/bench/toolstack.sh).
bench-toolstack: deps
	$(MAKE) all
	O=$(O) tests/bench/toolstack.sh
