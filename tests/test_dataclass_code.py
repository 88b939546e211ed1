"""dataclass_code: the methods dataclasses writes are executed from code kept by their text, and are the methods
dataclasses makes without it (issue 17: ~60 ms of every check that classifies was spent compiling them)."""

import builtins
import dataclasses
import marshal
import os
import subprocess
import sys
from pathlib import Path

from licscan import dataclass_code

ROOT = Path(__file__).resolve().parents[1]


def test_dataclasses_runs_licscan_s_exec():
    assert dataclasses.exec is dataclass_code._exec   # type: ignore[attr-defined]


def _made() -> type:
    # a class of real annotations (this module has no `from __future__ import annotations`), so that a kept code
    # compiled under licscan's own future flags would show as strings in __init__'s annotations
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: tuple[str, ...] = ()
        label: str | None = None

    return Point


def test_a_class_made_from_kept_code_has_the_methods_exec_makes(monkeypatch):
    texts: list[str] = []
    monkeypatch.setattr(dataclass_code, "code_of", lambda text: texts.append(text) or compile(text, "<string>", "exec", dont_inherit=True))
    _made()
    assert len(texts) >= 5   # __init__, __repr__, __eq__, __setattr__, __delattr__, __hash__
    monkeypatch.undo()
    for text in texts:
        kept = dataclass_code.code_of(text)
        by_exec: dict[str, object] = {}
        builtins.exec(text, {}, by_exec)   # as dataclasses.py runs it (no __future__ import there or here)
        made: dict[str, object] = {}
        builtins.exec(kept, {}, made)
        assert made["__create_fn__"].__code__ == by_exec["__create_fn__"].__code__, text
    point = _made()
    assert point.__init__.__annotations__ == {"x": int, "y": tuple[str, ...], "label": str | None, "return": None}
    assert point(1) == point(1) and hash(point(1, ("a",))) == hash(point(1, ("a",))) and repr(point(2)).endswith("Point(x=2, y=(), label=None)")


def _installed_copy(tmp_path: Path) -> Path:
    """A copy of the licscan package, so that its own __pycache__ (where the code is kept) starts empty."""
    import shutil

    shutil.copytree(ROOT / "licscan", tmp_path / "licscan", ignore=shutil.ignore_patterns("__pycache__"))
    for data in ("rules", "license_texts"):   # read at import, beside the package
        (tmp_path / data).symlink_to(ROOT / data, target_is_directory=True)
    return tmp_path


def _run(root: Path, code: str, *, write_bytecode: bool = True) -> str:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(root), LICSCAN_CACHE_DIR=str(root / "cache"))
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


COUNT = ("import licscan.model, licscan.rule_file; from licscan import dataclass_code as d; "
         "print(len(d._new), len(d._loaded()))")


def test_the_code_is_kept_beside_licscan_s_bytecode_for_the_next_process(tmp_path):
    root = _installed_copy(tmp_path)
    kept = root / "licscan" / "__pycache__" / f"dataclass-code.{sys.implementation.cache_tag}.marshal"
    assert int(_run(root, COUNT, write_bytecode=False).split()[0]) > 50 and not kept.exists()   # as Python: no bytecode, no file
    first = _run(root, COUNT).split()
    assert int(first[0]) > 50 and first[1] == "0" and kept.exists()   # compiled, and written at exit
    assert not list((root / "cache").glob("dataclass-code*"))      # never in the cache folder: it holds data only
    second = _run(root, COUNT).split()
    assert second[0] == "0" and int(second[1]) >= int(first[0])   # nothing compiled: all read
    # the classes made from kept code behave as dataclasses' own
    assert _run(root, "from licscan.model import TextMatch; import dataclasses; m = TextMatch('mit', 'exact', 1.0); "
                      "print(m == dataclasses.replace(m), hash(m) == hash(TextMatch('mit', 'exact', 1.0)))") == "True True"
    for damaged in (b"not marshal", marshal.dumps((99, "key", {})), marshal.dumps((1, "another build", {"def x(): pass": 3}))):
        kept.write_bytes(damaged)
        assert int(_run(root, COUNT).split()[0]) > 50    # read as empty: compiled again
