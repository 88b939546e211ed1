"""Issue 7's load run: a manifest of 2,000 Hub checkpoints against the fake Hub with injected
latency and a random fault rate. Prints whether every checkpoint was reported (in order), how many
ended unknown because their evidence could not be fetched, that none of those was allowed, the
requests made, wall time and peak memory. Figures, not a test.

    python benchmarks/load_faults.py                       # 2,000 checkpoints, 20 ms, 2% faults, -j 16
    python benchmarks/load_faults.py --n 500 --fault-rate 0.05
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, machine, pass_fail, table  # noqa: E402
from check_perf import environment, generate, run_licscan, write_manifest  # noqa: E402

MEMORY_TARGET_MB = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--fault-rate", type=float, default=0.02)
    parser.add_argument("--faults", default="503,500,429,reset,truncate", help="comma-separated fault kinds drawn at random")
    parser.add_argument("--jobs", type=int, default=16)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from tests.fakehub import server as fakehub_server
    from tests.fakehub.server import FakeHub

    fakehub_server._Handler.disable_nagle_algorithm = True
    print(f"machine: {machine()}\n")
    tmp = Path(tempfile.mkdtemp(prefix="licscan-load-"))
    try:
        checkpoints = generate(args.n, tmp / "repos")
        manifest = tmp / "models.lock"
        write_manifest(manifest, checkpoints)
        hub = FakeHub(port=0, repos_dir=tmp / "repos").start()
        try:
            hub.set_latency(args.latency_ms)
            hub.set_fault_rate(args.fault_rate, args.faults.split(","), seed=7)
            env = environment(tmp, ROOT, hub.endpoint, tmp / "hub-cache", tmp / "licscan-cache")
            run = run_licscan(["check", str(manifest), "--jobs", str(args.jobs)], env, tmp, tmp / "report.json")
            requests = len(hub.requests)
        finally:
            hub.stop()
        checkpoints_out = run.report.get("checkpoints", [])
        ids_in_order = [c["id"] for c in checkpoints_out] == [c.repo for c in checkpoints]
        failed_fetch = [c for c in checkpoints_out if c["source"]["problems"] and not c["source"]["complete"]]
        allowed_without_evidence = [c["id"] for c in failed_fetch if c["verdict"] == "allowed"]
        verdicts = Counter(c["verdict"] for c in checkpoints_out)
        print(table(["measure", "value"], [
            ["checkpoints in the manifest / in the report", f"{args.n} / {len(checkpoints_out)}"],
            ["report in manifest order", "yes" if ids_in_order else "NO"],
            ["latency per request, fault rate, faults", f"{args.latency_ms:g} ms, {args.fault_rate:.1%}, {args.faults}"],
            ["requests made", requests],
            ["checkpoints with evidence missing after retries", len(failed_fetch)],
            ["  of those reported allowed", len(allowed_without_evidence)],
            ["verdicts", ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))],
            ["exit status", run.exit],
            ["wall s", f"{run.wall:.1f}"],
            ["peak RSS MB", f"{run.max_rss_mb:.0f}"],
        ]))
        print()
        print(table(["target", "goal", "measured", ""], [
            ["every checkpoint reported, in order", "yes", "yes" if ids_in_order and len(checkpoints_out) == args.n else "no",
             pass_fail(ids_in_order and len(checkpoints_out) == args.n)],
            ["missing evidence never allowed", "0", str(len(allowed_without_evidence)), pass_fail(not allowed_without_evidence)],
            ["peak memory", f"< {MEMORY_TARGET_MB} MB", f"{run.max_rss_mb:.0f} MB", pass_fail(run.max_rss_mb < MEMORY_TARGET_MB)],
        ]))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
