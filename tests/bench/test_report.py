#!/usr/bin/env python3
"""Unit tests of report.py (the bench's table, goals, JSON and chart),
on the small logs in tests/bench/fixtures/.  Run by `make test-unit`
through tests/run-unit.sh, which counts the Criterion-style summary line
printed at the end.  Standard library only; no timings asserted."""
import io
import json
import os
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from contextlib import redirect_stdout, redirect_stderr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import report  # noqa: E402


def fixture(name):
    return os.path.join(HERE, "fixtures", name)


def all_logs(**override):
    logs = {m: fixture(m + ".log") for m in report.MODE_NAMES}
    logs.update(override)
    return ["%s=%s" % kv for kv in logs.items()]


def run_report(log_args, extra=()):
    """Runs report.main on fixtures; returns (stdout, json doc, svg root)."""
    with tempfile.TemporaryDirectory() as tmp:
        js, svg = os.path.join(tmp, "b.json"), os.path.join(tmp, "b.svg")
        argv = [a for la in log_args for a in ("--log", la)]
        argv += ["--units", "instructions", "--accel", "tcg", "--json", js,
                 "--svg", svg] + list(extra)
        out = io.StringIO()
        with redirect_stdout(out):
            report.main(argv)
        with open(js, encoding="utf-8") as f:
            doc = json.load(f)
        return out.getvalue(), doc, ET.parse(svg).getroot()


def row(doc, name):
    return next(r for r in doc["cases"] if r["name"] == name)


def goal(doc, start, key="goals"):
    return next(g for g in doc[key] if g["goal"].startswith(start))


class Parsing(unittest.TestCase):
    def test_native_log_with_crlf_and_user_prefix(self):
        log = report.parse_log(fixture("native.log"))
        self.assertEqual(log["mode"], "native")
        self.assertEqual(log["overhead"], 11)
        self.assertEqual(log["results"]["irq_disable_enable"],
                         {"samples": 200, "min": 9, "median": 10})
        self.assertEqual(log["results"]["null_syscall"]["median"], 210)
        self.assertEqual(log["results"]["null_hypercall"],
                         {"unsupported": -38})
        self.assertEqual(log["order"], ["irq_disable_enable", "int3_bounce",
                                        "null_hypercall", "null_syscall"])

    def test_failed_noise_and_cut_lines(self):
        log = report.parse_log(fixture("pv.log"))
        self.assertEqual(log["results"]["pte_update"], {"failed": -14})
        self.assertEqual(log["results"]["yield"]["median"], 863)
        # "BENCH port_write 200 49": cut short, so no figure at all.
        self.assertNotIn("port_write", log["results"])

    def test_shares(self):
        log = report.parse_log(fixture("domains.log"))
        self.assertEqual(log["shares"], {0: 650, 1: 1300})
        self.assertEqual(log["order"], ["evtchn_rtt_domains"])

    def test_no_mode_line(self):
        log = report.parse_lines(["BENCH x 200 1 2"])
        self.assertIsNone(log["mode"])
        self.assertIn("no BENCH-MODE", report.column_check("pv", "pv", log))


class Table(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out, cls.doc, cls.svg = run_report(all_logs())

    def test_ratios_to_native_and_trap_vs_pv(self):
        r = row(self.doc, "null_syscall")
        self.assertAlmostEqual(r["vs_native"]["pv"], 2.0)
        self.assertAlmostEqual(r["vs_native"]["trap"], 3.0)
        self.assertAlmostEqual(r["trap_vs_pv"], 1.5)
        self.assertIsNone(r["vs_native"]["pv-hcall"])   # no figure there

    def test_no_ratio_without_native(self):
        r = row(self.doc, "null_hypercall")
        self.assertIsNone(r["vs_native"]["pv"])
        self.assertEqual(r["results"]["native"], {"unsupported": -38})

    def test_columns_in_order(self):
        head = next(l for l in self.out.splitlines()
                    if l.startswith("operation"))
        self.assertEqual(head.split()[1:6],
                         ["native", "pv", "pv-hcall", "trap", "Xen-pv"])
        line = next(l for l in self.out.splitlines()
                    if l.startswith("null_syscall"))
        self.assertEqual(line.split()[1:6], ["210", "420", "-", "630", "-"])

    def test_two_domain_rows(self):
        _, doc, _ = run_report(all_logs(),
                               ["--domains", fixture("domains.log")])
        share = row(doc, report.SHARE_CASE)["results"]["pv"]
        self.assertAlmostEqual(share["share"], 2.0)
        self.assertTrue(share["goal_met"])
        self.assertIn("na", row(doc, "evtchn_rtt_domains")["results"]["xen"])

    def test_fallen_back_column_is_na(self):
        out, doc, _ = run_report(all_logs(**{"pv-hcall":
                                             fixture("fallback.log")}))
        self.assertIn("na", row(doc, "irq_disable_enable")
                      ["results"]["pv-hcall"])
        self.assertIn("asked for pv-hcall, the guest ran pv", out)
        self.assertIsNone(goal(doc, "hypercall disable+enable")["met"])


class Cycles(unittest.TestCase):
    def test_none_without_kvm(self):
        _, doc, _ = run_report(all_logs())
        self.assertIsNone(doc["cycles"])

    def test_second_table_with_its_own_units_and_goals(self):
        kvm = ["pv=" + fixture("pv.log"), "native=" + fixture("native.log")]
        extra = [a for k in kvm for a in ("--cycles-log", k)]
        extra += ["--cycles-units", "cycles (hardware-backed KVM, TSC)",
                  "--cycles-repeat", "pv=no"]
        out, doc, _ = run_report(all_logs(), extra)
        cyc = doc["cycles"]
        self.assertEqual(cyc["units"], "cycles (hardware-backed KVM, TSC)")
        self.assertEqual(cyc["repeat_identical"], {"pv": "no"})
        self.assertAlmostEqual(row(cyc, "null_syscall")["vs_native"]["pv"],
                               2.0)
        self.assertEqual(row(cyc, "null_syscall")["results"]["trap"],
                         {"na": "not run"})
        self.assertTrue(goal(cyc, "disable+enable through vcpu_info")["met"])
        self.assertIn("bench: units: cycles (hardware-backed KVM, TSC)", out)
        # The instruction table is untouched by the second one.
        self.assertEqual(doc["units"], "instructions")


class Goals(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        _, cls.doc, _ = run_report(all_logs())

    def check(self, start, met, ours, limit, key="goals"):
        g = goal(self.doc, start, key)
        self.assertEqual(g["met"], met, g)
        self.assertAlmostEqual(g["ours"], ours)
        self.assertAlmostEqual(g["limit"], limit)

    def test_null_hypercall_half_of_this_runs_xen(self):
        self.check("null hypercall at most half", False, 160, 159)

    def test_vcpu_info_within_2x_native_boundary(self):
        self.check("disable+enable through vcpu_info", True, 20, 20)

    def test_hypercall_form_5x(self):
        self.check("hypercall disable+enable", True, 100, 200)

    def test_vcpu_info_form_50x_boundary(self):
        self.check("vcpu_info disable+enable", True, 20, 20)

    def test_emulation_path(self):
        self.check("emulation path", True, 500, 650 * 1.7)

    def test_beat_is_strict(self):
        self.check("beat Xen 4.17: cli+sti through", False, 6, 6, "xen_4_17")

    def test_beat_uses_this_run_else_issue_figure(self):
        self.check("beat Xen 4.17: SCHEDOP_yield", True, 863, 2072,
                   "xen_4_17")
        self.check("beat Xen 4.17: int3", True, 650, 761, "xen_4_17")
        # Xen's column has vcpu_info stores here, not emulation.
        self.check("beat Xen 4.17: cli+sti emulated", True, 1000, 1684,
                   "xen_4_17")

    def test_unknown_without_figures(self):
        v = report.verdict("x", None, 5, "")
        self.assertIsNone(v["met"])


class Chart(unittest.TestCase):
    def test_one_bar_per_figure(self):
        _, doc, svg = run_report(all_logs())
        ns = "{http://www.w3.org/2000/svg}"
        bars = [r for r in svg.iter(ns + "rect") if r.find(ns + "title")
                is not None]
        figures = sum(1 for r in doc["cases"] for v in r["results"].values()
                      if isinstance(v, dict) and "median" in v)
        self.assertEqual(len(bars), figures)
        self.assertIn("native: 210", " ".join(b.find(ns + "title").text
                                              for b in bars))


class Refusals(unittest.TestCase):
    def refused(self, argv_logs, message):
        err = io.StringIO()
        with redirect_stderr(err), self.assertRaises(SystemExit) as cm:
            run_report(argv_logs)
        self.assertIn(message, str(cm.exception.code))

    def test_unknown_mode(self):
        self.refused(["kvm=" + fixture("pv.log")], "unknown mode 'kvm'")

    def test_unknown_mode_in_cycles(self):
        err = io.StringIO()
        with redirect_stderr(err), self.assertRaises(SystemExit) as cm:
            run_report(all_logs(), ["--cycles-log", "hvm=x.log"])
        self.assertIn("unknown mode 'hvm'", str(cm.exception.code))

    def test_not_name_value(self):
        self.refused([fixture("pv.log")], "wants NAME=VALUE")

    def test_no_bench_lines(self):
        with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
            f.write("nothing here\n")
            f.flush()
            self.refused(["pv=" + f.name], "no BENCH lines")


def main():
    # --jobs N: accepted, as tests/run-unit.sh passes it to every binary.
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=1).run(
        unittest.defaultTestLoader.loadTestsFromModule(
            sys.modules[__name__]))
    failed = len(result.failures) + len(result.unexpectedSuccesses)
    crashed = len(result.errors)
    print("[====] Synthesis: Tested: %d | Passing: %d | Failing: %d | "
          "Crashing: %d" % (result.testsRun,
                            result.testsRun - failed - crashed, failed,
                            crashed))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
