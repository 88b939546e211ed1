"""The methods ``dataclasses`` writes for each class, compiled once per Python build, not once per run.

For each dataclass, ``dataclasses`` writes ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__`` and
``__delattr__`` as source text and compiles each with ``exec()``: ~1 ms a class on Python 3.11, ~60 ms for the ~50
classes a check that classifies imports (a fifth of a three-checkpoint check). What ``compile()`` makes of a text
depends on the text and the Python build alone (dataclasses.py has no ``__future__`` import, so none is in force),
so the code objects are kept by their text in ``dataclass-code-<key>.marshal`` in the cache folder, the key over the
Python build, and a text met again is executed from its kept code. A text not kept, or no cache folder, is compiled
as ``exec()`` compiles it; a file that is missing, damaged or of another build is read as empty. As with
compiled_patterns' regex store, the folder is one only this user can write (``cache_dir._trusted``), as Python's own
``__pycache__`` holds the code it runs.

``dataclasses`` finds ``exec`` among its module's names before the builtins: ``install`` sets that one name, the only
change to the module; every class made after it (licscan's, and any other library's) gets the same methods as before.
"""

from __future__ import annotations

import _thread
import atexit
import builtins
import marshal
import sys
from types import CodeType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

_FORMAT = 1
_MAX_KEPT = 4000   # texts kept at most (licscan's classes need ~300; others' classes share the file)

_lock = _thread.allocate_lock()   # (threading is not imported yet where this module is)
_kept: dict[str, CodeType] | None = None
_new: dict[str, CodeType] = {}
_path: Path | None = None


def _key() -> str:
    import hashlib
    from importlib.util import MAGIC_NUMBER

    return hashlib.sha256(repr((_FORMAT, sys.version, sys.implementation.cache_tag, MAGIC_NUMBER)).encode()).hexdigest()[:32]


def _loaded() -> dict[str, CodeType]:
    """The kept code by text (call with the lock held): read once a process, empty with no cache folder."""
    global _kept, _path
    if _kept is None:
        from .cache_dir import reference_cache_dir

        _kept = {}
        folder = reference_cache_dir()
        if folder is None:
            return _kept
        _path = folder / f"dataclass-code-{_key()}.marshal"
        try:
            data = marshal.loads(_path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return _kept
        if type(data) is tuple and len(data) == 2 and data[0] == _FORMAT and type(data[1]) is dict:
            _kept = {text: code for text, code in data[1].items() if type(text) is str and type(code) is CodeType}
    return _kept


def code_of(text: str) -> CodeType:
    """The code ``exec(text)`` runs when called from a module with no ``__future__`` import (dataclasses.py)."""
    with _lock:
        code = _loaded().get(text)
    if code is None:
        code = compile(text, "<string>", "exec", dont_inherit=True)
        with _lock:
            if len(_new) < _MAX_KEPT:
                _new[text] = code
    return code


def _exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /, **options: Any) -> None:
    """exec(), with a text's code from the store."""
    if type(source) is str and not options:
        source = code_of(source)
    builtins.exec(source, globals, locals, **options)


def install() -> None:
    """dataclasses' exec() is _exec from now on, and new code is written at exit."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is not _exec:
        dataclasses.exec = _exec   # type: ignore[attr-defined]
        atexit.register(save)


def save() -> None:
    """Write the kept code with this run's new code (atomically; a write that fails only means it is compiled again)."""
    with _lock:
        if not _new or _path is None or _kept is None:
            return
        merged = {**_kept, **_new}
        if len(merged) > _MAX_KEPT:
            merged = dict(list(merged.items())[-_MAX_KEPT:])
        path = _path
        _kept.update(_new)
        _new.clear()
    import contextlib

    from .cache_dir import write_atomically

    with contextlib.suppress(OSError, ValueError):
        write_atomically(path.parent, path, marshal.dumps((_FORMAT, merged)))
