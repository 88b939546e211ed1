"""licscan on real Hub model cards, labelled by hand (issue 15, item 7).

    python benchmarks/real_cards.py                     # the cases in benchmarks/real_cards/cases
    python benchmarks/real_cards.py --cases DIR [--cases DIR2 ...]   # other / more case folders
    python benchmarks/real_cards.py --json              # machine output on stdout
    python benchmarks/real_cards.py --licscan-root DIR  # another checkout of licscan

Each case folder `<owner>__<name>/` holds `case.yaml` (the Hub repo id, where its files were
copied from, the hand label) and `files/` (the card and license files, byte for byte). The format
is in benchmarks/real_cards/README.md. This script:

1. builds a temporary repos folder in the tests/fakehub format from every case (one commit per
   repo, its sha derived from the repo id; `gated: true` is served as a manually gated repo);
2. serves it with tests.fakehub on 127.0.0.1 (an ephemeral port), all cases as one Hub, so that a
   derivative's `base_model` is read from the base's own case;
3. runs `licscan check` once on a manifest listing every case with `use: commercial` (lineage on),
   in a fresh process with HF_ENDPOINT = the fake Hub, HF_HOME / HF_HUB_CACHE in the temporary
   folder and HF_TOKEN = the fake Hub's approved token;
4. compares each checkpoint's headline `license.category` and gate (pass / fail) with the label and
   prints the figures beside their targets, then every miss with licscan's reason.

Gate: a label passes when `commercial` is allowed or conditional, fails when denied or unknown;
licscan passes a checkpoint when its `failed` is false. A false allow is licscan passing what the
label fails (the one error a compliance gate must not make); a false block is the reverse.

A benchmark, not a test: it exits 0 whatever the figures (2 on a broken case or a licscan crash).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from licscan.rules import CATEGORIES  # noqa: E402 - after the checkout is on sys.path

DEFAULT_CASES = ROOT / "benchmarks" / "real_cards" / "cases"
RENAMES = ROOT / "benchmarks" / "real_cards" / "hub-renames.yaml"
VERDICTS = ("allowed", "conditional", "denied", "unknown")
PASSING = ("allowed", "conditional")
TARGET_CATEGORY = 0.97
TARGET_GATE = 0.97
TARGET_FALSE_ALLOWS = 0
# Words in a reason that say the license is one licscan lacks, not one it misread.
KNOWLEDGE_GAP_WORDS = ("which licscan does not know", "matches no known license")
COMMIT_DATE = "2025-01-01T00:00:00.000Z"


class CaseError(Exception):
    """A case folder that does not follow the format."""


@dataclass(frozen=True)
class Case:
    folder: Path
    repo: str
    gated: bool
    files: dict[str, Path]          # path in the Hub repo -> file on disk
    license: str
    category: str
    commercial: str
    note: str
    classes: tuple[str, ...] = ()
    base_unreadable: bool = False

    @property
    def passes(self) -> bool:
        return self.commercial in PASSING

    @property
    def sha(self) -> str:
        return hashlib.sha1(f"licscan real-cards {self.repo}".encode()).hexdigest()


@dataclass
class Result:
    case: Case
    got_license: str
    got_category: str
    got_verdict: str
    got_passes: bool
    reason: str
    knowledge_gap: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def category_ok(self) -> bool:
        return self.got_category == self.case.category

    @property
    def gate_ok(self) -> bool:
        return self.got_passes == self.case.passes

    @property
    def false_allow(self) -> bool:
        return self.got_passes and not self.case.passes

    @property
    def false_block(self) -> bool:
        return not self.got_passes and self.case.passes


# --- reading the cases -------------------------------------------------------------------------


def load_case(folder: Path) -> Case:
    spec_path = folder / "case.yaml"
    try:
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CaseError(f"{spec_path}: {exc}") from exc
    if not isinstance(spec, dict):
        raise CaseError(f"{spec_path}: not a mapping")
    repo = spec.get("repo")
    if not isinstance(repo, str) or repo.count("/") != 1:
        raise CaseError(f"{spec_path}: repo must be 'owner/name', not {repo!r}")
    if folder.name != repo.replace("/", "__"):
        raise CaseError(f"{spec_path}: folder name should be {repo.replace('/', '__')!r} for repo {repo}")
    expected = spec.get("expected")
    if not isinstance(expected, dict):
        raise CaseError(f"{spec_path}: no expected: mapping")
    category, commercial = expected.get("category"), expected.get("commercial")
    if category not in CATEGORIES:
        raise CaseError(f"{spec_path}: expected.category {category!r} is not one of {', '.join(CATEGORIES)}")
    if commercial not in VERDICTS:
        raise CaseError(f"{spec_path}: expected.commercial {commercial!r} is not one of {', '.join(VERDICTS)}")
    if not isinstance(expected.get("license"), str):
        raise CaseError(f"{spec_path}: expected.license missing")
    source = spec.get("source")
    if not isinstance(source, dict) or not source.get("github") or not source.get("commit"):
        raise CaseError(f"{spec_path}: source needs github and commit")
    files_dir = folder / "files"
    files = {p.relative_to(files_dir).as_posix(): p for p in sorted(files_dir.rglob("*")) if p.is_file()}
    if not files:
        raise CaseError(f"{spec_path}: files/ is empty")
    return Case(
        folder=folder,
        repo=repo,
        gated=bool(spec.get("gated", False)),
        files=files,
        license=expected["license"],
        category=category,
        commercial=commercial,
        note=str(expected.get("note", "")),
        classes=tuple(str(c) for c in spec.get("classes") or ()),
        base_unreadable=bool(spec.get("base_unreadable", False)),
    )


def load_cases(dirs: list[Path]) -> tuple[list[Case], list[str]]:
    cases: dict[str, Case] = {}
    problems: list[str] = []
    for cases_dir in dirs:
        if not cases_dir.is_dir():
            problems.append(f"{cases_dir}: no such folder")
            continue
        for folder in sorted(p for p in cases_dir.iterdir() if p.is_dir()):
            try:
                case = load_case(folder)
            except CaseError as exc:
                problems.append(str(exc))
                continue
            if case.repo in cases:
                problems.append(f"{folder}: {case.repo} is also a case in {cases[case.repo].folder}")
                continue
            cases[case.repo] = case
    return list(cases.values()), problems


# --- the fake Hub and licscan ------------------------------------------------------------------


def build_repos(cases: list[Case], repos_dir: Path) -> None:
    """One fake-Hub repository per case (tests/fakehub/repos/README.md format), files by absolute path."""
    for case in cases:
        owner, name = case.repo.split("/")
        repo_dir = repos_dir / owner / name
        repo_dir.mkdir(parents=True)
        spec = {
            "private": False,
            "gated": "manual" if case.gated else False,
            "tags": [],
            "created_at": COMMIT_DATE,
            "branches": {"main": case.sha},
            "commits": [{
                "sha": case.sha,
                "date": COMMIT_DATE,
                "title": "real card, copied for the licscan benchmark",
                "files": {path: str(src.resolve()) for path, src in case.files.items()},
            }],
        }
        (repo_dir / "repo.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    shutil.copyfile(RENAMES, repos_dir / "renames.yaml")   # the repos the Hub moved, redirected as the Hub does


def write_manifest(cases: list[Case], path: Path) -> None:
    models = [{"id": case.repo, "revision": case.sha} for case in cases]
    manifest = {"version": 1, "project": {"name": "real-cards-benchmark", "use": "commercial"}, "models": models}
    path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")


def run_licscan(cases: list[Case], tmp: Path, licscan_root: Path, jobs: int) -> dict:
    from tests.fakehub.server import VALID_TOKEN, FakeHub

    repos_dir = tmp / "repos"
    build_repos(cases, repos_dir)
    manifest = tmp / "models.lock"
    write_manifest(cases, manifest)
    report_path = tmp / "report.json"
    hub = FakeHub(port=0, repos_dir=repos_dir)
    hub.start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING_FACE_"))}
        env.update({
            "HF_ENDPOINT": hub.endpoint,
            "HF_HOME": str(tmp / "hf-home"),
            "HF_HUB_CACHE": str(tmp / "hf-cache"),
            "HF_TOKEN": VALID_TOKEN,
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_HUB_DISABLE_XET": "1",
            "HF_HUB_DISABLE_PROGRESS_BARS": "1",
            "PYTHONPATH": str(licscan_root),
        })
        env.setdefault("LICSCAN_CACHE_DIR", str(tmp / "licscan-cache"))
        command = [sys.executable, "-m", "licscan", "check", str(manifest), "-j", str(jobs),
                   "--format", "json", "--output", str(report_path)]
        process = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True)
    finally:
        hub.stop()
    if process.returncode not in (0, 1) or not report_path.exists():
        raise RuntimeError(f"licscan exited {process.returncode}: {process.stderr.strip()[-2000:]}")
    return json.loads(report_path.read_text(encoding="utf-8"))


def score(cases: list[Case], report: dict) -> list[Result]:
    by_id = {c["id"]: c for c in report.get("checkpoints", [])}
    results = []
    for case in cases:
        checkpoint = by_id.get(case.repo)
        if checkpoint is None:
            results.append(Result(case, "-", "unknown", "unknown", False, "not in licscan's report"))
            continue
        license_ = checkpoint.get("license") or {}
        reasons = [str(r) for r in checkpoint.get("reasons") or ()]
        verdict = str(checkpoint.get("verdict"))
        results.append(Result(
            case=case,
            got_license=str(license_.get("id") or "-"),
            got_category=str(license_.get("category") or "unknown"),
            got_verdict=verdict,
            got_passes=not checkpoint.get("failed", True),
            reason=deciding_reason(verdict, reasons, license_),
            knowledge_gap=verdict == "unknown" and any(w in r for r in reasons for w in KNOWLEDGE_GAP_WORDS),
            reasons=reasons,
        ))
    return results


def deciding_reason(verdict: str, reasons: list[str], license_: dict) -> str:
    """The reason that explains the verdict: for an unknown or denied checkpoint, the reasons that
    say what could not be read or what forbids, not the headline license's (often conditional) line."""
    if not reasons:
        return str(license_.get("basis", ""))
    if verdict in ("unknown", "denied"):
        telling = [r for r in reasons if any(w in r for w in ("unknown", "could not", "cannot", "modified", "conflict",
                                                                "not found", "denied", "no license", "does not know"))]
        if telling:
            return " | ".join(telling)
    return reasons[0]


# --- the figures -------------------------------------------------------------------------------


def figures(results: list[Result]) -> dict:
    n = len(results)
    misses = [r for r in results if not (r.category_ok and r.gate_ok)]
    return {
        "cases": n,
        "category_accuracy": sum(r.category_ok for r in results) / n if n else 0.0,
        "gate_accuracy": sum(r.gate_ok for r in results) / n if n else 0.0,
        "verdict_agreement": sum(r.got_verdict == r.case.commercial for r in results) / n if n else 0.0,
        "license_agreement": sum(r.got_license == r.case.license for r in results) / n if n else 0.0,
        "false_allows": sum(r.false_allow for r in results),
        "false_blocks": sum(r.false_block for r in results),
        "knowledge_gap_unknowns": sum(r.knowledge_gap for r in results),
        "targets": {"category_accuracy": TARGET_CATEGORY, "gate_accuracy": TARGET_GATE,
                    "false_allows": TARGET_FALSE_ALLOWS},
        "misses": [miss_json(r) for r in misses],
        "knowledge_gaps": [r.case.repo for r in results if r.knowledge_gap],
    }


def miss_json(r: Result) -> dict:
    kind = "false allow" if r.false_allow else "false block" if r.false_block else "category"
    return {
        "repo": r.case.repo, "kind": kind, "classes": list(r.case.classes),
        "expected": {"license": r.case.license, "category": r.case.category, "commercial": r.case.commercial},
        "got": {"license": r.got_license, "category": r.got_category, "verdict": r.got_verdict,
                "passes": r.got_passes},
        "reason": r.reason, "note": r.case.note,
    }


def mark(ok: bool) -> str:
    return "ok " if ok else "MISS"


def print_table(fig: dict, cases_dirs: list[Path]) -> None:
    n = fig["cases"]
    print(f"licscan on real Hub cards: {n} cases from {', '.join(str(d) for d in cases_dirs)}; use: commercial\n")
    rows = [
        ("category accuracy", f"{fig['category_accuracy']:.1%}", f">= {TARGET_CATEGORY:.0%}",
         mark(fig["category_accuracy"] >= TARGET_CATEGORY)),
        ("gate accuracy", f"{fig['gate_accuracy']:.1%}", f">= {TARGET_GATE:.0%}", mark(fig["gate_accuracy"] >= TARGET_GATE)),
        ("false allows", str(fig["false_allows"]), f"{TARGET_FALSE_ALLOWS}", mark(fig["false_allows"] <= TARGET_FALSE_ALLOWS)),
        ("false blocks", str(fig["false_blocks"]), "-", ""),
        ("unknowns that are knowledge gaps", str(fig["knowledge_gap_unknowns"]), "-", ""),
        ("verdict agreement (4 values)", f"{fig['verdict_agreement']:.1%}", "-", ""),
        ("headline license id agreement", f"{fig['license_agreement']:.1%}", "-", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>7}  {'target':>7}")
    for name, value, target, status in rows:
        print(f"{name:<{width}}  {value:>7}  {target:>7}  {status}")
    misses = fig["misses"]
    print(f"\nmisses ({len(misses)}): repo  expected category/commercial -> got category/verdict [license]")
    for m in sorted(misses, key=lambda m: (m["kind"], m["repo"])):
        e, g = m["expected"], m["got"]
        print(f"- {m['kind']:<11} {m['repo']}: {e['category']}/{e['commercial']} ({e['license']})"
              f" -> {g['category']}/{g['verdict']} ({g['license']})")
        print(f"    licscan: {m['reason'][:300]}")
        print(f"    label:   {m['note'][:300]}")
    if fig["knowledge_gaps"]:
        print(f"\nunknown because licscan lacks the license ({len(fig['knowledge_gaps'])}): {', '.join(fig['knowledge_gaps'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, action="append",
                        help=f"a folder of case folders (repeatable; default {DEFAULT_CASES.relative_to(ROOT)})")
    parser.add_argument("--json", action="store_true", help="print the figures and misses as JSON")
    parser.add_argument("--licscan-root", type=Path, default=ROOT, help="checkout whose licscan is run (default: this one)")
    parser.add_argument("--jobs", type=int, default=4, help="licscan check -j (default 4)")
    parser.add_argument("--keep", type=Path, default=None, help="build the fake Hub and report in this folder and keep it")
    args = parser.parse_args(argv)
    cases_dirs = [d.resolve() for d in (args.cases or [DEFAULT_CASES])]
    cases, problems = load_cases(cases_dirs)
    if problems:
        for problem in problems:
            print(f"real_cards: error: {problem}", file=sys.stderr)
        return 2
    if not cases:
        print("real_cards: error: no cases", file=sys.stderr)
        return 2
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
        tmp_ctx = None
        tmp = args.keep.resolve()
    else:
        tmp_ctx = tempfile.TemporaryDirectory(prefix="licscan-real-cards-")
        tmp = Path(tmp_ctx.name)
    try:
        try:
            report = run_licscan(cases, tmp, args.licscan_root.resolve(), args.jobs)
        except RuntimeError as exc:
            print(f"real_cards: error: {exc}", file=sys.stderr)
            return 2
    finally:
        if tmp_ctx is not None:
            tmp_ctx.cleanup()
    fig = figures(score(cases, report))
    if args.json:
        json.dump(fig, sys.stdout, indent=2)
        print()
    else:
        print_table(fig, cases_dirs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
