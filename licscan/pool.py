"""The bounded fetch pool shared by the manifest and lineage stages."""

from __future__ import annotations

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
