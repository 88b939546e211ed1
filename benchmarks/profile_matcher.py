"""Where licscan.matcher spends its time, and what candidate optimisations would buy.

    python benchmarks/profile_matcher.py            # phases + cProfile + experiments
    python benchmarks/profile_matcher.py --cprofile 30

Nothing in licscan/ is changed: the phase timings wrap the module's helpers in this process only,
and every optimisation is an experimental subclass of Matcher defined here, run over the same
variant corpus (x1 and x3 references) and checked for the same answers as the shipped matcher.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pickle
import pstats
import re
import sys
from html.parser import HTMLParser
import time
from collections import Counter
from itertools import chain, repeat
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, load_corpus, machine, median, percentile, share, table  # noqa: E402
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
        matcher = cls(kb)
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
        ["posting-list walk + containment (rest of _align_candidates)", s["_align_candidates (total)"] - inner],
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
    matcher = M.Matcher(kb)
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

class DistinctContainment(M.Matcher):
    """Idea A: prefilter on distinct shared 3-grams, counted in C; positions only for the few aligned.

    The shipped prefilter counts text *positions* whose 3-gram occurs in a reference, so a text
    with repeated phrases scores above 1.0 (a CC 4.0 text gives all six CC 4.0 references
    ~1.29) and a shorter sibling can outrank the text's own license. Counting each reference
    3-gram once bounds the share by 1.0 and makes the ranking meaningful; the posting lists are
    walked with Counter(chain(...)) (a C loop) instead of setdefault/append per hit.

    Options for the other ideas:
      INT_IDS (B): align integer word ids instead of strings (rapidfuzz hashes every string of
        both sequences on each call; the reference side can be converted once). Text words unknown
        to the references get fresh negative ids.
      STOP_SHARE (G): leave 3-grams shared by more than this share of the references out of the
        index (boilerplate such as "provided as is without warranty"); a reference's share is then
        over its indexed 3-grams. The alignment still uses every word.
    """

    INT_IDS = False
    STOP_SHARE: float | None = None

    def __init__(self, kb):
        super().__init__(kb)
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
        containment = [(count / size[r], r) for r, count in hits.items() if count >= M.PREFILTER * size[r]]
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


class IntIds(DistinctContainment):
    INT_IDS = True


class StopGrams(DistinctContainment):
    STOP_SHARE = 0.15


class AllIdeas(DistinctContainment):
    INT_IDS = True
    STOP_SHARE = 0.15


_QUOTE_CHARS = re.compile("[‘’‚′“”„″–—‐‑]")
_QUOTE_MAP = {chr(k): v for k, v in N._QUOTES.items()}


def _fast_plain_text(text: str, html_to_text=None) -> str:
    """normalize.plain_text with str.translate(dict) replaced by a regex over the few characters."""
    text = text[:N.MAX_CLASSIFY_CHARS].replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if N.looks_like_html(text):
        text = (html_to_text or N.html_to_text)(text)
    text = N.unicodedata.normalize("NFKC", text)
    text = _QUOTE_CHARS.sub(lambda m: _QUOTE_MAP[m.group()], text)
    text = N._MD_LINK.sub(r"\1", text)
    text = N._MD_AUTOLINK.sub(r"\1", text)
    text = N._LIST_MARKER.sub("", text)
    return text


def _fast_tokens(text: str) -> list[str]:
    """Idea C."""
    return N._TOKEN.findall(_fast_plain_text(text).lower())


def _fast_tokens_stdlib_html(text: str) -> list[str]:
    """Ideas C + D."""
    return N._TOKEN.findall(_fast_plain_text(text, _stdlib_html_to_text).lower())


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
    """Ideas for licscan/normalize.py, each checked for identical tokens on the whole corpus."""
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
    same = sum(N.tokens(t) == _fast_tokens(t) for t in texts)
    rows.append(["C: tokens(), str.translate(dict) -> regex sub over the quote/dash chars", "all texts",
                 f"{clock(N.tokens, texts):.2f}", f"{clock(_fast_tokens, texts):.2f}", share(same, len(texts))])
    html_texts = [t for t in texts if N.looks_like_html(t)]
    same = sum(N._TOKEN.findall(N.html_to_text(t).lower()) == N._TOKEN.findall(_stdlib_html_to_text(t).lower()) for t in html_texts)
    rows.append(["D: html_to_text, BeautifulSoup -> html.parser.HTMLParser subclass", "HTML texts",
                 f"{clock(N.html_to_text, html_texts):.2f}", f"{clock(_stdlib_html_to_text, html_texts):.2f}",
                 share(same, len(html_texts))])
    print("== normalisation experiments (ms per text, best of 3 passes) ==\n")
    print(table(["idea", "texts", "shipped ms", "idea ms", "same tokens"], rows, right=(2, 3)))
    print()


def yaml_experiment() -> None:
    """licscan/yamlnodes.compose uses the pure-Python yaml.SafeLoader; libyaml's CSafeLoader composes the same nodes."""
    import yaml

    files = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "rules").glob("*.yaml"))]

    def compose_all(loader_class):
        t0 = time.perf_counter()
        roots = []
        for text in files:
            loader = loader_class(text)
            try:
                roots.append(loader.get_single_node())
            finally:
                loader.dispose()
        return time.perf_counter() - t0, roots

    def shape(node):
        if isinstance(node, yaml.MappingNode):
            return ("map", node.start_mark.line, tuple((shape(k), shape(v)) for k, v in node.value))
        if isinstance(node, yaml.SequenceNode):
            return ("seq", node.start_mark.line, tuple(shape(x) for x in node.value))
        return (node.tag, node.start_mark.line, node.value)

    py_time, py_roots = compose_all(yaml.SafeLoader)
    rows = [["yaml.SafeLoader (shipped)", f"{py_time * 1000:.0f}", "-"]]
    if getattr(yaml, "__with_libyaml__", False):
        c_time, c_roots = compose_all(yaml.CSafeLoader)
        same = sum(shape(a) == shape(b) for a, b in zip(py_roots, c_roots))
        rows.append(["yaml.CSafeLoader (libyaml)", f"{c_time * 1000:.0f}", share(same, len(files))])
    else:
        rows.append(["yaml.CSafeLoader", "n/a", "PyYAML built without libyaml"])
    print(f"== E: composing the {len(files)} rule files (ms; 'same' = identical nodes, tags, values and line numbers) ==\n")
    print(table(["loader", "ms", "same"], rows, right=(1,)))
    print()


def timed_run(matcher, corpus, repeat: int = 3) -> tuple[list[float], list]:
    """Per text: the fastest of `repeat` runs (the experiments compare code, not machine noise)."""
    for variant in corpus[:20]:
        matcher.match(variant.text)
    ms, results = [], []
    for variant in corpus:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = matcher.match(variant.text)
            best = min(best, time.perf_counter() - t0)
        results.append(result)
        ms.append(best * 1000)
    return ms, results


def experiments(kb, corpus, repeat: int = 3) -> None:
    """Every configuration on every text, round-robin (so machine noise hits them alike), best of `repeat`."""
    configs = [
        ("shipped Matcher", M.Matcher, None),
        ("A: distinct-3-gram prefilter, C-level posting walk", DistinctContainment, None),
        ("A+B: integer word ids for the alignment", IntIds, None),
        ("A+G: 3-grams in >15% of references not indexed", StopGrams, None),
        ("A+C+D: faster tokens() (regex quotes, stdlib HTML)", DistinctContainment, _fast_tokens_stdlib_html),
        ("A+B+C+D+G: all of them", AllIdeas, _fast_tokens_stdlib_html),
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
                matchers.append((cls(knowledge), tokens_function))
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
    print(f"== optimisation experiments: ms per text = fastest of {repeat}, configurations interleaved text by text; "
          "'same' = identical id, status and score as the shipped matcher (x1) ==\n")
    print(table(
        ["matcher", "build ms", "median ms", "p95 ms", "sum s", "vs shipped", "id+status x1", "same", "median ms x3", "x3/x1", "id+status x3"],
        rows, right=(1, 2, 3, 4, 5, 7, 8, 9),
    ))
    print()


def cache_experiment(kb) -> None:
    """What a disk cache of the pre-processed references (keyed by kb.version) would save."""
    t0 = time.perf_counter()
    matcher = M.Matcher(kb)
    build = time.perf_counter() - t0
    # Python's hash() of str is salted per process, so the shingle hashes (and the index keyed by
    # them) cannot be reused by another process: a cache must hold the tokens and rebuild the
    # index, or switch the 3-gram hash to a stable one (e.g. tuples of integer word ids).
    tokens_only = pickle.dumps([(r.rule_id, r.text_file, r.tokens, r.kind) for r in matcher.references], protocol=5)
    full = pickle.dumps((matcher.references, matcher._index), protocol=5)
    t0 = time.perf_counter()
    refs = pickle.loads(tokens_only)
    load_tokens = time.perf_counter() - t0
    t0 = time.perf_counter()
    index: dict[int, list[int]] = {}
    rebuilt = []
    for position, (rule_id, text_file, words, kind) in enumerate(refs):
        shingles = frozenset(M._shingles(words))
        rebuilt.append(M.Reference(rule_id, text_file, words, shingles, kind))
        for shingle in shingles:
            index.setdefault(shingle, []).append(position)
    rebuild = time.perf_counter() - t0
    t0 = time.perf_counter()
    pickle.loads(full)
    load_full = time.perf_counter() - t0
    print("== F: disk cache of the pre-processed references (keyed by kb.version) ==\n")
    print(table(["way to get a ready Matcher", "ms", "cache size"], [
        ["build from rules/ + license_texts/ (shipped)", f"{build * 1000:.0f}", "-"],
        ["unpickle tokens, rebuild shingles + index", f"{(load_tokens + rebuild) * 1000:.0f}", f"{len(tokens_only) / 1e6:.1f} MB"],
        ["unpickle tokens + shingles + index (needs a stable 3-gram hash)", f"{load_full * 1000:.0f}", f"{len(full) / 1e6:.1f} MB"],
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
    phases(kb, corpus, DistinctContainment, "idea A")
    phases(big, corpus, DistinctContainment, "idea A")
    profile(kb, corpus, args.cprofile)
    experiments(kb, corpus)
    normalisation_experiments(corpus)
    yaml_experiment()
    cache_experiment(kb)


if __name__ == "__main__":
    main()
