"""The words licscan reads on model cards, kept as data in ``rules/card-words/`` (families.yaml, phrases.yaml), loaded
and checked here (``load_card_words``: licscan's own files, or a project's folder of the same form) into the
``CardWords`` that card_word_reading.py defines and reads sentences with."""

from __future__ import annotations

import contextlib
import marshal
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..cache_dir import read_remembered, reference_cache_dir, write_atomically
from ..errors import InputError
from ..lazy_regex import lazy, prefiltered
from ..normalize import plain_latin_letters
from ..rules import default_dirs
from ..rules_cache import KeyMaker
from .base_families import Family, Version
from .card_word_reading import PATTERN_FLAGS, CardWords, sentences

__all__ = ["CardWords", "Qualifiers", "load_card_words", "load_qualifiers", "sentences"]


def read_card_words_yaml(path: Path) -> Any:
    """``yaml.safe_load`` of one of licscan's own card-word files, read entirely by libyaml when PyYAML has
    it: ~1 ms instead of ~10 on every first classification of a run (the files' regular expressions are
    full of the '?' for which yamlnodes.safe_load hands a document to the Python reader). These files
    ship with licscan (never a project's), and tests/test_card_words.py pins that both readers give
    the same data for them. Composing the document still cost ~6 ms a file: it is kept in licscan's cache
    folder, keyed by the file's bytes and the parser's code, as the parsed rules are (rules_cache)."""
    data = path.read_bytes()
    key = KeyMaker("card-words", path.name)
    key.add_bytes(data)
    digest = key.hexdigest()
    folder = reference_cache_dir()
    cached = folder / f"cardwords-{digest[:32]}.marshal" if folder is not None else None
    # the document as parsed before from these very bytes (~6 ms of each first classification of a run saved):
    # marshal builds data only, and a file of another key is not used
    stored = read_remembered(cached, digest)
    if stored is not None:
        return stored
    document = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if cached is not None and folder is not None:
        # (a value marshal cannot write, none in licscan's files: read from the YAML every time)
        with contextlib.suppress(ValueError):
            write_atomically(folder, cached, marshal.dumps((digest, document)))
    return document


def compile_card_pattern(value: object, where: Path, key: str, *, first_chars: bool = False) -> re.Pattern[str]:
    """The pattern, compiled when first used and only on a text that has one of its required words (~170
    card words: compiling them all took ~17 ms of every run that classifies); a pattern re rejects raises
    the same InputError, when first used. ``first_chars``: as lazy_regex.lazy's."""
    if not isinstance(value, str):
        raise InputError(f"'{key}' must be a regular expression (text)", where)

    def invalid(error: re.error) -> InputError:
        return InputError(f"'{key}': {value!r} is not a regular expression ({error})", where)

    # matched on text whose Latin letters are plain (plain_latin_letters), so written with them plain too
    return prefiltered(plain_latin_letters(value), PATTERN_FLAGS, invalid, first_chars=first_chars)


def _licenses(value: object, where: Path, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise InputError(f"'{key}' must be a non-empty list of rule ids", where)
    return tuple(value)


@lru_cache(maxsize=2)
def load_card_words(folder: Path | None = None) -> CardWords:
    folder = folder or default_dirs()[0] / "card-words"
    families_file, phrases_file = folder / "families.yaml", folder / "phrases.yaml"
    families_doc = read_card_words_yaml(families_file) or {}
    phrases = read_card_words_yaml(phrases_file) or {}
    families = []

    def version(v: dict[str, object]) -> Version:
        return Version(compile_card_pattern(v.get("words"), families_file, "words"), _licenses(v.get("licenses"), families_file, "licenses"))
    for entry in families_doc.get("families", []):
        versions = tuple(version(v) for v in entry.get("versions") or [])
        families.append(Family(str(entry["family"]), compile_card_pattern(entry.get("name"), families_file, "name"), versions,
                               _licenses(entry.get("default"), families_file, "default"), entry.get("includes_its_bases") is True,
                               tuple(str(owner).lower() for owner in entry.get("publishers") or ()),
                               _licenses(entry["later_licenses"], families_file, "later_licenses") if "later_licenses" in entry else (),
                               tuple(version(v) for v in entry.get("later_license_words") or [])))

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(compile_card_pattern(p, phrases_file, key) for p in phrases.get(key) or [])

    listed_phrases = [(kind, p) for kind, listed in (phrases.get("restrictions") or {}).items() for p in listed]
    restrictions = tuple((kind, compile_card_pattern(p, phrases_file, "restrictions")) for kind, p in listed_phrases)
    # (asked of every clause, and of each phrase below: a long alternation of words, faster with its first characters)
    restriction_words = compile_card_pattern(phrases.get("restriction_words"), phrases_file, "restriction_words", first_chars=True)
    for (kind, written), (_, pattern) in zip(listed_phrases, restrictions, strict=True):
        if not restriction_words.search(pattern.pattern):
            raise InputError(f"restriction phrase {written!r} ({kind}) has none of the restriction_words", phrases_file)
    architecture_piece, size_or_version = _architectures(families_doc.get("architectures") or {}, families_file)
    return CardWords(
        families=tuple(families), restrictions=restrictions, restriction_words=restriction_words,
        the_model=compile_card_pattern(phrases.get("the_model"), phrases_file, "the_model"),
        something_else=compile_card_pattern(phrases.get("something_else"), phrases_file, "something_else"),
        disclaimers=compile_card_pattern(phrases.get("disclaimers"), phrases_file, "disclaimers"),
        descriptions=compile_card_pattern(phrases.get("descriptions"), phrases_file, "descriptions"),
        traps=patterns("traps"), component_notice=patterns("component_notice"),
        component_file_name=compile_card_pattern(phrases.get("component_file_name"), phrases_file, "component_file_name"),
        about_the_weights=compile_card_pattern(phrases.get("about_the_weights"), phrases_file, "about_the_weights"),
        lineage_cues=patterns("lineage_cues"), comparisons=patterns("comparisons"),
        denied_bases=compile_card_pattern(phrases.get("denied_bases"), phrases_file, "denied_bases"),
        training_data_tail=compile_card_pattern(phrases.get("training_data_tail"), phrases_file, "training_data_tail"),
        data_words=compile_card_pattern(phrases.get("data_words"), phrases_file, "data_words"),
        data_source=compile_card_pattern(phrases.get("data_source") or "(?!)", phrases_file, "data_source"),
        source_phrases=tuple(_source_phrase(p, phrases_file) for p in phrases.get("source_phrases") or []),
        source_mentions=compile_card_pattern(phrases.get("source_mentions"), phrases_file, "source_mentions"),
        academic_release=compile_card_pattern(phrases.get("academic_release"), phrases_file, "academic_release"),
        fitness_disclaimer=compile_card_pattern(phrases.get("fitness_disclaimer"), phrases_file, "fitness_disclaimer"),
        out_of_scope_heading=compile_card_pattern(phrases.get("out_of_scope_heading"), phrases_file, "out_of_scope_heading"),
        out_of_scope_commercial=compile_card_pattern(phrases.get("out_of_scope_commercial"), phrases_file, "out_of_scope_commercial"),
        code_part_label=compile_card_pattern(phrases.get("code_part_label") or "(?!)", phrases_file, "code_part_label"),
        base_model_labels=_labels(phrases.get("base_model_labels"), phrases_file, "base_model_labels"),
        base_headings=patterns("base_headings"),
        restricting_tags=_restricting_tags(phrases.get("restricting_tags"), set(phrases.get("restrictions") or ()), phrases_file),
        one_familys_licenses=frozenset(_words(families_doc.get("one_familys_licenses") or [], families_file,
                                              "one_familys_licenses", r"[a-z0-9]+(?:[-.][a-z0-9]+)*")),
        architecture_piece=architecture_piece, size_or_version=size_or_version,
        not_model_repos=frozenset(repo.lower() for repo in _words((families_doc.get("not_models") or {}).get("repos") or [],
                                                                  families_file, "not_models.repos", r"[\w.-]+/[\w.-]+")),
        not_model_after=compile_card_pattern((families_doc.get("not_models") or {}).get("after") or "(?!)", families_file, "not_models.after"),
    )


@dataclass(frozen=True)
class Qualifiers:
    """rules/card-words/license-qualifiers.yaml: the words a license line puts beside the license it names (acc66),
    read by strategies/license_qualifiers.py, and by unknown_terms.py after terms a use is put under (acc74)."""
    license_sentence: re.Pattern[str]
    max_words: int
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    grants: re.Pattern[str]
    open_for_categories: frozenset[str]
    after_ends: re.Pattern[str]
    before_starts: re.Pattern[str]


@lru_cache(maxsize=1)
def load_qualifiers() -> Qualifiers:
    """licscan's own license-qualifiers.yaml; each qualifier's kind one of phrases.yaml's restriction kinds, or "open"."""
    folder = default_dirs()[0] / "card-words"
    path = folder / "license-qualifiers.yaml"
    data = read_card_words_yaml(path) or {}
    kinds = tuple((kind, compile_card_pattern(pattern, path, f"qualifiers.{kind}"))
                  for kind, patterns in (data.get("qualifiers") or {}).items() for pattern in patterns)
    restriction_kinds = set((read_card_words_yaml(folder / "phrases.yaml") or {}).get("restrictions") or ())
    unknown = {kind for kind, _ in kinds} - {*restriction_kinds, "open"}
    if unknown:
        raise InputError(f"qualifiers of unknown kinds: {sorted(unknown)}", path)

    def pattern(key: str) -> re.Pattern[str]:
        return compile_card_pattern(data.get(key), path, key)
    return Qualifiers(pattern("license_sentence"), int(data.get("max_words", 30)), kinds, pattern("grants"),
                      frozenset(data.get("open_for_categories") or ()), pattern("after_ends"), pattern("before_starts"))


def _labels(value: object, where: Path, key: str) -> str:
    """A list of regular expressions joined into one alternation's source (checked to compile), read on a card's own
    text rather than its plain-letter fold."""
    if value is None:
        return ""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"'{key}' must be a list of regular expressions (text)", where)
    source = "|".join(f"(?:{v})" for v in value)
    try:
        re.compile(source)
    except re.error as error:
        raise InputError(f"'{key}': not a regular expression ({error})", where) from error
    return source


def _words(value: object, where: Path, key: str, shape: str = r"[a-z0-9]+") -> list[str]:
    """A list of words of one shape (lower case letters and digits): written as words, read as words."""
    if not isinstance(value, list) or not all(isinstance(v, str) and re.fullmatch(shape, v) for v in value):
        raise InputError(f"'{key}' must be a list of words (lower case letters and digits)", where)
    return list(value)


def _architectures(value: object, where: Path) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """families.yaml's ``architectures``: the pattern a piece of a name without its owner fully matches when it is an
    architecture's word (one of ``words``, after one of ``prefixes`` or not, a version after it or not: "distilbert",
    "gpt2", "bloomz"), and the one that finds a size, a version or a casing in the name (a digit, one of ``sizes``)."""
    if not isinstance(value, dict) or set(value) - {"prefixes", "words", "sizes"}:
        raise InputError("'architectures' must have 'prefixes', 'words' and 'sizes', each a list of words", where)
    prefixes, words, sizes = (_words(value.get(k) or [], where, f"architectures: {k}") for k in ("prefixes", "words", "sizes"))
    if not words:
        return re.compile(r"(?!)"), re.compile(r"(?!)")

    def alternatives(listed: list[str]) -> str:
        return "|".join(re.escape(w) for w in listed)
    piece = (f"(?:{alternatives(prefixes)})?" if prefixes else "") + rf"(?:{alternatives(words)})(?:v?\d[\w.]*)?"
    size = r"\d" + (rf"|(?<![a-z])(?:{alternatives(sizes)})(?![a-z])" if sizes else "")
    return lazy(piece), lazy(size)


def _restricting_tags(value: object, kinds: set[str], where: Path) -> dict[str, str]:
    """``restricting_tags`` as a tag -> kind table; each kind one of the restrictions' kinds."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(kind in kinds and isinstance(tags, list) and all(isinstance(t, str) for t in tags)
                                              for kind, tags in value.items()):
        raise InputError("'restricting_tags' must map kinds of the restrictions to lists of tags", where)
    return {tag.lower(): str(kind) for kind, tags in value.items() for tag in tags}


# What a source phrase's {repo} may be: a Markdown link ("[X](https://huggingface.co/X)", "[`X`]()" as mlx-vlm
# writes it), an ORG/NAME, or a name alone ("`gemma-3-4b-it`"), in backticks or bold or not; lineage reads which
# repo it names. {filler}: a few words before it ("the", "Google's", "the original").
# {mark}: the emphasis or code mark an id may be written in ("**org/X**", "__org/X__", "*org/X*", "_org/X_", "`org/X`",
# review59), or the double quotes it may stand in ('the fine-tuned version of "microsoft/mDeBERTa-v3-base"', acc80: round 49's
# akdeniz27/mDeBERTa-v3-base-turkish-ner), read once here and where a phrase looks ahead for an id; named_sources strips it
# from the id.
_SOURCE_MARK = r"(?:\*\*|__|[`*_\"“])?"
_SOURCE_REPO = (r"(?P<repo>\[[^\]\n]{1,200}\]\([^)\s]{0,300}\)|(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/[^\s)\]>\"']{1,300}"
                r"|" + _SOURCE_MARK + r"[A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,95})?(?:\*\*|[`*\"”])?)")
# ("fine-tuned from Llama-3-compatible acme/x-7b": the repo named, whatever it is said to work like, review61; "fine-tuned from
# the HuggingFace checkpoint `google/mobilebert-uncased`", acc90: round 63's csarron card, where "HuggingFace" was the source)
_SOURCE_FILLER = (r"(?:(?:the|an?|this|original|official|base|source|pretrained|model|checkpoint|hugging ?face|hf|hub|[\w.-]+['’]s?"
                  r"|[\w.-]+-compatible) ){0,3}")


def _source_phrase(value: object, where: Path) -> re.Pattern[str]:
    if not isinstance(value, str) or value.count("{repo}") != 1:
        raise InputError("each of 'source_phrases' must be a regular expression with one {repo}", where)
    return compile_card_pattern(value.replace("{filler}", _SOURCE_FILLER).replace("{mark}", _SOURCE_MARK).replace("{repo}", _SOURCE_REPO),
                    where, "source_phrases")
