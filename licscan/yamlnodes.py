"""Strict YAML reading with line numbers, for manifests, policies and rule files.

``yaml.safe_load`` loses line numbers and silently keeps the last of two duplicate keys; a
compliance tool must point at the offending line and refuse ambiguity, so documents are composed
into nodes and validated node by node.

Composing uses libyaml's event parser when PyYAML has it (``yaml.__with_libyaml__``) with PyYAML's
own Python composer, resolver and safe constructor on top: the same nodes, tags, values and line
numbers as ``yaml.SafeLoader`` (differing only in what licscan never reads: plain scalars carry
style ``''`` instead of ``None``, some end marks and flow styles), ~8x faster
(the 94 rule files: 19 ms instead of 152 ms). libyaml's own composer is not used: it recurses in C
without a depth check and crashes the process (SIGSEGV) on a deeply nested document, where the
Python composer raises RecursionError. Any document libyaml rejects, or where the two parsers are
known to differ (see compose()), is composed with ``yaml.SafeLoader``, so error messages and lines
are PyYAML's, as before. ``safe_load`` does the same for ``yaml.safe_load`` (model card front matter).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .boundedread import read_bounded
from .errors import InputError

MAX_DOCUMENT_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 50


@dataclass(frozen=True)
class Doc:
    """A composed YAML document and the file it came from."""

    path: str
    root: yaml.Node | None
    loader: SafeConstructor   # yaml.SafeLoader or _FastSafeLoader: construct_object() is SafeConstructor's in both
    text: str = ""


def read_text(path: Path, label: str | None = None) -> str:
    shown = label or str(path)
    # A pipe is read (docs/lock.md: 'licscan diff <(git show main:models.lock) models.lock'); a device,
    # directory or socket is refused unopened, and nothing past the limit is read.
    try:
        data = read_bounded(path, MAX_DOCUMENT_BYTES, what="a YAML file", allow_pipe=True)
    except InputError as exc:
        raise InputError(exc.message, shown) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise InputError("file contains NUL bytes; expected UTF-8 YAML text", shown)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start})", shown, line) from None


_HAS_LIBYAML: bool = getattr(yaml, "__with_libyaml__", False)
if _HAS_LIBYAML:
    from yaml._yaml import CParser as _CParser  # what yaml.cyaml re-exports, under the name its stub exports
    from yaml.composer import Composer as _Composer
    from yaml.resolver import Resolver as _Resolver

    class _FastSafeLoader(_Composer, _CParser, SafeConstructor, _Resolver):
        """libyaml's event parser under PyYAML's Python composer (first in the MRO, so CParser's
        recursive C composer is never used), resolver and safe constructor."""

        def __init__(self, stream: str):
            _CParser.__init__(self, stream)
            _Composer.__init__(self)
            SafeConstructor.__init__(self)
            _Resolver.__init__(self)


_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_LENIENT = re.compile("[\t\ufeff?]")


# YAML breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR too; editors, grep and git do
# not, so every line YAML cited after one would be off. Unescaped, they are refused where they stand.
_HIDDEN_LINE_BREAK = re.compile("[\x85\u2028\u2029]")
_LINE_BREAK = re.compile("\r\n|\r|\n")


def compose(text: str, path: str) -> Doc:
    hidden = _HIDDEN_LINE_BREAK.search(text)
    if hidden is not None:
        hidden_line = len(_LINE_BREAK.findall(text, 0, hidden.start())) + 1
        raise InputError(f"character U+{ord(hidden.group()):04X} breaks the line for YAML but not in an editor; "
                         "remove it, or write it as an escape inside double quotes", path, hidden_line)
    # Where libyaml and PyYAML differ (characters PyYAML's reader refuses, tabs its scanner refuses,
    # '?', which PyYAML refuses inside flow collections and marks differently as an empty explicit
    # key, a byte order mark inside the text, which shifts libyaml's character positions by one),
    # PyYAML alone decides, so that such a document fails, or points at a line, as it always did.
    if _HAS_LIBYAML and not _LENIENT.search(text) and not _NON_PRINTABLE.search(text):
        try:
            fast = _FastSafeLoader(text)
            return _checked(Doc(path, fast.get_single_node(), fast, text))
        except RecursionError:
            raise InputError("malformed YAML: nesting too deep", path) from None
        except yaml.YAMLError:
            pass   # composed again below, for PyYAML's own message and line
    try:
        loader = yaml.SafeLoader(text)
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        # A control character: PyYAML refuses it before parsing (and used to escape as a traceback).
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError(f"malformed YAML: unacceptable character {character}: {exc.reason}", path, line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise InputError(f"malformed YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path) from None
    except RecursionError:
        raise InputError("malformed YAML: nesting too deep", path) from None
    return _checked(Doc(path, root, loader, text))


# The tags a plain YAML document resolves to, and the explicit ones SafeLoader reads. Any other
# ('!evil', '!!python/object:os.system', '!<tag:example.com,2000:x>') asks for a meaning licscan
# does not give: an error at its line, even on a mapping or list, where nothing would construct it.
STANDARD_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "null", "bool", "int", "float", "str", "binary", "timestamp", "seq", "map", "omap", "pairs", "set", "merge"))


def _checked(doc: Doc) -> Doc:
    pending = [doc.root] if doc.root is not None else []
    seen: set[int] = set()   # an alias is the same node again: each is looked at once
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in STANDARD_TAGS:
            shown = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise InputError(f"unsupported YAML tag '{shown}' (only the standard tags are read)", doc.path, line_of(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                pending.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
    return doc


_STR_TAG = "tag:yaml.org,2002:str"


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, composed by libyaml where that gives the same result (see
    compose()): ~10x faster on a model card's front matter. Anything libyaml rejects, or that
    nests too deeply, goes to ``yaml.safe_load`` itself, so errors (and RecursionError) are its own."""
    if _HAS_LIBYAML and not _LENIENT.search(text) and not _NON_PRINTABLE.search(text):
        loader = _FastSafeLoader(text)
        try:
            return loader.get_single_data()
        except (yaml.YAMLError, RecursionError):
            pass
        finally:
            loader.dispose()
    return yaml.safe_load(text)


def load(path: Path, label: str | None = None) -> Doc:
    shown = label or str(path)
    return compose(read_text(path, shown), shown)


def line_of(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


class Reader:
    """Typed access to composed nodes; every failure is an InputError with a line."""

    def __init__(self, doc: Doc):
        self.doc = doc
        # a scalar tagged !!str is its text: what SafeConstructor.construct_yaml_str returns for it, without
        # construct_object's bookkeeping (a 1,000-entry manifest holds ~10,000 of them)
        self._text_is_value = doc.loader.yaml_constructors.get(_STR_TAG) is SafeConstructor.construct_yaml_str

    def fail(self, node: yaml.Node | None, message: str) -> InputError:
        return InputError(message, self.doc.path, line_of(node))

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"expected a single value, found a {_kind(node)}")
        if node.tag == _STR_TAG and self._text_is_value:
            return node.value
        try:
            return self.doc.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self.fail(node, f"cannot read value: {_with_snippets(exc, self.doc.text)}") from None
        except Exception as exc:  # noqa: BLE001 - any constructor failure is the input's fault
            # PyYAML's constructors raise plain exceptions for scalars its resolver (or an explicit
            # tag) let through: the date 2024-13-01 (ValueError "month must be in 1..12"),
            # "!!bool maybe" (KeyError), "!!int abc", a 5000-digit int. An input error on that line.
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            shown = str(node.value) if len(str(node.value)) <= 40 else str(node.value)[:40] + "…"
            detail = f": {exc}" if str(exc) and not isinstance(exc, KeyError) else ""
            raise self.fail(node, f"cannot read value '{shown}' as {tag}{detail}") from None

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...] | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Return ``{key: (key_node, value_node)}``; reject duplicate keys, and unknown ones unless ``allowed`` is None."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping, found a {_kind(node)}")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, f"merge keys ('<<') are not supported in {what}")
            key = self.scalar(key_node)
            if not isinstance(key, str) and allowed is not None and isinstance(key_node, yaml.ScalarNode):
                # YAML 1.1 reads a plain 'no', 'on' or '1' as a bool or int: to the user it is a key
                # they wrote, so name it as written.
                raise self.fail(key_node, f"unknown key '{key_node.value}' in {what} (expected one of: {', '.join(allowed)})")
            if not isinstance(key, str):
                raise self.fail(key_node, f"{what} has a non-text key {key!r}")
            if key in out:
                raise self.fail(key_node, f"duplicate key '{key}' in {what} (first at line {line_of(out[key][0])})")
            if allowed is not None and key not in allowed:
                raise self.fail(key_node, f"unknown key '{key}' in {what} (expected one of: {', '.join(allowed)})")
            out[key] = (key_node, value_node)
        return out

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list, found a {_kind(node)}")
        return list(node.value)

    def string(self, node: yaml.Node, what: str, *, choices: tuple[str, ...] | None = None, nonempty: bool = True, max_len: int = 4096) -> str:
        value = self.scalar(node)
        if not isinstance(value, str):
            raise self.fail(node, f"{what} must be text, found {_describe(value)}")
        if nonempty and not value.strip():
            raise self.fail(node, f"{what} must not be empty")
        if len(value) > max_len:
            raise self.fail(node, f"{what} is longer than {max_len} characters")
        if choices is not None and value not in choices:
            raise self.fail(node, f"{what} must be one of: {', '.join(choices)} (found '{value}')")
        return value

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node)
        if not isinstance(value, bool):
            raise self.fail(node, f"{what} must be true or false")
        return value

    def integer(self, node: yaml.Node, what: str, *, minimum: int = 0) -> int:
        value = self.scalar(node)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(node, f"{what} must be a whole number, found {_describe(value)}")
        if value < minimum:
            raise self.fail(node, f"{what} must be at least {minimum}")
        return value

    def strings(self, node: yaml.Node, what: str, *, allow_single: bool = False) -> tuple[str, ...]:
        if allow_single and isinstance(node, yaml.ScalarNode):
            return (self.string(node, what),)
        return tuple(self.string(item, f"each entry of {what}") for item in self.sequence(node, what))

    def optional(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], key: str, convert: Callable[[yaml.Node], Any], default: Any = None) -> Any:
        if key not in fields:
            return default
        return convert(fields[key][1])

    def required(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], key: str, node: yaml.Node, what: str) -> yaml.Node:
        if key not in fields:
            raise self.fail(node, f"{what} is missing the required key '{key}'")
        return fields[key][1]


def _with_snippets(exc: yaml.YAMLError, text: str) -> yaml.YAMLError:
    """libyaml's marks carry no copy of the text, so the error would lack the quoted line and caret
    that PyYAML's marks print; rebuild them from the text (libyaml counts characters as PyYAML does)."""
    if not isinstance(exc, yaml.MarkedYAMLError) or not text:
        return exc
    for attribute in ("context_mark", "problem_mark"):
        mark = getattr(exc, attribute)
        if mark is not None and getattr(mark, "buffer", None) is None and 0 <= mark.index <= len(text):
            setattr(exc, attribute, yaml.error.Mark(mark.name, mark.index, mark.line, mark.column, text + "\0", mark.index))
    return exc


def _kind(node: yaml.Node | None) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    if node is None:
        return "empty document"
    return "single value"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ('{value[:40]}')"
    return f"a {type(value).__name__}"
