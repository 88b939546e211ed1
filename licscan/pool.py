"""The bounded fetch pool shared by the manifest and lineage stages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def fetch_all(fetch: Callable[[Item], Result], items: list[Item], jobs: int) -> list[Result]:
    """Map ``fetch`` over ``items`` on a bounded pool, in order. On Ctrl-C or SIGTERM, queued
    fetches are cancelled and running ones abandoned instead of waited for."""
    # imported here: a check of local folders fetches nothing, and concurrent.futures imports logging (~4 ms)
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="licscan-fetch")
    try:
        results = list(pool.map(fetch, items))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results
