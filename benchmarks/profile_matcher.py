"""Where licscan.matcher spends its time, and what candidate optimisations would buy.

    python benchmarks/profile_matcher.py            # phases + cProfile + experiments
    python benchmarks/profile_matcher.py --cprofile 30

Nothing in licscan/ is changed: the phase timings wrap the module's helpers in this process only,
and every alternative is an experimental subclass of Matcher defined here, run over the same
variant corpus (x1 and x3 references) and checked for the same answers as the shipped matcher.
The alternatives: the matcher as it was before the distinct-3-gram pre-filter (for the record),
B (integer word ids for the alignment) and G (3-grams common to many references not indexed),
neither adopted; see benchmarks/README.md. Every Matcher here is built with memo=False, so each
text is matched afresh.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
from html.parser import HTMLParser
import time
from collections import Counter
from itertools import chain, repeat
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, load_corpus, machine, median, percentile, share, table, timed_matches  # noqa: E402
from classify_corpus import tripled  # noqa: E402

import licscan.matcher as M  # noqa: E402
import licscan.normalize as N  # noqa: E402
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
        self.similarity = clock.wrap("LCSseq.similarity (alignment)", real.similarity)
        self.opcodes = clock.wrap("LCSseq.opcodes (differences)", real.opcodes)


def phases(kb, corpus, cls=M.Matcher, label="shipped Matcher") -> None:
    clock = _Clock()
    saved = {name: getattr(M, name) for name in ("tokens", "_shingles", "_densest_span", "LCSseq", "_compare")}
    own = cls.__dict__.get("_align_candidates")
    try:
        M.tokens = clock.wrap("tokens() (render + normalise + split)", saved["tokens"])
        M._shingles = clock.wrap("_shingles (3-gram hashes)", saved["_shingles"])
        M._densest_span = clock.wrap("_densest_span", saved["_densest_span"])
        M.LCSseq = _TimedLCS(clock, saved["LCSseq"])
        M._compare = clock.wrap("_compare (incl. opcodes)", saved["_compare"])
        cls._align_candidates = clock.wrap("_align_candidates (total)", cls._align_candidates)
        matcher = cls(kb, memo=False)
        clock.seconds.clear()
        clock.calls.clear()
        aligned = []
        t0 = time.perf_counter()
        for variant in corpus:
            before = clock.calls["LCSseq.similarity (alignment)"]
            matcher.match(variant.text)
            aligned.append(clock.calls["LCSseq.similarity (alignment)"] - before)
        total = time.perf_counter() - t0
    finally:
        for name, value in saved.items():
            setattr(M, name, value)
        if own is None:
            del cls._align_candidates
        else:
            cls._align_candidates = own
    s = clock.seconds
    inner = s["_shingles (3-gram hashes)"] + s["_densest_span"] + s["LCSseq.similarity (alignment)"]
    rows = [
        ["tokens() (render + normalise + split)", s["tokens() (render + normalise + split)"]],
        ["_shingles (3-gram hashes)", s["_shingles (3-gram hashes)"]],
        ["posting walk, containment, positions (rest of _align_candidates)", s["_align_candidates (total)"] - inner],
        ["_densest_span", s["_densest_span"]],
        ["LCSseq.similarity (alignment)", s["LCSseq.similarity (alignment)"]],
        ["_compare (opcodes, differences)", s["_compare (incl. opcodes)"]],
    ]
    rows.append(["other (match(), _pick, timer overhead)", total - sum(r[1] for r in rows)])
    print(f"== phases, {label}: {len(corpus)} texts, {len(matcher.references)} references (total {total:.2f} s) ==\n")
    print(table(["phase", "total s", "share", "ms/text"], [
        [name, f"{sec:.3f}", f"{100 * sec / total:.0f}%", f"{1000 * sec / len(corpus):.2f}"] for name, sec in rows
    ], right=(1, 2, 3)))
    dist = Counter(aligned)
    print(f"\nreferences aligned per text (MAX_ALIGNED={M.MAX_ALIGNED}): "
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

class PositionPrefilter(M.Matcher):
    """The pre-filter as it was: the share counted *text positions* whose 3-gram is anywhere in the
    reference, so a text repeating phrases gave shares above 1.0 (a CC 4.0 text gave all six CC 4.0
    references ~1.29), and which references were aligned was decided by noise."""

    def _align_candidates(self, words):
        positions_by_ref: dict[int, list[int]] = {}
        for position, shingle in enumerate(M._shingles(words)):
            for ref_index in self._index.get(shingle, ()):
                positions_by_ref.setdefault(ref_index, []).append(position)
        containment = []
        for ref_index, positions in positions_by_ref.items():
            ref = self.references[ref_index]
            share = len(set(positions)) / max(1, len(ref.shingles))
            if share >= M.PREFILTER:
                containment.append((share, ref_index, positions))
        containment.sort(key=lambda item: (-item[0], item[1]))
        scored = []
        for _share, ref_index, positions in containment[:M.MAX_ALIGNED]:
            ref = self.references[ref_index]
            start, end = M._densest_span(sorted(set(positions)), len(ref.tokens))
            window = words[max(0, start - 20): end + M.SHINGLE + 20]
            score = M.LCSseq.similarity(ref.tokens, window) / len(ref.tokens)
            scored.append((ref, score, window))
        scored.sort(key=lambda item: (-item[1], -len(item[0].tokens), item[0].rule_id))
        return scored


class Alternative(M.Matcher):
    """The shipped distinct-3-gram pre-filter with options:

      INT_IDS (B): align integer word ids instead of strings (rapidfuzz hashes every string of
        both sequences on each call; the reference side can be converted once). Text words unknown
        to the references get fresh negative ids.
      STOP_SHARE (G): leave 3-grams shared by more than this share of the references out of the
        index (boilerplate such as "provided as is without warranty"); a reference's share is then
        over its indexed 3-grams. The alignment still uses every word.
    """

    INT_IDS = False
    STOP_SHARE: float | None = None

    def __init__(self, kb, **kwargs):
        super().__init__(kb, **kwargs)
        self._size = [max(1, len(ref.shingles)) for ref in self.references]
        if self.STOP_SHARE is not None:
            limit = max(2, int(self.STOP_SHARE * len(self.references)))
            self._index = {s: refs for s, refs in self._index.items() if len(refs) <= limit}
            indexed = Counter(chain.from_iterable(self._index.values()))
            self._size = [indexed[i] or size for i, size in enumerate(self._size)]
        if self.INT_IDS:
            self._vocab: dict[str, int] = {}
            self._ids = [[self._vocab.setdefault(w, len(self._vocab)) for w in ref.tokens] for ref in self.references]

    def _align_candidates(self, words):
        if self.INT_IDS:
            vocab, unknown = self._vocab, {}
            word_ids = [vocab[w] if w in vocab else unknown.setdefault(w, -1 - len(unknown)) for w in words]
        text_shingles = M._shingles(words)
        hits = Counter(chain.from_iterable(map(self._index.get, set(text_shingles), repeat(()))))
        size = self._size
        containment = [(count / size[r], r) for r, count in hits.items() if count / size[r] >= M.PREFILTER]
        containment.sort(key=lambda item: (-item[0], item[1]))
        scored = []
        for _share, ref_index in containment[:M.MAX_ALIGNED]:
            ref = self.references[ref_index]
            shingles = ref.shingles
            positions = [p for p, s in enumerate(text_shingles) if s in shingles]
            start, end = M._densest_span(positions, len(ref.tokens))
            lo, hi = max(0, start - 20), end + M.SHINGLE + 20
            if self.INT_IDS:
                score = M.LCSseq.similarity(self._ids[ref_index], word_ids[lo:hi]) / len(ref.tokens)
            else:
                score = M.LCSseq.similarity(ref.tokens, words[lo:hi]) / len(ref.tokens)
            scored.append((ref, score, words[lo:hi]))
        scored.sort(key=lambda item: (-item[1], -len(item[0].tokens), item[0].rule_id))
        return scored


class IntIds(Alternative):
    INT_IDS = True


class StopGrams(Alternative):
    STOP_SHARE = 0.15


_OLD_QUOTES = str.maketrans(N._QUOTES)


def _old_plain_text(text: str) -> str:
    """normalize.plain_text as it was: str.translate(dict) for the quotes, no guards on the link regexes."""
    text = text[:N.MAX_CLASSIFY_CHARS].replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if N.looks_like_html(text):
        text = N.html_to_text(text)
    text = N.unicodedata.normalize("NFKC", text).translate(_OLD_QUOTES)
    text = N._MD_LINK.sub(r"\1", text)
    text = N._MD_AUTOLINK.sub(r"\1", text)
    text = N._LIST_MARKER.sub("", text)
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
        same = sum(shape(a) == shape(b) for a, b in zip(py_roots, c_roots))
        rows.append(["yaml.CSafeLoader (libyaml composer: crashes on deep nesting, not used)", f"{c_time * 1000:.0f}", share(same, len(files))])
        h_time, h_roots = compose_all(yamlnodes._FastSafeLoader)
        same = sum(shape(a) == shape(b) for a, b in zip(py_roots, h_roots))
        rows.append(["yamlnodes (shipped): libyaml parser + PyYAML composer", f"{h_time * 1000:.0f}", share(same, len(files))])
    else:
        rows.append(["yaml.CSafeLoader", "n/a", "PyYAML built without libyaml"])
    print(f"== E: composing the {len(files)} rule files (ms, best of 3; 'same' = identical nodes, tags, values and line numbers) ==\n")
    print(table(["loader", "ms", "same"], rows, right=(1,)))
    print()


def timed_run(matcher, corpus, repeat: int = 3) -> tuple[list[float], list]:
    """Per text: the fastest of `repeat` runs (the experiments compare code, not machine noise)."""
    timed = timed_matches(matcher, corpus, repeat)
    return [best * 1000 for _, best in timed], [result for result, _ in timed]


def experiments(kb, corpus, repeat: int = 3) -> None:
    """Every configuration on every text, round-robin (so machine noise hits them alike), best of `repeat`."""
    configs = [
        ("shipped Matcher", M.Matcher, None),
        ("before: text-position prefilter, old tokens()", PositionPrefilter, _old_tokens),
        ("+B: integer word ids for the alignment", IntIds, None),
        ("+G: 3-grams in >15% of references not indexed", StopGrams, None),
    ]
    big = tripled(kb)
    figures = {}
    for size, knowledge in (("x1", kb), ("x3", big)):
        matchers = []
        for label, cls, tokens_function in configs:
            saved = M.tokens
            M.tokens = tokens_function or saved
            try:
                t0 = time.perf_counter()
                matchers.append((cls(knowledge, cache=False, memo=False), tokens_function))
                build = time.perf_counter() - t0
            finally:
                M.tokens = saved
            figures[(label, size)] = {"build": build, "ms": [], "results": []}
        saved = M.tokens
        try:
            for variant in corpus[:20]:  # warm-up
                for matcher, tokens_function in matchers:
                    M.tokens = tokens_function or saved
                    matcher.match(variant.text)
            for variant in corpus:
                for (label, _cls, _t), (matcher, tokens_function) in zip(configs, matchers):
                    M.tokens = tokens_function or saved
                    best = float("inf")
                    for _ in range(repeat):
                        t0 = time.perf_counter()
                        result = matcher.match(variant.text)
                        best = min(best, time.perf_counter() - t0)
                    figures[(label, size)]["ms"].append(best * 1000)
                    figures[(label, size)]["results"].append(result)
        finally:
            M.tokens = saved

    def correct(results):
        ids = [(r.rule_id or "").split("-benchdup", 1)[0] or None for r in results]
        return sum(i == v.expected_id and r.status == v.expected_status for i, r, v in zip(ids, results, corpus))

    base = figures[(configs[0][0], "x1")]
    rows = []
    for label, _cls, _t in configs:
        one, three = figures[(label, "x1")], figures[(label, "x3")]
        same = sum((a.rule_id, a.status, a.score) == (b.rule_id, b.status, b.score) for a, b in zip(base["results"], one["results"]))
        rows.append([
            label, f"{one['build'] * 1000:.0f}", f"{median(one['ms']):.2f}", f"{percentile(one['ms'], 95):.2f}",
            f"{sum(one['ms']) / 1000:.2f}", f"{median(one['ms']) / median(base['ms']):.2f}",
            share(correct(one["results"]), len(corpus)), str(same),
            f"{median(three['ms']):.2f}", f"{median(three['ms']) / median(one['ms']):.2f}", share(correct(three["results"]), len(corpus)),
        ])
    print(f"== matchers: ms per text = fastest of {repeat}, configurations interleaved text by text; "
          "'same' = identical id, status and score as the shipped matcher (x1) ==\n")
    print(table(
        ["matcher", "build ms", "median ms", "p95 ms", "sum s", "vs shipped", "id+status x1", "same", "median ms x3", "x3/x1", "id+status x3"],
        rows, right=(1, 2, 3, 4, 5, 7, 8, 9),
    ))
    print()


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
            key = best_of(lambda: M._cache_key(kb))
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
    big = tripled(kb)
    phases(kb, corpus)
    phases(big, corpus)
    phases(kb, corpus, PositionPrefilter, "before: text-position prefilter")
    phases(big, corpus, PositionPrefilter, "before: text-position prefilter")
    profile(kb, corpus, args.cprofile)
    experiments(kb, corpus)
    normalisation_experiments(corpus)
    yaml_experiment()
    cache_experiment(kb)


if __name__ == "__main__":
    main()
