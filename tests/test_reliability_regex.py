"""Reliability: adversarial long inputs through licscan's text handling always finish.

Model cards and license files come from strangers. Every regular expression and parser that sees
them (``licscan.normalize.tokens`` / ``plain_text``, ``licscan.sources.common.split_card`` and
``is_evidence_name``, and the classifier on top) must finish on pathological input: 200k '[',
'---' lines, '![' * 50000, nested Markdown links, '(c)' * 100000, endless list markers, deep HTML.

Each case runs in its own Python process with a 20 s limit. That is a hang guard, not a speed
assertion: a catastrophically backtracking regex holds the GIL inside the C regex engine, where
neither signal.alarm nor a thread can stop it, so only a separate process can be timed out. The
cases run two at a time (or one per CPU) to keep the file quick; each also asserts what the
function returned, so "finished" means "finished with the right answer".

The only license text used is license_texts/mit.txt (verbatim); everything else is punctuation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
HANG_GUARD_SECONDS = 20

# The child builds the input from a recipe ([piece, times] pairs; "@file:NAME" is a license text),
# so that multi-megabyte inputs need not travel through argv, and prints a JSON summary.
CHILD = r"""
import json, sys
from pathlib import Path
request = json.loads(sys.stdin.read())
texts = Path(request["texts"])
text = "".join((texts / piece[6:]).read_text(encoding="utf-8") * times if piece.startswith("@file:") else piece * times
               for piece, times in request["parts"])
fn = request["fn"]
if fn == "tokens":
    from licscan.normalize import tokens
    out = tokens(text)
    summary = {"n": len(out), "distinct": sorted(set(out))[:20]}
elif fn == "plain_text":
    from licscan.normalize import plain_text
    out = plain_text(text)
    summary = {"len": len(out), "head": out[:80]}
elif fn == "split_card":
    from licscan.sources.common import split_card
    data, body, problems = split_card(text)
    summary = {"keys": sorted(map(str, data))[:20], "body_len": len(body), "problems": list(problems)}
elif fn == "is_evidence_name":
    from licscan.sources.common import is_evidence_name
    summary = {"value": is_evidence_name(text)}
elif fn == "classify":
    from licscan.classify import Classifier
    from licscan.rules import load_knowledge_base
    match = Classifier(load_knowledge_base()).classify_text(text)
    summary = {"rule": match.rule_id, "status": match.status}
else:
    raise SystemExit("unknown function " + fn)
summary["input_len"] = len(text)
print(json.dumps(summary))
"""

N = 200_000
LINK = "](https://example.com/a-path)"

# name: (function, recipe, check of the JSON summary)
CASES: dict[str, tuple[str, list[list[Any]], Callable[[dict], bool]]] = {
    # --- normalize.tokens: Markdown link / autolink / list-marker / HTML expressions -----------------
    "tokens: 200k '['": ("tokens", [["[", N]], lambda r: r["n"] == 0),
    "tokens: '![' * 50000": ("tokens", [["![", 50_000]], lambda r: r["n"] == 0),
    "tokens: nested links": ("tokens", [["[", 20_000], ["word", 1], [LINK, 20_000]], lambda r: "word" in r["distinct"]),
    "tokens: nested images": ("tokens", [["![", 20_000], ["word", 1], [LINK, 20_000]], lambda r: "word" in r["distinct"]),
    "tokens: link text never closed": ("tokens", [["[", 1], ["a", N]], lambda r: r["n"] == 1),
    "tokens: link target never closed": ("tokens", [["[a](", 1], ["b", N]], lambda r: r["n"] >= 1),
    "tokens: link titles never closed": ("tokens", [['[a](x "' + "t" * 199, 1000]], lambda r: r["n"] >= 1000),
    "tokens: links back to back": ("tokens", [["[x](y) ", 50_000]], lambda r: r["distinct"] == ["x"] and r["n"] == 50_000),
    "tokens: '(c)' * 100000": ("tokens", [["(c)", 100_000]], lambda r: r["n"] == 100_000 and r["distinct"] == ["c"]),
    "tokens: '(c) ' lines": ("tokens", [["(c) 2024 name\n", 25_000]], lambda r: {"2024", "name"} <= set(r["distinct"])),
    "tokens: one line of '- '": ("tokens", [["- ", 100_000]], lambda r: r["n"] == 0),
    "tokens: lines of '1. '": ("tokens", [["1. " * 50_000 + "\n", 4]], lambda r: r["distinct"] == ["1"]),
    "tokens: mixed list markers": ("tokens", [["* - + • ‣ ◦ ▪ ", 25_000]], lambda r: r["n"] == 0),
    "tokens: roman numerals": ("tokens", [["ii. iii. iv) (ix) ", 25_000]], lambda r: r["n"] > 0),
    "tokens: quote markers then a word": ("tokens", [[" \t>", 60_000], ["x", 1]], lambda r: r["distinct"] == ["x"]),
    "tokens: '---' lines": ("tokens", [["---\n", 50_000]], lambda r: r["n"] == 0),
    "tokens: autolink never closed": ("tokens", [["<https://", 1], ["a", N]], lambda r: r["n"] >= 1),
    "tokens: autolinks back to back": ("tokens", [["<https://a", 30_000]], lambda r: r["n"] > 0),
    "tokens: 100k '<p>'": ("tokens", [["<p>", 100_000]], lambda r: r["n"] == 0),
    "tokens: 70k nested '<div>'": ("tokens", [["<html><body>", 1], ["<div>", 70_000], ["deep", 1]], lambda r: r["distinct"] == ["deep"]),
    "tokens: 100k '<p' never closed": ("tokens", [["<p", 100_000]], lambda r: r["n"] >= 1),
    "tokens: 200k '\\r'": ("tokens", [["\r", N]], lambda r: r["n"] == 0),
    "tokens: everything at once": ("tokens", [["---\n[![(<", 40_000]], lambda r: r["n"] == 0),
    # --- normalize.plain_text -----------------------------------------------------------------------
    "plain_text: 200k '['": ("plain_text", [["[", N]], lambda r: r["len"] == N),
    "plain_text: over the classification limit": ("plain_text", [["a ", 400_000]], lambda r: r["len"] <= 400_000),
    # --- sources.common.split_card: the front-matter expression and YAML -------------------------
    "split_card: '---' lines": ("split_card", [["---\n", 50_000]], lambda r: r["problems"] == []),
    "split_card: front matter never closed": ("split_card", [["---\n", 1], ["a", N]], lambda r: r["keys"] == [] and r["body_len"] == N + 4),
    "split_card: almost-closing lines": ("split_card", [["---\n", 1], ["\n---" + " " * 1000 + "x", 200]], lambda r: r["keys"] == []),
    "split_card: 200k '[' front matter": ("split_card", [["---\n", 1], ["[", N], ["\n---\n", 1]], lambda r: r["keys"] == [] and r["problems"]),
    "split_card: deep block nesting": ("split_card", [["---\n", 1], ["- ", 50_000], ["x\n---\n", 1]], lambda r: r["keys"] == [] and r["problems"]),
    "split_card: 200 KB front matter": ("split_card", [["---\n", 1], ["license: mit\n", 16_000], ["---\nbody\n", 1]],
                                        lambda r: r["keys"] == ["license"]),
    "split_card: '\\r\\n' endings": ("split_card", [["---\r\n", 1], ["a: b\r\n", 10_000], ["---\r\n", 1]], lambda r: r["keys"] == ["a"]),
    # --- sources.common.is_evidence_name --------------------------------------------------------------
    "is_evidence_name: LICENSE and 200k dots": ("is_evidence_name", [["LICENSE", 1], [".", N]], lambda r: isinstance(r["value"], bool)),
    "is_evidence_name: 200k chars then license": ("is_evidence_name", [["a", N], ["license", 1]], lambda r: r["value"] is True),
    "is_evidence_name: version-like suffixes": ("is_evidence_name", [["LICENSE.", 1], ["1.", 100_000], ["1", 1]], lambda r: r["value"] is True),
    "is_evidence_name: 'use-' * 50000 policy": ("is_evidence_name", [["use-", 50_000], ["policy", 1]], lambda r: r["value"] is True),
    # a name starting with "terms" is a terms file (TERMS.md): the answer is True, and quick
    "is_evidence_name: 'terms ' * 50000": ("is_evidence_name", [["terms ", 50_000]], lambda r: r["value"] is True),
    # "terms" as a whole word anywhere is a terms file too (MODEL_TERMS.md, "Model terms.md"); "terminology" is not
    "is_evidence_name: 'x terms ' * 50000": ("is_evidence_name", [["x terms ", 50_000]], lambda r: r["value"] is True),
    "is_evidence_name: 'xterminology ' * 40000": ("is_evidence_name", [["xterminology ", 40_000]], lambda r: r["value"] is False),
    "is_evidence_name: 'acceptable ' * 40000": ("is_evidence_name", [["acceptable ", 40_000]], lambda r: r["value"] is False),
    # --- the classifier on top: a real license survives hostile surroundings ---------------------
    "classify: MIT then 200k '['": ("classify", [["@file:mit.txt", 1], ["[", N]], lambda r: (r["rule"], r["status"]) == ("mit", "exact")),
    "classify: MIT inside 50k '![' each side": ("classify", [["![", 50_000], ["\n\n", 1], ["@file:mit.txt", 1], ["\n\n", 1], ["![", 50_000]],
                                                lambda r: r["rule"] == "mit"),
    "classify: '(c)' * 100000": ("classify", [["(c)", 100_000]], lambda r: r["status"] == "unknown"),
}


def _run(name: str) -> subprocess.CompletedProcess | str:
    fn, parts, _ = CASES[name]
    request = json.dumps({"fn": fn, "parts": parts, "texts": str(ROOT / "license_texts")})
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    try:
        return subprocess.run([sys.executable, "-c", CHILD], input=request, capture_output=True, text=True,
                              timeout=HANG_GUARD_SECONDS, cwd=ROOT, env=env)
    except subprocess.TimeoutExpired:
        return f"did not finish within {HANG_GUARD_SECONDS} s (hang guard)"


@pytest.fixture(scope="module")
def runs() -> dict[str, Future]:
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(_run, name) for name in CASES}
        yield futures


@pytest.mark.parametrize("name", list(CASES))
def test_adversarial_input_finishes_with_the_right_answer(runs: dict[str, Future], name: str) -> None:
    outcome = runs[name].result()

    assert not isinstance(outcome, str), f"{name}: {outcome}"
    assert outcome.returncode == 0, f"{name}: exit {outcome.returncode}\n{outcome.stderr[-3000:]}"
    summary = json.loads(outcome.stdout)
    assert CASES[name][2](summary), f"{name}: unexpected result {summary}"
