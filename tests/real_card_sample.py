"""Which real cards the equivalence tests read: a fixed spread of the benchmark's cases, or every case with
``pytest --every-real-card``.

An equivalence test proves that a faster path (a memo, a pre-filter, a cache, one walk for two) answers as the
plain one, card by card. Rounds of real cards keep coming (1,655 cases in the seventeenth session) and each such
test reads every card once per path: on every case they took ~150 s of the suite's CPU, half of CI's 5 minutes
on its 2 cores, and grew with each round. They read a spread instead: every k-th case folder in name order
(names sort by owner, so every round and kind of card is among them), k chosen so that the spread holds about
the number a test asks for; the same folders on every run of a given tree, so a failure repeats.

``pytest --every-real-card`` reads every case: run it after changing a path one of these tests guards. Every
case is read whole, through every fast path, by benchmarks/real_cards.py on each round of cards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "benchmarks" / "real_cards" / "cases"

Item = TypeVar("Item")

# set by conftest.py from --every-real-card, before any test module is collected
every_case = False


def spread(items: Sequence[Item], about: int) -> list[Item]:
    """Every k-th item, k the smallest step that leaves at most ``about`` of them; all of them with
    --every-real-card."""
    if every_case or len(items) <= about:
        return list(items)
    return list(items[::math.ceil(len(items) / about)])


def case_folders(about: int) -> list[Path]:
    """A spread of the cases' folders (each holds files/, the copy of the Hub repo), in name order."""
    return spread(sorted(path.parent for path in CASES.glob("*/files")), about)


def case_files(about: int, pattern: str = "**/*") -> list[Path]:
    """The files (under files/, matching ``pattern``) of a spread of ``about`` cases, in name order."""
    return [path for folder in case_folders(about) for path in sorted((folder / "files").glob(pattern)) if path.is_file()]


def every_case_file(pattern: str = "**/*") -> list[Path]:
    """Every case's files: for a test that reads those a cheap test picks out (a word in a few cards)."""
    return [path for path in sorted(CASES.glob(f"*/files/{pattern}")) if path.is_file()]
