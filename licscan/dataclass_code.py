"""The methods ``dataclasses`` writes for each class, compiled once per Python build, not once per run.

For each dataclass, ``dataclasses`` writes ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__`` and
``__delattr__`` as source text and compiles each with ``exec()``: ~1 ms a class on Python 3.11, ~60 ms for the ~50
classes a check that classifies imports (a fifth of a three-checkpoint check). What ``compile()`` makes of a text
depends on the text and the Python build alone (dataclasses.py has no ``__future__`` import, so none is in force),
so the code objects are kept by their text in ``dataclass-code.<cache tag>.marshal`` in licscan's own ``__pycache__``
folder, beside the bytecode Python keeps of licscan's modules, and a text met again is executed from its kept code. That
folder, not licscan's cache folder: code read back is run, and whoever can write licscan's ``__pycache__`` can already
change what licscan runs, while the cache folder holds data only (a restored CI cache can at worst change remembered
answers, never run code). Written as Python writes bytecode: not when ``sys.dont_write_bytecode``
(PYTHONDONTWRITEBYTECODE), and a folder that cannot be written only means compiling. A text not kept is compiled as
``exec()`` compiles it; a file that is missing, damaged or of another build is read as empty.

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


def _key() -> str:
    """The Python build the kept code is for (the file's name has its cache tag; this is checked inside it)."""
    import hashlib
    from importlib.util import MAGIC_NUMBER

    return hashlib.sha256(repr((_FORMAT, sys.version, sys.implementation.cache_tag, MAGIC_NUMBER)).encode()).hexdigest()[:32]


def store_path() -> Path | None:
    """Where the code is kept: licscan's own __pycache__ folder (None where the build has no cache tag)."""
    from pathlib import Path

    tag = sys.implementation.cache_tag
    return Path(__file__).with_name("__pycache__") / f"dataclass-code.{tag}.marshal" if tag else None


def _read(path: Path | None, key: str) -> dict[str, CodeType]:
    if path is None:
        return {}
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if type(data) is tuple and len(data) == 3 and data[:2] == (_FORMAT, key) and type(data[2]) is dict:
        return {text: code for text, code in data[2].items() if type(text) is str and type(code) is CodeType}
    return {}


def _loaded() -> dict[str, CodeType]:
    """The kept code by text: read once a process (outside the lock: reading imports nothing that makes a dataclass,
    but a lock held over imports would deadlock if one ever did)."""
    global _kept
    if _kept is None:
        kept = _read(store_path(), _key())
        with _lock:
            if _kept is None:
                _kept = kept
    return _kept


def code_of(text: str) -> CodeType:
    """The code ``exec(text)`` runs when called from a module with no ``__future__`` import (dataclasses.py)."""
    kept = _loaded()
    with _lock:
        code = kept.get(text)
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
    """Write the kept code with this run's new code (atomically: a temporary file renamed into place, as Python writes
    bytecode; a write that fails only means it is compiled again: cache_dir.write_atomically swallows it). Not when
    bytecode is not written."""
    path = store_path()
    with _lock:
        if not _new or path is None or _kept is None or sys.dont_write_bytecode:
            return
        merged = {**_kept, **_new}
        if len(merged) > _MAX_KEPT:
            merged = dict(list(merged.items())[-_MAX_KEPT:])
        _kept.update(_new)
        _new.clear()
    from .cache_dir import write_atomically

    # (the files of other Python builds beside it are kept, up to four)
    write_atomically(path.parent, path, marshal.dumps((_FORMAT, _key(), merged)))
