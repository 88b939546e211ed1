"""licscan's own progress line on stderr: one line per run, rewritten in place.

Shown only when stderr is a terminal, never with --quiet, and only once a run has taken longer
than half a second (a pre-commit hook on a small manifest stays silent). It names the phase, the
checkpoints done out of the total, the fetches in flight and the checkpoint last started, so a
long warm run is not silence and a cold run is not a wall of download bars (huggingface_hub's
own per-file bars are switched off by the Hub source's caller).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

DELAY_SECONDS = 0.5
WIDTH = 100


class Progress:
    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic, delay: float = DELAY_SECONDS):
        self.stream = stream or sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.clock = clock
        self.delay = delay
        self.started = clock()
        self.phase = ""
        self.total = 0
        self.count = 0
        self.in_flight = 0
        self.current = ""
        self.shown = False
        self._lock = threading.Lock()

    def begin(self, phase: str, total: int = 0) -> None:
        with self._lock:
            self.phase, self.total, self.count, self.in_flight, self.current = phase, total, 0, 0, ""
            self._render()

    def started_item(self, label: str) -> None:
        with self._lock:
            self.in_flight += 1
            self.current = label
            self._render()

    def finished_item(self, label: str = "") -> None:
        with self._lock:
            self.in_flight = max(0, self.in_flight - 1)
            self.count += 1
            if label:
                self.current = label
            self._render()

    def done(self) -> None:
        with self._lock:
            if self.shown:
                self.stream.write("\r" + " " * WIDTH + "\r")
                self.stream.flush()
                self.shown = False

    def line(self) -> str:
        """The status line as it would be shown now (without the carriage return)."""
        counted = f" {self.count}/{self.total}" if self.total else (f" {self.count}" if self.count else "")
        flight = f" ({self.in_flight} in flight)" if self.in_flight > 1 else ""
        text = f"licscan: {self.phase}{counted}{flight} {self.current}".rstrip()
        # A repo id is the user's own text, but keep the line one line whatever it holds.
        text = "".join(ch if ch.isprintable() else "?" for ch in text)
        return text[: WIDTH - 1].ljust(WIDTH - 1)

    def _render(self) -> None:
        if not self.enabled or self.clock() - self.started < self.delay:
            return
        self.shown = True
        self.stream.write("\r" + self.line())
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
