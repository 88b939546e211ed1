"""The bounded fetch pool shared by the manifest and lineage stages, and the forked processes that
classify on the other cores."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def fetch_all(fetch: Callable[[Item], Result], items: list[Item], jobs: int,
              fetched: Callable[[Result], object] | None = None) -> list[Result]:
    """Map ``fetch`` over ``items`` on a bounded pool, in order. On Ctrl-C or SIGTERM, queued
    fetches are cancelled and running ones abandoned instead of waited for. ``fetched`` is called
    in the calling thread with each result, in order, as soon as it is there, while the later
    fetches go on (the pool's threads mostly wait on the network)."""
    # imported here: a check of local folders fetches nothing, and concurrent.futures imports logging (~4 ms)
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="licscan-fetch")
    try:
        results = []
        for result in pool.map(fetch, items):
            if fetched is not None:
                fetched(result)
            results.append(result)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):   # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe here only on Linux (macOS' system libraries are not fork-safe) and only while this
    is the one thread of the process (another thread may hold a lock the child would inherit held)."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


class Forked:
    """``work()`` run in a forked copy of this process, which hands back the bytes it returns. The child
    never returns into the caller's code: whatever happens, it ends with os._exit."""

    def __init__(self, work: Callable[[], bytes]):
        read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:   # the child
            status = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    out.write(work())
                status = 0
            except BaseException:   # noqa: BLE001 - the parent sees the exit status and does the work itself
                pass
            finally:
                os._exit(status)
        os.close(write)
        self._read: int | None = read

    def result(self) -> bytes | None:
        """What the child returned, or None if it failed (or was cancelled)."""
        if self._read is None:
            return None
        with os.fdopen(self._read, "rb") as data:
            self._read = None
            got = data.read()
        _pid, status = os.waitpid(self._pid, 0)
        return got if os.waitstatus_to_exitcode(status) == 0 else None

    def cancel(self) -> None:
        if self._read is None:
            return
        os.close(self._read)
        self._read = None
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
