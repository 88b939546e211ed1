"""The disk cache of the reference tokens.

Tokens and the spans of their copyright lines (finding those reads every text again), as JSON: the
3-gram hashes cannot be kept (Python salts str hashes per process) and rebuilding them and the index
from the tokens is quick. Never required: a missing, unreadable,
corrupt or stale file is rebuilt, a cache directory that cannot be written is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from ..rules import KnowledgeBase
from .records import ReferenceText
from .settings import SETTINGS


def reference_cache_dir() -> Path | None:
    """Where the reference tokens are cached: $LICSCAN_CACHE_DIR, else the user's cache directory
    ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows),
    subfolder ``licscan``. LICSCAN_CACHE_DIR set to an empty value or ``off`` disables the cache."""
    configured = os.environ.get("LICSCAN_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "0", "off", "none", "false", "no") else Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "licscan" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "licscan"
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "licscan"
    try:
        return Path.home() / ".cache" / "licscan"
    except RuntimeError:   # no home directory
        return None


def cache_key(kb: KnowledgeBase) -> str:
    """Everything the tokens depend on: the knowledge base (rules and each text file's size and
    modification time), the code that tokenises and cuts the references (this package and
    normalize.py, by content), the Python version (Unicode tables) and the installed BeautifulSoup
    (renders HTML texts)."""
    from importlib.util import find_spec

    from .. import normalize

    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")

    add(SETTINGS.cache_format, sys.version, kb.version, str(kb.texts_dir))
    for rule in kb.rules:
        add(rule.id, rule.kind, rule.texts, rule.use_policies)
        for name in rule.texts:
            stat = kb.text_path(name).stat()
            add(name, stat.st_size, stat.st_mtime_ns)
    for module_file in (*sorted(Path(__file__).parent.glob("*.py")), Path(normalize.__file__)):
        digest.update(module_file.read_bytes())
    spec = find_spec("bs4")
    if spec is not None and spec.origin:
        stat = Path(spec.origin).stat()
        add("bs4", spec.origin, stat.st_size, stat.st_mtime_ns)
    return digest.hexdigest()


def cache_path(folder: Path, key: str) -> Path:
    return folder / f"references-{key[:32]}.json"


def read_cache(path: Path, key: str) -> list[ReferenceText] | None:
    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != SETTINGS.cache_format or data.get("key") != key:
            return None
        out = []
        for rule_id, name, kind, joined, notices, benign in data["references"]:
            if not all(isinstance(x, str) for x in (rule_id, name, kind, joined)):
                return None
            words = tuple(joined.split(" ")) if joined else ()
            spans = tuple((start, end) for start, end in notices)
            if not all(type(start) is int and type(end) is int and 0 <= start < end <= len(words) for start, end in spans):
                return None
            passages = tuple((kind_of, start, end) for kind_of, start, end in benign)
            if not all(isinstance(kind_of, str) and type(start) is int and type(end) is int and 0 <= start < end <= len(words)
                       for kind_of, start, end in passages):
                return None
            out.append(ReferenceText(rule_id, name, kind, words, spans, passages))
        return out
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write_cache(folder: Path, path: Path, key: str, references: list[ReferenceText]) -> None:
    """Atomically (a temporary file renamed into place); keeps the four newest cache files."""
    payload = {
        "format": SETTINGS.cache_format,
        "key": key,
        # Tokens never contain a space (normalize._TOKEN), so a space-joined string holds them exactly.
        "references": [[ref.rule_id, ref.text_file, ref.kind, " ".join(ref.tokens), ref.notices, ref.benign]
                       for ref in references],
    }
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".references-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        os.replace(temporary, path)
        temporary = None
        others = sorted(folder.glob("references-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[4:]:
            old.unlink()
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
