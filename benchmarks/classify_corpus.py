"""Accuracy and speed of licscan's text classifier over the labelled variant corpus.

    python benchmarks/classify_corpus.py              # the knowledge base as it is
    python benchmarks/classify_corpus.py --tripled    # also with the reference set x3 (two ways) and x10

Every verbatim text in license_texts/ is turned into labelled variants by fixtures/variants.py
(original, rewrapped, markdown, html, header+crlf+quotes, bullets, in-model-card, clause-altered),
and by fixtures.variants.tolerance_variants into issue 14's classes (benign edits, material edits,
partial copies), reported with their own targets;
each is classified with licscan.matcher.Matcher on one core, one text at a time, as `licscan check`
does it. Prints accuracy, the confusion list, dangerous errors, timings and the targets beside them.
With --tripled the reference set is also grown, and the cost per text compared, text by text:
x3 "copies" (every rule registered three times over the same texts: the worst case for the pre-filter,
since every copy of the right answer passes it) and x3 / x10 "distinct" (real license texts of other
licenses added from ScanCode's library, see grown.py: what a growing rules/ looks like).
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
    timed_matches,
)
from grown import Unavailable, grown  # noqa: E402

from licscan.matcher import Matcher  # noqa: E402
from licscan.normalize import tokens  # noqa: E402
from licscan.rules import KnowledgeBase, load_knowledge_base  # noqa: E402

TARGET_MEDIAN_MS = 5.0
TARGET_ALL_ID = 0.98
# "Flat": tripling the references costs no more than machine noise plus a little (this VM varies +-10 %).
TARGET_FLAT = 1.2
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
        for variant, (result, best) in zip(corpus, timed_matches(matcher, corpus, repeat), strict=True)
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


def most_used(kb: KnowledgeBase, limit: int = 40) -> list[str]:
    """The rules with reference texts most declared on real Hub cards (../shared/notes/hub-license-census.tsv),
    most used first, up to ``limit``; the knowledge base's own order fills the list when the census runs out."""
    census = Path(__file__).resolve().parents[2] / "shared" / "notes" / "hub-license-census.tsv"
    ranked: list[str] = []
    if census.is_file():
        for line in census.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("#") or len(parts) < 3 or not parts[2].isdigit():
                continue
            rule = kb.get(parts[1]) or kb.by_name(parts[1])
            if rule is not None and rule.texts and rule.kind == "license":
                ranked.append(rule.id)
    ranked += [rule.id for rule in kb.rules if rule.texts and rule.kind == "license"]
    return list(dict.fromkeys(ranked))[:limit]


def allows_no_more(got, expected) -> bool:
    rank = {"allowed": 0, "conditional": 1, "denied": 2, "unknown": 3}
    return all(rank[got.grant_for(use)] >= rank[grant] for use, grant in expected.use)


def holders(reference_words: dict[str, list[str]], part: str) -> set[str]:
    """The licenses with a reference text holding the part word for word (a plain search of the words
    joined by spaces, not the matcher)."""
    words = f" {' '.join(tokens(part))} "
    return {rule_id for rule_id, texts in reference_words.items() if any(words in text for text in texts)}


def partial_right(kb: KnowledgeBase, got, expected, sharing: set[str]) -> bool:
    """Issue 14 item 4: a partial copy of the license, or of one its text contains; a part that several
    licenses hold (``sharing``) is the most restrictive one's, or `unknown` when none of them allows no
    more than all the others."""
    others = [kb.get(rule_id) for rule_id in sharing - {expected.id}]
    if got.status == "partial":
        got_rule = kb.get(got.rule_id)
        if category(kb, got.rule_id) == expected.category or got.rule_id in expected.supersedes_text_of:
            return True
        return got.rule_id in sharing and all(allows_no_more(got_rule, kb.get(rule_id)) for rule_id in sharing)
    if got.status == "unknown" and others:
        rules = [expected, *others]
        return not any(all(allows_no_more(rule, other) for other in rules) for rule in rules)
    return False


def tolerance(kb: KnowledgeBase) -> None:
    """Issue 14: benign edits read as the license, material edits never as the original, partial copies
    identified with their category."""
    from fixtures.variants import tolerance_variants

    matcher = Matcher(kb, memo=False)
    reference_words = {rule.id: [f" {' '.join(tokens(kb.text_path(name).read_text(encoding='utf-8')))} " for name in rule.texts]
                       for rule in kb.rules if rule.texts}
    top = set(most_used(kb))
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[list[str]] = []
    dangerous_count = 0
    partial_top = [0, 0]
    for variant in tolerance_variants(kb):
        got = matcher.match(variant.text)
        group = variant.kind.split(":")[0]
        if group == "benign":
            right = got.rule_id == variant.expected_id and got.status == "exact"
        elif group == "material":
            # never the original's terms: a modified copy (its category unknown) or unknown
            right = got.status in ("modified", "unknown")
            if got.status in ("exact", "partial"):
                dangerous_count += 1
                wrong.append([variant.name, "DANGEROUS", f"{got.rule_id} ({got.status})", f"{got.score:.4f}"])
        else:
            expected = kb.get(variant.expected_id)
            right = partial_right(kb, got, expected, holders(reference_words, variant.text))
            if variant.expected_id in top:
                partial_top[0] += right
                partial_top[1] += 1
            got_rule = kb.get(got.rule_id) if got.rule_id else None
            # a dropped threshold allows nothing more when the use it conditions is denied outright
            if (got_rule and is_restrictive(expected) and more_permissive(got_rule, expected)
                    and got.rule_id not in expected.supersedes_text_of
                    and not (got_rule.grant_for("commercial") == "denied" and allows_no_more(got_rule, expected))):
                dangerous_count += 1
                wrong.append([variant.name, f"DANGEROUS: {expected.id} ({expected.category})",
                              f"{got.rule_id} ({got_rule.category})", f"{got.score:.4f}"])
        rows[variant.kind][0] += right
        rows[variant.kind][1] += 1
        if not right:
            wrong.append([variant.name, f"{variant.expected_id} ({variant.expected_status})",
                          f"{got.rule_id or 'unknown'} ({got.status})", f"{got.score:.4f}"])
    print("== issue 14: benign edits, material edits, partial copies ==\n")
    print(table(["kind", "right", "n", "share"], [[kind, right, n, share(right, n)] for kind, (right, n) in rows.items()],
                right=(1, 2)))
    print()
    if wrong:
        print(f"not as expected ({len(wrong)}):")
        print(table(["text", "expected", "got", "score"], wrong, right=(3,)))
        print()

    def total(prefix: str) -> tuple[int, int]:
        picked = [value for kind, value in rows.items() if kind.startswith(prefix)]
        return sum(r for r, _ in picked), sum(n for _, n in picked)

    benign, material = total("benign:"), total("material:")
    print(table(["target (issue 14)", "goal", "measured", ""], [
        ["benign edits read as the license (exact)", "100%", share(*benign), pass_fail(benign[0] == benign[1])],
        ["material edits never read as the original", "100%", share(*material), pass_fail(material[0] == material[1])],
        [f"partial copies of the {len(top)} most used licenses: category", "100%", share(*partial_top),
         pass_fail(partial_top[0] == partial_top[1])],
        ["all partial copies: category", "-", share(*total("partial:")), ""],
        ["dangerous errors", "0", str(dangerous_count), pass_fail(dangerous_count == 0)],
    ]))
    print()


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
    tolerance(kb)
    if not args.tripled:
        return
    scaled = [(f"x{COPIES} copies", tripled(kb), f"reference set x{COPIES}, copies under fake ids; a copy's id counts as the original's")]
    for factor in (3, 10):
        try:
            scaled.append((f"x{factor} distinct", grown(kb, factor), f"reference set x{factor} with real texts of other licenses (grown.py)"))
        except Unavailable as problem:
            print(f"(x{factor} distinct skipped: {problem})\n")
    results = [("x1", base, s_base)]
    for label, knowledge, title in scaled:
        result = run(knowledge, corpus, repeat=args.repeat)
        results.append((label, result, report(f"licscan matcher, {title}", result)))
    scaling(kb, corpus, results)


def scaling(kb: KnowledgeBase, corpus, results: list[tuple[str, dict, dict]], repeat: int = 3) -> None:
    """Cost per text with each reference set, the matchers interleaved text by text (so machine noise
    hits them alike), fastest of `repeat` per text."""
    matchers = [Matcher(result["kb"], memo=False) for _, result, _ in results]
    for variant in corpus[:20]:
        for matcher in matchers:
            matcher.match(variant.text)
    ms: list[list[float]] = [[] for _ in matchers]
    for variant in corpus:
        for times, matcher in zip(ms, matchers, strict=True):
            best = float("inf")
            for _ in range(repeat):
                t0 = time.perf_counter()
                matcher.match(variant.text)
                best = min(best, time.perf_counter() - t0)
            times.append(best * 1000)
    medians = [median(times) for times in ms]
    p95s = [percentile(times, 95) for times in ms]
    labels = [label for label, _, _ in results]
    print(f"== scaling: cost per text as the reference set grows (interleaved, fastest of {repeat}; ratio to x1 in brackets) ==\n")

    def row(name, values, fmt="{:.2f}", ratio=True):
        return [name] + [fmt.format(v) + (f" ({v / values[0]:.2f})" if ratio and i else "") for i, v in enumerate(values)]

    print(table([""] + labels, [
        row("reference texts", [result["references"] for _, result, _ in results], "{:.0f}", ratio=False),
        row("median ms per text", medians),
        row("p95 ms per text", p95s),
        row("matcher build ms", [result["build"] * 1000 for _, result, _ in results], "{:.0f}"),
        row("... from disk cache ms", [result["cached_build"] * 1000 for _, result, _ in results], "{:.0f}"),
        ["id + status right"] + [share(s["both"], s["n"]) for _, _, s in results],
        ["dangerous errors"] + [str(len(s["dangerous"])) for _, _, s in results],
    ], right=tuple(range(1, len(results) + 1))))
    print()
    targets = [
        [f"median per text, {label} / x1", f"<= {TARGET_FLAT:g}", f"{value / medians[0]:.2f}", pass_fail(value / medians[0] <= TARGET_FLAT)]
        for label, value in zip(labels[1:], medians[1:], strict=True) if label.startswith("x3")
    ]
    print(table(["target: cost per text flat as rules/ grows", "goal", "measured", ""], targets))

if __name__ == "__main__":
    main()
