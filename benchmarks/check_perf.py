"""Whole-process figures for `licscan check` on a manifest of 1,000 Hub checkpoints (issue 8).

    python benchmarks/check_perf.py                    # warm + cold, 1,000 checkpoints (~2 min)
    python benchmarks/check_perf.py --cold-n 200       # cold runs on the first 200 entries only
    python benchmarks/check_perf.py --skip-cold        # warm only (the cache is then filled at 0 ms latency)
    python benchmarks/check_perf.py --profile          # also cProfile one warm run (top functions)
    python benchmarks/check_perf.py --licscan-root DIR # the same benchmark for another checkout of licscan
    python benchmarks/check_perf.py --keep DIR         # keep repos, manifest, caches and reports in DIR

What it builds, in a temporary directory: N model repositories for the fake Hub (tests/fakehub,
served in-process on 127.0.0.1 from that directory), each with a model card, a LICENSE copied from
license_texts/ (the license mix is skewed towards the popular ones; every license text appears),
USE_POLICY.md where the license has a use policy, a config and a weight placeholder; 20 % of the
cards name an earlier repository as base_model (lineage), 5 % carry the license text in the card
body. The manifest pins every checkpoint to its commit and carries a lock record (license, sha256
of each license file, base models at their commits), as `licscan lock` writes it.

(3) cold: `licscan check M -j J` against the fake Hub with LATENCY ms added to every request, an
    empty Hub cache and no remembered classifications: wall time, requests (counted by the server), and wall / ideal where
    ideal = requests x latency / J. "network part" subtracts the warm wall time (the work that is
    not waiting on the Hub) before dividing; "without HEADs" divides by the ideal of the requests
    licscan needs (model info and one GET per file; hf_hub_download sends a HEAD before each GET);
    "most at once" is the most requests the fake Hub served at the same time (-j N: at most N). The fake Hub runs with TCP_NODELAY on its sockets
    (--fakehub-nagle: as shipped, without; each GET body then waits for a delayed ACK, up to 40 ms).
(2) warm: `licscan check M --offline` with the Hub cache the cold run filled, terminal report to
    /dev/null: wall time, CPU time and peak RSS (os.wait4 of the child: its CPU time includes the copies
    it forks to classify on the other cores, its peak RSS is the largest process's), first with an empty licscan
    reference-token cache, then the median of the following runs (the same evidence again: its
    classifications remembered), then one run of the same manifest with its last entry moved to the top (every entry on
    another line, as after adding one), then one run with the remembered classifications (and base ids, and the evidence read
    from the snapshots) deleted first (every checkpoint read and classified, reference index cached); then once more with
    `--format json --output FILE`, whose report is checked: every checkpoint read from the cache,
    complete, no drift against the lock, no unreadable ancestor, no request reaching the Hub (else
    the figures are marked INVALID).
(4) start-up: benchmarks/startup.py.

Each licscan run is a fresh `python -m licscan` process (PYTHONPATH = the checkout) with
HF_HUB_DISABLE_TELEMETRY=1, HF_HUB_DISABLE_XET=1, HF_HOME and HF_HUB_CACHE in the temporary
directory, HF_ENDPOINT = the fake Hub, HF_TOKEN unset, LICSCAN_CACHE_DIR in the temporary
directory. Not a test: nothing fails on time.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, machine, pass_fail, table  # noqa: E402

from licscan.rules import load_knowledge_base  # noqa: E402

TARGET_WARM_S = 2.0
TARGET_COLD_RATIO = 1.5
# issue 17's tighter targets for the same warm check
TARGET_WARM_S_17 = 1.0
TARGET_RSS_MB_17 = 150
TARGET_COLD_RATIO_17 = 1.2
OWNER = "bench"
# Licenses most Hub checkpoints carry: 60 % of the repositories draw from these.
POPULAR = ("apache-2.0", "mit", "llama3.1", "llama3.2", "llama3", "gemma", "cc-by-nc-4.0", "cc-by-4.0",
           "openrail++", "creativeml-openrail-m", "bigscience-openrail-m", "qwen-research", "cc-by-sa-4.0")


@dataclass
class Checkpoint:
    repo: str
    sha: str
    rule_id: str
    files: dict[str, bytes]
    base: str | None = None
    ancestors: list[str] = field(default_factory=list)


# --- the generated Hub ------------------------------------------------------------------------


def generate(n: int, out: Path, seed: int = 8) -> list[Checkpoint]:
    """N repositories under out/bench/, served by tests.fakehub; returns what each one holds."""
    kb = load_knowledge_base()
    rng = random.Random(seed)
    licenses = [r for r in kb.rules if r.kind == "license" and r.texts]
    by_id = {r.id: r for r in kb.rules}
    popular = [by_id[i] for i in POPULAR if i in by_id]
    shared = out / "_shared"
    shared.mkdir(parents=True)
    (shared / "config.json").write_text('{"architectures": ["BenchModel"], "model_type": "bench"}\n')
    texts: dict[str, bytes] = {}
    for rule in kb.rules:
        for name in rule.texts:
            data = kb.text_path(name).read_bytes()
            texts[name] = data
            (shared / name).write_bytes(data)
    checkpoints: list[Checkpoint] = []
    for i in range(n):
        repo = f"{OWNER}/model-{i:04d}"
        sha = hashlib.sha1(f"licscan-check-perf {repo}".encode()).hexdigest()
        base = None
        if i < len(licenses):
            rule = licenses[i]          # every license text at least once
        elif i >= 20 and rng.random() < 0.2:
            parent = checkpoints[rng.randrange(i)]
            base, rule = parent.repo, by_id[parent.rule_id]   # a fine-tune keeps its base's license
        else:
            rule = rng.choice(popular) if rng.random() < 0.6 else rng.choice(licenses)
        text_name = rule.texts[i % len(rule.texts)]
        files = {"LICENSE": texts[text_name]}
        sources = {"LICENSE": f"../../_shared/{text_name}"}
        policy_texts = [t for p in rule.use_policies for t in by_id[p].texts]
        if policy_texts:
            files["USE_POLICY.md"] = texts[policy_texts[0]]
            sources["USE_POLICY.md"] = f"../../_shared/{policy_texts[0]}"
        front = [f"license: {rule.hub_ids[0]}"] if rule.hub_ids else ["license: other", f"license_name: {rule.id}"]
        front += ["library_name: transformers", "pipeline_tag: text-generation", "tags: [benchmark, licscan]"]
        if base:
            front.append(f"base_model: {base}")
        body = (f"# model-{i:04d}\n\nCheckpoint {i} of the licscan check benchmark: a "
                f"{'fine-tune of ' + base if base else 'text-generation model'} trained for {1 + i % 4} epochs "
                "on an internal dataset. Evaluation results and intended uses are described in the paper.\n")
        if rng.random() < 0.05:
            body += "\n## License\n\n" + texts[text_name].decode("utf-8", "replace")
        card = ("---\n" + "\n".join(front) + "\n---\n\n" + body).encode()
        files["README.md"] = card
        folder = out / OWNER / f"model-{i:04d}"
        folder.mkdir(parents=True)
        (folder / "README.md").write_bytes(card)
        sources["README.md"] = "README.md"
        sources["config.json"] = "../../_shared/config.json"
        lines = ["private: false", "pipeline_tag: text-generation", "library_name: transformers",
                 "branches:", f"  main: {sha}", "commits:", f"  - sha: {sha}", '    date: "2025-01-01T00:00:00.000Z"',
                 "    title: upload", "    files:"]
        lines += [f"      {name}: {source}" for name, source in sources.items()]
        lines.append("      model.safetensors: null")
        (folder / "repo.yaml").write_text("\n".join(lines) + "\n")
        checkpoint = Checkpoint(repo, sha, rule.id, files, base)
        if base:
            parent = next(c for c in checkpoints if c.repo == base)
            checkpoint.ancestors = [base, *parent.ancestors]
        checkpoints.append(checkpoint)
    return checkpoints


def write_manifest(path: Path, checkpoints: list[Checkpoint]) -> None:
    shas = {c.repo: c.sha for c in checkpoints}
    lines = ["# Generated by benchmarks/check_perf.py: every checkpoint pinned and locked.", "version: 1",
             "project:", "  name: check-perf", "  use: internal", "models:"]
    for c in checkpoints:
        lines += [f"  - id: {c.repo}", f"    revision: {c.sha}", "    lock:", f"      license: {c.rule_id}", "      files:"]
        lines += [f"        {name}: {hashlib.sha256(data).hexdigest()}" for name, data in sorted(c.files.items()) if name != "README.md"]
        if c.ancestors:
            lines.append("      base_models: [" + ", ".join(f"{a}@{shas[a]}" for a in c.ancestors) + "]")
    path.write_text("\n".join(lines) + "\n")


# --- running licscan --------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    max_rss_mb: float
    cpu: float
    exit: int
    report: dict
    stderr: str


def environment(tmp: Path, licscan_root: Path, endpoint: str, hub_cache: Path, licscan_cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING_FACE_", "LICSCAN_"))}
    env.update({
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_HUB_DISABLE_XET": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "HF_HOME": str(tmp / "hf-home"),
        "HF_HUB_CACHE": str(hub_cache),
        "HF_ENDPOINT": endpoint,
        "LICSCAN_CACHE_DIR": str(licscan_cache),
        "PYTHONPATH": str(licscan_root),
    })
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


LICSCAN = ["-m", "licscan"]


def run_licscan(args: list[str], env: dict[str, str], cwd: Path, report_path: Path | None, entry: list[str] = LICSCAN) -> Run:
    """One licscan process. With report_path, the report is written there as JSON and read back;
    without, the terminal report goes to /dev/null (what a CI job pays for)."""
    output: list[str] = []
    if report_path is not None:
        if report_path.exists():
            report_path.unlink()
        output = ["--format", "json", "--output", str(report_path)]
    command = [sys.executable, *entry, *args, *output]
    t0 = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # os.wait4 gives this child's own resource usage (RUSAGE_CHILDREN would add up every child so far).
    stderr_chunks = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(process.stderr.read()), daemon=True)
    reader.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - t0
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    report = {}
    if report_path is not None:
        with contextlib.suppress(OSError, ValueError):   # no report, or a cut-off one: checked by the caller
            report = json.loads(report_path.read_text(encoding="utf-8"))
    return Run(wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, process.returncode, report,
               (stderr_chunks[0] if stderr_chunks else b"").decode("utf-8", "replace"))


def check_report(run: Run, n: int, source: str) -> list[str]:
    """Why this run's figures do not describe a complete check (empty = valid)."""
    problems = []
    if run.exit not in (0, 1):
        problems.append(f"exit status {run.exit}: {run.stderr.strip()[-300:]}")
    checkpoints = run.report.get("checkpoints", [])
    if len(checkpoints) != n:
        problems.append(f"{len(checkpoints)} checkpoints in the report, expected {n}")
    # .get(): older licscan reports (before lock/lineage) lack some keys
    wrong_source = sum(c.get("source", {}).get("kind") != source for c in checkpoints)
    incomplete = sum(not c.get("source", {}).get("complete", False) for c in checkpoints)
    drift = sum(bool(c.get("drift")) for c in checkpoints)
    ancestors_bad = sum(any(a.get("problem") for a in c.get("ancestors", ())) for c in checkpoints)
    if wrong_source:
        problems.append(f"{wrong_source} checkpoints not read from {source}")
    if incomplete:
        problems.append(f"{incomplete} checkpoints with incomplete evidence")
    if drift:
        example = next(c for c in checkpoints if c.get("drift"))
        problems.append(f"{drift} checkpoints report drift (e.g. {example['id']}: {example['drift'][0]})")
    if ancestors_bad:
        problems.append(f"{ancestors_bad} checkpoints with an unreadable ancestor")
    return problems


class InFlight:
    """Counts the requests the fake Hub is serving at once, its latency included (a check that
    -j N means at most N requests at the Hub): wraps the request handler's dispatch."""

    def __init__(self, handler: type) -> None:
        self.dispatch = handler._dispatch
        self.now = self.most = 0
        self.lock = threading.Lock()
        counter = self

        def dispatch(handler_self, method: str) -> None:
            with counter.lock:
                counter.now += 1
                counter.most = max(counter.most, counter.now)
            try:
                counter.dispatch(handler_self, method)
            finally:
                with counter.lock:
                    counter.now -= 1

        handler._dispatch = dispatch


def forget_remembered(licscan_cache: Path) -> None:
    """Delete what licscan remembers of checkpoints (classifications, base ids, PDF texts, evidence read from the Hub
    cache), keeping the reference index and the parsed rules."""
    for prefix in ("classifications-", "baseids-", "pdftext-", "snapshots"):
        for remembered in licscan_cache.glob(f"{prefix}*"):
            remembered.unlink()


def request_kinds(requests: list[tuple[str, str]]) -> Counter:
    kinds: Counter = Counter()
    for method, path in requests:
        if path.startswith("/api/models/"):
            kinds["GET /api/models (model info)"] += 1
        elif "/resolve/" in path:
            kinds[f"{method} /resolve (file)"] += 1
        else:
            kinds[f"{method} other"] += 1
    return kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="checkpoints in the manifest (default 1000)")
    parser.add_argument("--cold-n", type=int, default=None, help="checkpoints in the cold runs (default: all)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="latency added to every fake Hub request (default 50)")
    parser.add_argument("--cold-jobs", default="8,16", help="comma-separated --jobs values for the cold runs (default 8,16)")
    parser.add_argument("--skip-cold", action="store_true", help="only the warm check")
    parser.add_argument("--warm-runs", type=int, default=3, help="warm runs after the first (default 3)")
    parser.add_argument("--profile", action="store_true", help="also run one warm check under cProfile and print the top functions")
    parser.add_argument("--licscan-root", type=Path, default=ROOT, help="checkout whose licscan is run (default: this one)")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    parser.add_argument("--fakehub-nagle", action="store_true",
                        help="leave Nagle's algorithm on in the fake Hub, as tests/fakehub/server.py ships (adds delayed-ACK stalls)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from tests.fakehub import server as fakehub_server
    from tests.fakehub.server import FakeHub

    if not args.fakehub_nagle:
        # The fake Hub writes a response's headers and body with two send() calls on a socket with
        # Nagle's algorithm on: the body then waits for the client's delayed ACK (up to 40 ms on
        # Linux) on every GET with a body, which would be measured as licscan's slowness.
        fakehub_server._Handler.disable_nagle_algorithm = True

    licscan_root = args.licscan_root.resolve()
    print(f"machine: {machine()}")
    print(f"licscan: {licscan_root}\n")
    tmp = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="licscan-check-perf-"))
    if args.keep and tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        checkpoints = generate(args.n, tmp / "repos")
        manifest = tmp / "models.lock"
        write_manifest(manifest, checkpoints)
        cold_n = min(args.cold_n or args.n, args.n)
        cold_manifest = manifest
        if cold_n < args.n:
            cold_manifest = tmp / "models-cold.lock"
            # the first cold_n entries and every ancestor they need (ancestors come earlier)
            write_manifest(cold_manifest, checkpoints[:cold_n])
        hub = FakeHub(port=0, repos_dir=tmp / "repos").start()
        in_flight = InFlight(fakehub_server._Handler)
        kinds = Counter(c.rule_id for c in checkpoints)
        print(f"generated {len(checkpoints)} repositories ({len(kinds)} licenses, "
              f"{sum(bool(c.base) for c in checkpoints)} with a base model, "
              f"{sum('USE_POLICY.md' in c.files for c in checkpoints)} with USE_POLICY.md) "
              f"and a pinned, locked manifest in {time.perf_counter() - t0:.1f} s; fake Hub at {hub.endpoint}\n")
        licscan_cache = tmp / "licscan-cache"
        rows_cold = []
        cold_runs = {}
        jobs_list = [] if args.skip_cold else [int(j) for j in args.cold_jobs.split(",") if j.strip()]
        for jobs in jobs_list:
            cache = tmp / f"hub-cache-cold-j{jobs}"
            forget_remembered(licscan_cache)   # each cold run classifies every checkpoint (the reference index stays cached)
            env = environment(tmp, licscan_root, hub.endpoint, cache, licscan_cache)
            hub.set_latency(args.latency_ms)
            with hub._lock:
                hub.requests.clear()
            in_flight.most = 0
            run = run_licscan(["check", str(cold_manifest), "--jobs", str(jobs)], env, tmp, tmp / f"report-cold-j{jobs}.json")
            with hub._lock:
                requests = list(hub.requests)
            cold_runs[jobs] = (run, requests, cache, in_flight.most)
        hub.set_latency(0)
        if cold_runs and cold_n == args.n:
            warm_cache = cold_runs[max(cold_runs)][2]
        else:   # fill a cache for the whole manifest, without latency
            warm_cache = tmp / "hub-cache-warm"
            env = environment(tmp, licscan_root, hub.endpoint, warm_cache, licscan_cache)
            fill = run_licscan(["check", str(manifest), "--jobs", "16"], env, tmp, tmp / "report-fill.json")
            problems = check_report(fill, args.n, "hub")
            if problems:
                print("filling the Hub cache failed: " + "; ".join(problems))
        if licscan_cache.exists():
            shutil.rmtree(licscan_cache)   # the first warm run starts without licscan's own cache

        # (2) warm
        env = environment(tmp, licscan_root, hub.endpoint, warm_cache, licscan_cache)
        offline = ["check", str(manifest), "--offline"]
        with hub._lock:
            hub.requests.clear()
        first = run_licscan(offline, env, tmp, None)
        warm = [run_licscan(offline, env, tmp, None) for _ in range(args.warm_runs)]
        # an entry added at the top moves every other one a line down: the same checkpoints, each on another line
        text = manifest.read_text(encoding="utf-8")
        head, models, body = text.partition("models:\n")
        entries = body.split("  - id: ")[1:]
        moved_manifest = manifest.with_name("models-moved.lock")
        moved_manifest.write_text(head + models + "".join("  - id: " + e for e in [entries[-1], *entries[:-1]]), encoding="utf-8")
        moved = run_licscan(["check", str(moved_manifest), "--offline"], env, tmp, None)
        forget_remembered(licscan_cache)   # as the first check after a change to licscan or its rules
        forgotten = run_licscan(offline, env, tmp, None)
        as_json = run_licscan(offline, env, tmp, tmp / "report-warm.json")
        with hub._lock:
            warm_requests = len(hub.requests)
        warm_problems = check_report(as_json, args.n, "cache")
        if warm_requests:
            warm_problems.append(f"{warm_requests} requests reached the fake Hub during --offline runs")
        warm_wall = statistics.median(r.wall for r in warm)
        warm_peak_mb = max(r.max_rss_mb for r in (*warm, moved, forgotten, as_json))
        summary = as_json.report.get("summary", {})
        print(f"== (2) warm check: licscan check --offline, {args.n} pinned checkpoints, evidence in the local Hub cache ==\n")
        print(table(["run (terminal report to /dev/null unless noted)", "wall s", "CPU s", "peak RSS MB", "exit"], [
            ["first (licscan's reference-token cache empty)", f"{first.wall:.2f}", f"{first.cpu:.2f}", f"{first.max_rss_mb:.0f}", first.exit],
            *[[f"again ({i + 1})", f"{r.wall:.2f}", f"{r.cpu:.2f}", f"{r.max_rss_mb:.0f}", r.exit] for i, r in enumerate(warm)],
            ["again, the last entry moved to the top (every line moved)", f"{moved.wall:.2f}", f"{moved.cpu:.2f}",
             f"{moved.max_rss_mb:.0f}", moved.exit],
            ["again, remembered classifications deleted first", f"{forgotten.wall:.2f}", f"{forgotten.cpu:.2f}",
             f"{forgotten.max_rss_mb:.0f}", forgotten.exit],
            ["again, --format json --output FILE", f"{as_json.wall:.2f}", f"{as_json.cpu:.2f}", f"{as_json.max_rss_mb:.0f}", as_json.exit],
        ], right=(1, 2, 3, 4)))
        print(f"\nverdicts: {', '.join(f'{k} {v}' for k, v in summary.items())}")
        print("report check (JSON run): " + ("OK (every checkpoint read from the cache, complete, no drift, no ancestor problem; "
                                             "no request reached the Hub)" if not warm_problems else "INVALID: " + "; ".join(warm_problems)))
        print()

        if cold_runs:
            print(f"== (3) cold check: licscan check, {cold_n} checkpoints, empty Hub cache, fake Hub with "
                  f"{args.latency_ms:g} ms per request ==\n")
            for jobs, (run, requests, _cache, most) in cold_runs.items():
                ideal = len(requests) * args.latency_ms / 1000 / jobs
                network = max(0.0, run.wall - (warm_wall if cold_n == args.n else warm_wall * cold_n / args.n))
                problems = check_report(run, cold_n, "hub")
                needed = sum(method != "HEAD" for method, _path in requests) * args.latency_ms / 1000 / jobs
                rows_cold.append([f"-j {jobs}", f"{run.wall:.1f}", f"{run.cpu:.1f}", len(requests), f"{len(requests) / cold_n:.2f}", f"{ideal:.1f}",
                                  f"{run.wall / ideal:.2f}", f"{network / ideal:.2f}", f"{run.wall / needed:.2f}", most, f"{run.max_rss_mb:.0f}",
                                  "OK" if not problems else "INVALID"])
                for problem in problems:
                    print(f"  -j {jobs}: {problem}")
            print(table(["jobs", "wall s", "licscan CPU s", "requests", "per checkpoint", "ideal s", "wall/ideal", "network part/ideal",
                         "wall/ideal without HEADs", "most at once", "peak RSS MB", "report"],
                        rows_cold, right=(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
            print("\nideal = requests x latency / jobs (the requests made, counted by the fake Hub); network part = wall - warm wall "
                  "(the non-network work);\nwithout HEADs: the ideal of the requests licscan needs (model info and one GET per file), "
                  "not counting the HEAD hf_hub_download sends before every GET\n(huggingface_hub skips it only for Xet files "
                  "whose tree listing it has cached); most at once: the most requests the fake Hub answered at the same time.")
            requests = cold_runs[min(cold_runs)][1]
            print(f"\nrequests by kind (-j {min(cold_runs)}):")
            print(table(["request", "count", "per checkpoint"],
                        [[k, v, f"{v / cold_n:.2f}"] for k, v in request_kinds(requests).most_common()], right=(1, 2)))
            repeated = Counter(requests)
            duplicates = sum(c - 1 for c in repeated.values() if c > 1)
            print(f"identical requests made more than once: {duplicates}")
            print()

        targets = [[f"(2) warm check, {args.n} checkpoints", f"< {TARGET_WARM_S:g} s", f"{warm_wall:.2f} s (first run {first.wall:.2f} s)",
                    pass_fail(warm_wall < TARGET_WARM_S and not warm_problems)],
                   [f"(issue 17) warm check, {args.n} checkpoints", f"< {TARGET_WARM_S_17:g} s", f"{warm_wall:.2f} s",
                    pass_fail(warm_wall < TARGET_WARM_S_17 and not warm_problems)],
                   [f"(issue 17) warm check, {args.n} checkpoints, classifications forgotten", f"< {TARGET_WARM_S_17:g} s",
                    f"{forgotten.wall:.2f} s ({forgotten.cpu:.2f} CPU s)", pass_fail(forgotten.wall < TARGET_WARM_S_17 and not warm_problems)],
                   ["(issue 17) peak RSS of the warm checks", f"< {TARGET_RSS_MB_17} MB", f"{warm_peak_mb:.0f} MB",
                    pass_fail(warm_peak_mb < TARGET_RSS_MB_17)]]
        for jobs, (run, requests, _cache, _most) in cold_runs.items():
            ideal = len(requests) * args.latency_ms / 1000 / jobs
            valid = not check_report(run, cold_n, "hub")
            targets.append([f"(3) cold check -j {jobs}", f"<= {TARGET_COLD_RATIO:g} x ideal",
                            f"{run.wall / ideal:.2f} x ({run.wall:.1f} s / {ideal:.1f} s)",
                            pass_fail(run.wall / ideal <= TARGET_COLD_RATIO and valid)])
            targets.append([f"(issue 17) cold check -j {jobs}", f"<= {TARGET_COLD_RATIO_17:g} x ideal", f"{run.wall / ideal:.2f} x",
                            pass_fail(run.wall / ideal <= TARGET_COLD_RATIO_17 and valid)])
        print(table(["target", "goal", "measured", ""], targets))
        print()

        if args.profile:
            out = tmp / "warm.prof"
            run_licscan(offline, env, tmp, None, ["-m", "cProfile", "-o", str(out), "-m", "licscan"])
            import io
            import pstats

            buffer = io.StringIO()
            pstats.Stats(str(out), stream=buffer).sort_stats("cumulative").print_stats(35)
            text = buffer.getvalue()
            print("== cProfile of one warm run (cumulative; run as `python -m cProfile -m licscan check ... --offline`) ==\n")
            print(text[text.find("   ncalls"):].rstrip())
            buffer = io.StringIO()
            pstats.Stats(str(out), stream=buffer).sort_stats("tottime").print_stats(20)
            text = buffer.getvalue()
            print("\n== the same, by own time ==\n")
            print(text[text.find("   ncalls"):].rstrip())
        hub.stop()
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
