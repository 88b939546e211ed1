"""Licenses a card's prose names: "The weights are released under CC BY-NC 4.0", "Code: Apache 2.0; model
weights: CC BY-NC 4.0", "模型权重采用 CC BY-NC 4.0 许可证发布", sentence by sentence and statement by statement, a
dataset's or the outputs' license left out. The names of terms licscan does not know that such statements give are read by
unknown_terms.py; the strategy that weighs both is prose_and_license_lines.py.
"""

from __future__ import annotations

import re

from ...lazy_regex import lazy, prefiltered
from ...normalize import MAX_CLASSIFY_CHARS, plain_latin_letters
from ...rules import KnowledgeBase
from ..card_words import load_card_words
from ..memo import Memo, split_remembered
from .card_links import with_badges_read
from .denied_licenses import DENIED_BEFORE, without_denied_licenses

# The marks a label may end with besides a colon ("Weights — X", "Code → MIT", "Code • MIT • Weights • X": acc71, acc74,
# acc75), the marks between the parts of a line ("**Code**: MIT | **Model**: X", "Code · MIT · Weights · X"), and a part's
# label that gives it to the weights: one source for PROSE's forms, _A_WEIGHTS_PART and _PARTS
_LABEL_MARK = "[-—–→⋅•·➜➔➙➛➝➞➡⇒⟶⟹▶►]"
_PART_SEPARATORS = "|·•⋅,"
WEIGHTS_PART_LABEL = rf"[*_`]*(?:model(?:\s+weights)?|weights|checkpoints?)[*_`]*(?:\s*[:：]|\s+(?:--|->|=>|{_LABEL_MARK})(?=\s))"

PROSE = lazy(
    # "released under X", "We release the model weights under X", "released by Acme under X" (a "by" that a
    # name and "under" follow names who released it, not the license)
    # (acc79, review70: "used under", the attribution a work made from another gives, "a derivative of the Acme-7B model by Acme
    # Labs, used under the Acme Model License (non-commercial)": the license the source is under, which the work is under too)
    r"(?:licen[cs]ed|licen[cs]ing|releas(?:e|es|ed|ing)|distribut(?:e|es|ed|ing)|available|provided|governed|used)\s+"
    # (acc77, review68: the name of who released it in any words up to "under", "by Acme, Inc. under", "by Acme (Berlin) under",
    # "by the applied research team of Acme Labs in Berlin, Germany under"; not a name of terms, "governed by the Acme License,
    # distributed under ...")
    r"(?:(?:[\w-]+\s+){0,3}?|by\s+(?:(?!licen[cs]e|agreement|terms\b)[^\n;]){1,100}?\s+)"
    r"(?:under|by(?!\s+(?:(?!licen[cs]e|agreement|terms\b)[^\n;]){1,100}?\bunder\b))\s+(?P<rest>[^\n]{1,160})"
    r"|\blicen[cs]e(?:\s*[:\-]|\s+is)\s*(?P<rest2>[^\n]{1,160})"   # "License: X", "The license is X"
    # Chinese and Japanese say the license's name before the word for license: "模型权重采用 CC BY-NC 4.0
    # 许可证发布", "遵循 Apache 2.0 协议", "モデルの重みは CC BY-NC 4.0 ライセンスで公開": the name is
    # somewhere in the words before it, as after "License:"
    r"|(?:采用|使用|遵循|遵守|依据|根据|按照|依照|基于|在|以|受|は|を)\s*(?P<rest3>[^，。；,;\n]{1,80}?)\s*"
    r"(?:开源)?(?:许可证|许可协议|许可|授权协议|协议|ライセンス|利用規約|使用許諾)"
    # German, French, Spanish "under": "Die Modellgewichte werden unter CC BY-NC 4.0 veröffentlicht", "sous licence ...",
    # "bajo la licencia ...": the name comes first, as after "released under"
    r"|\b(?:unter|sous|bajo)\s+(?:(?:der|die|dem|la|le|l'|licen[cs]e|lizenz|licencia)\s+){0,2}(?P<rest4>[^\n]{1,160})"
    # "Code: Apache 2.0; model weights: CC BY-NC 4.0", "... while the weights are under CC BY-NC 4.0"
    # "The model weights are CC BY-NC 4.0" (what a denied license leaves: "are not Apache 2.0 but CC BY-NC 4.0"): a name;
    # "...; they are under CC BY-NC 4.0" (what "they" are, the sentence before says); not "are not under X"
    # (acc71: "**Weights**: CC BY-NC 4.0", "Weights — CC BY-NC 4.0", a label's marks or a spaced dash before the name (a card's
    # dashes are read as hyphens, card_characters), review64)
    # (acc74, review65: a label also ended by "--", an arrow or a dot operator, "Weights -- CC BY-NC 4.0", "Checkpoints — CC BY-NC
    # 4.0", or the name in brackets after it, "Weights (CC BY-NC 4.0), code (MIT).")
    # (acc75, review66: a label also ended by a bullet, a heavy arrow or a "|" ("Code • MIT • Weights • CC BY-NC 4.0", "Weights ➜
    # CC BY-NC 4.0", "Weights | CC BY-NC 4.0"), and "Parameters" as a label ("Parameters — CC BY-NC 4.0"): only a license's
    # name after it is read, not "Weights | 7B", "Parameters — 7B"; not in a table's cell, "| Weights | CC BY-NC 4.0 |", which
    # weights_table_rows reads as the row it is)
    # (acc79, review70: the checkpoints said to be a license as the weights are, "..., while the checkpoints are CC BY-NC 4.0")
    rf"|(?<!\|[^\S\n])(?<!\|)\b(?:(?:model\s+)?weights|(?:checkpoints?|param(?:eter)?s)(?=[*_`]*\s*(?:[:(|]|{_LABEL_MARK}|--|->|=>))|checkpoints?(?=\s+(?:is|are)\b)|they(?=\s+are\b))(?:[*_`]*\s*:|[*_`]*\s+(?:--|->|=>|\||{_LABEL_MARK})\s|"
    r"[*_`]*\s*\((?=[^()\n]{1,60}\))|\s*(?:is|are)\s+(?:(?!not\b)\w+\s+)?under|\s*(?:is|are)\s+(?-i:(?=[*_`]*[A-Z])))"
    r"\s*(?P<rest5>[^\n]{1,160})"
    # "**Code**: Apache | **Model**: CC BY-NC 4.0" (review62): a "Model:" or "Weights:" part of a "|"-separated line whose
    # other part a label gives to the code (named_in_sentence asks) names the weights' license
    # (acc71: parts also separated by "·" or "•", a label also ended by a dash: "Code — MIT | Model — CC BY-NC 4.0", review64)
    # (acc74, review65: parts also separated by a comma or a dot operator, labels also ended by "--" or an arrow: "Code → MIT,
    # Model → CC BY-NC 4.0", "Code ⋅ MIT ⋅ Weights ⋅ CC BY-NC 4.0")
    rf"|(?:^(?=[^\n]*[{_PART_SEPARATORS}])|(?<=[{_PART_SEPARATORS}]))\s*(?P<part>{WEIGHTS_PART_LABEL}[*_`]*)"
    rf"\s*(?P<rest6>[^{_PART_SEPARATORS}\n]{{1,160}})",
    re.IGNORECASE,
    first_chars=True,
)
_A_WEIGHTS_PART = lazy(WEIGHTS_PART_LABEL, re.IGNORECASE)
_PARTS = lazy(rf"[{_PART_SEPARATORS}]")
# A word each of PROSE's forms holds: a statement with none names no license (most statements of a card), and
# blanking the licenses it denies (which only turns words into spaces) cannot give it one
_PROSE_WORDS = lazy(r"[|·•⋅,]|checkpoint|licen|releas|distribut|available|provided|governed"
                    r"|采用|使用|遵循|遵守|依据|根据|按照|依照|基于|在|以|受|は|を"
                    r"|unter|sous|bajo|weights|they|param|used", re.IGNORECASE, first_chars=True)
# Where one statement of a sentence ends and another begins: "The code is released under Apache 2.0, and the
# model weights are released under CC BY-NC 4.0" names a license in each.
HTML_BREAK = lazy(r"<br\s*/?>", re.IGNORECASE)   # a line break in a card's HTML ends a statement as a new line does
_PRONOUN = lazy(r"^\W*(?:it|they|these|those|this|which)\b", re.IGNORECASE)
STATEMENT_END = lazy(r",\s*(?:and|but|while|whereas)\s+|;\s*|\s+(?:while|whereas)\s+", re.IGNORECASE)
# Words that say a sentence is about the weights besides the card words' own (Chinese ones there):
# Japanese "モデル" (model), "重み"/"ウェイト" (weights), Chinese "检查点" (checkpoint); German, French, Spanish
# (prefiltered: asked of every sentence of a card, and "modele"/"modèle" spelt out so that each branch has a word
# of its own to look for; "mod" would let every "modify" through)
_ABOUT_THE_WEIGHTS_CJK = prefiltered(r"モデル|重み|ウェイト|チェックポイント|检查点|gewichte|\bmodell|\bpoids\b|\bmodele\b|\bmodèle\b|\bpesos\b"
                                     r"|\bmodelo\b", re.IGNORECASE)


def about_the_weights(sentence: str) -> bool:
    return bool(load_card_words().about_the_weights.search(sentence) or _ABOUT_THE_WEIGHTS_CJK.search(sentence))
# (not after a company's "Inc.", "Ltd.", "Corp.", "Co.": "Released by Acme, Inc. under CC BY-NC 4.0." is one sentence, acc77)
SENTENCE_END = lazy(r"(?<=[.;!?])(?<!\bInc\.)(?<!\bLtd\.)(?<!\bCorp\.)(?<!\bCo\.)\s+|(?<=[。！？；])|\n")


# Words that are license names in the rules but also ordinary words after "licensed under".
_NOT_A_NAME = {"the", "a", "an", "our", "this", "other", "same", "terms"}
_LEADING_ARTICLES = ("the", "a", "an", "our", "this")


def prose_licenses(kb: KnowledgeBase, body: str) -> list[tuple[str, str]]:
    """Every license prose names ("code under MIT, weights under CC BY-NC 4.0"; "License:
    weights: CC-BY-NC-4.0, code: MIT"), as (rule id, the phrase), in order."""
    found: dict[str, str] = {}
    # a badge's URL is read by the words it shows ("License-CC%20BY%204.0-lightgrey.svg" named the bare "cc", acc23)
    for sentence in split_remembered(SENTENCE_END, HTML_BREAK.sub("\n", with_badges_read(body[:MAX_CLASSIFY_CHARS]))):
        for rule_id, phrase in _sentence_licenses(kb, sentence):
            found.setdefault(rule_id, phrase)
    return list(found.items())


# What named_in_sentence found, by knowledge base and sentence (memo.py)
SENTENCE_LICENSES: Memo[tuple[tuple[str, str], ...]] = Memo()


def _sentence_licenses(kb: KnowledgeBase, sentence: str) -> tuple[tuple[str, str], ...]:
    return SENTENCE_LICENSES.get((kb, sentence), sentence, lambda: named_in_sentence(kb, sentence))


def named_in_sentence(kb: KnowledgeBase, sentence: str) -> tuple[tuple[str, str], ...]:
    """(rule id, the phrase) for each license one sentence's prose names, in order (repeats included)."""
    found: list[tuple[str, str]] = []
    if not _PROSE_WORDS.search(sentence):
        # each statement is a part of the sentence, and _PROSE_WORDS (words alone: no anchor, boundary or look-around)
        # finds in a part only what it finds in the whole: none is read (most sentences; their traps were asked first)
        return ()
    # "outputs may be used commercially", a dataset's license: never the weights' license, statement by
    # statement ("The model is licensed under CC BY-NC 4.0, and the training data under Apache 2.0")
    statements = [part for part in license_statements(sentence) if not is_trap_statement(part)]
    for statement, read, match in ((s, r, m) for s in statements if _PROSE_WORDS.search(s)
                                   for r in [without_denied_licenses(s)] for m in PROSE.finditer(r)):
        if DENIED_BEFORE.search(read, 0, match.start()):
            continue   # "The weights are not released under Apache 2.0; ...": a license denied, with none given beside it
        if match.group("rest6") is not None and not _beside_a_code_part(read, kb if _after_a_comma(match) else None):
            continue   # "**Model**: Gemma 2B | **Params**: 2B": a model's name, not a license line
        named_anywhere = match.group("rest2") is not None or match.group("rest3") is not None   # "License: ...", "... 许可证"
        words = re.findall(r"[A-Za-z0-9][A-Za-z0-9.+\-]*", match.group("rest") or match.group("rest2") or match.group("rest3")
                           or match.group("rest4") or match.group("rest5") or match.group("rest6") or "")
        start = 0
        while words and words[0].lower() in _LEADING_ARTICLES:
            words = words[1:]
        # after "released under" the name comes first; after "License:" it may come anywhere in the line
        while start < (len(words) if named_anywhere else min(1, len(words))):
            for length in range(min(8, len(words) - start), 0, -1):
                phrase = " ".join(words[start: start + length]).rstrip(".")
                rule = kb.by_name(phrase)
                if rule is not None and rule.kind == "license" and phrase.lower() not in _NOT_A_NAME:
                    found.append((rule.id, statement[match.start():match.end()].strip()[:200]))   # as written
                    start += length - 1
                    break
            start += 1
    return tuple(found)


def _beside_a_code_part(line: str, kb: KnowledgeBase | None = None) -> bool:
    """Another "|"-separated part of the line opens with a label that gives it to the code (card words ``code_part_label``);
    with ``kb`` (a "Model:" part after a comma), one whose value names a license licscan knows ("Code → MIT, Model → CC BY-NC
    4.0"; not "Our code: https://github.com/..., model: Llama 2 7B", a model's name in a sentence's list, acc74)."""
    label = load_card_words().code_part_label
    # (what follows each separator, to the line's end: a dot operator both separates the parts and ends their labels, "Code ⋅
    # MIT ⋅ Weights ⋅ CC BY-NC 4.0", acc74; the label is read at the part's start only)
    for part in (line, *(line[separator.end():] for separator in _PARTS.finditer(line))):
        words = plain_latin_letters(" ".join(re.sub(r"[*_`]+", " ", part).split()))
        if (code := label.match(words)) is not None and (
                kb is None or named_in_sentence(kb, "License: " + _PARTS.split(words[code.end():], maxsplit=1)[0])):
            return True
    return False


def _after_a_comma(match: re.Match[str]) -> bool:
    """A "Model:" part (PROSE's ``part``) that a comma, not a "|" or a dot, separates from the part before it."""
    return match.string[:match.start("part")].rstrip().endswith(",")


def weights_part(match: re.Match[str], line: str, kb: KnowledgeBase | None = None) -> str | None:
    """What a "Model:" part of a line beside the code's gives (PROSE's ``rest6``), or None."""
    if match.group("rest6") is None or (_after_a_comma(match) and kb is None):
        return None   # (a part after a comma is read only with what names a license)
    return match.group("rest6") if _beside_a_code_part(line, kb if _after_a_comma(match) else None) else None


def names_the_weights_part(phrase: str) -> bool:
    """The phrase is a "Model:" / "Weights:" part of a line beside the code's (review62): what it names is the weights'."""
    return bool(_A_WEIGHTS_PART.match(phrase))


def sentence_of(line: str, phrase: str) -> str:
    """The sentence of ``line`` that holds ``phrase``, with the one before it when it opens with a pronoun
    ("We release the model weights; they are licensed under CC BY-NC 4.0": they are the weights)."""
    parts = SENTENCE_END.split(HTML_BREAK.sub("\n", line))
    at = next((i for i, s in enumerate(parts) if phrase[:40] in s), None)
    if at is None:
        return line
    return f"{parts[at - 1]} {parts[at]}" if at and _PRONOUN.match(parts[at]) else parts[at]


def is_trap_statement(statement: str) -> bool:
    """A statement that never gives the weights' license (a dataset's, the outputs'), unless what it
    licenses is the model too ("The model weights, code, and training data are released under CC BY-NC 4.0")."""
    words = load_card_words()
    return words.is_trap(statement) and words.licensed_subject(statement) != "model"


def license_statements(sentence: str) -> list[str]:
    """The license statements of a sentence: cut where a second one begins ("The code is released under
    Apache 2.0, and the model weights are released under CC BY-NC 4.0"), not inside a list ("The model
    weights, code, and training data are released under CC BY-NC 4.0": one statement)."""
    parts = STATEMENT_END.split(sentence)
    if len(parts) == 1 or sum(1 for part in parts if PROSE.search(part)) < 2:
        return [sentence]
    return parts
