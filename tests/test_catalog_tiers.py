"""The catalog's posting lists: a file is counted against the lists of every sketched catalog text (the
lowest tier, one file a run reads) instead of those of the tier of its own length. The catalog texts kept
for alignment must be the same: every text of the file's tier or longer has all of its hits in either.

Proved on every real license file of the benchmark's repositories, every reference text of license_texts/
and a sample of the catalog's own texts (short, long and every length between), with the lists as the
catalog writes them.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain, repeat
from pathlib import Path

from licscan.catalog import load_catalog
from licscan.catalog_identify import MIN_SHARE_OF_FILE, MIN_WORDS, PREFILTER, shingles, tier_of
from licscan.normalize import tokens

ROOT = Path(__file__).resolve().parents[1]


def real_texts() -> list[tuple[str, str]]:
    paths = [*sorted((ROOT / "benchmarks" / "real_cards" / "cases").glob("*/files/**/*")), *sorted((ROOT / "license_texts").iterdir())]
    found = []
    for path in paths:
        if path.is_file():
            try:
                found.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
            except UnicodeDecodeError:
                continue
    return found


def kept(catalog_texts, words: list[str], tier: int) -> list[str]:
    """The catalog texts _identify keeps for a file, counted against the lists of ``tier``."""
    shortest = MIN_SHARE_OF_FILE * len(words)
    lists, sizes = catalog_texts._postings(tier)
    hits = Counter(chain.from_iterable(map(lists.get, shingles(words), repeat(()))))
    return sorted(key for key, count in hits.items()
                  if count >= PREFILTER * sizes[key] and catalog_texts.licenses[key].words >= shortest)


def test_the_lowest_tier_keeps_the_catalog_texts_the_file_s_own_tier_keeps():
    catalog = load_catalog()
    assert catalog is not None
    texts = catalog.texts
    samples = real_texts()
    keys = sorted(texts.licenses, key=lambda key: texts.licenses[key].words)
    folder = texts.folder / "texts"
    samples += [(key, (folder / f"{key}.txt").read_text(encoding="utf-8")) for key in keys[::25] if (folder / f"{key}.txt").is_file()]
    assert len(samples) > 300
    lowest = tier_of(MIN_WORDS)
    tiers_met, found_some = set(), 0
    for name, text in samples:
        words = tokens(text)
        if len(words) < MIN_WORDS:
            continue
        own_tier = tier_of(max(int(MIN_SHARE_OF_FILE * len(words)), MIN_WORDS))
        tiers_met.add(own_tier)
        expected = kept(texts, words, own_tier)
        assert kept(texts, words, lowest) == expected, name
        found_some += bool(expected)
    assert len(tiers_met) >= 6 and found_some > 100
