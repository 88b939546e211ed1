"""What one sentence of a card's license line says (license_lines walks the lines): its kind (the model's license, or
the model's beside something else's) and the licenses it names, read without the reason or concession it gives ("CC BY-NC
4.0, because the training data is non-commercial"); a value that gives only the license's kind, non-commercial."""

from __future__ import annotations

import re

from ...lazy_regex import lazy, prefiltered
from ...matcher import Matcher
from ...normalize import tokens
from ...rules import KnowledgeBase
from ..card_words import CardWords
from ..memo import Memo
from .card_links import LINK as _LINK
from .denied_licenses import without_denied_licenses
from .license_sections import LICENSE_LABEL, MODEL_OR_SAME, OTHER_THAN_THE_MODEL, kind_of_license_line
from .prose import prose_licenses

# A reason a license line gives, and a concession before it: "CC BY-NC 4.0, because the training data is
# non-commercial", "Although the base is Apache 2.0, this fine-tune is CC BY-NC 4.0 because of its training data".
# What they name (training data, a base) says why, not what the line licenses: the line is read without them.
_REASON = prefiltered(r"[\s,;(-]*\b(?:because|since|due to|owing to|as a result of|given that)\b.*$"
               r"|^[\W_]*(?:although|though|even though|while|whereas)\b[^,;]{1,200}[,;]", re.IGNORECASE)
# What a reason or concession may name a license of and still be read away: data, a base, code, outputs...
_DATA_OR_BASE = lazy(r"\b(?:base|original|parent|upstream|foundation|pre-?trained)\b", re.IGNORECASE)


def without_reason(matcher: Matcher, words: CardWords, line: str) -> str:
    """The line without its reason and concession, when they name no license, or name one only of data, a base
    or another thing and nothing of the model. Any other license they state may be the checkpoint's, whatever
    word they call it by ("Although this fine-tune is CC BY-NC 4.0, the training code is Apache 2.0", "since
    this LLM is released under ..."): such a part is kept, an unsettled line rather than a dropped license."""
    def read_away(said: re.Match[str]) -> str:
        part = said.group(0)
        if not named_in_words(matcher, part):
            return " "
        names_another_thing = (_DATA_OR_BASE.search(part) or OTHER_THAN_THE_MODEL.search(part)
                               or words.something_else.search(part))
        return " " if names_another_thing and not MODEL_OR_SAME.search(part) else part
    kept = _REASON.sub(read_away, line).strip()
    return kept or line


def named_in_words(matcher: Matcher, text: str) -> list[str]:
    """The licenses a text's words name, its links read as their text and the licenses it denies left out."""
    return matcher.named_licenses(tokens(without_denied_licenses(_LINK.sub(r"\1", text))))


# A license line's value that gives only its license's kind, non-commercial ("Non-commercial", "Custom
# (non-commercial)", "NC", "Non-commercial use only"), as a License line or a License section's whole line
_NON_COMMERCIAL_KIND = lazy(r"[\W_]*(?:(?:custom|proprietary|restricted|research)\b[\W_]*)?(?:non[- ]?commercial|(?-i:NC))"
                            r"(?:[\s,/&-]+(?:use|usage|research|only|license|licence|purposes?|and|research))*[\W_]*", re.IGNORECASE)
_CARD_NON_COMMERCIAL = "card-non-commercial"   # rules/card-non-commercial.yaml: the card's own non-commercial terms


# What license_line_sentence answered, by everything it reads: a License section holding a license text many
# cards copy asks it of the same sentences under the same heading (memo.py)
LICENSE_LINE_SENTENCES: Memo[tuple[str | None, tuple[str, ...]]] = Memo()


def license_line_sentence(kb: KnowledgeBase, matcher: Matcher, words: CardWords, heading: str, lead: str, sentence: str,
                           in_section: bool, first: bool) -> tuple[str | None, tuple[str, ...]]:
    """What one sentence of a license line says: its kind (``kind_of_license_line``; None when it names no
    license of the checkpoint) and the licenses it names."""
    label = LICENSE_LABEL.match(sentence) if first else None
    if not (in_section or label):
        return None, ()
    if _NON_COMMERCIAL_KIND.fullmatch(sentence[label.end():] if label else sentence) and kb.get(_CARD_NON_COMMERCIAL):
        # "**License:** Non-commercial", "**License:** Custom (non-commercial)": the line gives its license's kind, not a
        # name, and that kind grants no commercial use whatever license it is
        kind = kind_of_license_line(words, heading, lead, sentence, in_section)
        return (kind, (_CARD_NON_COMMERCIAL,)) if kind is not None else (None, ())
    # what it names is looked for first: most sentences of a License section (a license text pasted in) name no
    # license whatever their kind, and their kind is the costlier question
    if not (matcher.named_licenses(tokens(sentence[label.end():] if label else sentence)) or (
            not label and len(tokens(sentence)) > NAME_ONLY_WORDS and prose_licenses(kb, sentence))):
        return None, ()
    kind = kind_of_license_line(words, heading, lead, sentence, in_section)
    if kind is None:
        return None, ()
    if kind == "mixed" or label:
        named = matcher.named_licenses(tokens(sentence[label.end():] if label else sentence))
    elif len(tokens(sentence)) <= NAME_ONLY_WORDS:
        named = matcher.named_licenses(tokens(sentence))
    else:   # a sentence: the license it is licensed under, not a model it names ("DeepSeek-R1 series support ...")
        named = [rule_id for rule_id, _ in prose_licenses(kb, sentence)]
    return kind, tuple(named)


# A line of a License section this short is a license's name ("Creative Commons Attribution-NonCommercial 4.0
# International", "Apache 2.0 (see LICENSE)"), not a sentence about something
NAME_ONLY_WORDS = 10
