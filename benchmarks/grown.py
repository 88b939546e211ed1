"""A knowledge base grown with real, distinct license texts: how the classifier scales as rules/ grows.

`classify_corpus.tripled` registers every rule three times over the same texts: the worst case for the
pre-filter (every copy of the right answer passes it) but not what a growing rules/ looks like. Here the
knowledge base is grown with other licenses instead: the license texts of ScanCode Toolkit's license
library (scancode-toolkit 32.5.0 on PyPI, `licensedcode/data/licenses/*.LICENSE`; ScanCode's YAML
header cut, the text as published), the same source as the nine texts in license_texts/ that the shared
corpus lacks (license_texts/SOURCES.tsv). Selected texts are:

* not deprecated, not "unknown" or "generic" in ScanCode's own metadata, 150 words or more;
* distinct from every licscan reference in both directions: a licscan matcher does not find any of its
  references in the text at 0.9 coverage or more, and a matcher over the candidates finds none of them in
  any licscan reference text at 0.9 or more (so the variant corpus keeps one right answer);
* taken in the order of sha256(ScanCode key), so the set is fixed and spread over the alphabet.

Each becomes a rule `scancode-<key>` that allows every use: a licscan text misread as one of them then
counts as a dangerous error, the strictest way to score the grown set. The wheel (~126 MB) is fetched
once with `pip download` into benchmarks/.cache/ (ignored by git); texts are written there too. Nothing
here is shipped or used by licscan.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from _common import ROOT

from licscan.matcher import Matcher
from licscan.normalize import tokens
from licscan.rules import KnowledgeBase, LicenseRule, load_knowledge_base

SCANCODE = "scancode-toolkit==32.5.0"
CACHE = ROOT / "benchmarks" / ".cache"
MIN_WORDS = 150
DISTINCT_BELOW = 0.9
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)


class Unavailable(Exception):
    """The ScanCode wheel could not be fetched (no package index reachable)."""


def scancode_wheel() -> Path:
    found = sorted(CACHE.glob("scancode_toolkit-32.5.0-*.whl"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", str(CACHE), SCANCODE],
        capture_output=True, text=True,
    )
    found = sorted(CACHE.glob("scancode_toolkit-32.5.0-*.whl"))
    if done.returncode or not found:
        raise Unavailable(f"pip download {SCANCODE} failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
    return found[0]


def scancode_texts() -> dict[str, str]:
    """ScanCode key -> license text, for the texts that qualify on ScanCode's own metadata."""
    import yaml

    out = {}
    with zipfile.ZipFile(scancode_wheel()) as wheel:
        for name in wheel.namelist():
            if not (name.startswith("licensedcode/data/licenses/") and name.endswith(".LICENSE")):
                continue
            found = _FRONT_MATTER.match(wheel.read(name).decode("utf-8", "replace"))
            if not found:
                continue
            meta = yaml.safe_load(found.group(1)) or {}
            if meta.get("is_deprecated") or meta.get("is_unknown") or meta.get("is_generic"):
                continue
            text = found.group(2).strip() + "\n"
            if len(text.split()) >= MIN_WORDS:
                out[name.rsplit("/", 1)[1][: -len(".LICENSE")]] = text
    return out


def _extra_rule(template: LicenseRule, key: str) -> LicenseRule:
    rule_id = f"scancode-{key}"
    return dataclasses.replace(
        template, id=rule_id, name=f"ScanCode {key}", spdx=f"LicenseRef-{rule_id}", kind="license",
        category="permissive", hub_ids=(), aliases=(), texts=(f"{rule_id}.txt",), use_policies=(),
        supersedes_text_of=(), use=tuple((use, "allowed") for use, _ in template.use), thresholds=(),
        obligations=(), restrictions=(), notes="benchmark only", source="scancode-toolkit 32.5.0",
    )


@functools.cache
def distinct_texts(kb: KnowledgeBase) -> tuple[tuple[str, str], ...]:
    """Every (key, text) pair that qualifies, selected and ordered as the module docstring says."""
    candidates = scancode_texts()
    ordered = sorted(candidates, key=lambda key: hashlib.sha256(key.encode()).hexdigest())
    ours = Matcher(kb, memo=False)
    kept = [key for key in ordered if ours.match(candidates[key]).score < DISTINCT_BELOW]
    # the other direction: is a candidate (nearly) contained in one of licscan's reference texts?
    theirs = Matcher(_knowledge_base(kb, [(key, candidates[key]) for key in kept], only_extras=True), memo=False)
    contained = set()
    for rule in kb.rules:
        for name in rule.texts:
            words = tokens(kb.text_path(name).read_text(encoding="utf-8"))
            contained.update(ref.rule_id.removeprefix("scancode-")
                             for ref, score, _, _ in theirs._align_candidates(words) if score >= DISTINCT_BELOW)
    return tuple((key, candidates[key]) for key in kept if key not in contained)


def _knowledge_base(kb: KnowledgeBase, extras: list[tuple[str, str]], *, only_extras: bool = False) -> KnowledgeBase:
    folder = CACHE / "grown-texts"
    folder.mkdir(parents=True, exist_ok=True)
    for rule in kb.rules:
        for name in rule.texts:
            _write_if_changed(folder / name, kb.text_path(name).read_bytes())
    template = kb.rules[0]
    rules = [] if only_extras else list(kb.rules)
    for key, text in extras:
        rule = _extra_rule(template, key)
        _write_if_changed(folder / rule.texts[0], text.encode("utf-8"))
        rules.append(rule)
    version = hashlib.sha256(repr((kb.version, only_extras, [key for key, _ in extras])).encode()).hexdigest()[:12]
    return KnowledgeBase(tuple(rules), folder, f"grown-{version}")


def _write_if_changed(path: Path, data: bytes) -> None:
    # unchanged files keep their modification time, so licscan's reference-token cache stays valid
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def grown(kb: KnowledgeBase, factor: int) -> KnowledgeBase:
    """`kb` with (factor - 1) x its number of reference texts added from ScanCode's library."""
    references = sum(len(rule.texts) for rule in kb.rules)
    wanted = (factor - 1) * references
    extras = distinct_texts(kb)[:wanted]
    if len(extras) < wanted:
        raise Unavailable(f"only {len(extras)} distinct ScanCode texts qualify, {wanted} wanted")
    return _knowledge_base(kb, extras)


if __name__ == "__main__":
    base = load_knowledge_base()
    selected = distinct_texts(base)
    print(f"{len(selected)} distinct ScanCode texts qualify; the first 20:")
    for key, text in selected[:20]:
        print(f"  {key:40} {len(text.split()):6} words")
