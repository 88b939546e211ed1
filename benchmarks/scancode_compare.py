"""licscan vs ScanCode Toolkit on the same labelled variant corpus: accuracy and speed side by side.

    python benchmarks/scancode_compare.py                      # full corpus (ScanCode takes minutes)
    python benchmarks/scancode_compare.py --kinds original     # only some variant kinds, quicker
    python benchmarks/scancode_compare.py --scancode-json out.json --corpus-dir DIR   # reuse a run
    python benchmarks/scancode_compare.py --whole-process-only   # only issue 17's whole-process ratio (~2 min)

ScanCode lives in its own virtualenv and is not a dependency of licscan:

    python -m venv benchmarks/.scancode-venv
    benchmarks/.scancode-venv/bin/pip install scancode-toolkit "pluggy<1.7"

(pluggy 1.7 no longer accepts plugincode's class-based hook specs: with it every scancode command
fails with "ValueError: did not find any 'pre_scan' hooks in <module 'plugincode.pre_scan'>".)

The variants are written to a temporary directory and scanned with
`scancode --license --json-pp OUT -n 1 DIR` (one process), timed as a whole and by ScanCode's own
setup/scan timings. licscan classifies the same files on one core. ScanCode's license expressions
are mapped to licscan ids with the explicit tables below; keys we cannot map count as "other".
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    ROOT,
    Outcome,
    category,
    dangerous,
    is_restrictive,
    load_corpus,
    machine,
    median,
    more_permissive,
    pass_fail,
    percentile,
    share,
    table,
)

from licscan.matcher import Matcher  # noqa: E402
from licscan.normalize import decode  # noqa: E402
from licscan.rules import load_knowledge_base  # noqa: E402

VENV = ROOT / "benchmarks" / ".scancode-venv"
SCANCODE = VENV / "bin" / "scancode"
TARGET_RATIO = 50
# issue 17: `licscan check` of a manifest of real license files vs `scancode -l -n 1 --json` on them, whole process
TARGET_WHOLE_RATIO = 100
REAL_CASES = ROOT / "benchmarks" / "real_cards" / "cases"

# ScanCode license key -> licscan rule id: the same license (and version).
EXACT = {
    "apache-2.0": "apache-2.0", "mit": "mit", "isc": "isc", "unlicense": "unlicense", "cc0-1.0": "cc0-1.0",
    "bsd-new": "bsd-3-clause", "bsd-simplified": "bsd-2-clause", "boost-1.0": "bsl-1.0", "zlib": "zlib",
    "wtfpl-2.0": "wtfpl", "mpl-2.0": "mpl-2.0", "epl-2.0": "epl-2.0",
    "gpl-2.0": "gpl-2.0", "gpl-3.0": "gpl-3.0", "gpl-3.0-plus": "gpl-3.0", "agpl-3.0": "agpl-3.0",
    "agpl-3.0-plus": "agpl-3.0", "lgpl-2.1": "lgpl-2.1", "lgpl-3.0": "lgpl-3.0",
    "cc-by-4.0": "cc-by-4.0", "cc-by-sa-4.0": "cc-by-sa-4.0", "cc-by-nd-4.0": "cc-by-nd-4.0",
    "cc-by-nc-4.0": "cc-by-nc-4.0", "cc-by-nc-sa-4.0": "cc-by-nc-sa-4.0", "cc-by-nc-nd-4.0": "cc-by-nc-nd-4.0",
    "cc-by-nc-3.0": "cc-by-nc-3.0", "cc-by-nc-sa-3.0": "cc-by-nc-sa-3.0",
    "llama-license-2023": "llama1-weights", "llama-2-license-2023": "llama2",
    "llama-3.1-license-2024": "llama3.1", "llama-3.2-license-2024": "llama3.2", "llama-3.3-license-2024": "llama3.3",
    "llama-4-cla-2025": "llama4", "llama-4-license-2025": "llama4-aup",  # ScanCode's name: "Llama 4 Acceptable Use Policy 2025"
    "gemma-tou-2024-04-01": "gemma-terms-20240401", "gemma-tou-2025-03-24": "gemma",
    "gemma-pup-2024-02-21": "gemma-prohibited-use",
    "bigscience-rail-1.0": "bigscience-bloom-rail-1.0", "bigscience-open-rail-m": "bigscience-openrail-m",
    "bigscience-open-rail-m2": "openrail++", "bigcode-open-rail-m-v1": "bigcode-openrail-m",
    "stable-diffusion-2022-08-22": "creativeml-openrail-m", "stability-ai-community-2024": "stability-community",
    "deepseek-la-1.0": "deepseek-model", "exaone-ai-model-1.1-nc": "exaone-1.1-nc",
    "falcon-2-11b-1.0": "falcon2-11b-tii-license", "flux-1-nc": "flux1-dev-noncommercial-v1.0",
    "moonshot-ai-modified-mit-2025": "kimi-k2-modified-mit", "tongyi-qianwen-2023": "tongyi-qianwen",
    "ms-research-license-terms": "microsoft-research-license",
}
# ScanCode license key -> the nearest licscan rule, when ScanCode only knows another version or a
# sibling of the family: counted for the category (and the danger check), never as the exact id.
FAMILY = {
    "openmdw-1.0": "openmdw-1.1",
    "qwen-2024": "tongyi-qianwen",  # "Qwen License Agreement 2024": the 100M-MAU threshold license
    "stability-ai-nc-2023-12-06": "stability-noncommercial-research-community",
    "nvidia-open-model-2025-04-28": "nvidia-open-model-agreement-2026",
}
# Keys that name no particular license (fragments, clues, "some proprietary terms"): ignored.
GENERIC = {
    "unknown-license-reference", "warranty-disclaimer", "proprietary-license", "commercial-license", "unknown",
    "free-unknown", "other-permissive", "other-copyleft", "generic-cla", "public-domain", "public-domain-disclaimer",
}
# A generic key that, ANDed with a permissive license, keeps a policy engine from allowing more.
FAILS_CLOSED = {"proprietary-license", "commercial-license"}
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-_]*")


def scancode_outcome(kb, name, kind, expected_id, expected_status, detected: dict) -> tuple[Outcome, str, str | None]:
    """(Outcome with got_id = single exact id or None, category, nearest rule for the danger check)."""
    expression = detected.get("detected_license_expression") or ""
    keys = {k for k in _KEY.findall(expression) if k.upper() not in ("AND", "OR", "WITH")}
    exact_ids = {EXACT[k] for k in keys if k in EXACT and kb.get(EXACT[k])}
    family_ids = {FAMILY[k] for k in keys if k in FAMILY and kb.get(FAMILY[k])}
    unmapped = keys - set(EXACT) - set(FAMILY) - GENERIC
    mapped = exact_ids | family_ids
    if not keys:
        got_category = "unknown"
    elif not mapped:
        got_category = "other"
    else:
        categories = {category(kb, i) for i in mapped}
        got_category = categories.pop() if len(categories) == 1 else "mixed"
    got_id = next(iter(exact_ids)) if len(exact_ids) == 1 and not family_ids and not unmapped else None
    coverages = [m.get("match_coverage", 0) for d in detected.get("license_detections", []) for m in d.get("matches", [])]
    status = "unknown" if not coverages else ("exact" if min(coverages) >= 100 else "modified")
    nearest = next(iter(mapped)) if len(mapped) == 1 else None
    label = expression or "(no license found)"
    return Outcome(name, kind, expected_id, expected_status, got_id, status, min(coverages) / 100 if coverages else 0.0,
                   None, label), got_category, nearest


def scancode_version() -> str | None:
    if not SCANCODE.exists():
        return None
    done = subprocess.run([str(SCANCODE), "--version"], capture_output=True, text=True)
    if done.returncode != 0:
        return None
    return (done.stdout.strip().splitlines() or ["?"])[0]


def unavailable(reason: str) -> None:
    print(f"ScanCode Toolkit is unavailable: {reason}\n")
    print("Install it in its own virtualenv (it is not a dependency of licscan; the download is large):\n")
    print("    python -m venv benchmarks/.scancode-venv")
    print('    benchmarks/.scancode-venv/bin/pip install scancode-toolkit "pluggy<1.7"\n')
    print("then re-run: python benchmarks/scancode_compare.py")


def write_corpus(corpus, directory: Path) -> list[tuple[str, object]]:
    files = []
    for variant in corpus:
        filename = variant.name.replace("/", "__") + (".html" if variant.kind == "html" else ".txt")
        (directory / filename).write_text(variant.text, encoding="utf-8")
        files.append((filename, variant))
    return files


def run_scancode(directory: Path, out: Path) -> tuple[float, dict[str, float], str]:
    command = [str(SCANCODE), "--license", "--json-pp", str(out), "-n", "1", directory.name]
    print(f"running: {' '.join(command)}  (in {directory.parent}) ...", flush=True)
    t0 = time.perf_counter()
    done = subprocess.run(command, cwd=directory.parent, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"scancode exited {done.returncode}: {(done.stderr or done.stdout).strip()[-2000:]}")
    return wall, scancode_timings(done.stdout + "\n" + done.stderr), done.stdout + done.stderr


def scancode_timings(log: str) -> dict[str, float]:
    """ScanCode's own summary: 'setup: 8.41s', 'scan: 210.2s', 'total: ...'."""
    timings = {}
    for key, value in re.findall(r"^\s+([a-z_:]+):\s+([0-9.]+)s\s*$", log, re.MULTILINE):
        timings[key] = float(value)
    return timings


def licscan_in_process(kb, files, directory: Path) -> tuple[float, list[float], dict]:
    t0 = time.perf_counter()
    matcher = Matcher(kb)
    build = time.perf_counter() - t0
    for filename, _ in files[:20]:  # warm-up outside the timings
        matcher.match(decode((directory / filename).read_bytes())[0] or "")
    seconds, results = [], {}
    for filename, _ in files:
        t0 = time.perf_counter()
        text, _note = decode((directory / filename).read_bytes())  # read + decode + classify, as check does
        results[filename] = matcher.match(text or "")
        seconds.append(time.perf_counter() - t0)
    return build, seconds, results


_WHOLE_RUN = r"""
import sys
from pathlib import Path
from licscan.rules import load_knowledge_base
from licscan.matcher import Matcher
from licscan.normalize import decode
matcher = Matcher(load_knowledge_base())
for path in sorted(Path(sys.argv[1]).iterdir()):
    text, _ = decode(path.read_bytes())
    matcher.match(text or "")
"""


def licscan_whole_process(directory: Path) -> float:
    """Fresh interpreter: import, load rules, build the matcher, classify every file (like ScanCode's wall)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", _WHOLE_RUN, str(directory)], cwd=ROOT, check=True)
    return time.perf_counter() - t0


def real_license_files() -> dict[str, list[Path]]:
    """The license-like files (LICENSE, LICENSE.md, MODEL_LICENSE, NOTICE, USE_POLICY.md ...: what licscan
    reads besides the card) of the real Hub repositories in real_cards/cases, by case."""
    from licscan.sources.common import is_evidence_name

    found: dict[str, list[Path]] = {}
    for case in sorted(p for p in REAL_CASES.iterdir() if p.is_dir()):
        files = [p for p in sorted(case.rglob("*")) if p.is_file() and is_evidence_name(p.relative_to(case).as_posix())]
        if files:
            found[case.name] = files
    return found


def whole_process(runs: int, keep: Path | None = None, licscan_only: bool = False, before: Path | None = None) -> None:
    """Issue 17's ratio: one `licscan check` process on a manifest of one local folder per repository
    (its license files, no card), and one `scancode -l -n 1 --json` process on the same folders. Both
    warm: ScanCode's license index cached by an untimed first run, licscan's reference index, parsed
    rules and catalog likewise; licscan's remembered classifications (and the PDF texts it keeps,
    sources/pdf_texts.py) are deleted before every timed run (ScanCode remembers no results), and its
    run with them kept is shown beside it. ``keep``: write the repositories, manifest and reports
    there (to profile either side later); ``licscan_only``: time licscan alone (ScanCode's figure is
    then the one measured before, in benchmarks/README.md); ``before``: another checkout of licscan (the
    tree before a change, exported with `git archive`), timed the same way, interleaved with this one,
    with a cache folder of its own."""
    import os
    import shutil

    cases = real_license_files()
    n_files = sum(len(files) for files in cases.values())
    with tempfile.TemporaryDirectory(prefix="licscan-whole-") as tmp:
        base = keep or Path(tmp)
        if keep is not None:
            shutil.rmtree(base / "repos", ignore_errors=True)
        lines = ["version: 1", "project:", "  name: bench", "  use: commercial", "models:"]
        for name, files in cases.items():
            for path in files:
                target = base / "repos" / name / path.relative_to(REAL_CASES / name)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            lines.append(f"  - path: repos/{name}")
        (base / "models.lock").write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "LICSCAN_CACHE_DIR": str(base / "licscan-cache"),
               "PYTHONPATH": str(ROOT) + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else "")}
        licscan = [sys.executable, "-m", "licscan", "check", str(base / "models.lock"), "--format", "json", "--output", str(base / "licscan.json")]
        licscan_before = [*licscan[:-1], str(base / "licscan-before.json")]
        env_before = {**env, "LICSCAN_CACHE_DIR": str(base / "licscan-cache-before"), "PYTHONPATH": str(before or ROOT)}
        scancode = [str(SCANCODE), "-l", "-n", "1", "--json", str(base / "scancode.json"), "repos"]

        cpu: dict[str, list[float]] = {"sc": [], "ls": [], "kept": [], "before": [], "before kept": []}

        def timed(command: list[str], forget: bool, label: str = "") -> float:
            import resource

            run_env = env_before if command is licscan_before else env
            if forget:
                cache = Path(run_env["LICSCAN_CACHE_DIR"])
                for old in [*cache.glob("classifications-*"), *cache.glob("pdftext-*")]:
                    old.unlink()
            started = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run(command, cwd=base, env=run_env, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            ended = resource.getrusage(resource.RUSAGE_CHILDREN)
            if label:
                cpu[label].append(ended.ru_utime - started.ru_utime + ended.ru_stime - started.ru_stime)
            if done.returncode not in (0, 1) or (command is scancode and done.returncode != 0):
                raise RuntimeError(f"{command[0]} exited {done.returncode}: {(done.stderr or done.stdout).strip()[-1500:]}")
            return wall

        print(f"== issue 17: whole process, {n_files} license files of {len(cases)} real Hub repositories (real_cards/cases) ==\n")
        if not licscan_only:
            timed(scancode, False)  # ScanCode's license index cache
        timed(licscan, False)       # licscan's reference index, parsed rules, catalog
        if before is not None:
            timed(licscan_before, False)
        sc, ls, ls_kept, old, old_kept = [], [], [], [], []
        for _ in range(runs):       # interleaved: the load of a shared machine falls on both alike
            if not licscan_only:
                sc.append(timed(scancode, False, "sc"))
            if before is not None:
                old.append(timed(licscan_before, True, "before"))
                old_kept.append(timed(licscan_before, False, "before kept"))
            ls.append(timed(licscan, True, "ls"))
            ls_kept.append(timed(licscan, False, "kept"))
        report = json.loads((base / "licscan.json").read_text(encoding="utf-8"))
        if before is not None:
            same = json.loads((base / "licscan-before.json").read_text(encoding="utf-8")).get("checkpoints") == report.get("checkpoints")
            print(f"the two trees' reports: {'the same checkpoints, verdicts and reasons' if same else 'DIFFERENT'}\n")
    if licscan_only:
        rows = [("licscan check, classifications not remembered", ls, "ls"),
                ("licscan check, classifications remembered", ls_kept, "kept")]
        if before is not None:
            rows = [(f"{before}: not remembered", old, "before"), (f"{before}: remembered", old_kept, "before kept"), *rows]
        print(table(["process", "median s", "min s", "max s", "CPU median s"], [
            [label, f"{median(times):.2f}", f"{min(times):.2f}", f"{max(times):.2f}", f"{median(cpu[key]):.2f}"]
            for label, times, key in rows], right=(1, 2, 3, 4)))
        return
    ratio = median(sc) / median(ls)
    print(table(["process", "median s", "min s", "max s", "CPU median s"], [
        ["scancode -l -n 1 --json OUT repos/", f"{median(sc):.2f}", f"{min(sc):.2f}", f"{max(sc):.2f}", f"{median(cpu['sc']):.2f}"],
        ["licscan check models.lock --format json (classifications not remembered)", f"{median(ls):.2f}", f"{min(ls):.2f}", f"{max(ls):.2f}",
         f"{median(cpu['ls']):.2f}"],
        ["licscan check models.lock --format json (classifications remembered)", f"{median(ls_kept):.2f}", f"{min(ls_kept):.2f}",
         f"{max(ls_kept):.2f}", f"{median(cpu['kept']):.2f}"],
    ], right=(1, 2, 3, 4)))
    print(f"\nCPU ratio (steadier on a shared machine): {median(cpu['sc']) / median(cpu['ls']):.0f}x not remembered, "
          f"{median(cpu['sc']) / median(cpu['kept']):.0f}x remembered")
    print(f"\nlicscan: rules {report.get('tool', {}).get('rules_version')}, verdicts {report.get('summary')}")
    print(f"target (issue 17): ScanCode / licscan whole process >= {TARGET_WHOLE_RATIO}x: {ratio:.0f}x "
          f"(remembered classifications: {median(sc) / median(ls_kept):.0f}x)  {pass_fail(ratio >= TARGET_WHOLE_RATIO)}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", help="comma-separated variant kinds to include (default: all)")
    parser.add_argument("--keep", type=Path, help="write the corpus and scancode JSON here instead of a temp dir")
    parser.add_argument("--scancode-json", type=Path, help="reuse this ScanCode JSON output instead of running ScanCode")
    parser.add_argument("--corpus-dir", type=Path, help="with --scancode-json: the corpus dir it was run on (for its timings file)")
    parser.add_argument("--whole-process-only", action="store_true", help="only issue 17's whole-process ratio on real license files")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each process for the whole-process ratio (default 3)")
    parser.add_argument("--licscan-only", action="store_true",
                        help="with --whole-process-only: time licscan's side alone (no ScanCode needed)")
    parser.add_argument("--before", type=Path,
                        help="with --whole-process-only --licscan-only: another checkout of licscan, timed interleaved beside this one")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    if args.whole_process_only and args.licscan_only:
        whole_process(args.runs, args.keep, licscan_only=True, before=args.before)
        return
    version = scancode_version() if not args.scancode_json else "(from JSON)"
    if version is None:
        unavailable(f"{SCANCODE} is missing or does not run" if SCANCODE.exists() else f"{SCANCODE} not found")
        return
    if not args.scancode_json:
        try:
            whole_process(args.runs, args.keep if args.whole_process_only else None)
        except RuntimeError as exc:
            unavailable(str(exc))
            return
    if args.whole_process_only:
        return
    kb = load_knowledge_base()
    corpus = load_corpus(kb)
    if args.kinds:
        wanted = set(args.kinds.split(","))
        corpus = [v for v in corpus if v.kind in wanted]
    print(f"ScanCode: {version}; licscan knowledge base {kb.version}; {len(corpus)} variant files\n")

    with tempfile.TemporaryDirectory(prefix="licscan-bench-") as tmp:
        base = args.keep or Path(tmp)
        directory = base / "corpus"
        directory.mkdir(parents=True, exist_ok=True)
        files = write_corpus(corpus, directory)
        out = base / "scancode.json"
        timings: dict[str, float] = {}
        if args.scancode_json:
            out = args.scancode_json
            data = json.loads(out.read_text())
            wall = float(data["headers"][0].get("duration") or 0)
            timing_file = out.with_suffix(".timings.json")
            if timing_file.exists():
                timings = json.loads(timing_file.read_text())
        else:
            try:
                wall, timings, _log = run_scancode(directory, out)
            except RuntimeError as exc:
                unavailable(str(exc))
                return
            out.with_suffix(".timings.json").write_text(json.dumps({**timings, "wall": wall}))
            data = json.loads(out.read_text())
        wall = timings.get("wall", wall)
        by_name = {Path(f["path"]).name: f for f in data["files"] if f.get("type") == "file"}

        build, seconds, results = licscan_in_process(kb, files, directory)
        licscan_wall = licscan_whole_process(directory)

    sc_rows, ls_rows = [], []
    for (filename, variant), sec in zip(files, seconds, strict=True):
        detected = by_name.get(filename, {})
        sc_rows.append(scancode_outcome(kb, variant.name, variant.kind, variant.expected_id, variant.expected_status, detected))
        r = results[filename]
        ls_rows.append(Outcome(variant.name, variant.kind, variant.expected_id, variant.expected_status, r.rule_id, r.status, r.score, sec))

    n = len(files)
    expected_cat = [category(kb, o.expected_id) for o in ls_rows]
    ls_cat = sum(category(kb, o.got_id) == e for o, e in zip(ls_rows, expected_cat, strict=True))
    sc_cat = sum(c == e for (_o, c, _n), e in zip(sc_rows, expected_cat, strict=True))
    ls_id = sum(o.got_id == o.expected_id for o in ls_rows)
    sc_id = sum(o.got_id == o.expected_id for o, _c, _n in sc_rows)
    comparable = {eid for eid in {o.expected_id for o in ls_rows} if eid in set(EXACT.values())}
    ls_id_c = sum(o.got_id == o.expected_id for o in ls_rows if o.expected_id in comparable)
    sc_id_c = sum(o.got_id == o.expected_id for o, _c, _n in sc_rows if o.expected_id in comparable)
    n_c = sum(o.expected_id in comparable for o in ls_rows)
    ls_both = sum(o.got_id == o.expected_id and o.got_status == o.expected_status for o in ls_rows)
    sc_both = sum(o.got_id == o.expected_id and o.got_status == o.expected_status for o, _c, _n in sc_rows)

    softened: list[Outcome] = []

    def sc_danger(item):
        o, _cat, nearest = item
        if o.expected_status == "modified" and o.got_status == "exact" and (o.got_id or nearest):
            return "altered clause matched at 100% coverage"
        expected, got = kb.get(o.expected_id), kb.get(nearest) if nearest else None
        if expected and got and is_restrictive(expected) and more_permissive(got, expected):
            if FAILS_CLOSED & set(_KEY.findall(o.got_label)):
                softened.append(o)  # "X AND proprietary-license": a policy engine would not allow more
                return None
            return f"{expected.category} text reported as {o.got_label} (~{got.id}, {got.category})"
        return None

    ls_danger = [(o, why) for o in ls_rows if (why := dangerous(kb, o))]
    sc_danger_list = [(item[0], why) for item in sc_rows if (why := sc_danger(item))]

    sc_scan = timings.get("scan")
    sc_setup = timings.get("setup")
    ls_total = sum(seconds)
    ls_per_file = ls_total / n * 1000
    sc_per_file = (sc_scan if sc_scan else wall) / n * 1000
    print("== accuracy on the same files ==\n")
    print(table(["", "licscan", "ScanCode"], [
        ["category (ScanCode: expression mapped, see tables)", share(ls_cat, n), share(sc_cat, n)],
        ["exact id, all texts", share(ls_id, n), share(sc_id, n)],
        [f"exact id, texts of the {len(comparable)} licenses ScanCode knows exactly", share(ls_id_c, n_c), share(sc_id_c, n_c)],
        ["id + status (ScanCode 'exact' = every match at 100% coverage)", share(ls_both, n), share(sc_both, n)],
        ["dangerous errors", len(ls_danger), len(sc_danger_list)],
    ], right=(1, 2)))
    print()

    kinds = list(dict.fromkeys(o.kind for o in ls_rows))
    rows = []
    for kind in kinds:
        idx = [i for i, o in enumerate(ls_rows) if o.kind == kind]
        rows.append([kind, len(idx),
                     share(sum(category(kb, ls_rows[i].got_id) == expected_cat[i] for i in idx), len(idx)),
                     share(sum(sc_rows[i][1] == expected_cat[i] for i in idx), len(idx)),
                     share(sum(ls_rows[i].got_id == ls_rows[i].expected_id for i in idx), len(idx)),
                     share(sum(sc_rows[i][0].got_id == sc_rows[i][0].expected_id for i in idx), len(idx))])
    print(table(["variant kind", "n", "category licscan", "category ScanCode", "exact id licscan", "exact id ScanCode"], rows, right=(1,)))
    print()

    print("== speed (single process, single core) ==\n")
    print(table(["", "licscan", "ScanCode", "ScanCode / licscan"], [
        ["setup (licscan: Matcher build; ScanCode: license index load)", f"{build:.2f} s",
         f"{sc_setup:.2f} s" if sc_setup is not None else "?", f"{sc_setup / build:.0f}x" if sc_setup else ""],
        ["classify/scan all files (excl. setup)", f"{ls_total:.2f} s", f"{sc_scan:.1f} s" if sc_scan else "?",
         f"{sc_scan / ls_total:.0f}x" if sc_scan else ""],
        ["whole process wall time (start to exit)", f"{licscan_wall:.2f} s", f"{wall:.1f} s", f"{wall / licscan_wall:.0f}x"],
        ["mean per file (excl. setup)", f"{ls_per_file:.2f} ms", f"{sc_per_file:.0f} ms", f"{sc_per_file / ls_per_file:.0f}x"],
        ["median / p95 per file", f"{median([s * 1000 for s in seconds]):.2f} / {percentile([s * 1000 for s in seconds], 95):.2f} ms", "n/a", ""],
    ], right=(1, 2, 3)))
    ratio = sc_per_file / ls_per_file
    print(f"\ntarget: licscan >= {TARGET_RATIO}x faster per file: {ratio:.0f}x  {pass_fail(ratio >= TARGET_RATIO)}\n")

    print("== ScanCode: what it said, per expected license (mapped id or category in brackets) ==\n")
    said: dict[str, Counter] = {}
    for (o, cat, _nearest) in sc_rows:
        said.setdefault(o.expected_id, Counter())[f"{o.got_label} [{o.got_id or cat}]"] += 1
    rows = []
    for expected_id in sorted(said):
        top = "; ".join(f"{count}x {label}" for label, count in said[expected_id].most_common(2))
        rows.append([expected_id, category(kb, expected_id), top[:150]])
    print(table(["expected", "category", "ScanCode (most frequent)"], rows))
    print()
    print(f"dangerous errors, licscan: {len(ls_danger)}")
    for o, why in ls_danger:
        print(f"  {o.name}: {why}")
    print(f"dangerous errors, ScanCode: {len(sc_danger_list)}")
    for o, why in sc_danger_list:
        print(f"  {o.name}: {why}")
    if softened:
        print(f"  (not counted: {len(softened)} restrictive texts reported as a more permissive license AND "
              f"proprietary-license/commercial-license, e.g. {softened[0].name}: {softened[0].got_label})")


if __name__ == "__main__":
    main()
