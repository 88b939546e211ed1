"""What every source shares: which files carry license evidence, and how a card is read."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Mapping

import yaml

from .. import yamlnodes
from ..model import CardMetadata, EvidenceFile
from ..normalize import MAX_CLASSIFY_CHARS, decode

# Top-level files whose name says they carry license terms: LICENSE*, LICENCE*, COPYING*, USE_POLICY*,
# NOTICE*, TERMS*, EULA*, *AGREEMENT*, and files named after a license ("MODEL_LICENSE",
# "Gemma_Terms_of_Use.md", "LICENSE_weights").
_EVIDENCE_NAME = re.compile(
    r"(licen[cs]e|copying|us(?:e|age)[ _-]?policy|notice|terms[ _-]of[ _-]use|acceptable[ _-]use|prohibited[ _-]use|"
    r"\bopenrail|\bcc-by|\brail\b|\baup\b|^terms\b|\beula\b|agreement)",
    re.IGNORECASE,
)
_TEXT_SUFFIXES = {"", ".txt", ".md", ".markdown", ".rst", ".html", ".htm"}
_POLICY_NAME = re.compile(r"(policy|\baup\b|acceptable|prohibited)", re.IGNORECASE)
CARD_NAME = "README.md"
MAX_EVIDENCE_FILES = 20
READ_LIMIT = MAX_CLASSIFY_CHARS * 4
MAX_FRONT_MATTER_CHARS = 256 * 1024   # bytes of a file kept for classification; the hash covers all of it


def is_evidence_name(name: str) -> bool:
    """A top-level file that may carry license terms."""
    if "/" in name or name == CARD_NAME:
        return False
    suffix = Path(name).suffix.lower()
    if suffix not in _TEXT_SUFFIXES and not re.fullmatch(r"\.[0-9]+(\.[0-9]+)*", suffix):
        return False
    return bool(_EVIDENCE_NAME.search(name))


def role_for(name: str) -> str:
    if name == CARD_NAME:
        return "card"
    if _POLICY_NAME.search(name):
        return "use-policy"
    if re.match(r"notice", name, re.IGNORECASE):
        return "notice"
    return "license"


def read_evidence_file(path: Path, name: str) -> EvidenceFile | str:
    """Hash the whole file and keep a bounded prefix as text; return a problem string when unusable."""
    digest = hashlib.sha256()
    kept = bytearray()
    size = 0
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
                if len(kept) < READ_LIMIT:
                    kept.extend(chunk[: READ_LIMIT - len(kept)])
    except OSError as exc:
        return f"{name}: cannot read ({exc.strerror or exc})"
    text, encoding = decode(bytes(kept))
    if text is None:
        return f"{name}: binary file, not a license text"
    truncated = size > READ_LIMIT or len(text) > MAX_CLASSIFY_CHARS
    return EvidenceFile(name=name, sha256=digest.hexdigest(), size=size, text=text, role=role_for(name), truncated=truncated)


def unread_problems(files) -> list[str]:
    """A license file larger than licscan classifies: what follows the classified part is unread."""
    return [
        f"{f.name}: only the first {MAX_CLASSIFY_CHARS:,} characters of {f.size:,} bytes were classified; the rest is unread"
        for f in files if f.truncated and f.role != "card"
    ]


def split_card(text: str) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    """Split a model card into (front matter, body, problems). Never raises on a hostile card."""
    problems: list[str] = []
    normalized = text.lstrip("\ufeff")
    match = re.match(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)", normalized, re.DOTALL)
    if not match:
        return {}, normalized, ()
    body = normalized[match.end():]
    front = match.group(1)
    if len(front) > MAX_FRONT_MATTER_CHARS:
        return {}, body, (f"model card front matter is larger than {MAX_FRONT_MATTER_CHARS:,} characters; not read",)
    try:
        # yamlnodes.safe_load: yaml.safe_load's result, faster, and never libyaml's C composer,
        # which recurses on the C stack and crashes the process on deep nesting.
        data = yamlnodes.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return {}, body, (f"model card front matter is not valid YAML{where}",)
    except RecursionError:
        return {}, body, ("model card front matter is nested too deeply",)
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        # PyYAML raises these for values it cannot build (an impossible date, "!!int abc").
        return {}, body, (f"model card front matter has a value that cannot be read ({type(exc).__name__})",)
    if data is None:
        return {}, body, ()
    if not isinstance(data, dict):
        problems.append("model card front matter is not a mapping")
        return {}, body, tuple(problems)
    return data, body, tuple(problems)


def card_metadata(data: Mapping[str, Any] | None, problems: tuple[str, ...] = ()) -> CardMetadata:
    """License-relevant fields of a card, tolerant of the shapes found on the Hub."""
    data = data or {}
    found = list(problems)

    def text_list(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),) if value.strip() else ()
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value if v.strip())
        found.append(f"card field '{key}' has an unexpected type ({type(value).__name__})")
        return ()

    def text(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value).strip() or None
        found.append(f"card field '{key}' has an unexpected type ({type(value).__name__})")
        return None

    return CardMetadata(
        licenses=tuple(v.lower() for v in text_list("license")),
        license_name=text("license_name"),
        license_link=text("license_link"),
        base_models=text_list("base_model"),
        base_model_relation=text("base_model_relation"),
        tags=text_list("tags"),
        eu_disallowed=data.get("extra_gated_eu_disallowed") is True,
        problems=tuple(found),
    )


def card_license_digest(card: CardMetadata) -> str:
    """A stable hash of what the card declares about its license, for drift detection."""
    fields = [
        "license=" + ",".join(card.licenses),
        "license_name=" + (card.license_name or ""),
        "license_link=" + (card.license_link or ""),
        "base_model=" + ",".join(card.base_models),
    ]
    return hashlib.sha256("\n".join(fields).encode()).hexdigest()
