"""Shared helpers for the benchmark scripts: the labelled corpus, scoring, and plain-text tables.

Not a test module and not part of licscan: benchmarks print figures, they never assert on time.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from licscan.rules import GRANTS, KnowledgeBase, LicenseRule  # noqa: E402

# Categories whose texts must never be reported as something that allows more.
RESTRICTIVE_CATEGORIES = ("non-commercial", "revenue-threshold")
# "allowed" is more permissive than "conditional", which is more permissive than "denied".
_GRANT_RANK = {grant: rank for rank, grant in enumerate(reversed(GRANTS))}


@dataclass(frozen=True)
class Outcome:
    """One variant run through a classifier and what it said."""

    name: str
    kind: str
    expected_id: str
    expected_status: str
    got_id: str | None      # None: unknown / no license found / unmapped
    got_status: str         # "exact" | "modified" | "unknown" (or "-" when the tool has no notion of it)
    score: float
    seconds: float | None = None
    got_label: str = ""     # what the tool literally said (e.g. a ScanCode expression), for the confusion list


def category(kb: KnowledgeBase, rule_id: str | None) -> str:
    rule = kb.get(rule_id) if rule_id else None
    return rule.category if rule else "unknown"


def is_restrictive(rule: LicenseRule) -> bool:
    """Non-commercial, research-only or threshold terms."""
    return rule.category in RESTRICTIVE_CATEGORIES or rule.grant_for("commercial") == "denied"


def more_permissive(got: LicenseRule, expected: LicenseRule) -> bool:
    """True if the rule we reported allows, for some use, more than the rule the text really is."""
    if got.id == expected.id:
        return False
    for use, grant in expected.use:
        if _GRANT_RANK[got.grant_for(use)] > _GRANT_RANK[grant]:
            return True
    # Same grants but a dropped or higher revenue/MAU threshold is also more permissive.
    got_limits = {t.fact: t.limit for t in got.thresholds}
    return any(t.fact not in got_limits or got_limits[t.fact] > t.limit for t in expected.thresholds)


def dangerous(kb: KnowledgeBase, o: Outcome) -> str | None:
    """Why this outcome is a dangerous error, or None.

    Dangerous: a restrictive text (non-commercial, research-only, revenue-threshold) classified as a
    rule that allows more, or a text with an altered clause reported as an exact copy. Saying
    "unknown" is never dangerous: unknown fails closed.
    """
    if o.expected_status == "modified" and o.got_status == "exact":
        return "altered clause reported exact"
    expected = kb.get(o.expected_id)
    got = kb.get(o.got_id) if o.got_id else None
    if expected is not None and got is not None and is_restrictive(expected) and more_permissive(got, expected):
        return f"{expected.category} text reported as more permissive {got.id} ({got.category})"
    return None


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def pass_fail(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, right: Sequence[int] = ()) -> str:
    """A fixed-width plain-text table (also valid inside a Markdown code block)."""
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            out.append(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]))
        return "  ".join(out).rstrip()

    return "\n".join([line([str(h) for h in headers]), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPU(s) ({cpu}), Python {platform.python_version()} on {platform.system()} {platform.release()}"


def load_corpus(kb: KnowledgeBase | None = None):
    from fixtures.variants import variants

    return variants(kb)


def timed_matches(matcher, corpus, repeat: int = 1) -> list[tuple[object, float]]:
    """(match, seconds) per variant: the fastest of `repeat` runs, after a warm-up of 20 texts
    (regex compilation, the bs4 import) that is kept outside the timings."""
    for variant in corpus[:20]:
        matcher.match(variant.text)
    timed = []
    for variant in corpus:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = matcher.match(variant.text)
            best = min(best, time.perf_counter() - t0)
        timed.append((result, best))
    return timed
