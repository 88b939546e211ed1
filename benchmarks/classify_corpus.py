"""Accuracy and speed of licscan's text classifier over the labelled variant corpus.

    python benchmarks/classify_corpus.py              # the knowledge base as it is
    python benchmarks/classify_corpus.py --tripled    # also with every reference registered 3 times

Every verbatim text in license_texts/ is turned into labelled variants by fixtures/variants.py
(original, rewrapped, markdown, html, header+crlf+quotes, bullets, in-model-card, clause-altered);
each is classified with licscan.matcher.Matcher on one core, one text at a time, as `licscan check`
does it. Prints accuracy, the confusion list, dangerous errors, timings and the targets beside them.
Not a test: nothing here fails on time.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    Outcome, category, dangerous, load_corpus, machine, median, pass_fail, percentile, share, table,
    timed_matches,
)

from licscan.matcher import Matcher  # noqa: E402
from licscan.rules import KnowledgeBase, load_knowledge_base  # noqa: E402

TARGET_MEDIAN_MS = 5.0
TARGET_ALL_ID = 0.98
COPIES = 3
DUP = "-benchdup"   # suffix of the fake ids of the copies: "<id>-benchdup1", "<id>-benchdup2"


def tripled(kb: KnowledgeBase) -> KnowledgeBase:
    """The same knowledge base with each rule registered COPIES times under distinct fake ids.

    The copies point at the same reference files (the matcher keys references by rule id and file),
    and their use_policies / supersedes_text_of point at the copies of the same generation, so each
    copy is a complete, consistent rule set of its own.
    """
    rules = list(kb.rules)
    for n in range(1, COPIES):
        suffix = f"{DUP}{n}"
        for rule in kb.rules:
            rules.append(dataclasses.replace(
                rule,
                id=rule.id + suffix,
                hub_ids=tuple(h + suffix for h in rule.hub_ids),
                aliases=tuple(a + suffix for a in rule.aliases),
                spdx=rule.spdx + suffix,
                use_policies=tuple(p + suffix for p in rule.use_policies),
                supersedes_text_of=tuple(p + suffix for p in rule.supersedes_text_of),
            ))
    return KnowledgeBase(tuple(rules), kb.texts_dir, kb.version + f"x{COPIES}")


def base_id(rule_id: str | None) -> str | None:
    return rule_id.split(DUP, 1)[0] if rule_id else rule_id


def run(kb: KnowledgeBase, corpus, *, repeat: int = 1) -> dict:
    gc.collect()
    start = time.perf_counter()
    Matcher(kb, cache=False)
    build = time.perf_counter() - start
    Matcher(kb)   # writes the disk cache of the reference tokens if it is missing
    gc.collect()
    start = time.perf_counter()
    # memo=False: every text is matched afresh (the warm-up and --repeat would otherwise hit the memo)
    matcher = Matcher(kb, memo=False)
    cached_build = time.perf_counter() - start
    outcomes = [
        Outcome(variant.name, variant.kind, variant.expected_id, variant.expected_status,
                base_id(result.rule_id), result.status, result.score, best)
        for variant, (result, best) in zip(corpus, timed_matches(matcher, corpus, repeat))
    ]
    return {"kb": kb, "build": build, "cached_build": cached_build, "outcomes": outcomes, "references": len(matcher.references)}


def summarise(kb: KnowledgeBase, outcomes: list[Outcome]) -> dict:
    n = len(outcomes)
    ids = sum(o.got_id == o.expected_id for o in outcomes)
    cats = sum(category(kb, o.got_id) == category(kb, o.expected_id) for o in outcomes)
    both = sum(o.got_id == o.expected_id and o.got_status == o.expected_status for o in outcomes)
    originals = [o for o in outcomes if o.kind == "original"]
    ms = [o.seconds * 1000 for o in outcomes]
    total = sum(o.seconds for o in outcomes)
    return {
        "n": n, "ids": ids, "cats": cats, "both": both,
        "orig_n": len(originals),
        "orig_ids": sum(o.got_id == o.expected_id for o in originals),
        "orig_cats": sum(category(kb, o.got_id) == category(kb, o.expected_id) for o in originals),
        "dangerous": [(o, why) for o in outcomes if (why := dangerous(kb, o))],
        "median_ms": median(ms), "p95_ms": percentile(ms, 95), "max_ms": max(ms),
        "total_s": total, "per_s": n / total if total else float("inf"),
    }


def report(title: str, result: dict) -> dict:
    kb, outcomes = result["kb"], result["outcomes"]
    s = summarise(kb, outcomes)
    print(f"== {title}: {len(kb.rules)} rules, {result['references']} reference texts, {s['n']} variant texts ==\n")

    print(table(["accuracy", "result"], [
        ["exact id", share(s["ids"], s["n"])],
        ["category", share(s["cats"], s["n"])],
        ["id + status (exact/modified)", share(s["both"], s["n"])],
    ]))
    print()

    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_kind[o.kind].append(o)
    rows = []
    for kind, items in by_kind.items():
        rows.append([
            kind, len(items),
            share(sum(o.got_id == o.expected_id for o in items), len(items)),
            share(sum(category(kb, o.got_id) == category(kb, o.expected_id) for o in items), len(items)),
            share(sum(o.got_id == o.expected_id and o.got_status == o.expected_status for o in items), len(items)),
            f"{median([o.seconds * 1000 for o in items]):.2f}",
        ])
    print(table(["variant kind", "n", "exact id", "category", "id+status", "median ms"], rows, right=(1, 5)))
    print()

    wrong = [o for o in outcomes if not (o.got_id == o.expected_id and o.got_status == o.expected_status)]
    print(f"confusion list ({len(wrong)} texts not classified as expected):")
    if wrong:
        print(table(["text", "expected", "got", "score"], [
            [o.name, f"{o.expected_id} ({o.expected_status})", f"{o.got_id or 'unknown'} ({o.got_status})", f"{o.score:.4f}"]
            for o in wrong
        ], right=(3,)))
        pairs = Counter((o.expected_id, o.got_id) for o in wrong if o.got_id != o.expected_id)
        if pairs:
            print("\nid confusions, most frequent first:")
            for (exp, got), count in pairs.most_common(15):
                print(f"  {count:3d} x  {exp} -> {got or 'unknown'}")
    else:
        print("  (none)")
    print()

    print(f"dangerous errors: {len(s['dangerous'])}")
    for o, why in s["dangerous"]:
        print(f"  {o.name}: {why} (score {o.score:.4f})")
    print()

    print(table(["speed (single core, in-process)", "value"], [
        ["matcher build (reference pre-processing)", f"{result['build'] * 1000:.0f} ms"],
        ["matcher build from the disk cache of tokens", f"{result['cached_build'] * 1000:.0f} ms"],
        ["median per text", f"{s['median_ms']:.2f} ms"],
        ["p95 per text", f"{s['p95_ms']:.2f} ms"],
        ["max per text", f"{s['max_ms']:.2f} ms"],
        ["total", f"{s['total_s']:.2f} s"],
        ["texts per second", f"{s['per_s']:.0f}"],
    ]))
    print()

    targets = [
        ["originals: category", "100%", share(s["orig_cats"], s["orig_n"]), pass_fail(s["orig_cats"] == s["orig_n"])],
        ["originals: exact id", "100%", share(s["orig_ids"], s["orig_n"]), pass_fail(s["orig_ids"] == s["orig_n"])],
        ["all variants: exact id", f">= {TARGET_ALL_ID:.0%}", share(s["ids"], s["n"]), pass_fail(s["ids"] >= TARGET_ALL_ID * s["n"])],
        ["dangerous errors", "0", str(len(s["dangerous"])), pass_fail(not s["dangerous"])],
        ["median per text", f"< {TARGET_MEDIAN_MS:g} ms", f"{s['median_ms']:.2f} ms", pass_fail(s["median_ms"] < TARGET_MEDIAN_MS)],
    ]
    print(table(["target", "goal", "measured", ""], targets))
    print()
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tripled", action="store_true", help="also run with every reference registered 3 times under fake ids")
    parser.add_argument("--repeat", type=int, default=1, help="time each text N times and keep the fastest (default 1)")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    t0 = time.perf_counter()
    kb = load_knowledge_base()
    load = time.perf_counter() - t0
    corpus = load_corpus(kb)
    print(f"knowledge base {kb.version}: loaded in {load * 1000:.0f} ms (rule files parsed, not cached)\n")

    base = run(kb, corpus, repeat=args.repeat)
    s_base = report("licscan matcher", base)
    if not args.tripled:
        return
    big = run(tripled(kb), corpus, repeat=args.repeat)
    s_big = report(f"licscan matcher, reference set x{COPIES} (copies under fake ids; a copy's id counts as the original's)", big)
    print(f"== scaling: x1 vs x{COPIES} references ==\n")
    print(table(["", "x1", f"x{COPIES}", "ratio"], [
        ["reference texts", base["references"], big["references"], f"{big['references'] / base['references']:.1f}"],
        ["matcher build ms", f"{base['build'] * 1000:.0f}", f"{big['build'] * 1000:.0f}", f"{big['build'] / base['build']:.2f}"],
        ["... from disk cache ms", f"{base['cached_build'] * 1000:.0f}", f"{big['cached_build'] * 1000:.0f}", f"{big['cached_build'] / base['cached_build']:.2f}"],
        ["median ms per text", f"{s_base['median_ms']:.2f}", f"{s_big['median_ms']:.2f}", f"{s_big['median_ms'] / s_base['median_ms']:.2f}"],
        ["p95 ms per text", f"{s_base['p95_ms']:.2f}", f"{s_big['p95_ms']:.2f}", f"{s_big['p95_ms'] / s_base['p95_ms']:.2f}"],
        ["texts per second", f"{s_base['per_s']:.0f}", f"{s_big['per_s']:.0f}", f"{s_big['per_s'] / s_base['per_s']:.2f}"],
        ["exact id", share(s_base["ids"], s_base["n"]), share(s_big["ids"], s_big["n"]), ""],
        ["dangerous errors", len(s_base["dangerous"]), len(s_big["dangerous"]), ""],
    ], right=(1, 2, 3)))


if __name__ == "__main__":
    main()
