"""What the license catalog (the ScanCode LicenseDB, licscan/catalog.py) costs: start-up, per text, memory.

    python benchmarks/catalog_perf.py              # 10 runs of each command
    python benchmarks/catalog_perf.py -n 20 --before main

"Before" is licscan without the catalog: the tree of ``--before`` (default: the merge base of HEAD and
main) exported with ``git archive`` to a temporary folder, run the same way. Each command is a fresh
``python -m licscan`` subprocess with its own warmed cache folder (LICSCAN_CACHE_DIR), so the catalog's
one-time build (per package version) is measured apart. Per-text cost is measured in one process on
the variant corpus (fixtures/variants.py) through the whole classifier (every evidence strategy), with
and without the catalog layer, each text once (the catalog keeps what it identified), on one matcher
without memo; the answers are compared too. Not a test: nothing fails
on time.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, load_corpus, machine, median, pass_fail, table  # noqa: E402

TARGET_STARTUP = 1.0          # --version: no slower than before (1.0x, within noise)
TARGET_PER_TEXT = 1.5         # texts licscan knows: within 1.5x of the classifier without the catalog
TARGET_PER_TEXT_FLAT = 1.2    # issue 17: per-text cost flat (within 1.2x) from licscan's references to the catalog
NOISE = 1.10                  # this shared VM varies about +-10 % between runs
TARGET_CHECK_RSS_MB = 150


WORK = Path(tempfile.mkdtemp(prefix="licscan-catalog-bench-"))   # every file this script writes; removed at the end


def scratch(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix, dir=WORK))


def export_tree(revision: str) -> Path:
    folder = scratch("before-")
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def run(tree: Path, args: list[str], cache: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one ``python -m licscan ARGS`` from ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree), LICSCAN_CACHE_DIR=str(cache), HF_HUB_OFFLINE="1")
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "licscan", *args], env=env, cwd=tree,
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def bare_python(n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return median(times)


def catalog_license_text(key: str) -> str:
    from importlib import metadata

    raw = Path(str(metadata.distribution("licensedcode-data").locate_file(f"licensedcode/data/licenses/{key}.LICENSE"))).read_text(encoding="utf-8")
    return raw.split("\n---\n", 1)[1]


def fixtures(folder: Path) -> dict[str, Path]:
    """Files and manifests the commands read: a text only the catalog knows, one nobody knows, MIT,
    the example manifest, and a small manifest with a catalog-only checkpoint beside the examples."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "zpl-2.1.txt").write_text(catalog_license_text("zpl-2.1"), encoding="utf-8")
    (folder / "nobody.txt").write_text("These weights may be used only on weekdays, by the author's friends, for games.\n" * 8, encoding="utf-8")
    shutil.copytree(ROOT / "examples", folder / "examples", dirs_exist_ok=True)
    model = folder / "examples" / "models" / "zope-model"
    model.mkdir(exist_ok=True)
    (model / "README.md").write_text("---\nlicense: other\n---\n# a model\n", encoding="utf-8")
    (model / "LICENSE").write_text(catalog_license_text("zpl-2.1"), encoding="utf-8")
    lock = folder / "examples" / "models.lock"
    (folder / "examples" / "with-catalog.lock").write_text(lock.read_text() + "  - path: models/zope-model\n", encoding="utf-8")
    return {"catalog text": folder / "zpl-2.1.txt", "unknown text": folder / "nobody.txt",
            "mit": ROOT / "license_texts" / "mit.txt", "check": lock, "check+catalog": folder / "examples" / "with-catalog.lock"}


def processes(before: Path, n: int) -> None:
    files = fixtures(scratch("files-"))
    commands = [
        ("licscan --version", ["--version"]),
        ("classify MIT", ["classify", str(files["mit"])]),
        ("classify a catalog-only text (ZPL-2.1)", ["classify", str(files["catalog text"])]),
        ("classify a text nobody knows", ["classify", str(files["unknown text"])]),
        ("check examples/models.lock (3 checkpoints)", ["check", str(files["check"])]),
        ("check 3 + 1 catalog-only checkpoint", ["check", str(files["check+catalog"])]),
    ]
    cold_cache = scratch("cold-")
    cold, cold_rss = run(ROOT, ["classify", str(files["catalog text"])], cold_cache)
    rows, startup = [], {}
    for label, args in commands:
        figures = {}
        for name, tree in (("before", before), ("after", ROOT)):
            cache = scratch(f"cache-{name}-")
            run(tree, args, cache)   # warm-up: fills the reference (and catalog) cache
            samples = [run(tree, args, cache) for _ in range(n)]
            figures[name] = (median([s[0] for s in samples]), max(s[1] for s in samples))
        if label == "licscan --version":
            startup = figures
        rows.append([label, f"{figures['before'][0] * 1000:.0f}", f"{figures['after'][0] * 1000:.0f}",
                     f"{figures['after'][0] / figures['before'][0]:.2f}x", f"{figures['before'][1]:.0f}", f"{figures['after'][1]:.0f}"])
    print(table(["command (warm cache)", "before ms", "after ms", "ratio", "before MB", "after MB"], rows, right=(1, 2, 3, 4, 5)))
    bare = bare_python(n)
    ratio = startup["after"][0] / startup["before"][0]
    print(f"\nbare `python -c pass`: {bare * 1000:.0f} ms; licscan --version {startup['after'][0] * 1000:.0f} ms "
          f"({startup['after'][0] / bare:.1f}x bare)")
    print(f"start-up, after / before: {ratio:.2f}x (target <= {TARGET_STARTUP:.1f}x, {NOISE:.2f} allowed for noise) "
          f"{pass_fail(ratio <= TARGET_STARTUP * NOISE)}")
    check_rss = max(float(r[5]) for r in rows if r[0].startswith("check"))
    print(f"peak RSS of a small check, with a catalog-only checkpoint: {check_rss:.0f} MB (target < {TARGET_CHECK_RSS_MB} MB) "
          f"{pass_fail(check_rss < TARGET_CHECK_RSS_MB)}")
    print(f"catalog built once per package version (empty cache): classify of the catalog text took {cold * 1000:.0f} ms, "
          f"peak {cold_rss:.0f} MB")
    probe = subprocess.run([sys.executable, "-X", "importtime", "-m", "licscan", "--version"], cwd=ROOT, capture_output=True, text=True,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)))
    imported = "licscan.catalog" in probe.stderr
    print(f"licscan.catalog imported by `licscan --version`: {imported} (target: False) {pass_fail(not imported)}")


def per_text(repeat: int = 3) -> None:
    from licscan import normalize
    from licscan.catalog import load_catalog
    from licscan.classify import Classifier
    from licscan.classify.strategies import STRATEGIES, CatalogLicenses
    from licscan.matcher import Matcher
    from licscan.model import CardMetadata, Evidence, EvidenceFile, ManifestEntry
    from licscan.rules import KnowledgeBase, load_knowledge_base

    kb = load_knowledge_base()
    without = KnowledgeBase(kb.rules, kb.texts_dir, kb.version, with_catalog=False)
    after = Classifier(kb, Matcher(kb, memo=False))   # every text matched afresh, before and after
    before = Classifier(without, after.matcher)
    before.strategies = tuple(s for s in before.strategies if not isinstance(s, CatalogLicenses))
    assert len(before.strategies) == len(STRATEGIES) - 1
    corpus = load_corpus(kb)
    entry = ManifestEntry("bench", "local", 1)

    def evidence(text: str) -> Evidence:
        sha = hashlib.sha256(text.encode()).hexdigest()
        return Evidence(entry, "local", None, CardMetadata(licenses=("other",)),
                        files=(EvidenceFile("LICENSE", sha, len(text), text, "license"),))

    items = [(v, evidence(v.text)) for v in corpus]
    # the catalog's one-time load, on a text not in the corpus (the catalog keeps what it identified)
    after.classify(evidence(catalog_license_text("zpl-2.1")))
    times: dict[str, list[tuple[float, float, str]]] = {"exact": [], "modified": []}
    changed = []
    catalog = load_catalog()
    configurations = (("before", before), ("after", after))
    for variant, ev in items:
        spent = {name: float("inf") for name, _ in configurations}
        answers = {}
        # CPU seconds (steadier than wall time on a shared machine), the fastest of `repeat` runs, the
        # two configurations in alternating order
        for run in range(repeat):
            for name, classifier in configurations[:: 1 if run % 2 == 0 else -1]:
                # each classification starts afresh: without the tokens of the last texts read
                # (normalize.tokens keeps a few) and without the catalog's remembered answers
                getattr(normalize, "_recent", {}).clear()
                with catalog.texts._lock:
                    catalog.texts._memo.clear()
                start = time.process_time()
                result = classifier.classify(ev)
                spent[name] = min(spent[name], time.process_time() - start)
                answers[name] = (result.license_id, result.category, result.modified_from)
        times[variant.expected_status].append((spent["before"], spent["after"], variant.name))
        if answers["before"] != answers["after"]:
            changed.append((variant.name, answers["before"], answers["after"]))
    print(f"per text: CPU ms, the fastest of {repeat} runs of each configuration, alternating\n")
    rows = []
    for status, samples in times.items():
        b, a = median([s[0] for s in samples]) * 1000, median([s[1] for s in samples]) * 1000
        total_b, total_a = sum(s[0] for s in samples), sum(s[1] for s in samples)
        rows.append([f"{status} variants", len(samples), f"{b:.2f}", f"{a:.2f}", f"{a / b:.2f}x", f"{total_a / total_b:.2f}x"])
    print(table(["texts", "n", "before ms (median)", "after ms", "median ratio", "total ratio"], rows, right=(1, 2, 3, 4, 5)))
    known = times["exact"]
    ratio = sum(s[1] for s in known) / sum(s[0] for s in known)
    print(f"\nper-text cost on texts licscan knows, after / before: {ratio:.2f}x (target <= {TARGET_PER_TEXT}x) "
          f"{pass_fail(ratio <= TARGET_PER_TEXT)}")
    for status, samples in times.items():
        b, a = median([s[0] for s in samples]), median([s[1] for s in samples])
        total = sum(s[1] for s in samples) / sum(s[0] for s in samples)
        print(f"issue 17, per-text cost flat with the catalog, {status} variants: median {a / b:.2f}x, total {total:.2f}x "
              f"(target <= {TARGET_PER_TEXT_FLAT}x) {pass_fail(max(a / b, total) <= TARGET_PER_TEXT_FLAT)}")
    print(f"answers changed by the catalog on the variant corpus: {len(changed)} of {len(items)}")
    for name, old, new in changed[:20]:
        print(f"  {name}: {old} -> {new}")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=10, help="runs of each command")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each text per configuration in the per-text comparison")
    parser.add_argument("--before", default=None, help="git revision without the catalog (default: merge base with main)")
    args = parser.parse_args()
    revision = args.before or subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True,
                                             capture_output=True, text=True).stdout.strip()
    print(f"catalog cost: {machine()}; before = {revision[:12]}\n")
    before = export_tree(revision)
    try:
        processes(before, args.n)
        print()
        os.environ["LICSCAN_CACHE_DIR"] = str(scratch("cache-per-text-"))
        per_text(args.repeat)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
