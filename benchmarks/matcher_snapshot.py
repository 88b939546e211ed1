"""Record, or compare against, every answer of the classifier on the variant corpus and on 850
unlabelled stress texts (x1 and x3 references).

    python benchmarks/matcher_snapshot.py save SNAPSHOT.json      # before a change to the matcher
    python benchmarks/matcher_snapshot.py compare SNAPSHOT.json   # after it: what changed, text by text

The equivalence check for optimisations of the licscan/matcher/ package and licscan/normalize.py: rule id,
status and score (within 1e-9) must be identical on the whole corpus; the text's tokens, runner-up,
differences and use policies found are compared too and listed separately. With the reference set tripled
(`classify_corpus.tripled`) a copy's id counts as the original's. Exit status 1 if an id, status or
score changed (at x1; at x3 changes are listed, since the old prefilter was wrong there).
Not a test: the snapshot belongs to one knowledge base version.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import load_corpus, table  # noqa: E402
from classify_corpus import base_id, tripled  # noqa: E402

from fixtures.variants import Variant  # noqa: E402
from licscan.matcher import Matcher  # noqa: E402
from licscan.normalize import tokens  # noqa: E402
from licscan.rules import load_knowledge_base  # noqa: E402


def stress_texts(kb) -> list[Variant]:
    """Unlabelled texts between the corpus's cases: partial, shuffled, mixed and degraded copies of
    every reference text, where the answer is often "modified" or "unknown" and scores sit near the
    thresholds. Deterministic (fixed seed)."""
    rng = random.Random(20260101)
    names = [name for rule in kb.rules for name in rule.texts]
    texts = {name: kb.text_path(name).read_text(encoding="utf-8") for name in names}
    out = []
    for name in names:
        text = texts[name]
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        words = text.split()
        other = texts[rng.choice(names)]
        kinds = {
            "first-half": text[: len(text) // 2],
            "second-half": text[len(text) // 2:],
            "first-fifth": text[: len(text) // 5],
            "every-other-paragraph": "\n\n".join(paragraphs[::2]),
            "paragraphs-shuffled": "\n\n".join(rng.sample(paragraphs, len(paragraphs))),
            "twice": text + "\n\n" + text,
            "with-another-license": text + "\n\n" + other,
            "half-of-each": text[: len(text) // 2] + "\n\n" + other[len(other) // 2:],
            "30pct-words-replaced": " ".join(w if rng.random() > 0.3 else rng.choice(("foo", "bar", "baz", "qux")) for w in words),
            "50pct-words-dropped": " ".join(w for w in words if rng.random() > 0.5),
        }
        for kind, body in kinds.items():
            out.append(Variant(f"stress/{name}/{kind}", body, "", "", kind))
    return out


def answers(kb, corpus) -> dict[str, dict]:
    matcher = Matcher(kb)
    out = {}
    for variant in corpus:
        m = matcher.match(variant.text)
        out[variant.name] = {
            "expected": [variant.expected_id, variant.expected_status],
            "rule_id": base_id(m.rule_id), "status": m.status, "score": m.score,
            "runner_up": base_id(m.runner_up), "runner_up_score": m.runner_up_score,
            "differences": list(m.differences), "also_found": sorted({base_id(x) for x in m.also_found}),
            "tokens_sha256": hashlib.sha256("\x00".join(tokens(variant.text)).encode()).hexdigest()[:16],
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("save", "compare"))
    parser.add_argument("snapshot", type=Path)
    args = parser.parse_args()
    kb = load_knowledge_base()
    corpus = load_corpus(kb) + stress_texts(kb)
    current = {"version": kb.version, "x1": answers(kb, corpus), "x3": answers(tripled(kb), corpus)}
    if args.mode == "save":
        args.snapshot.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
        print(f"saved {len(corpus)} answers (corpus + stress texts) x 2 reference sets (knowledge base {kb.version}) to {args.snapshot}")
        return 0
    saved = json.loads(args.snapshot.read_text(encoding="utf-8"))
    if saved["version"] != kb.version:
        print(f"warning: snapshot is of knowledge base {saved['version']}, this is {kb.version}")
    failed = False
    for size in ("x1", "x3"):
        before, after = saved[size], current[size]
        core, extra = [], []
        for name, a in after.items():
            b = before.get(name)
            if b is None:
                core.append([name, "(not in snapshot)", "", ""])
                continue
            if (a["rule_id"], a["status"]) != (b["rule_id"], b["status"]) or abs(a["score"] - b["score"]) > 1e-9:
                verdict = "-" if not a["expected"][0] else "right" if [a["rule_id"], a["status"]] == a["expected"] else "WRONG"
                core.append([name, f"{b['rule_id']} {b['status']} {b['score']:.4f}", f"{a['rule_id']} {a['status']} {a['score']:.4f}", verdict])
            for key in ("tokens_sha256", "runner_up", "runner_up_score", "differences", "also_found"):
                if a[key] != b[key] and not (key == "runner_up_score" and abs(a[key] - b[key]) <= 1e-9):
                    extra.append([name, key, str(b[key])[:60], str(a[key])[:60]])
        labelled = [a for a in after.values() if a["expected"][0]]
        right = sum([a["rule_id"], a["status"]] == a["expected"] for a in labelled)
        print(f"== {size}: {len(after)} texts; id, status, score identical: {len(after) - len(core)}/{len(after)}; "
              f"labelled texts with id + status right: {right}/{len(labelled)} ==")
        if core:
            print(table(["text", "before", "after", "now"], core))
        if extra:
            print(f"\nother fields changed ({len(extra)}):")
            print(table(["text", "field", "before", "after"], extra))
        print()
        if size == "x1" and core:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
