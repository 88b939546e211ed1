"""The words licscan reads on model cards, kept as data in ``rules/card-words/``: base-model families and
the licenses their versions carry, restriction phrases, phrases that never stand for the weights'
license, the marks of a component notice and the words that say a sentence gives a base model."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..normalize import MAX_CLASSIFY_CHARS
from ..rules import KnowledgeBase, LicenseRule, default_dirs

_FLAGS = re.IGNORECASE | re.MULTILINE
# A sentence ends at . ! ? 。 ！ ？ or a line break; "e.g." and version numbers ("Llama 3.1") do not end one.
_SENTENCE_END = re.compile(r"(?<=[!?。！？])\s*|(?<=[a-z)\]\"'”])\.(?=\s)|\n")
# A clause: a sentence cut where its subject may change.
_SEEN_ENTRIES = 20_000   # answers remembered, for sentences up to _SEEN_CHARS long: ~10 MB at most
_SEEN_CHARS = 400
_SEEN_NOTHING = object()
_CLAUSE_END = re.compile(r"[，,;；:：]|\bso\b|\btherefore\b|\bbut\b|所以|但")


@dataclass(frozen=True)
class Version:
    words: re.Pattern[str]
    licenses: tuple[str, ...]


@dataclass(frozen=True)
class Family:
    family: str
    name: re.Pattern[str]
    versions: tuple[Version, ...]
    default: tuple[str, ...]

    def licenses_for(self, written: str) -> tuple[tuple[str, ...], bool]:
        """The licenses the family's name as written carries, and whether the words pinned the version."""
        for version in self.versions:
            if version.words.search(written):
                return version.licenses, True
        return self.default, False


@dataclass(frozen=True)
class CardWords:
    families: tuple[Family, ...]
    restrictions: tuple[tuple[str, re.Pattern[str]], ...]   # (kind, pattern)
    not_about_the_model: tuple[re.Pattern[str], ...]
    traps: tuple[re.Pattern[str], ...]
    component_notice: tuple[re.Pattern[str], ...]
    component_file_name: re.Pattern[str]
    about_the_weights: re.Pattern[str]
    lineage_cues: tuple[re.Pattern[str], ...]
    comparisons: tuple[re.Pattern[str], ...]
    # Answers for sentences seen before in this process: cards copy each other's sentences (the quantised
    # and fine-tuned copies of one model, templates), and these case-insensitive alternations cost
    # ~5-10 us per pattern and sentence. Bounded; a dict's get and set are atomic, so threads may share it.
    _seen: dict[tuple[int, str], object] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def _memo(self, question: int, sentence: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
        return bool(self._remembered(question, sentence, lambda: any(p.search(sentence) for p in patterns)))

    def _remembered(self, question: int, sentence: str, answer: Callable[[], object]) -> object:
        if len(sentence) > _SEEN_CHARS:
            return answer()
        key = (question, sentence)
        found = self._seen.get(key, _SEEN_NOTHING)
        if found is _SEEN_NOTHING:
            found = answer()
            if len(self._seen) >= _SEEN_ENTRIES:
                self._seen.clear()
            self._seen[key] = found
        return found

    def is_trap(self, sentence: str) -> bool:
        return self._memo(0, sentence, self.traps)

    def gives_a_base(self, sentence: str) -> bool:
        """Whether a sentence says what the model was made from (not what it is compared with)."""
        return (self._memo(1, sentence, self.lineage_cues) and not self._memo(2, sentence, self.comparisons)
                and not self.is_trap(sentence))

    def is_component_notice(self, file_name: str, text: str) -> bool:
        return bool(self.component_file_name.search(file_name.rsplit("/", 1)[-1])) or any(
            p.search(text[:20_000]) for p in self.component_notice)

    def restriction(self, clause: str) -> str | None:
        """The kind of restriction a clause puts on the model, or None (also when it is about a dataset,
        another system's outputs or a warranty)."""
        kind = self._remembered(3, clause, lambda: self._restriction(clause))
        return kind if isinstance(kind, str) else None

    def _restriction(self, clause: str) -> str | None:
        kind = next((kind for kind, pattern in self.restrictions if pattern.search(clause)), None)
        if kind is None or any(p.search(clause) for p in self.not_about_the_model):
            return None
        return kind


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text[:MAX_CLASSIFY_CHARS]) if s and s.strip()]


def clauses(sentence: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_END.split(sentence) if c.strip()]


def _read_yaml(path: Path) -> Any:
    """``yaml.safe_load`` of one of licscan's own card-word files, read entirely by libyaml when PyYAML has
    it: ~1 ms instead of ~10 on every first classification of a run (the files' regular expressions are
    full of the '?' for which yamlnodes.safe_load hands a document to the Python reader). These files
    ship with licscan (never a project's), and tests/test_card_words.py pins that both readers give
    the same data for them."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _compile(value: object, where: Path, key: str) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise InputError(f"'{key}' must be a regular expression (text)", where)
    try:
        return re.compile(value, _FLAGS)
    except re.error as error:
        raise InputError(f"'{key}': {value!r} is not a regular expression ({error})", where) from None


def _licenses(value: object, where: Path, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise InputError(f"'{key}' must be a non-empty list of rule ids", where)
    return tuple(value)


@lru_cache(maxsize=2)
def load_card_words(folder: Path | None = None) -> CardWords:
    folder = folder or default_dirs()[0] / "card-words"
    families_file, phrases_file = folder / "families.yaml", folder / "phrases.yaml"
    families_doc = _read_yaml(families_file) or {}
    phrases = _read_yaml(phrases_file) or {}
    families = []
    for entry in families_doc.get("families", []):
        versions = tuple(Version(_compile(v.get("words"), families_file, "words"), _licenses(v.get("licenses"), families_file, "licenses"))
                         for v in entry.get("versions") or [])
        families.append(Family(str(entry["family"]), _compile(entry.get("name"), families_file, "name"), versions,
                               _licenses(entry.get("default"), families_file, "default")))

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(p, phrases_file, key) for p in phrases.get(key) or [])

    restrictions = tuple((kind, _compile(p, phrases_file, "restrictions"))
                         for kind, listed in (phrases.get("restrictions") or {}).items() for p in listed)
    return CardWords(
        families=tuple(families), restrictions=restrictions, not_about_the_model=patterns("not_about_the_model"),
        traps=patterns("traps"), component_notice=patterns("component_notice"),
        component_file_name=_compile(phrases.get("component_file_name"), phrases_file, "component_file_name"),
        about_the_weights=_compile(phrases.get("about_the_weights"), phrases_file, "about_the_weights"),
        lineage_cues=patterns("lineage_cues"), comparisons=patterns("comparisons"),
    )


def _link_key(url: str) -> str:
    # scheme, "www.", the host's case, a trailing slash, a query and a fragment do not change the page
    match = re.match(r"^\s*(?:https?://)?(?:www\.)?([^/\s?#]+)(/[^#?\s]*)?", url)
    if not match:
        return url.strip()
    return match.group(1).lower() + (match.group(2) or "").rstrip("/")


def rule_for_link(kb: KnowledgeBase, url: str) -> LicenseRule | None:
    """The rule whose vendor license URLs (`links` in its rule file) include this one, or None."""
    by_link: Callable[[str], LicenseRule | None] | None = getattr(kb, "by_link", None)
    if by_link is not None:
        return by_link(url)
    wanted = _link_key(url)
    return next((rule for rule in kb.rules for link in getattr(rule, "links", ()) if _link_key(link) == wanted), None)
