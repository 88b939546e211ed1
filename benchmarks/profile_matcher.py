"""Where licscan.matcher spends its time, and what candidate optimisations would buy.

    python benchmarks/profile_matcher.py            # phases + cProfile + experiments
    python benchmarks/profile_matcher.py --cprofile 30

Nothing in licscan/ is changed: the phase timings wrap the module's helpers in this process only,
and every alternative pre-filter is an experimental subclass of Matcher defined here, run over the
same variant corpus with the reference set as shipped (x1), x3 (copies, and distinct licenses from
grown.py) and x10 (distinct), and checked for the same answers: the exact count over every 3-gram
(the pre-filter before the sample, commit 9d91494) and the sample's estimate alone (not adopted). The
ideas measured in earlier rounds (the text-position pre-filter, B: integer word ids, G: common 3-grams
left out of the index) are recorded in benchmarks/README.md; their code was removed with them. Every
Matcher here is built with memo=False, so each text is matched afresh.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from itertools import chain, repeat
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, load_corpus, machine, median, percentile, share, table  # noqa: E402
from classify_corpus import tripled  # noqa: E402
from grown import Unavailable, grown  # noqa: E402

import licscan.matcher as M  # noqa: E402
import licscan.normalize as N  # noqa: E402
from licscan.matcher import alignment, cache, index, matching  # noqa: E402
from licscan.matcher.settings import SETTINGS  # noqa: E402
from licscan.rules import load_knowledge_base  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Phase timings: wrap the helpers the matcher calls, in this process only.

class _Clock:
    def __init__(self):
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()

    def wrap(self, name, function):
        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - t0
                self.calls[name] += 1
        return timed


class _TimedLCS:
    def __init__(self, clock: _Clock, real):
        self.similarity = clock.wrap("alignment", real.similarity)
        self.opcodes = clock.wrap("opcodes", real.opcodes)


def phases(kb, corpus, cls=M.Matcher, label="shipped Matcher") -> None:
    clock = _Clock()
    # (module, global) pairs the Matcher's phases call, wrapped in this process only
    patched = [(matching, "tokens"), (index, "densest_flagged_span"), (index, "LCSseq"), (alignment, "LCSseq"), (matching, "compare")]
    saved = [(module, name, getattr(module, name)) for module, name in patched]
    methods = {name: cls.__dict__.get(name) for name in ("_keys", "_prefilter", "_align_candidates")}
    try:
        matching.tokens = clock.wrap("tokens", saved[0][2])
        index.densest_flagged_span = clock.wrap("densest", saved[1][2])
        index.LCSseq = alignment.LCSseq = _TimedLCS(clock, saved[2][2])
        matching.compare = clock.wrap("compare", saved[4][2])
        for name in methods:
            setattr(cls, name, clock.wrap(name, getattr(cls, name)))
        matcher = cls(kb, memo=False)
        clock.seconds.clear()
        clock.calls.clear()
        aligned = []
        t0 = time.perf_counter()
        for variant in corpus:
            before = clock.calls["alignment"]
            matcher.match(variant.text)
            aligned.append(clock.calls["alignment"] - before)
        total = time.perf_counter() - t0
    finally:
        for module, name, value in saved:
            setattr(module, name, value)
        for name, own in methods.items():
            if own is None:
                delattr(cls, name)
            else:
                setattr(cls, name, own)
    s = clock.seconds
    rows = [
        ["tokens() (render + normalise + split)", s["tokens"]],
        ["_keys (3-gram keys of the text)", s["_keys"]],
        ["_prefilter (which references to align)", s["_prefilter"]],
        ["positions of the references' 3-grams (rest of _align_candidates)",
         s["_align_candidates"] - s["_keys"] - s["_prefilter"] - s["densest"] - s["alignment"]],
        ["densest_flagged_span", s["densest"]],
        ["LCSseq.similarity (alignment)", s["alignment"]],
        ["compare (opcodes, differences)", s["compare"]],
    ]
    rows.append(["other (match(), _pick, timer overhead)", total - sum(r[1] for r in rows)])
    print(f"== phases, {label}: {len(corpus)} texts, {len(matcher.references)} references (total {total:.2f} s) ==\n")
    print(table(["phase", "total s", "share", "ms/text"], [
        [name, f"{sec:.3f}", f"{100 * sec / total:.0f}%", f"{1000 * sec / len(corpus):.2f}"] for name, sec in rows
    ], right=(1, 2, 3)))
    dist = Counter(aligned)
    print(f"\nreferences aligned per text (MAX_ALIGNED={SETTINGS.max_aligned}): "
          + ", ".join(f"{k}: {dist[k]} texts" for k in sorted(dist)))
    print()


def profile(kb, corpus, top: int) -> None:
    matcher = M.Matcher(kb, memo=False)
    for variant in corpus[:20]:
        matcher.match(variant.text)
    profiler = cProfile.Profile()
    profiler.enable()
    for variant in corpus:
        matcher.match(variant.text)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    start = text.find("   ncalls")
    print(f"== cProfile over the corpus, top {top} by own time (C calls of rapidfuzz are inside their caller) ==\n")
    print(text[start:].rstrip())
    print()


# ---------------------------------------------------------------------------------------------
# Experimental matchers: each one idea, otherwise identical to licscan.matcher.Matcher.

class ExactCount(M.Matcher):
    """The pre-filter before the sample (commit 9d91494): every reference's exact share, counted by
    walking a posting list of *all* its 3-grams, so the walk grows with the references' total length."""

    def __init__(self, kb, **kwargs):
        super().__init__(kb, **kwargs)
        postings: dict[int, list[int]] = {}
        for position, ref in enumerate(self.references):
            for key in ref.shingles:
                postings.setdefault(key, []).append(position)
        self._full_index = postings

    def _prefilter(self, text_shingles):
        hits = Counter(chain.from_iterable(map(self._full_index.get, set(text_shingles), repeat(()))))
        references = self.references
        containment = []
        for ref_index, shared in hits.items():
            share = shared / max(1, len(references[ref_index].shingles))
            if share >= SETTINGS.prefilter:
                containment.append((share, ref_index))
        containment.sort(key=lambda item: (-item[0], item[1]))
        return [references[ref_index] for _, ref_index in containment[:SETTINGS.max_aligned]]


class SampleOnly(M.Matcher):
    """Idea not adopted: rank on the sample's estimate alone, without counting the shortlist exactly.
    A little faster, but near-equal references (the Llama family) are ranked by sampling noise."""

    def _prefilter(self, text_shingles):
        hits = Counter(chain.from_iterable(map(self._index.get, set(text_shingles), repeat(()))))
        ranked = sorted(((count / self._sample_sizes[r], -r) for r, count in hits.items()), reverse=True)
        return [self.references[-negative] for share, negative in ranked[:SETTINGS.max_aligned] if share >= SETTINGS.prefilter]


_OLD_QUOTES = str.maketrans(N._QUOTES)


def _old_plain_text(text: str) -> str:
    """normalize.plain_text as it was: str.translate(dict) for the quotes, no guards on the link regexes."""
    text = text[:N.MAX_CLASSIFY_CHARS].replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if N.looks_like_html(text):
        text = N.html_to_text(text)
    text = N.unicodedata.normalize("NFKC", text).translate(_OLD_QUOTES)
    text = N._MD_LINK.sub(r"\1", text)
    text = N._MD_AUTOLINK.sub(r"\1", text)
    text = N.without_list_markers(text)
    return text


def _old_tokens(text: str) -> list[str]:
    return N._TOKEN.findall(_old_plain_text(text).lower())


class _HTMLText(HTMLParser):
    """Text of an HTML page with the standard library's parser, skipping what html_to_text drops."""

    SKIP = {"script", "style", "head", "nav", "footer"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _stdlib_html_to_text(text: str) -> str:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    return "\n".join(parser.parts)


def normalisation_experiments(corpus) -> None:
    """normalize.py before and after (C), and an idea not adopted (D), checked for identical tokens."""
    rows = []

    def clock(function, texts, rounds=3):
        best = float("inf")
        for _ in range(rounds):
            t0 = time.perf_counter()
            for text in texts:
                function(text)
            best = min(best, time.perf_counter() - t0)
        return best / len(texts) * 1000

    texts = [v.text for v in corpus]
    same = sum(N.tokens(t) == _old_tokens(t) for t in texts)
    rows.append(["C (shipped): quotes by str.replace, link regexes only if '](' / '<http'", "all texts",
                 f"{clock(_old_tokens, texts):.2f}", f"{clock(N.tokens, texts):.2f}", share(same, len(texts))])
    html_texts = [t for t in texts if N.looks_like_html(t)]
    same = sum(N._TOKEN.findall(N.html_to_text(t).lower()) == N._TOKEN.findall(_stdlib_html_to_text(t).lower()) for t in html_texts)
    rows.append(["D (not adopted: BeautifulSoup is a design requirement): html.parser subclass", "HTML texts",
                 f"{clock(N.html_to_text, html_texts):.2f}", f"{clock(_stdlib_html_to_text, html_texts):.2f}",
                 share(same, len(html_texts))])
    print("== normalisation (ms per text, best of 3 passes) ==\n")
    print(table(["change", "texts", "before ms", "after ms", "same tokens"], rows, right=(2, 3)))
    print()


def yaml_experiment() -> None:
    """licscan/yamlnodes.compose uses the pure-Python yaml.SafeLoader; libyaml's CSafeLoader composes the same nodes."""
    import yaml

    files = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "rules").glob("*.yaml"))]

    def compose_all(loader_class, rounds=3):
        best = float("inf")
        for _ in range(rounds):
            t0 = time.perf_counter()
            roots = []
            for text in files:
                loader = loader_class(text)
                try:
                    roots.append(loader.get_single_node())
                finally:
                    loader.dispose()
            best = min(best, time.perf_counter() - t0)
        return best, roots

    def shape(node):
        if isinstance(node, yaml.MappingNode):
            return ("map", node.start_mark.line, tuple((shape(k), shape(v)) for k, v in node.value))
        if isinstance(node, yaml.SequenceNode):
            return ("seq", node.start_mark.line, tuple(shape(x) for x in node.value))
        return (node.tag, node.start_mark.line, node.value)

    from licscan import yamlnodes

    py_time, py_roots = compose_all(yaml.SafeLoader)
    rows = [["yaml.SafeLoader (before)", f"{py_time * 1000:.0f}", "-"]]
    if getattr(yaml, "__with_libyaml__", False):
        c_time, c_roots = compose_all(yaml.CSafeLoader)
        same = sum(shape(a) == shape(b) for a, b in zip(py_roots, c_roots, strict=True))
        rows.append(["yaml.CSafeLoader (libyaml composer: crashes on deep nesting, not used)", f"{c_time * 1000:.0f}", share(same, len(files))])
        h_time, h_roots = compose_all(yamlnodes._FastSafeLoader)
        same = sum(shape(a) == shape(b) for a, b in zip(py_roots, h_roots, strict=True))
        rows.append(["yamlnodes (shipped): libyaml parser + PyYAML composer", f"{h_time * 1000:.0f}", share(same, len(files))])
    else:
        rows.append(["yaml.CSafeLoader", "n/a", "PyYAML built without libyaml"])
    print(f"== E: composing the {len(files)} rule files (ms, best of 3; 'same' = identical nodes, tags, values and line numbers) ==\n")
    print(table(["loader", "ms", "same"], rows, right=(1,)))
    print()


def reference_sets(kb) -> list[tuple[str, object]]:
    sets = [("x1", kb), ("x3 copies", tripled(kb))]
    for factor in (3, 10):
        try:
            sets.append((f"x{factor} distinct", grown(kb, factor)))
        except Unavailable as problem:
            print(f"(x{factor} distinct skipped: {problem})")
    return sets


def experiments(sets, corpus, repeat: int = 3) -> None:
    """Every pre-filter on every reference set and text, round-robin (so machine noise hits them
    alike), fastest of `repeat` per text."""
    configs = [("shipped: sample, then shortlist counted exactly", M.Matcher),
               ("before: exact count over every 3-gram", ExactCount),
               ("not adopted: sample estimate only", SampleOnly)]
    rows = []
    for size, knowledge in sets:
        matchers = [cls(knowledge, cache=False, memo=False) for _, cls in configs]
        for variant in corpus[:20]:
            for matcher in matchers:
                matcher.match(variant.text)
        ms: list[list[float]] = [[] for _ in configs]
        results: list[list] = [[] for _ in configs]
        for variant in corpus:
            for position, matcher in enumerate(matchers):
                best = float("inf")
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    result = matcher.match(variant.text)
                    best = min(best, time.perf_counter() - t0)
                ms[position].append(best * 1000)
                results[position].append(result)
        for (label, _), times, answers in zip(configs, ms, results, strict=True):
            same = sum(a == b for a, b in zip(answers, results[1], strict=True))
            rows.append([size, label, f"{median(times):.2f}", f"{percentile(times, 95):.2f}", share(same, len(corpus))])
    print(f"== pre-filters by reference set: ms per text = fastest of {repeat}, interleaved text by text; "
          "'same' = the whole answer (id, status, score, runner-up, differences) equals the exact count's ==\n")
    print(table(["references", "pre-filter", "median ms", "p95 ms", "same as exact count"], rows, right=(2, 3)))
    print("\n(benchmarks/matcher_snapshot.py compares answers on 850 further, unlabelled stress texts)\n")


def cache_experiment(kb) -> None:
    """The disk cache of the reference tokens (keyed by kb.version, the texts, the tokenising code)."""
    import tempfile

    def best_of(function, rounds=5):
        best = float("inf")
        for _ in range(rounds):
            t0 = time.perf_counter()
            function()
            best = min(best, time.perf_counter() - t0)
        return best * 1000

    saved = os.environ.get("LICSCAN_CACHE_DIR")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["LICSCAN_CACHE_DIR"] = folder
        try:
            no_cache = best_of(lambda: M.Matcher(kb, cache=False))
            M.Matcher(kb)   # writes the cache
            size = sum(p.stat().st_size for p in Path(folder).glob("references-*.json"))
            cached = best_of(lambda: M.Matcher(kb))
            key = best_of(lambda: cache.cache_key(kb))
        finally:
            if saved is None:
                os.environ.pop("LICSCAN_CACHE_DIR", None)
            else:
                os.environ["LICSCAN_CACHE_DIR"] = saved
    print("== F: disk cache of the reference tokens (in-process, best of 5; a fresh process also saves the bs4 import) ==\n")
    print(table(["way to get a ready Matcher", "ms", "cache size"], [
        ["Matcher(kb, cache=False): render + tokenise every text", f"{no_cache:.0f}", "-"],
        ["Matcher(kb): tokens from the cache, 3-grams + index rebuilt", f"{cached:.0f}", f"{size / 1e6:.2f} MB"],
        ["  of which the cache key (stat of the texts, hash of the code)", f"{key:.1f}", ""],
    ], right=(1, 2)))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cprofile", type=int, default=20, metavar="N", help="rows of the cProfile listing (default 20)")
    args = parser.parse_args()
    print(f"machine: {machine()}\n")
    kb = load_knowledge_base()
    corpus = load_corpus(kb)
    sets = reference_sets(kb)
    for size, knowledge in sets:
        phases(knowledge, corpus, label=f"shipped Matcher, {size}")
    phases(sets[1][1], corpus, ExactCount, f"before (exact count), {sets[1][0]}")
    profile(kb, corpus, args.cprofile)
    experiments(sets, corpus)
    normalisation_experiments(corpus)
    yaml_experiment()
    cache_experiment(kb)


if __name__ == "__main__":
    main()
