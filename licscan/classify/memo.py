"""Answers remembered by the strings they were computed from, within one process.

The card strategies ask the same questions of the same strings: of a card's body and again of its license
lines' sentences, and cards copy each other's sentences (the quantised and fine-tuned copies of one model,
templates, a license text pasted into the card). A memo only ever holds what the function gave for the same
arguments, so answers are the same with or without it (tests/test_classify_memo.py compares both on every
real card)."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

# Longer strings are computed each time: they are rarely repeated, and a memo of them would hold much memory.
MEMO_MAX_CHARS = 2000
_NOTHING = object()


class Memo(Generic[T]):
    """A bounded dict of answers; emptied when full. A dict's get and set are atomic, so threads may share it."""

    def __init__(self, entries: int = 20_000):
        self._answers: dict[Hashable, T] = {}
        self._entries = entries
        self.enabled = True   # off: every answer is computed (the tests compare both ways)

    def get(self, key: Hashable, text: str, compute: Callable[[], T]) -> T:
        """The answer for ``key`` (whose longest string is ``text``), computed by ``compute`` the first time."""
        if len(text) > MEMO_MAX_CHARS or not self.enabled:
            return compute()
        found = self._answers.get(key, _NOTHING)
        if found is _NOTHING:
            found = compute()
            if len(self._answers) >= self._entries:
                self._answers.clear()
            self._answers[key] = found
        return found  # type: ignore[return-value]

    def clear(self) -> None:
        self._answers.clear()


_last_split: tuple[object, str, tuple[str, ...]] = (None, "", ("",))


def split_remembered(pattern: re.Pattern[str], text: str) -> list[str]:
    """``pattern.split(text)``, the last pattern and text's parts remembered (by the objects themselves): the
    prose and weights strategies split the same card body one after another."""
    global _last_split
    last = _last_split
    if last[0] is not pattern or last[1] is not text:
        last = _last_split = (pattern, text, tuple(pattern.split(text)))
    return list(last[2])
