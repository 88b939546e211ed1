"""The words licscan reads on model cards, kept as data in ``rules/card-words/``: base-model families and
the licenses their versions carry, restriction phrases, phrases that never stand for the weights'
license, the marks of a component notice and the words that say a sentence gives a base model."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..lazy_regex import lazy, prefiltered
from ..normalize import MAX_CLASSIFY_CHARS, plain_latin_letters
from ..rules import default_dirs
from .base_families import Family, Version
from .clause_grammar import (
    AND_BEFORE_VERB,
    AND_VERB,
    ASIDE_START,
    ASKS_FOR_LEAVE,
    COMPOUND,
    FIRST_VERB,
    JOINED,
    LEADING_CLAUSE,
    LICENSED,
    OF,
    OTHER_THING,
    OWN_VERB,
    PRECONDITION,
    QUALIFIED_BY,
    RELATIVE,
    advice_not_a_term,
    denied_before,
    flatten,
    has_a_restriction_word,
    permission_not_needed,
    reads_on_from_the_main_subject,
)

_FLAGS = re.IGNORECASE | re.MULTILINE
# A sentence ends at . ! ? 。 ！ ？ or a line break; "e.g." and version numbers ("Llama 3.1") do not end one.
_SENTENCE_END = lazy(r"(?<=[!?。！？])\s*|(?<=[a-z)\]\"'”])\.(?=\s)|\n")
_SEEN_ENTRIES = 20_000   # answers remembered, for sentences up to _SEEN_CHARS long: ~10 MB at most
_SEEN_CHARS = 400
_SEEN_NOTHING = object()
# A ban of commercial use after an intended use ("... research purposes only and must not be deployed in products"); not
# what the model may not do ("and may not perform well"), nor advice ("should not be used in production without testing")
_A_BAN_OF_ITS_OWN = lazy(r"\b(?:must|may|shall|can)\s?(?:not|n['’]t)\s+(?:be\s+)?(?:(?:sold|sell|resold|resell|commerciali[sz]ed?|"
                               r"moneti[sz]ed?)\b|(?:used?|deploy(?:ed)?|distributed?|integrated?|incorporated?|offer(?:ed)?|serve[ds]?|"
                               r"ship(?:ped)?|put)\b(?:\s+[\w-]+){0,4}?\s+(?:commercial\w*|products?|production|services?|business\w*)\b)",
                               re.IGNORECASE)


def _any_search(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


@dataclass(frozen=True)
class CardWords:
    """The card words, loaded from rules/card-words/, and the questions licscan asks of a card's sentences."""

    families: tuple[Family, ...]
    restrictions: tuple[tuple[str, re.Pattern[str]], ...]   # (kind, pattern)
    restriction_words: re.Pattern[str]     # a word every restriction phrase has: most clauses have none
    the_model: re.Pattern[str]             # words that name the model as the subject of a restriction
    something_else: re.Pattern[str]        # words that name another subject: a dataset, outputs, another system
    disclaimers: re.Pattern[str]           # warranty words: a phrase in a disclaimer is not a term
    descriptions: re.Pattern[str]          # "intended for research purposes only" describes, it does not restrict
    traps: tuple[re.Pattern[str], ...]
    component_notice: tuple[re.Pattern[str], ...]
    component_file_name: re.Pattern[str]
    about_the_weights: re.Pattern[str]
    lineage_cues: tuple[re.Pattern[str], ...]
    comparisons: tuple[re.Pattern[str], ...]
    denied_bases: re.Pattern[str]                # "not based on Llama", "trained from scratch"
    # "on the [atcosim_corpus](...) dataset." ending a sentence that gives a base: where it was trained, no trap
    training_data_tail: re.Pattern[str] = re.compile(r"(?!)")
    source_phrases: tuple[re.Pattern[str], ...] = ()   # "converted to MLX format from {repo}": group "repo"
    source_mentions: re.Pattern[str] = re.compile(r"(?!)")   # "thanks to", "see also" before such words
    # Answers for sentences seen before in this process: cards copy each other's sentences (the quantised
    # and fine-tuned copies of one model, templates), and these case-insensitive alternations cost
    # ~5-10 us per pattern and sentence. Bounded; a dict's get and set are atomic, so threads may share it.
    _seen: dict[tuple[int, str], object] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def _memo(self, question: int, sentence: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
        return bool(self._remembered(question, sentence, lambda: _any_search(patterns, plain_latin_letters(sentence))))

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

    def without_denied_bases(self, sentence: str) -> str:
        """The sentence without the words that deny a base ("Not based on Llama 2; fine-tuned from LLaMA-13B"
        reads "; fine-tuned from LLaMA-13B"), or give another thing's ("projects built upon Llama")."""
        lowered = sentence.lower()
        return self.denied_bases.sub(" ", sentence) if any(word in lowered for word in ("not", "neither", "n't", "scratch", "rather",
                                                                                          "instead", "opposed", "built", "based")) else sentence

    def gives_a_base(self, sentence: str) -> bool:
        """Whether a sentence says what the model was made from (not what it is compared with). The dataset the
        Trainer's template names at its end ("a fine-tuned version of [X](...) on the [Y](...) dataset") is where
        the training happened: it makes no trap of the sentence."""
        return (self._memo(1, sentence, self.lineage_cues) and not self._memo(2, sentence, self.comparisons)
                and not self.is_trap(self.training_data_tail.sub("", sentence, count=1)))

    def source_references(self, sentence: str, own_ids: Iterable[str] = ()) -> list[re.Match[str]]:
        """Where a sentence names the Hub repo right after words that make it the model's source ("converted to MLX
        format from [`google/medgemma-1.5-4b-it`]()", "the conversion of [X](...)", "a fine-tune of Google's
        `gemma-3-4b-it`"): each match's group "repo" is the reference as written (a link, an id, a name). Not
        when the words before them make it a mention (thanks, "see also", a comparison, a sibling, a distilled
        student) or a dataset's. The card's own repo ids (``own_ids``) are no words before them: a name such as
        "mlx-community/nllb-200-distilled-600M" says what the card is, not that the source is a mention."""
        if not self.source_phrases:
            return []
        kept = self.without_denied_bases(sentence)
        own = re.compile("|".join(re.escape(repo) for repo in own_ids), re.IGNORECASE) if own_ids else None
        found = []
        for pattern in self.source_phrases:
            for match in pattern.finditer(kept):
                before = own.sub(" ", kept[:match.start()]) if own else kept[:match.start()]
                if self.source_mentions.search(before) or any(p.search(before) for p in self.comparisons) \
                        or self.is_trap(before):
                    continue
                found.append(match)
        return sorted(found, key=lambda m: m.start("repo"))

    def is_component_notice(self, file_name: str, text: str) -> bool:
        return bool(self.component_file_name.search(file_name.rsplit("/", 1)[-1])) or any(
            p.search(text[:20_000]) for p in self.component_notice)

    def restriction(self, clause: str, in_terms: bool = False) -> str | None:
        """The kind of restriction a clause puts on the model, or None (also when it is about a dataset, another system's
        outputs or a warranty). ``in_terms``: said in a license or terms section, where advice is a term too (review20)."""
        found = self.restricting(clause, in_terms)
        return found[0] if found else None

    def restricting(self, clause: str, in_terms: bool = False) -> tuple[str, str] | None:
        """The kind of restriction a clause puts on the model and the part of the clause that says it (from
        the comma before the phrase to the comma after it, as the clause has them), or None."""
        found = self._remembered(4 if in_terms else 3, clause, lambda: self._restricting(clause, in_terms))
        return found if isinstance(found, tuple) else None

    def _restricting(self, clause: str, in_terms: bool) -> tuple[str, str] | None:
        # ~60 phrases cost ~3 us each on a clause; 19 in 20 of a license text's clauses have none of their words
        # read with its Latin letters plain, as the phrases are ("nón-commercial", "únicamente"); quoted as written
        plain = plain_latin_letters(clause)
        if not has_a_restriction_word(self.restriction_words, plain):
            return None
        flat, cuts, spans = flatten(plain)
        said: list[tuple[int, int, str]] = []
        for kind, pattern in self.restrictions:
            found = pattern.search(flat)
            if found is None:
                continue
            # "intended for research purposes only" describes, when said in the phrase's own part of the
            # sentence (up to the comma before it); a phrase after warranty words is the disclaimer's
            begin = max((c for c in cuts if c <= found.start()), default=0)
            if self._describes(kind, flat[begin:found.end()], found.start() - begin, flat[found.end():]) \
                    or self.disclaimers.search(flat[:found.end()]) \
                    or denied_before(flat, cuts, found.start()):
                continue
            if kind == "research-only" and not in_terms and advice_not_a_term(flat, found.start(), found.end()):
                continue   # "Its use should be limited to research, development, and exploratory applications"
            if kind == "permission-required" and permission_not_needed(flat, max(begin, found.start() - 40), found.start(), found.end()):
                continue   # "You don't need to contact us for commercial use", "Commercial use does not require permission"
            if kind == "non-commercial" and PRECONDITION.match(flat, found.end()) \
                    and not ASKS_FOR_LEAVE.search(flat, found.end(), found.end() + 120):
                continue   # "Do not use this model for commercial purposes without a thorough safety evaluation"
            if self._subject(flat, cuts, found.start(), found.end()) != "else":
                said.append((found.start(), found.end(), kind))
        if not said:
            return None
        # the phrase said first; of phrases that overlap it, one inside another gives way to it ("Commercial use
        # is not permitted without prior written permission" leaves commercial use to the authors), else the
        # first kind listed ("provided as is for non-commercial research only" is research-only)
        first_said = min(said)
        overlapping = [s for s in said if s[0] < first_said[1] and first_said[0] < s[1]]
        widest = [s for s in overlapping if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in overlapping)]
        start, end, kind = widest[0]
        # the card's own words, from the part of the clause where the phrase starts to the part where it ends
        first, last = (sum(1 for c in cuts if c <= at) for at in (start, end - 1))
        return kind, " ".join(clause[spans[first][0]:spans[last][1]].split())

    def licensed_subject(self, statement: str) -> str | None:
        """What a license statement ("... released under X") is about, as for a restriction: "model" for
        "The model weights, code, and training data are released under CC BY-NC 4.0", "else" for "trained on
        a dataset licensed under CC BY-NC 4.0", None when it does not say or states no license."""
        flat, cuts, _ = flatten(plain_latin_letters(statement))
        found = LICENSED.search(flat)
        return self._subject(flat, cuts, found.start(), found.end()) if found else None

    def _describes(self, kind: str, part: str, phrase_at: int, rest: str = "") -> bool:
        """Whether a research-only phrase (from ``phrase_at`` in ``part``) and the words before it state an intended use:
        "intended for research purposes only" does; "designed for benchmarking and may not be used for commercial
        purposes" does not, a verb of its own says it (third review), nor does one a ban of commercial use follows in the
        ``rest`` of its clause. Other kinds are terms: an intended use that excludes commercial use ("intended for
        non-commercial use", "not intended for commercial use") is the authors' word against the use judged (review19)."""
        if kind != "research-only" or _A_BAN_OF_ITS_OWN.search(rest):
            return False
        described = max(self.descriptions.finditer(part), key=lambda m: m.start(), default=None)
        return described is not None and not OWN_VERB.search(part[described.end():max(described.end(), phrase_at)])

    def _subject(self, flat: str, cuts: list[int], start: int, end: int) -> str | None:
        """What a restriction found at flat[start:end] is about: "model", "else" (a dataset, outputs, another
        system), or None when the clause does not say. The subject is the last thing named before the
        phrase, with what is joined to it ("the model and its outputs" is about the model too; "outputs of
        the model" and "model outputs" are about outputs; "trained on data released for research only" is
        about the data); a clause naming nothing before the phrase is about what it names right after
        ("commercial use of the outputs"), or else about the model the card describes."""
        things = [(m.start(), m.end(), "model" if m.lastgroup == "model" else "else")
                  for m in re.finditer(f"(?P<model>{self.the_model.pattern})|(?P<other>{self.something_else.pattern})",
                                       flat, _FLAGS)]
        parts = list(zip([0, *cuts], [*cuts, len(flat)], strict=True))
        said_in = next(i for i, (a, b) in enumerate(parts) if a <= start < b or i == len(parts) - 1)
        # "Unlike Alpaca, which is for research use only, this model ...": said of the other thing
        # "Unlike models for research use only, ours ...": the compared thing, when a main clause follows it
        # after a comma; with none ("Unlike Mistral 7B this model is for research only") the clause is the main one
        if (OTHER_THING.match(flat[slice(*parts[said_in])]) and len(parts) > 1) or (
                said_in and RELATIVE.match(flat[slice(*parts[said_in])]) and OTHER_THING.match(flat[slice(*parts[said_in - 1])])):
            return "else"
        # "Trained on the ShareGPT dataset, which is licensed for non-commercial use only": a relative clause says
        # its restriction of what the part before it names, here a dataset only (one naming the model reads on)
        main_subject = reads_on_from_the_main_subject(flat, parts, said_in, things)
        if main_subject is not None:
            return main_subject
        if said_in and RELATIVE.match(flat[slice(*parts[said_in])]):
            named = {t[2] for t in things if parts[said_in - 1][0] <= t[0] < parts[said_in - 1][1]}
            if named == {"else"}:
                return "else"
        before = [t for t in things if t[1] <= start]
        # a leading subordinate clause ("As the data is from GPT-4, it is ...") names no subject of the main one
        main = parts[1][0] if said_in and LEADING_CLAUSE.match(flat[slice(*parts[0])]) else 0
        before = [t for t in before if t[0] >= main]
        # a thing named in an aside between commas ("The model, trained on public data, is ...") is not the subject
        asides = [(a, b) for a, b in parts[1:] if b <= start and ASIDE_START.match(flat[a:b])]
        # nor is one named only in an aside ("This version, like our previous release, is ..."): the subject is unnamed
        before = [t for t in before if not any(a <= t[0] < b for a, b in asides)]
        verbs = [v for v in FIRST_VERB.finditer(flat, main, start) if not any(a <= v.start() < b for a, b in asides)]
        and_verb = AND_VERB.search(flat, before[-1][1], start) if before else None
        if before and not verbs and AND_BEFORE_VERB.search(flat, 0, start) and FIRST_VERB.match(flat, start) \
                and len(flat[main:before[0][0]].split()) <= 2:
            # "This model uses data generated by ChatGPT and must not be used commercially": the phrase is the
            # sentence's second verb, and its first is no auxiliary: the subject is what the clause names first
            before = before[:1]
        elif and_verb and verbs:
            # "This model was fine-tuned on our data and is for non-commercial use only": the phrase's verb is
            # a second one of the sentence's subject, named before its first verb
            if verbs[0].start() >= and_verb.start() and len(flat[main:before[0][0]].split()) <= 2:
                # its first verb is no auxiliary ("This model uses data generated by ChatGPT and must not be used
                # commercially"): the subject is what the clause names first
                before = before[:1]
            else:
                before = [t for t in before if t[1] <= verbs[0].start()]
            if not before:
                return None
        if not before:
            after = [t for t in things if t[0] >= start and len(flat[end:t[0]].split()) <= 3]
            inside = [t for t in things if start <= t[0] < end]
            near = inside or after
            return near[0][2] if near else None
        # a verb after the last thing named: what comes before it is the subject, qualified ("the model trained on
        # GPT-4 outputs is ...") or not
        verb_follows = any(v.start() >= before[-1][1] for v in verbs)
        head = before[-1]
        subject = {head: head[2]}
        for earlier in reversed(before[:-1]):
            between = flat[earlier[1]:head[0]]
            if JOINED.match(between):
                subject[earlier] = earlier[2]
            elif OF.match(between) or (verb_follows and QUALIFIED_BY.match(between)):
                # the thing before is the head: "outputs of the model" (of the model alone: "the outputs of this
                # model and the model itself" keep the model itself)
                subject.pop(head, None)
                subject[earlier] = earlier[2]
            elif not COMPOUND.match(between):
                break
            head = earlier
        return "model" if "model" in subject.values() else "else"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text[:MAX_CLASSIFY_CHARS]) if s and s.strip()]


def _read_yaml(path: Path) -> Any:
    """``yaml.safe_load`` of one of licscan's own card-word files, read entirely by libyaml when PyYAML has
    it: ~1 ms instead of ~10 on every first classification of a run (the files' regular expressions are
    full of the '?' for which yamlnodes.safe_load hands a document to the Python reader). These files
    ship with licscan (never a project's), and tests/test_card_words.py pins that both readers give
    the same data for them."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _compile(value: object, where: Path, key: str) -> re.Pattern[str]:
    """The pattern, compiled when first used and only on a text that has one of its required words (~170
    card words: compiling them all took ~17 ms of every run that classifies); a pattern re rejects raises
    the same InputError, when first used."""
    if not isinstance(value, str):
        raise InputError(f"'{key}' must be a regular expression (text)", where)

    def invalid(error: re.error) -> InputError:
        return InputError(f"'{key}': {value!r} is not a regular expression ({error})", where)

    # matched on text whose Latin letters are plain (plain_latin_letters), so written with them plain too
    return prefiltered(plain_latin_letters(value), _FLAGS, invalid)


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

    def version(v: dict[str, object]) -> Version:
        return Version(_compile(v.get("words"), families_file, "words"), _licenses(v.get("licenses"), families_file, "licenses"))
    for entry in families_doc.get("families", []):
        versions = tuple(version(v) for v in entry.get("versions") or [])
        families.append(Family(str(entry["family"]), _compile(entry.get("name"), families_file, "name"), versions,
                               _licenses(entry.get("default"), families_file, "default"), entry.get("includes_its_bases") is True,
                               tuple(str(owner).lower() for owner in entry.get("publishers") or ()),
                               _licenses(entry["later_licenses"], families_file, "later_licenses") if "later_licenses" in entry else (),
                               tuple(version(v) for v in entry.get("later_license_words") or [])))

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(p, phrases_file, key) for p in phrases.get(key) or [])

    listed_phrases = [(kind, p) for kind, listed in (phrases.get("restrictions") or {}).items() for p in listed]
    restrictions = tuple((kind, _compile(p, phrases_file, "restrictions")) for kind, p in listed_phrases)
    restriction_words = _compile(phrases.get("restriction_words"), phrases_file, "restriction_words")
    for (kind, written), (_, pattern) in zip(listed_phrases, restrictions, strict=True):
        if not restriction_words.search(pattern.pattern):
            raise InputError(f"restriction phrase {written!r} ({kind}) has none of the restriction_words", phrases_file)
    return CardWords(
        families=tuple(families), restrictions=restrictions, restriction_words=restriction_words,
        the_model=_compile(phrases.get("the_model"), phrases_file, "the_model"),
        something_else=_compile(phrases.get("something_else"), phrases_file, "something_else"),
        disclaimers=_compile(phrases.get("disclaimers"), phrases_file, "disclaimers"),
        descriptions=_compile(phrases.get("descriptions"), phrases_file, "descriptions"),
        traps=patterns("traps"), component_notice=patterns("component_notice"),
        component_file_name=_compile(phrases.get("component_file_name"), phrases_file, "component_file_name"),
        about_the_weights=_compile(phrases.get("about_the_weights"), phrases_file, "about_the_weights"),
        lineage_cues=patterns("lineage_cues"), comparisons=patterns("comparisons"),
        denied_bases=_compile(phrases.get("denied_bases"), phrases_file, "denied_bases"),
        training_data_tail=_compile(phrases.get("training_data_tail"), phrases_file, "training_data_tail"),
        source_phrases=tuple(_source_phrase(p, phrases_file) for p in phrases.get("source_phrases") or []),
        source_mentions=_compile(phrases.get("source_mentions"), phrases_file, "source_mentions"),
    )


# What a source phrase's {repo} may be: a Markdown link ("[X](https://huggingface.co/X)", "[`X`]()" as mlx-vlm
# writes it), an ORG/NAME, or a name alone ("`gemma-3-4b-it`"), in backticks or bold or not; lineage reads which
# repo it names. {filler}: a few words before it ("the", "Google's", "the original").
_SOURCE_REPO = (r"(?P<repo>\[[^\]\n]{1,200}\]\([^)\s]{0,300}\)|(?:\*\*|`)?[A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,95})?"
                r"(?:\*\*|`)?)")
_SOURCE_FILLER = r"(?:(?:the|an?|this|original|official|base|source|pretrained|model|[\w.-]+['’]s?) ){0,3}"


def _source_phrase(value: object, where: Path) -> re.Pattern[str]:
    if not isinstance(value, str) or value.count("{repo}") != 1:
        raise InputError("each of 'source_phrases' must be a regular expression with one {repo}", where)
    return _compile(value.replace("{filler}", _SOURCE_FILLER).replace("{repo}", _SOURCE_REPO), where, "source_phrases")
