"""A small local fake of the Hugging Face Hub HTTP API, for recording cassettes and live tests.

See ``server.py`` for the endpoints and the fault-injection hook, ``repos/README.md`` for the
repositories it serves (data, not code) and ``SOURCES.md`` for where every served text comes from.
Run it with ``python -m tests.fakehub.server`` (or ``python -m tests.fakehub``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_PORT", "FakeHub", "load_repos", "running"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `python -m tests.fakehub.server` does not import the module twice.
    if name in __all__:
        from . import server

        return getattr(server, name)
    raise AttributeError(name)
