"""Record, or compare against, every answer of ``Classifier.classify`` on the checkpoints of the tree.

    python benchmarks/classify_snapshot.py save SNAPSHOT.json      # before a change to licscan/classify
    python benchmarks/classify_snapshot.py compare SNAPSHOT.json   # after it: what changed, case by case

The equivalence check for restructurings of the classifier. Two sets of cases:
- every checkpoint folder of the tree (tests/data, tests/fakehub/repos, examples/), read as a local
  checkpoint by licscan's own LocalSource;
- every evidence the classifier sees while the tests that build cards, prose, NOTICE files and weight
  headers run (test_replaceable_and_two_licenses.py and others, run in-process with Classifier.classify
  wrapped), keyed by a digest of the evidence's content (not its temporary path).
For each: license id, category, confidence, basis, declared, detected, modified_from, use policies,
candidates, the per-file matches (id, status, score), and conflicts followed by notes as one list
(before notes had their own field they were appended to the conflicts, in that order).
Exit status 1 if any case differs. Not a test: the snapshot belongs to one knowledge base version.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from licscan.classify import Classifier  # noqa: E402
from licscan.errors import InputError  # noqa: E402
from licscan.model import ManifestEntry  # noqa: E402
from licscan.rules import load_knowledge_base  # noqa: E402
from licscan.sources.local import LocalSource  # noqa: E402

FOLDER_ROOTS = ("tests/data", "tests/fakehub/repos", "examples")
TEST_FILES = (
    "tests/test_replaceable_and_two_licenses.py", "tests/test_check_local.py", "tests/test_weights.py",
    "tests/test_pipeline_hub.py", "tests/test_cli_hub.py", "tests/test_evaluate.py", "tests/test_formats.py",
    "tests/test_fakehub.py", "tests/test_hub_source.py", "tests/test_reliability_network.py", "tests/test_reliability_atomic.py",
)
# The wording of the basis that pointed at the review notes while they were listed with the conflicts.
BASIS_RENAMES = (("(see the conflicts)", "(see the notes)"),)


def answer(c) -> dict:
    notes = list(getattr(c, "notes", ()))
    basis = c.basis
    for old, new in BASIS_RENAMES:
        basis = basis.replace(old, new)
    return {
        "license_id": c.license_id, "category": c.category, "confidence": round(c.confidence, 9), "basis": basis,
        "declared": list(c.declared), "detected": list(c.detected), "modified_from": c.modified_from,
        "use_policies": list(c.use_policies), "candidates": list(c.candidates),
        "findings": [[f.file, f.role, f.match.rule_id, f.match.status, round(f.match.score, 9)] for f in c.findings],
        "conflicts_and_notes": [*c.conflicts, *notes],
    }


def evidence_key(evidence) -> str:
    parts = [repr(evidence.card), evidence.card_body, repr(evidence.weight_licenses), str(evidence.fetch_failed),
             str(evidence.complete), *(f"{f.name}\x01{f.role}\x01{f.text}" for f in evidence.files)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def folders() -> list[Path]:
    found = set()
    for root in FOLDER_ROOTS:
        for path in (ROOT / root).rglob("*"):
            if path.is_file() and (path.name == "README.md" or "licen" in path.name.lower() or "notice" in path.name.lower()):
                found.add(path.parent)
    return sorted(found)


def folder_answers(classifier: Classifier) -> dict[str, dict]:
    source = LocalSource(ROOT, str(ROOT / "snapshot.lock"))
    out = {}
    for folder in folders():
        ref = folder.relative_to(ROOT).as_posix()
        try:
            evidence = source.fetch(ManifestEntry(ref=ref, kind="local", line=1))
        except InputError as exc:
            out[f"folder:{ref}"] = {"error": str(exc)}
            continue
        out[f"folder:{ref}"] = answer(classifier.classify(evidence))
    return out


def test_answers(allow_failures: bool = False) -> dict[str, dict]:
    """Every evidence classified while the card / prose / NOTICE / weight tests run, in-process."""
    import pytest

    seen: dict[str, dict] = {}
    original = Classifier.classify

    def recording(self, evidence):
        result = original(self, evidence)
        key = f"test:{evidence.entry.ref.rsplit('/', 1)[-1]}:{evidence_key(evidence)}"
        seen.setdefault(key, answer(result))
        return result

    Classifier.classify = recording
    try:
        stop = () if allow_failures else ("-x",)
        code = pytest.main(["-q", "-p", "no:cacheprovider", *stop, "-m", "not slow", *(str(ROOT / t) for t in TEST_FILES)])
    finally:
        Classifier.classify = original
    if code == 1 and allow_failures:
        print("WARNING: some tests failed (listed above); their evidences are still recorded, and compared")
    elif code not in (0, 5):
        raise SystemExit(f"the tests failed (pytest exit {code}); the snapshot would not be trustworthy")
    return seen


def snapshot(allow_failures: bool = False) -> dict[str, dict]:
    classifier = Classifier(load_knowledge_base())
    return {**folder_answers(classifier), **test_answers(allow_failures)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--allow-failing-tests", action="store_true",
                        help="run every test file to its end and record the answers even if some test fails "
                             "(for a base revision whose suite has a known failure)")
    args = parser.parse_args()
    # A cache folder of its own: classifications remembered by an earlier run of the same code would be
    # answered without Classifier.classify, and their cases would be missing from the snapshot.
    cache = tempfile.mkdtemp(prefix="classify-snapshot-cache-")
    os.environ["LICSCAN_CACHE_DIR"] = cache
    try:
        now = snapshot(args.allow_failing_tests)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    if args.action == "save":
        args.path.write_text(json.dumps(now, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"saved {len(now)} cases ({sum(k.startswith('folder:') for k in now)} folders, "
              f"{sum(k.startswith('test:') for k in now)} evidences from the tests) to {args.path}")
        return 0
    before = json.loads(args.path.read_text(encoding="utf-8"))
    changed = [k for k in sorted(set(before) | set(now)) if before.get(k) != now.get(k)]
    for key in changed:
        print(f"CHANGED {key}")
        old, new = before.get(key) or {}, now.get(key) or {}
        for field in sorted(set(old) | set(new)):
            if old.get(field) != new.get(field):
                print(f"  {field}: {old.get(field)!r}\n  {' ' * len(field)}-> {new.get(field)!r}")
    same = len(set(before) & set(now)) - sum(k in before and k in now for k in changed)
    print(f"{same} identical, {len(changed)} changed, {len(set(now) - set(before))} new, "
          f"{len(set(before) - set(now))} missing (of {len(before)} recorded)")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
