"""Find the Hugging Face Hub checkpoints a codebase uses, so the manifest can be checked for gaps.

Python files are parsed with :mod:`ast` (never searched with regular expressions) and these calls are
recognised, under any receiver or import alias:

* ``X.from_pretrained("org/name", revision="...")`` (transformers, diffusers, peft, any class), also
  with ``pretrained_model_name_or_path=`` / ``pretrained_model_or_path=``;
* ``pipeline(model="org/name")``, ``pipeline("task", "org/name")``, ``pipeline("task", model=...)``;
* ``hf_hub_download("org/name", ...)`` / ``hf_hub_download(repo_id="org/name", ...)``;
* ``snapshot_download("org/name")`` / ``snapshot_download(repo_id="org/name")``.

Only string constants are read. An f-string, a variable or any other expression in the model
argument is counted as *not resolvable* (with its place, source text and reason), as are a model
passed through ``*args`` / ``**kwargs`` and ``pipeline("task")`` without a model, which loads the
task's default checkpoint. Download calls with ``repo_type="dataset"`` or ``"space"`` are not
models and are skipped.

YAML files (``*.yaml``, ``*.yml``) are composed with ``yaml.SafeLoader`` (which keeps line numbers)
and walked: string values, or lists of strings, under the keys in :data:`YAML_KEYS` count, with a
``revision`` / ``model_revision`` string beside them as their revision.

A value counts as a Hub repo id only if it is ``owner/name``, each part
``[A-Za-z0-9][A-Za-z0-9_.-]*`` (at most 96 characters, no ``..``), is not a file name (``.yaml``,
``.bin``, ...) and is not an existing folder relative to the file or the scanned root. Local paths
(``./models/x``, ``/abs/path``), URLs and bare names (``gpt2``) are ignored.

The walk skips ``.git`` and every other hidden folder, virtual environments (``venv`` and any
folder holding ``pyvenv.cfg`` or ``conda-meta``), ``node_modules``, ``site-packages``,
``__pycache__``, ``*.egg-info`` and symlinked folders, and stops after :data:`MAX_FILES` files.
Files larger than :data:`MAX_FILE_BYTES`, unreadable files, syntax errors and invalid encodings
are reported as problems; they never stop the scan.
"""

from __future__ import annotations

import ast
import io
import os
import re
import stat
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 100_000
MAX_YAML_DEPTH = 100

SKIP_DIRS = frozenset({"node_modules", "site-packages", "dist-packages", "__pycache__", "venv"})
PYTHON_SUFFIXES = (".py", ".pyi")
YAML_SUFFIXES = (".yaml", ".yml")
YAML_KEYS = ("model", "model_name", "model_id", "base_model", "model_name_or_path", "pretrained_model_name_or_path")
YAML_REVISION_KEYS = ("revision", "model_revision")

# Functions whose model argument we read: name -> (positional index of the repo id, keywords for it).
CALLS: dict[str, tuple[int, tuple[str, ...]]] = {
    "from_pretrained": (0, ("pretrained_model_name_or_path", "pretrained_model_or_path", "model_id", "repo_id")),
    "pipeline": (1, ("model",)),
    "hf_hub_download": (0, ("repo_id",)),
    "snapshot_download": (0, ("repo_id",)),
}
_DOWNLOADS = ("hf_hub_download", "snapshot_download")

_PART = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}"
_REPO_ID = re.compile(rf"{_PART}/{_PART}")
_FILE_SUFFIXES = (
    ".py", ".yaml", ".yml", ".json", ".jsonl", ".txt", ".md", ".csv", ".tsv", ".toml", ".cfg", ".ini",
    ".bin", ".pt", ".pth", ".ckpt", ".safetensors", ".gguf", ".ggml", ".onnx", ".h5", ".msgpack",
    ".pkl", ".pickle", ".npz", ".npy", ".tar", ".gz", ".zip", ".model", ".tflite",
)


@dataclass(frozen=True)
class Reference:
    """One place in the code base that loads a Hub checkpoint."""

    repo_id: str
    file: str                 # the scanned path joined with the file's relative path, POSIX form
    line: int                 # 1-based line of the repo id string
    revision: str | None      # the revision given beside it, when it is a string constant
    how: str                  # "from_pretrained", "pipeline", "hf_hub_download", "snapshot_download", "yaml:<key>"


@dataclass(frozen=True)
class Unresolved:
    """A model load whose repo id is not a string constant (f-string, variable, ...)."""

    file: str
    line: int
    how: str
    expression: str           # the argument's source text (the call's arguments when no model is given)
    reason: str = "not a string constant"

    def describe(self) -> str:
        return f"{self.file}:{self.line}: {self.how}({self.expression}): {self.reason}"


@dataclass(frozen=True)
class Problem:
    """A file that could not be scanned (syntax error, encoding, size); the scan goes on."""

    file: str
    line: int | None
    message: str


@dataclass(frozen=True)
class Discovery:
    references: tuple[Reference, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    problems: tuple[Problem, ...] = ()
    files_scanned: int = 0
    truncated: bool = False   # stopped after MAX_FILES files

    @property
    def repo_ids(self) -> tuple[str, ...]:
        """Distinct repo ids, first spelling kept, compared case-insensitively like the Hub does."""
        seen: dict[str, str] = {}
        for ref in self.references:
            seen.setdefault(ref.repo_id.lower(), ref.repo_id)
        return tuple(sorted(seen.values(), key=str.lower))

    def __add__(self, other: Discovery) -> Discovery:
        return Discovery(
            self.references + other.references,
            self.unresolved + other.unresolved,
            self.problems + other.problems,
            self.files_scanned + other.files_scanned,
            self.truncated or other.truncated,
        )

    def summary(self) -> str:
        text = f"{len(self.repo_ids)} Hub checkpoint(s) in {len(self.references)} place(s) across {self.files_scanned} file(s)"
        if self.unresolved:
            text += f"; {len(self.unresolved)} not resolvable"
        if self.problems:
            text += f"; {len(self.problems)} file(s) could not be scanned"
        if self.truncated:
            text += f"; stopped after {MAX_FILES} files"
        return text


def looks_like_repo_id(value: str) -> bool:
    if not _REPO_ID.fullmatch(value) or ".." in value:
        return False
    return not value.lower().endswith(_FILE_SUFFIXES)


def discover(*paths: str | os.PathLike[str]) -> Discovery:
    """Scan files and folders; file names in the result are each path as given joined with the file."""
    result = Discovery()
    for path in paths:
        result = result + _Scanner(Path(path)).run()
    return result


class _Scanner:
    def __init__(self, root: Path):
        self.root = root
        self.base = root if root.is_dir() else root.parent
        self.references: list[Reference] = []
        self.unresolved: list[Unresolved] = []
        self.problems: list[Problem] = []
        self.files = 0
        self.truncated = False

    def run(self) -> Discovery:
        if self.root.is_dir():
            for path in self._walk():
                if self.files >= MAX_FILES:
                    self.truncated = True
                    break
                self._scan_file(path)
        elif self.root.is_file():
            self._scan_file(self.root)
        else:
            self.problems.append(Problem(self.root.as_posix(), None, "no such file or folder"))
        self.references.sort(key=lambda r: (r.file, r.line))
        self.unresolved.sort(key=lambda u: (u.file, u.line))
        return Discovery(tuple(self.references), tuple(self.unresolved), tuple(self.problems), self.files, self.truncated)

    def _walk(self) -> Iterator[Path]:
        for directory, dirnames, filenames in os.walk(self.root, onerror=self._walk_error):
            here = Path(directory)
            dirnames[:] = sorted(d for d in dirnames if not _skipped_dir(here / d))
            for name in sorted(filenames):
                if name.endswith(PYTHON_SUFFIXES + YAML_SUFFIXES):
                    yield here / name

    def _walk_error(self, error: OSError) -> None:
        self.problems.append(Problem(Path(error.filename or self.root).as_posix(), None, f"cannot list folder: {error.strerror or error}"))

    def _shown(self, path: Path) -> str:
        return path.as_posix()

    def _scan_file(self, path: Path) -> None:
        shown = self._shown(path)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                return
            if info.st_size > MAX_FILE_BYTES:
                self.problems.append(Problem(shown, None, f"skipped: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB"))
                return
            data = path.read_bytes()
        except OSError as exc:
            self.problems.append(Problem(shown, None, f"cannot read: {exc.strerror or exc}"))
            return
        self.files += 1
        if path.name.endswith(PYTHON_SUFFIXES):
            self._scan_python(path, shown, data)
        else:
            self._scan_yaml(path, shown, data)

    # -- Python ---------------------------------------------------------------------------------

    def _scan_python(self, path: Path, shown: str, data: bytes) -> None:
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)  # PEP 263 cookie, BOM
            text = data.decode(encoding)
        except SyntaxError as exc:  # not UTF-8 in the first lines, or an unknown coding cookie
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as bad:
                line = data[: bad.start].count(b"\n") + 1
                self.problems.append(Problem(shown, line, f"cannot decode: not valid UTF-8 (byte {bad.start}) and no coding declaration"))
                return
            self.problems.append(Problem(shown, exc.lineno, f"cannot decode: {exc.msg or exc}"))
            return
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problems.append(Problem(shown, line, f"cannot decode: not valid {exc.encoding} (byte {exc.start})"))
            return
        try:
            tree = ast.parse(text, filename=shown)
        except SyntaxError as exc:
            self.problems.append(Problem(shown, exc.lineno, f"syntax error: {exc.msg or 'invalid syntax'}"))
            return
        except (ValueError, UnicodeError) as exc:  # NUL bytes, bad encodings
            self.problems.append(Problem(shown, None, f"cannot parse: {exc}"))
            return
        except (RecursionError, MemoryError):
            self.problems.append(Problem(shown, None, "cannot parse: too deeply nested"))
            return
        aliases = _import_aliases(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                kind = _call_kind(node.func, aliases)
                if kind is not None:
                    self._read_call(path, shown, node, kind)

    def _read_call(self, path: Path, shown: str, call: ast.Call, kind: str) -> None:
        keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
        if kind in _DOWNLOADS:
            repo_type = keywords.get("repo_type")
            if isinstance(repo_type, ast.Constant) and repo_type.value not in (None, "model"):
                return
        position, names = CALLS[kind]
        argument = next((keywords[n] for n in names if n in keywords), None)
        if argument is None and len(call.args) > position and not _starred_before(call.args, position):
            argument = call.args[position]
        if argument is None:
            arguments = ", ".join(_source(node) for node in [*call.args, *call.keywords])
            if any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
                self.unresolved.append(Unresolved(shown, call.lineno, kind, arguments, "model passed through *args or **kwargs"))
            elif kind == "pipeline":
                self.unresolved.append(Unresolved(shown, call.lineno, kind, arguments, "no model given: loads the task's default checkpoint"))
            return
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            value = argument.value
            if self._is_hub_id(path, value):
                revision = keywords.get("revision")
                text = revision.value if isinstance(revision, ast.Constant) and isinstance(revision.value, str) else None
                self.references.append(Reference(value, shown, argument.lineno, text, kind))
            return
        if isinstance(argument, ast.Constant):
            return  # None, numbers: not a model
        self.unresolved.append(Unresolved(shown, argument.lineno, kind, _source(argument)))

    def _is_hub_id(self, path: Path, value: str) -> bool:
        if not looks_like_repo_id(value):
            return False
        try:
            return not ((path.parent / value).is_dir() or (self.base / value).is_dir())
        except OSError:
            return True

    # -- YAML -----------------------------------------------------------------------------------

    def _scan_yaml(self, path: Path, shown: str, data: bytes) -> None:
        try:
            roots = list(yaml.compose_all(data, Loader=yaml.SafeLoader))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            self.problems.append(Problem(shown, mark.line + 1 if mark else None, f"YAML error: {exc.problem or exc}"))
            return
        except yaml.YAMLError as exc:  # includes ReaderError: invalid encoding, control characters
            self.problems.append(Problem(shown, None, f"cannot read YAML: {exc}"))
            return
        except (RecursionError, MemoryError):
            self.problems.append(Problem(shown, None, "cannot read YAML: too deeply nested"))
            return
        seen: set[int] = set()
        for root in roots:
            if root is not None:
                self._walk_yaml(path, shown, root, seen, 0)

    def _walk_yaml(self, path: Path, shown: str, node: yaml.Node, seen: set[int], depth: int) -> None:
        if id(node) in seen or depth > MAX_YAML_DEPTH:  # aliases share nodes; recursive anchors loop
            return
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self._walk_yaml(path, shown, item, seen, depth + 1)
            return
        if not isinstance(node, yaml.MappingNode):
            return
        pairs = [(k.value if isinstance(k, yaml.ScalarNode) else None, v) for k, v in node.value]
        revision = next((_yaml_string(v) for k, v in pairs if k in YAML_REVISION_KEYS and _yaml_string(v)), None)
        for key, value in pairs:
            if key in YAML_KEYS:
                candidates = value.value if isinstance(value, yaml.SequenceNode) else [value]
                for candidate in candidates:
                    text = _yaml_string(candidate)
                    if text is not None and self._is_hub_id(path, text):
                        self.references.append(Reference(text, shown, candidate.start_mark.line + 1, revision, f"yaml:{key}"))
            self._walk_yaml(path, shown, value, seen, depth + 1)


def _skipped_dir(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name in SKIP_DIRS or name.endswith(".egg-info"):
        return True
    try:
        return path.is_symlink() or (path / "pyvenv.cfg").exists() or (path / "conda-meta").is_dir()
    except OSError:
        return True


def _import_aliases(tree: ast.AST) -> dict[str, str]:
    """``from huggingface_hub import hf_hub_download as dl`` -> {"dl": "hf_hub_download"}."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in CALLS and alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases


def _call_kind(func: ast.expr, aliases: dict[str, str]) -> str | None:
    if isinstance(func, ast.Attribute) and func.attr in CALLS:
        return func.attr
    if isinstance(func, ast.Name):
        name = aliases.get(func.id, func.id)
        if name in CALLS and name != "from_pretrained":
            return name
    return None


def _starred_before(args: list[ast.expr], position: int) -> bool:
    return any(isinstance(a, ast.Starred) for a in args[: position + 1])


def _source(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - unparse is only for the message
        text = type(node).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _yaml_string(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        return str(node.value)   # a scalar node's value is its text (the stubs say Any)
    return None


def relative_display(reference_file: str, start: str | os.PathLike[str]) -> str:
    """A reference's file relative to another folder (for comments in a manifest written there)."""
    try:
        return PurePosixPath(os.path.relpath(reference_file, start)).as_posix()
    except ValueError:  # another drive on Windows
        return reference_file
