"""The bounded fetch pool shared by the manifest and lineage stages, and the forked processes that
classify on the other cores."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, NoReturn, TypeVar

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


def _end_child(body: Callable[[], None]) -> NoReturn:
    """Runs a forked child's work and ends the child, whatever happens: it never returns into the code that
    forked it. A failure is only its exit status: the parent then does the work itself."""
    status = 1
    try:
        body()
        status = 0
        _keep_what_the_copy_learnt()
    except BaseException:   # noqa: BLE001, S110 - the parent sees the status (or the answers missing)
        pass
    finally:
        os._exit(status)


def _keep_what_the_copy_learnt() -> None:
    """A copy ends with os._exit, so no exit handler runs in it: the regular expressions it compiled that no
    earlier run had (the classifier's patterns the copy's share of the checkpoints met and this process's did
    not) are stored now, or every later run's copy compiles them again (compiled_patterns); so are the answers
    its matcher learnt for copies of a reference text (matcher.copies)."""
    patterns = sys.modules.get(f"{__package__}.compiled_patterns")
    if patterns is not None:
        patterns.save()
    copies = sys.modules.get(f"{__package__}.matcher.copies")
    if copies is not None:
        copies.save_learnt()


class Takings:
    """The numbers 0 .. count - 1, each taken by one process only, by this process and the copies it forks after making
    this: work handed out as it is done (a copy whose share turned out slow leaves more to the others) instead of split
    in advance. The numbers wait in a pipe written whole before forking, its writing end closed; each is taken as one
    4-byte read, which Linux serves whole to one reader at a time (forking is Linux-only here: can_fork). ValueError
    when they do not fit in the pipe (64 KiB by default, one page for a user over pipe-user-pages-soft): written
    without blocking, as nobody reads yet."""

    def __init__(self, count: int):
        self._read, write = os.pipe()
        try:
            os.set_blocking(write, False)
            data = memoryview(b"".join(number.to_bytes(4, "little") for number in range(count)))
            while data:
                data = data[os.write(write, data):]
        except BaseException as failed:
            self.close()
            if isinstance(failed, BlockingIOError):
                raise ValueError(f"{count} numbers do not fit in a pipe") from None
            raise
        finally:
            os.close(write)

    def __iter__(self) -> Iterator[int]:
        """The numbers this process takes, until none is left."""
        while self._read >= 0 and len(taken := os.read(self._read, 4)) == 4:
            yield int.from_bytes(taken, "little")

    def close(self) -> None:
        if self._read >= 0:
            os.close(self._read)
            self._read = -1


class Forked:
    """``work()`` run in a forked copy of this process, which hands back the bytes it returns. The child
    never returns into the caller's code: whatever happens, it ends with os._exit."""

    def __init__(self, work: Callable[[], bytes]):
        read, write = os.pipe()
        try:
            self._pid = os.fork()
        except OSError:   # no process to be had: the caller does the work itself
            os.close(read)
            os.close(write)
            raise
        if self._pid == 0:   # the child
            def hand_back() -> None:
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    out.write(work())

            _end_child(hand_back)
        os.close(write)
        self._read: int | None = read

    def result(self) -> bytes | None:
        """What the child returned, or None if it failed (or was cancelled)."""
        if self._read is None:
            return None
        with os.fdopen(self._read, "rb", closefd=False) as data:
            got = data.read()
        _pid, status = os.waitpid(self._pid, 0)
        os.close(self._read)
        self._read = None
        return got if os.waitstatus_to_exitcode(status) == 0 else None

    def cancel(self) -> None:
        """Ends the child if ``result`` has not (an exception, Ctrl-C or SIGTERM here)."""
        if self._read is None:
            return
        with contextlib.suppress(OSError):
            os.close(self._read)
        self._read = None
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)


class Answering:
    """A forked copy of this process that answers what it is sent, one by one, in order, while this one
    goes on: ``send`` queues one request (pickled: it only ever passes between this process and its own
    copy), ``answers`` waits for the copy and returns the bytes of each answer it gave (fewer than were
    sent if it failed). Fork it while this is the one thread (``can_fork``); it starts two threads of
    its own, which feed the copy and drain it, so neither process ever waits on a full pipe."""

    def __init__(self, answer: Callable[[Any], bytes]):
        import pickle
        import queue

        self._pickle = pickle
        to_copy, copy_reads = os.pipe()[::-1]
        copy_writes, from_copy = os.pipe()[::-1]
        try:
            self._pid = os.fork()
        except OSError:   # no process to be had: the caller classifies in this one
            for fd in (to_copy, copy_reads, copy_writes, from_copy):
                os.close(fd)
            raise
        if self._pid == 0:   # the copy
            def serve() -> None:
                os.close(to_copy)
                os.close(from_copy)
                with os.fdopen(copy_reads, "rb") as requests, os.fdopen(copy_writes, "wb") as answers:
                    while header := requests.read(8):
                        request = pickle.loads(requests.read(int.from_bytes(header, "big")))
                        data = answer(request)
                        answers.write(len(data).to_bytes(8, "big") + data)

            _end_child(serve)
        os.close(copy_reads)
        os.close(copy_writes)
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._answers: list[bytes] = []
        self._feeding = threading.Thread(target=self._feed, args=(to_copy,), name="licscan-copy-feed", daemon=True)
        self._draining = threading.Thread(target=self._drain, args=(from_copy,), name="licscan-copy-drain", daemon=True)
        self._feeding.start()
        self._draining.start()
        self._done = False

    def send(self, request: Any) -> None:
        data = self._pickle.dumps(request, self._pickle.HIGHEST_PROTOCOL)
        self._queue.put(len(data).to_bytes(8, "big") + data)

    def _feed(self, fd: int) -> None:
        with contextlib.suppress(OSError), os.fdopen(fd, "wb") as out:   # OSError: the copy has ended
            while (data := self._queue.get()) is not None:
                out.write(data)
                out.flush()   # the copy starts on it now, not when the buffer fills

    def _drain(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as answers:
            while len(header := answers.read(8)) == 8:
                data = answers.read(int.from_bytes(header, "big"))
                if len(data) != int.from_bytes(header, "big"):
                    break
                self._answers.append(data)

    def answers(self) -> list[bytes]:
        """Every answer, in the order sent, once the copy has answered all it will."""
        if not self._done:
            self._queue.put(None)
            self._feeding.join()
            self._draining.join()
            os.waitpid(self._pid, 0)
            self._done = True
        return self._answers

    def cancel(self) -> None:
        """Ends the copy if ``answers`` has not (an exception, Ctrl-C or SIGTERM here)."""
        if not self._done:
            self._done = True
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            self._queue.put(None)
