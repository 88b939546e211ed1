"""Regular expressions compiled once per Python build, not once per run.

Compiling a pattern is parsing it and generating the regex engine's code, in Python: ~0.25 ms a card-word
pattern, ~30 ms for the hundred a run that classifies uses. The code depends on the pattern, its flags
and the Python build alone, so it is kept, as the engine reads it (``_sre.compile``'s arguments), in
``regexes-<key>.marshal`` in the cache folder, the key over the Python build and the engine's version,
and a pattern met again is made from it with no parsing. What is kept is checked before it is written:
the pattern made from it must equal ``re.compile``'s (``re.Pattern`` equality compares the flags, the
pattern and the engine code), and a pattern the store cannot make is compiled by ``re.compile`` as
before. The same file keeps the words lazy_regex's pre-filter reads from a card-word pattern (its
``required_words``, ~30 us a pattern): the key then also covers lazy_regex.py's code. Used by
``lazy_regex`` (every lazily compiled pattern); nothing else reads the store.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import atexit
import marshal
import re
import sys
import threading
from pathlib import Path
from typing import Any

_FORMAT = 3
_MAX_PATTERNS = 5000
_MAX_SEEDS = 200
_Row = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]
_Words = tuple[str, ...] | None
UNKNOWN: Any = object()   # remembered_words' answer for a pattern the store has not met

_lock = threading.Lock()
_store: dict[tuple[str, int], _Row] | None = None
_words: dict[str, _Words] = {}
_path: Path | None = None
_missed: dict[tuple[str, int], re.Pattern[str]] = {}
_words_missed: dict[str, _Words] = {}
_seeds: list[tuple[str, int]] = []   # patterns others compile with re (libraries' at their import): seed_re_cache


def _key() -> str:
    """The Python build and the regex engine's version and limits (the engine code is theirs), and the
    code that reads a pattern's required words (lazy_regex.py) and writes its first characters (first_chars.py)."""
    import hashlib

    engine = (_sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS)
    sources = []
    for module in (re._compiler, re._parser, re._constants):  # type: ignore[attr-defined]
        status = Path(str(module.__file__)).stat()
        sources.append((status.st_size, status.st_mtime_ns))
    digest = hashlib.sha256(repr((_FORMAT, sys.version, sys.implementation.cache_tag, engine, sources)).encode())
    for reader in ("lazy_regex.py", "first_chars.py"):
        digest.update(Path(__file__).with_name(reader).read_bytes())
    return digest.hexdigest()[:32]


def _valid(data: object) -> bool:
    return (type(data) is tuple and len(data) == 4 and data[0] == _FORMAT and type(data[1]) is dict
            and type(data[2]) is dict and type(data[3]) is list)


def _loaded() -> dict[tuple[str, int], _Row] | None:
    """The store on disk (call with the lock held); None when there is no cache folder or no key."""
    global _store, _path, _words, _seeds
    if _store is None:
        from .cache_dir import reference_cache_dir

        _store = {}   # asked once a process: with no folder or no key, nothing is read or kept (_path stays None)
        folder = reference_cache_dir()
        if folder is None:
            return None
        try:
            _path = folder / f"regexes-{_key()}.marshal"
        except (OSError, AttributeError):
            return None
        try:
            data = marshal.loads(_path.read_bytes())
            if _valid(data):
                _store, _words, _seeds = data[1], data[2], data[3]
        except (OSError, ValueError, TypeError, EOFError):
            pass
        atexit.register(_save)
    return _store if _path is not None else None


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``: made from the stored engine code when the store has it, else
    compiled by re (and its code stored when the process ends)."""
    flags = int(flags)
    with _lock:
        store = _loaded() if type(pattern) is str else None
        row = store.get((pattern, flags)) if store is not None else None
    if row is not None:
        try:
            return _sre.compile(pattern, *row)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 (a damaged row: re compiles the pattern, as with no store)
            pass
    made = re.compile(pattern, flags)
    if store is not None and not flags & re.DEBUG:
        with _lock:
            _missed[(pattern, flags)] = made
    return made


def remembered_words(pattern: str) -> Any:
    """The required words lazy_regex read from this pattern in an earlier run (a sorted tuple, or None: it
    has none), or UNKNOWN."""
    with _lock:
        if _loaded() is None:
            return UNKNOWN
        found = _words.get(pattern, UNKNOWN)
    if found is None or (type(found) is tuple and all(type(word) is str for word in found)):
        return found
    return UNKNOWN


def learn_words(pattern: str, words: _Words) -> None:
    """Keep the required words read from the pattern (stored when the process ends)."""
    with _lock:
        if _path is not None:
            _words_missed[pattern] = words


# first_chars' rewritings are kept beside the words, under a key no pattern's words use (a NUL-led one)
def _rewrite_key(pattern: str, flags: int) -> str:
    return f"\0first-chars\0{int(flags)}\0{pattern}"


def remembered_rewrite(pattern: str, flags: int) -> str | None:
    """The pattern as first_chars.with_first_chars wrote it in an earlier run (its parse, ~1 ms for the longest
    readers' patterns, then saved), or None."""
    found = remembered_words(_rewrite_key(pattern, flags))
    if type(found) is not tuple or len(found) != 1:
        return None
    written = found[0]
    # only a lookahead in front of the pattern itself (a damaged or foreign row is written again)
    framed = written.startswith("(?=[") and written.endswith((f"])(?:{pattern})", f"])(?:{pattern}\n)"))
    return written if written == pattern or framed else None


def learn_rewrite(pattern: str, flags: int, written: str) -> None:
    """Keep the pattern as with_first_chars wrote it (stored when the process ends)."""
    learn_words(_rewrite_key(pattern, flags), (written,))


def engine_row(pattern: str, flags: int) -> _Row:
    """What ``_sre.compile`` is given for the pattern, as ``re._compiler.compile`` computes it."""
    parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    code = re._compiler._code(parsed, flags)  # type: ignore[attr-defined]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, number in groupindex.items():
        indexgroup[number] = name
    return int(flags | parsed.state.flags), list(map(int, code)), parsed.state.groups - 1, groupindex, tuple(indexgroup)


def save() -> None:
    """_save, for a forked copy of the process (pool), which ends without running exit handlers."""
    _save()


def _save() -> None:
    """Add the engine code of the patterns re compiled in this run, and the words read, to the store (at
    exit, and by a forked copy as it ends: pool._end_child). A row whose pattern is not re's is left out."""
    with _lock:
        missed, words_missed = dict(_missed), dict(_words_missed)
        _missed.clear()
        _words_missed.clear()
        store, words, path, seeds = _store, _words, _path, list(_seeds)
    if store is None or path is None:
        return
    others = _compiled_by_re(store, missed, seeds)
    if not (missed or words_missed or others):
        return
    try:
        current = marshal.loads(path.read_bytes())   # another run's patterns, written since this one read it
        if _valid(current):
            store, words = {**current[1], **store}, {**current[2], **words}
            seeds = list(dict.fromkeys([*current[3], *seeds]))
    except (OSError, ValueError, TypeError, EOFError):
        pass
    for key, made in others.items():
        if len(seeds) < _MAX_SEEDS and key not in seeds:
            seeds.append(key)
            missed[key] = made
    for (pattern, flags), made in missed.items():
        try:
            row = engine_row(pattern, flags)
            if _sre.compile(pattern, *row) == made:
                store[(pattern, flags)] = row
        except Exception:  # noqa: BLE001, S112 (a pattern the store cannot make is compiled by re next time too)
            continue
    words = {**words, **words_missed}
    if len(store) > _MAX_PATTERNS:
        store = dict(list(store.items())[-_MAX_PATTERNS:])
    if len(words) > _MAX_PATTERNS:
        words = dict(list(words.items())[-_MAX_PATTERNS:])
    from .cache_dir import write_atomically

    try:
        content = marshal.dumps((_FORMAT, store, words, [key for key in seeds if key in store]))
    except ValueError:
        return
    write_atomically(path.parent, path, content)


def _compiled_by_re(store: dict[tuple[str, int], _Row], missed: dict[tuple[str, int], re.Pattern[str]],
                    seeds: list[tuple[str, int]]) -> dict[tuple[str, int], re.Pattern[str]]:
    """The patterns in re's own cache that neither this module made nor the store keeps as seeds: what libraries
    (PyYAML's reader and resolver, tomllib, html.parser) and ad-hoc ``re.search(...)`` calls compiled."""
    cache = getattr(re, "_cache", None)
    if type(cache) is not dict:
        return {}
    kept = set(seeds)
    found = {}
    for key, made in list(cache.items()):
        if (type(key) is tuple and len(key) == 3 and key[0] is str and type(key[2]) is int and isinstance(made, re.Pattern)
                and not key[2] & re.DEBUG and (key[1], key[2]) not in kept and (key[1], key[2]) not in missed):
            found[(key[1], key[2])] = made
    return found


def seed_re_cache() -> None:
    """Put the patterns others compile with re (the seeds: PyYAML's, whose reader's pattern alone is ~5 ms to
    compile, tomllib's, html.parser's, ~6 ms a check) into re's own cache, made from their kept engine code, so
    that their ``re.compile`` finds them there instead of compiling them; called before those modules are
    imported (commands.py). Each is re's own pattern (checked equal when stored, as every row is); where re keeps no
    cache by (type, pattern, flags), as in CPython 3.11 to 3.13, nothing is put."""
    cache = getattr(re, "_cache", None)
    if type(cache) is not dict:
        return
    with _lock:
        store = _loaded()
        seeds = list(_seeds) if store is not None else []
    for pattern, flags in seeds:
        row = store.get((pattern, flags)) if store is not None else None
        if row is None or (str, pattern, flags) in cache or len(cache) >= getattr(re, "_MAXCACHE", 0) // 2:
            continue
        try:
            cache[str, pattern, flags] = _sre.compile(pattern, *row)
        except Exception:  # noqa: BLE001, S112 (a damaged row: re compiles the pattern when it is asked for)
            continue
