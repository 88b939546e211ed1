"""Regular expressions made from the engine code kept in the cache folder (licscan/compiled_patterns.py)
must be re's own patterns: ``re.Pattern`` equality compares the flags, the pattern and the engine code;
the pre-filter's required words kept there must be the words lazy_regex reads from the pattern.

Proved on every lazily compiled pattern licscan ships (the module-level ones of every licscan module and
every shipped card word), on the store written by a real check and read back by another process, and on
the answers of a check made with the store against those made without one (the same JSON report).
"""

from __future__ import annotations

import _sre
import importlib
import json
import marshal
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import licscan
from licscan import compiled_patterns, pool
from licscan.classify.card_words import load_card_words
from licscan.errors import InputError
from licscan.first_chars import with_first_chars
from licscan.lazy_regex import _Lazy, _Prefiltered, lazy, prefiltered, required_words

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_lazy_regex import shipped_patterns  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def lazy_patterns() -> list[tuple[str, _Lazy]]:
    """Every lazily compiled pattern: module-level ones (also inside classes) and the shipped card words."""
    found: dict[tuple[str, int], tuple[str, _Lazy]] = {}
    for module_info in pkgutil.walk_packages(licscan.__path__, "licscan."):
        if module_info.name.endswith("__main__"):
            continue   # runs the command line
        module = importlib.import_module(module_info.name)
        values = list(vars(module).items())
        values += [(f"{name}.{key}", value) for name, cls in vars(module).items() if isinstance(cls, type)
                   for key, value in vars(cls).items()]
        for name, value in values:
            items = value if isinstance(value, (tuple, list)) else [value]
            for item in items:
                if isinstance(item, _Lazy):
                    found.setdefault((item.pattern, item._flags), (f"{module.__name__}.{name}", item))
    for where, pattern in shipped_patterns(load_card_words()):
        assert isinstance(pattern, _Lazy), where
        found.setdefault((pattern.pattern, pattern._flags), (where, pattern))
    return list(found.values())


LAZY = lazy_patterns()


def test_every_shipped_lazy_pattern_is_made_from_its_engine_row_as_re_compiles_it():
    assert len(LAZY) > 200
    for where, pattern in LAZY:
        row = compiled_patterns.engine_row(pattern.pattern, pattern._flags)
        made = _sre.compile(pattern.pattern, *row)
        expected = re.compile(pattern.pattern, pattern._flags)
        assert made == expected, where
        assert (made.flags, made.groups, made.groupindex) == (expected.flags, expected.groups, expected.groupindex), where


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh store in its own cache folder, as a new process meets it."""
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(compiled_patterns, "_store", None)
    monkeypatch.setattr(compiled_patterns, "_path", None)
    monkeypatch.setattr(compiled_patterns, "_missed", {})
    monkeypatch.setattr(compiled_patterns, "_words", {})
    monkeypatch.setattr(compiled_patterns, "_words_missed", {})
    monkeypatch.setattr(compiled_patterns, "_seeds", [])
    return tmp_path / "cache"


def new_process() -> None:
    compiled_patterns._store = None
    compiled_patterns._path = None
    compiled_patterns._missed = {}
    compiled_patterns._words = {}
    compiled_patterns._words_missed = {}
    compiled_patterns._seeds = []


def test_a_pattern_compiled_once_is_made_from_the_store_in_the_next_process(store):
    samples = [(pattern.pattern, pattern._flags) for _, pattern in LAZY[:60]]
    first = [compiled_patterns.compiled(pattern, flags) for pattern, flags in samples]
    assert len(compiled_patterns._missed) == len(set(samples))
    compiled_patterns._save()
    assert len(list(store.glob("regexes-*.marshal"))) == 1
    new_process()
    again = [compiled_patterns.compiled(pattern, flags) for pattern, flags in samples]
    assert compiled_patterns._missed == {}                       # none compiled by re: all from the store
    assert again == first
    assert again == [re.compile(pattern, flags) for pattern, flags in samples]


@pytest.mark.skipif(not pool.can_fork(), reason="forked copies: Linux, one thread")
def test_the_patterns_a_forked_copy_compiled_are_stored_as_it_ends(store):
    """A copy (pool.Forked: a share of a check's classifications) ends with os._exit, which runs no exit handler:
    what it compiled was lost, and every later run's copy compiled it again."""
    (pattern, flags), (known, known_flags) = [(p.pattern, p._flags) for _, p in LAZY[:2]]
    compiled_patterns.compiled(known, known_flags)            # compiled by this process before the fork
    copy = pool.Forked(lambda: compiled_patterns.compiled(pattern, flags).pattern.encode())
    assert copy.result() == pattern.encode()
    kept = marshal.loads(next(store.glob("regexes-*.marshal")).read_bytes())[1]
    assert (pattern, flags) in kept
    compiled_patterns._save()                                 # this process's exit keeps the copy's rows
    kept = marshal.loads(next(store.glob("regexes-*.marshal")).read_bytes())[1]
    assert {(pattern, flags), (known, known_flags)} <= kept.keys()
    new_process()
    assert compiled_patterns.compiled(pattern, flags) == re.compile(pattern, flags)
    assert compiled_patterns._missed == {}


def test_what_others_compile_with_re_is_seeded_into_re_s_cache_from_the_store(store, monkeypatch):
    """Patterns compiled with re itself (a library's at its import: PyYAML's reader pattern, ~5 ms; an ad-hoc
    re.search) are kept as seeds; seed_re_cache puts them into re's cache, made from their rows, so that re.compile
    finds them there and compiles nothing: re's own pattern, equal to a fresh compile. Licscan's lazy patterns are
    rows, not seeds."""
    import yaml.reader

    library = (yaml.reader.Reader.NON_PRINTABLE.pattern, yaml.reader.Reader.NON_PRINTABLE.flags & ~re.UNICODE)
    adhoc = (r"\bseeded[- ]pattern\b", int(re.IGNORECASE))
    lazy_one = (LAZY[0][1].pattern, LAZY[0][1]._flags)
    compiled_patterns.seed_re_cache()          # as commands.py does in every run: the store is read (empty here)
    re.purge()
    re.compile(*library), re.compile(*adhoc)
    compiled_patterns.compiled(*lazy_one)
    compiled_patterns._save()
    new_process()
    re.purge()
    expected = [re._compiler.compile(*library), re._compiler.compile(*adhoc)]  # type: ignore[attr-defined]

    def no_compiling(*args):
        raise AssertionError(f"re compiled {args[0][:40]!r}")

    compiled_patterns.seed_re_cache()
    original = re._compiler.compile  # type: ignore[attr-defined]
    monkeypatch.setattr(re._compiler, "compile", no_compiling)  # type: ignore[attr-defined]
    assert [re.compile(*library), re.compile(*adhoc)] == expected
    assert re.compile(adhoc[0], re.IGNORECASE).search("A Seeded-Pattern here").group(0) == "Seeded-Pattern"
    monkeypatch.setattr(re._compiler, "compile", original)  # type: ignore[attr-defined]
    assert library in compiled_patterns._seeds and adhoc in compiled_patterns._seeds
    assert lazy_one not in compiled_patterns._seeds and lazy_one in compiled_patterns._store
    re.purge()


def test_a_damaged_seed_is_compiled_by_re(store):
    adhoc = (r"\bdamaged[- ]seed\b", 0)
    compiled_patterns.seed_re_cache()
    re.purge()
    re.compile(*adhoc)
    compiled_patterns._save()
    new_process()
    compiled_patterns._loaded()
    row = compiled_patterns._store[adhoc]
    compiled_patterns._store[adhoc] = (row[0], row[1][:3], *row[2:])
    re.purge()
    compiled_patterns.seed_re_cache()
    assert (str, *adhoc) not in re._cache  # type: ignore[attr-defined]
    assert re.compile(*adhoc) == re._compiler.compile(*adhoc)  # type: ignore[attr-defined]
    re.purge()


def test_the_required_words_of_every_shipped_pattern_are_read_back_as_lazy_regex_reads_them(store):
    patterns = [(pattern.pattern, pattern._flags) for _, pattern in LAZY if isinstance(pattern, _Prefiltered)]
    assert len(patterns) > 150
    first = [prefiltered(pattern, flags)._read_words() for pattern, flags in patterns]
    expected = [None if flags & re.VERBOSE or not (words := required_words(pattern))
                else tuple(sorted(words, key=lambda word: (len(word), word))) for pattern, flags in patterns]
    assert first == expected
    assert sum(words is not None for words in first) > 150
    compiled_patterns._save()
    new_process()
    again = [prefiltered(pattern, flags)._read_words() for pattern, flags in patterns]
    assert compiled_patterns._words_missed == {}                 # every one read from the store
    assert again == expected


def test_first_chars_rewritings_are_read_back_in_the_next_process(store):
    asking = [pattern for _, pattern in LAZY if pattern._first_chars]
    assert len(asking) >= 12
    first = [lazy(pattern.pattern, pattern._flags, first_chars=True)._written() for pattern in asking]
    assert first == [with_first_chars(pattern.pattern, pattern._flags) for pattern in asking]
    assert all(written != pattern.pattern for written, pattern in zip(first, asking, strict=True))
    compiled_patterns._save()
    new_process()
    again = [lazy(pattern.pattern, pattern._flags, first_chars=True)._written() for pattern in asking]
    assert compiled_patterns._words_missed == {}                 # every one read from the store, none parsed again
    assert again == first


def test_a_remembered_rewriting_that_is_not_of_its_pattern_is_not_used(store):
    pattern = r"\bterms\b"
    compiled_patterns.learn_rewrite(pattern, re.IGNORECASE, r"(?=[x])(?:\bother\b)")
    compiled_patterns._save()
    new_process()
    assert compiled_patterns.remembered_rewrite(pattern, re.IGNORECASE) is None
    asked = lazy(pattern, re.IGNORECASE, first_chars=True)
    assert asked._written() == with_first_chars(pattern, re.IGNORECASE) and asked.search("The Terms.").span() == (4, 9)


def test_a_damaged_store_is_compiled_by_re(store):
    pattern, flags = LAZY[0][1].pattern, LAZY[0][1]._flags
    compiled_patterns.compiled(pattern, flags)
    compiled_patterns._save()
    path = next(store.glob("regexes-*.marshal"))
    path.write_bytes(path.read_bytes()[:100])
    new_process()
    assert compiled_patterns.compiled(pattern, flags) == re.compile(pattern, flags)
    assert list(compiled_patterns._missed) == [(pattern, flags)]


def test_a_row_that_is_not_the_pattern_is_not_used(store):
    # a row the engine rejects (code cut short) is never served: re compiles the pattern
    pattern, flags = r"\bnon[- ]commercial\b", re.IGNORECASE
    compiled_patterns.compiled(pattern, flags)
    compiled_patterns._save()
    new_process()
    compiled_patterns._loaded()
    row = compiled_patterns._store[(pattern, int(flags))]
    compiled_patterns._store[(pattern, int(flags))] = (row[0], row[1][:3], *row[2:])
    assert compiled_patterns.compiled(pattern, flags) == re.compile(pattern, flags)


def test_errors_are_re_s_as_before(store):
    with pytest.raises(re.error):
        lazy("(unclosed").search("text")
    with pytest.raises(InputError):
        prefiltered("licen(se", re.I, lambda error: InputError(f"bad card word: {error}")).search("license")


def test_no_cache_folder_no_store(monkeypatch):
    monkeypatch.setenv("LICSCAN_CACHE_DIR", "off")
    monkeypatch.setattr(compiled_patterns, "_store", None)
    monkeypatch.setattr(compiled_patterns, "_path", None)
    monkeypatch.setattr(compiled_patterns, "_missed", {})
    monkeypatch.setattr(compiled_patterns, "_words_missed", {})
    assert prefiltered(r"\bweights\b", re.I)._read_words() == ("weights",)
    assert compiled_patterns._words_missed == {}
    assert compiled_patterns.compiled(r"\bweights\b", re.I) == re.compile(r"\bweights\b", re.I)
    assert compiled_patterns._missed == {}
    assert compiled_patterns._loaded() is None and compiled_patterns._path is None   # no folder: nothing read or kept


def test_a_check_with_the_store_answers_as_one_without(tmp_path):
    # real checkpoints (examples/): a check with no store, one that writes it, one that reads it; the
    # classifications are forgotten before each, so every card and license file is read with the patterns
    shutil.copytree(ROOT / "examples", tmp_path / "p")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(ROOT)}
    reports = []
    for cache in ("off", str(tmp_path / "cache"), str(tmp_path / "cache")):
        for old in (tmp_path / "cache").glob("classifications-*"):
            old.unlink()
        done = subprocess.run([sys.executable, "-m", "licscan", "check", "models.lock", "--format", "json"],
                              cwd=tmp_path / "p", env={**env, "LICSCAN_CACHE_DIR": cache}, capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
        reports.append(json.loads(done.stdout))
    assert len(list((tmp_path / "cache").glob("regexes-*.marshal"))) == 1
    assert reports[0] == reports[1] == reports[2]
    assert len(reports[0]["checkpoints"]) >= 3
