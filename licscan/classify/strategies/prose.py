"""Licenses a card's prose names: "The weights are released under CC BY-NC 4.0", "Code: Apache 2.0; model
weights: CC BY-NC 4.0", "模型权重采用 CC BY-NC 4.0 许可证发布", sentence by sentence and statement by statement, a
dataset's or the outputs' license left out; and the "licensed under ..." phrases that name a license licscan does
not know. The strategy that weighs what they name is prose_and_license_lines.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from ...lazy_regex import lazy, prefiltered
from ...normalize import MAX_CLASSIFY_CHARS, plain_latin_letters
from ...rules import KnowledgeBase, LicenseRule
from ..card_words import load_card_words, load_qualifiers
from ..memo import Memo, split_remembered
from .card_links import linked_rules, with_badges_read
from .denied_licenses import DENIED_BEFORE, without_denied_licenses

# The marks a label may end with besides a colon ("Weights — X", "Code → MIT", "Code • MIT • Weights • X": acc71, acc74,
# acc75), the marks between the parts of a line ("**Code**: MIT | **Model**: X", "Code · MIT · Weights · X"), and a part's
# label that gives it to the weights: one source for _PROSE's forms, _A_WEIGHTS_PART and _PARTS
_LABEL_MARK = "[-—–→⋅•·➜➔➙➛➝➞➡⇒⟶⟹▶►]"
_PART_SEPARATORS = "|·•⋅,"
_WEIGHTS_PART_LABEL = rf"[*_`]*(?:model(?:\s+weights)?|weights|checkpoints?)[*_`]*(?:\s*[:：]|\s+(?:--|->|=>|{_LABEL_MARK})(?=\s))"
# The words that say a sentence adds to the terms already named ("Use is also governed by ...")
_ALSO = r"\b(?:also|additionally|further(?:more)?|in addition)\b"

_PROSE = lazy(
    # "released under X", "We release the model weights under X", "released by Acme under X" (a "by" that a
    # name and "under" follow names who released it, not the license)
    r"(?:licen[cs]ed|licen[cs]ing|releas(?:e|es|ed|ing)|distribut(?:e|es|ed|ing)|available|provided|governed)\s+"
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
    rf"|(?<!\|[^\S\n])(?<!\|)\b(?:(?:model\s+)?weights|(?:checkpoints?|param(?:eter)?s)(?=[*_`]*\s*(?:[:(|]|{_LABEL_MARK}|--|->|=>))|they(?=\s+are\b))(?:[*_`]*\s*:|[*_`]*\s+(?:--|->|=>|\||{_LABEL_MARK})\s|"
    r"[*_`]*\s*\((?=[^()\n]{1,60}\))|\s*(?:is|are)\s+(?:(?!not\b)\w+\s+)?under|\s*(?:is|are)\s+(?-i:(?=[*_`]*[A-Z])))"
    r"\s*(?P<rest5>[^\n]{1,160})"
    # "**Code**: Apache | **Model**: CC BY-NC 4.0" (review62): a "Model:" or "Weights:" part of a "|"-separated line whose
    # other part a label gives to the code (_named_in_sentence asks) names the weights' license
    # (acc71: parts also separated by "·" or "•", a label also ended by a dash: "Code — MIT | Model — CC BY-NC 4.0", review64)
    # (acc74, review65: parts also separated by a comma or a dot operator, labels also ended by "--" or an arrow: "Code → MIT,
    # Model → CC BY-NC 4.0", "Code ⋅ MIT ⋅ Weights ⋅ CC BY-NC 4.0")
    rf"|(?:^(?=[^\n]*[{_PART_SEPARATORS}])|(?<=[{_PART_SEPARATORS}]))\s*(?P<part>{_WEIGHTS_PART_LABEL}[*_`]*)"
    rf"\s*(?P<rest6>[^{_PART_SEPARATORS}\n]{{1,160}})",
    re.IGNORECASE,
)
_A_WEIGHTS_PART = lazy(_WEIGHTS_PART_LABEL, re.IGNORECASE)
_PARTS = lazy(rf"[{_PART_SEPARATORS}]")
# A word each of _PROSE's forms holds: a statement with none names no license (most statements of a card), and
# blanking the licenses it denies (which only turns words into spaces) cannot give it one
_PROSE_WORDS = lazy(r"[|·•⋅,]|checkpoint|licen|releas|distribut|available|provided|governed"
                    r"|采用|使用|遵循|遵守|依据|根据|按照|依照|基于|在|以|受|は|を"
                    r"|unter|sous|bajo|weights|they|param", re.IGNORECASE)
# Where one statement of a sentence ends and another begins: "The code is released under Apache 2.0, and the
# model weights are released under CC BY-NC 4.0" names a license in each.
_BREAK = lazy(r"<br\s*/?>", re.IGNORECASE)   # a line break in a card's HTML ends a statement as a new line does
_PRONOUN = lazy(r"^\W*(?:it|they|these|those|this|which)\b", re.IGNORECASE)
_STATEMENT_END = lazy(r",\s*(?:and|but|while|whereas)\s+|;\s*|\s+(?:while|whereas)\s+", re.IGNORECASE)
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
    for sentence in split_remembered(SENTENCE_END, _BREAK.sub("\n", with_badges_read(body[:MAX_CLASSIFY_CHARS]))):
        for rule_id, phrase in _sentence_licenses(kb, sentence):
            found.setdefault(rule_id, phrase)
    return list(found.items())


# What _named_in_sentence found, by knowledge base and sentence (memo.py)
SENTENCE_LICENSES: Memo[tuple[tuple[str, str], ...]] = Memo()


def _sentence_licenses(kb: KnowledgeBase, sentence: str) -> tuple[tuple[str, str], ...]:
    return SENTENCE_LICENSES.get((kb, sentence), sentence, lambda: _named_in_sentence(kb, sentence))


def _named_in_sentence(kb: KnowledgeBase, sentence: str) -> tuple[tuple[str, str], ...]:
    """(rule id, the phrase) for each license one sentence's prose names, in order (repeats included)."""
    found: list[tuple[str, str]] = []
    if not _PROSE_WORDS.search(sentence):
        # each statement is a part of the sentence, and _PROSE_WORDS (words alone: no anchor, boundary or look-around)
        # finds in a part only what it finds in the whole: none is read (most sentences; their traps were asked first)
        return ()
    # "outputs may be used commercially", a dataset's license: never the weights' license, statement by
    # statement ("The model is licensed under CC BY-NC 4.0, and the training data under Apache 2.0")
    statements = [part for part in _statements(sentence) if not _trap(part)]
    for statement, read, match in ((s, r, m) for s in statements if _PROSE_WORDS.search(s)
                                   for r in [without_denied_licenses(s)] for m in _PROSE.finditer(r)):
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
                kb is None or _named_in_sentence(kb, "License: " + _PARTS.split(words[code.end():], maxsplit=1)[0])):
            return True
    return False


def _after_a_comma(match: re.Match[str]) -> bool:
    """A "Model:" part (_PROSE's ``part``) that a comma, not a "|" or a dot, separates from the part before it."""
    return match.string[:match.start("part")].rstrip().endswith(",")


def _weights_part(match: re.Match[str], line: str, kb: KnowledgeBase | None = None) -> str | None:
    """What a "Model:" part of a line beside the code's gives (_PROSE's ``rest6``), or None."""
    if match.group("rest6") is None or (_after_a_comma(match) and kb is None):
        return None   # (a part after a comma is read only with what names a license)
    return match.group("rest6") if _beside_a_code_part(line, kb if _after_a_comma(match) else None) else None


def names_the_weights_part(phrase: str) -> bool:
    """The phrase is a "Model:" / "Weights:" part of a line beside the code's (review62): what it names is the weights'."""
    return bool(_A_WEIGHTS_PART.match(phrase))


# What a license's own name says of itself: a phrase after "licensed under" with one of these words and no
# license licscan knows in it names a license licscan does not know.
_LICENSE_NAME_WORD = lazy(r"\b(?:licen[cs]e|agreement|terms of use)\b", re.IGNORECASE)


def unknown_license_statements(kb: KnowledgeBase, body: str) -> list[str]:
    """The prose's "licensed/released under ..." phrases that name a license (its words say "License",
    "Agreement", "Terms of Use") licscan does not know, as the phrases."""
    out: list[str] = []
    for sentence in split_remembered(SENTENCE_END, _BREAK.sub("\n", body[:MAX_CLASSIFY_CHARS])):
        statements = [part for part in _statements(sentence) if not _trap(part)]
        for statement, match in ((s, m) for s in statements for m in _PROSE.finditer(without_denied_licenses(s))):
            rest = match.group("rest") or match.group("rest2") or match.group("rest5") or _weights_part(match, sentence, kb) or ""
            name = re.split(r"[.;,(\[]", rest, maxsplit=1)[0]
            if _LICENSE_NAME_WORD.search(name) and not prose_licenses(kb, match.group(0)) and not linked_rules(kb, sentence, by_text=True):
                out.append(statement[match.start():match.end()].strip()[:200])
    return out


# Where one name of a "licensed under ..." phrase ends and another begins: "under MIT and the Acme Model Terms", "under
# Apache 2.0, the Acme Model License", "under the Llama 3.1 Community License as well as our Terms of Use"
# ("Apache 2.0 + Acme Model License Agreement", review62; not "GPL-2.0+", whose "+" is the license's "or later")
# (not the comma of "Apache License, Version 2.0", review64)
# (not the "and" of "Terms and Conditions", acc77)
_JOINED_NAMES = lazy(r"(?<!\bterms)\s+(?:and(?:/or)?|&|\+|as well as|plus|together with|along with|in addition to)\s+"
                     r"|\s*,(?!\s*(?:version\b|v\d))\s*(?:and\s+)?",
                     re.IGNORECASE)
# "released under Apache 2.0 with the Acme Commercial Rider" (review62): after "with" only a proper name of terms (capitalised,
# ending in the word for terms) is another name; "with attribution", "with the LICENSE file in this repo" name none
_WITH_TERMS = lazy(r"\s+with\s+(?:the\s+|our\s+|its\s+|their\s+|an?\s+)?(?P<name>(?-i:[A-Z])[\w.'’&-]*(?:\s+[\w.'’&-]+){0,6}?\s+"
                   r"(?:licen[cs]e|agreement|terms|riders?|addend(?:um|a)|supplements?|polic(?:y|ies)|eula)(?:\s+v?\d[\w.]*)?)"
                   r"(?=\s*(?:[.;,:(\[]|$))", re.IGNORECASE)
# "The model is licensed under Apache 2.0. Use is also governed by the Acme Model Terms." (review62): a sentence of its own
# that puts the use under more terms
# acc71 (review64): a sentence that puts the use under terms without "also" does too ("Use is subject to the Acme Model Terms.",
# "Your use must comply with the Acme Model Terms."), unless the use is of something else ("Use of the hosted API is subject
# to ..."); terms licscan knows, or named by a vendor of the license that applies ("Use of this model is governed by the Meta
# license" of Llama 2's cards), are none it does not know (_unknown_terms_name)
_ALSO_UNDER = lazy(rf"(?:{_ALSO}[^.;\n]{{0,40}}?"
                   r"|\b(?:use|usage|using|access|download(?:s|ing)?|nutzung|verwendung|uso|utilisation|made\s+available|available|distributed|"
                   r"released|provided|offered|"
                   # acc76 (review67): the reader as the subject, "You agree to be bound by the Acme Model License Agreement." (a
                   # name with a word of its own: "you agree to be bound by this Agreement" names the license already named), and
                   # the model in French, Spanish, Italian, Portuguese, German ("Le modèle est soumis au Contrat de licence d'Acme.")
                   # acc77 (review68): the user or licensee as the subject ("Users are bound by ...", "Licensee agrees to be bound
                   # by ..."), the model(s) in French, German, Italian, Dutch ("Les modèles sont soumis à ...", "Die Modelle
                   # unterliegen ...", "Het model valt onder ...")
                   r"you|users?|licensees?|mod[eè]les?|modelos?|modell[oi]|modell(?:e|en)?|het\s+model(?:len)?)\b(?P<subject>[^.;\n]{0,60}?)(?:\b(?:is|are|shall|will|must|remains?)\s+(?:also\s+)?(?:be\s+)?)?)"
                   r"\b(?:governed by|subject to|bound by|covered by|comply with|in compliance with|in accordance with|abide by|adhere to|"
                   # acc74 (review65): other verbs that put the use under terms: "is conditioned on acceptance of", "requires
                   # acceptance of", "is restricted by", "means you accept"; German, Spanish, French, Italian, Portuguese "is subject
                   # to" ("Die Nutzung unterliegt den ...", "El uso ... está sujeto a los ...", "... est soumise aux ...")
                   r"conditional (?:on|upon)|conditioned (?:on|upon)(?: (?:your )?(?:acceptance of|accepting|agreement to|agreeing to|"
                   r"compliance with))?|requires? (?:your |the )?(?:acceptance of|accepting|agreement to|agreeing to|compliance with)|"
                   r"(?:restricted|limited|constrained) by|"
                   r"(?:means|implies) (?:that )?(?:you )?(?:accept|agree to)|you (?:accept|agree to)(?: (?:be bound by|abide by|comply with))?|"
                   # (acc77: "You agree to the Acme Terms of Use.", "Licensee agrees to ...", right after the person: not "please
                   # visit the website and accept our License before requesting access" of Llama 2's cards; French "est régi
                   # par", Dutch "valt onder", "is onderworpen aan")
                   r"(?:(?<=\byou )|(?<=\buser )|(?<=\busers )|(?<=\blicensee )|(?<=\blicensees ))(?:accepts?|agrees? to)"
                   r"(?: (?:be bound by|abide by|comply with))?|r[eé]gie?s? par(?: la| le| les| l')?|"
                   r"(?:valt|vallen) onder(?: de| het)?|(?:is|zijn) onderworpen aan(?: de| het)?|"
                   r"unterlieg(?:t|en)(?: (?:den|der|dem|die))?|sujet[oa]s? a(?:l| (?:los|las|la|el))?|soumise?s? (?:[aà]|aux|au)(?: la| les| l')?|"
                   r"soggett[oa] (?:a|al|alla|alle|ai)|sujeit[oa] (?:[aà]|[aà]s|aos|ao))"
                   r"\s+(?P<name>(?:[^.;,(\[\n]|\.(?=\d)|\.(?=(?:md|txt|pdf|rst|html?)\b)|,(?=\s*version\b)){1,120})", re.IGNORECASE)
# (to the clause's end: "..., and the license files are included"; a version's dot and ", Version 2.0" are the name's, review64,
# and a file name's: "the Agreement in AGREEMENT.md", review65)
# "bound by the terms of the Acme Model License Agreement" (acc76, review67): the terms of a name are the name's ("the terms of
# the Apache License" the Apache License's); not of a description ("the terms of the base model", lower-case)
_TERMS_OF = lazy(r"^\s*(?:the\s+)?(?:terms(?:\s+(?:and|&)\s+conditions)?|conditions)\s+of\s+(?=(?:the\s+)?(?-i:[A-Z]))", re.IGNORECASE)


def _terms_of_a_name(part: str) -> str:
    """The name "the terms of ..." refers to, when what follows is a name of terms ("the terms of the Acme Model License
    Agreement", "the terms and conditions of the Apache License"); else the words whole: "the Terms and Conditions of Acme
    AI" (acc77, review68) are the name, a licensor's, not "Acme AI"."""
    name = _TERMS_OF.sub("", part)
    return name if name == part or _TERMS_NAME.search(name) else part


_UNDER = lazy(r"\bunder\b", re.IGNORECASE)
_UNDER_END = lazy(r"\bunder\s*$", re.IGNORECASE)
_ALSO_WORD = lazy(_ALSO, re.IGNORECASE)
# what a use put under terms may be of besides the model: "Use of the hosted API / the demo / this Space / the data / third-party
# trademarks is subject to"
_USE_OF_ANOTHER_THING = lazy(r"\b(?:demos?|apis?|spaces?|apps?|applications?|websites?|sites?|services?|hub|platforms?|endpoints?|hosted|"
                             r"data|datasets?|outputs?|generations?|code|codebase|software|scripts?|tools?|"
                             # "Any use of third-party trademarks or logos are subject to those third-party's policies." (Microsoft's cards)
                             r"trademarks?|logos?|brands?|third[- ]part(?:y|ies)(?:['’]s)?)\b", re.IGNORECASE)
# What a name of terms says of itself: "License", "Agreement", "Terms of Use", "EULA", or a name ending in "Terms"
# ("the Acme Model Terms"); not a policy ("our Acceptable Use Policy": the conduct it bans, which use_policy_licenses reads
# where licscan knows it; a policy grants no license and takes none of the license's away), not "the same terms"
# A rider, addendum, supplement or a policy of its own ("plus the Acme addendum", "as well as the Acme Research Policy",
# review62) is terms too: what it adds licscan cannot tell; a policy of conduct, privacy or content is not (_HARMLESS_POLICY)
_TERMS_NAME = lazy(r"\b(?:licen[cs]e|agreement|terms (?:of (?:use|service)|and conditions)|eula|riders?|addend(?:um|a)|supplements?|"
                   r"polic(?:y|ies))\b|(?-i:\b[A-Z][\w.-]*\s+Terms\b)"
                   # (acc74: German, Spanish, French, Italian, Portuguese words for a license or terms of use, "Acme-Modellbedingungen",
                   # "los Terminos de Acme", "les Conditions d'utilisation", a card's words read in plain Latin letters)
                   r"|\w*bedingungen\b|\blicen[cz]ia\b|\bt[eé]rmin(?:os|i)\b|\bcondiciones\b|\bcondi[cç][oõ]es\b|"
                   r"\bcondizioni\b|\bconditions\s+(?:d.utilisation|generales)\b|\baccordo\b|\bacuerdo\b|\bcontrato\b|"
                   # (acc75: Portuguese "os Termos da Acme", "a Licença Acme"; French "les Conditions d'Acme", "... de Acme")
                   r"\btermos\b|\blicen[cç]a\b|\bconditions\s+d(?:e\b|['’])"
                   # (acc77, review68: a compound ending in the word, "Acme-Modelllizenz", "Modellicentie"; Italian "Licenza", "Contratto
                   # di Licenza"; Dutch "Licentie", "Voorwaarden")
                   r"|\w*lizenz\w*|\w*licentie\b|\blicenza\b|\bcontratto\b|\w*voorwaarden\b", re.IGNORECASE)
_HARMLESS_POLICY = lazy(r"\b(?:acceptable|responsible|prohibited|permitted)?\s*(?:use|usage|privacy|cookies?|content|conduct)\s+polic(?:y|ies)\b",
                        re.IGNORECASE)

# ... nor the license another model already has ("Apache 2.0, the same license as the base model", "MIT, the license of the
# original repository", "Apache 2.0 and the base model's license": review62): that names no terms of its own
# (whole words: "Acme Model License Agreement" is a name, not "a" description)
_A_DESCRIPTION = lazy(r"\W*(?:(?:an?|another|any|some|other|custom|separate|additional|its own|their own|your own)\b|the same\b|that of\b|"
                      r"(?:the|its) (?:\w+ )?(?:licen[cs]e|terms) (?:of|from|used by|that (?:covers|applies to)) (?:the|its|this)\b|"
                      r"(?:the |its |their )?(?:base|original|upstream|parent|source|underlying|foundation)(?: model| repository| repo)?"
                      r"(?:['’]s?)? (?:\w+ )?(?:licen[cs]e|terms)\b)", re.IGNORECASE)


def unknown_terms_beside(kb: KnowledgeBase, body: str, known: Iterable[LicenseRule | None] = ()) -> list[str]:
    """The prose's "licensed/released under ..." phrases and License lines that name, beside a license licscan knows,
    terms it does not know ("All models are licensed under MIT and the Acme Model Terms.", "License: Apache 2.0, Acme
    Model License Agreement", acc65): the known license is not all the weights are under, and what the other terms say
    licscan cannot tell. As the phrases; one naming only licenses it knows, or linking a license it knows, is none, nor one
    naming terms by the vendor of a ``known`` license ("Use of this model is governed by the Meta license": Llama 2's)."""
    rules = tuple(rule for rule in known if rule is not None)
    out: list[str] = []
    for sentence in split_remembered(SENTENCE_END, _BREAK.sub("\n", body[:MAX_CLASSIFY_CHARS])):
        if not (_JOINED_NAMES.search(sentence) or _WITH_TERMS.search(sentence) or _ALSO_UNDER.search(sentence) or "|" in sentence
                or _UNDER.search(sentence)):
            continue
        statements = [part for part in _statements(sentence) if not _trap(part)]
        for statement, match in ((s, m) for s in statements for m in _PROSE.finditer(without_denied_licenses(s))):
            rest = match.group("rest") or match.group("rest2") or match.group("rest5") or _weights_part(match, sentence, kb) or ""
            first = re.split(r"[.;](?!\d)|[(\[]", rest, maxsplit=1)[0]   # ("Apache License 2.0")
            names = [*_JOINED_NAMES.split(first), *(m.group("name") for m in _WITH_TERMS.finditer(first))]
            if _weights_part(match, sentence, kb) is not None and _unknown_terms_name(kb, first, rules) \
                    and not linked_rules(kb, sentence, by_text=True):
                out.append(statement[match.start():match.end()].strip()[:200])   # "**Code**: MIT | **Model**: Acme Model License"
                continue
            subject = match.string[:match.start()]
            if len(names) == 1 and match.group("rest") is not None and _UNDER_END.search(match.string, 0, match.start("rest")) \
                    and not (_USE_OF_ANOTHER_THING.search(subject) and not about_the_weights(subject)) \
                    and _unknown_terms_name(kb, names[0], rules) \
                    and _has_a_word_of_its_own(kb, names[0]) and not _named_in_sentence(kb, f"License: {names[0]}") \
                    and not linked_rules(kb, sentence, by_text=True):
                # "Distributed by Acme under the Acme Community License." beside `license: apache-2.0` (review65): the weights
                # are said to be under terms of their own, not the license that applies (acc74); not what the code or data is
                # released under ("The code is released under the Acme Code License (the model weights are under Apache 2.0).")
                out.append(statement[match.start():match.end()].strip()[:200])
                continue
            if len(names) < 2 or not _named_in_sentence(kb, match.group(0)):
                continue
            if any(_unknown_terms_name(kb, name, rules) for name in names) and not linked_rules(kb, sentence, by_text=True):
                out.append(statement[match.start():match.end()].strip()[:200])
        for statement in statements:
            # (the name read on from the statement in its sentence: a statement ends at the comma of "Apache License, Version 2.0")
            at = sentence.find(statement.strip())
            also = _ALSO_UNDER.search(sentence, at) if at >= 0 else _ALSO_UNDER.search(statement)
            if also is not None and also.group("subject") is not None and not _ALSO_WORD.search(also.group(0)) \
                    and _USE_OF_ANOTHER_THING.search(also.group("subject")):
                continue   # "Use of the hosted API is subject to ...": another thing's terms
            if also is None or also.start() >= at + len(statement.strip()) or linked_rules(kb, sentence, by_text=True):
                continue
            if _restricting_brackets(also.string[also.end():]):
                # "Use is subject to the License (non-commercial)." (review65): the license referred to, restricted in brackets
                # beside it (the qualifiers of license-qualifiers.yaml), whatever its name: terms licscan cannot read (acc74)
                out.append(statement.strip()[:200])
                continue
            # without "also" a use put under terms may be under the license already named, in other words ("Use is subject
            # to the license in LICENSE / its license / the terms and conditions of the Apache License", review65): only
            # a name with a word of its own names other terms ("the Acme Model Terms", "the Agreement in AGREEMENT.md")
            said_also = also.group("subject") is None or bool(_ALSO_WORD.search(also.group(0)))
            if any(_unknown_terms_name(kb, name, rules) and (said_also or _has_a_word_of_its_own(kb, name))
                   for name in (_terms_of_a_name(part) for part in _JOINED_NAMES.split(also.group("name")))):
                out.append(statement.strip()[:200])
    return out


# The words a name of the license already named may be said in ("the license at the root of this repository", "its
# license", "the model's license", "the license terms in LICENSE.md", "the license specified in this model card", "the
# conditions of the Apache License 2.0"), besides the words of the names of the licenses licscan knows
_WORDS_OF_A_REFERENCE = frozenset(
    "the a an its their this that these those our your his her model model's models models' weights checkpoint checkpoints "
    "repository repo root of in at on for from to below above here there found specified stated given described included "
    "provided attached set out card file files license licence licenses licences license's agreement agreements terms "
    "conditions condition and or use usage same original base upstream parent accompanying applicable respective "
    "corresponding said such following linked referenced mentioned listed shipped distributed released "
    # (acc74: the same words in German, Spanish, French, Italian, Portuguese: "der Apache-Lizenz 2.0", "la licencia Apache 2.0")
    "der die das den dem des el la las los le les lo il gli del de della di do da dos das este esta este ce cette dieses "
    "diesem modell modelo modele modello lizenz lizenzen licencia licenza licenca licence lizenzbedingungen bedingungen "
    "nutzungsbedingungen terminos termini condiciones condizioni condicoes conditions "
    # (acc75: Portuguese "os termos da licença Apache 2.0")
    "termos licença aos "
    # (acc76: French "les termes de la licence MIT", Portuguese "os termos dessa licença", now that "Le modèle / O modelo" is a
    # subject: a reference's words, and its possessives)
    "termes desta deste dessa desse daquela sua seu suas seus su sus sa son ses leur leurs ihre ihrer seiner "
    # (acc77: Dutch "de Apache-licentie 2.0", Italian "alla licenza", now that "Het model valt onder" and a compound's
    # "-licentie" are read)
    "het van licentie licenties voorwaarden alla al licenze".split())
# (not words that say of what kind terms are: "the Research Terms", "the Community Agreement" name terms of their own)
_KINDS_OF_TERMS = frozenset("research community non commercial noncommercial public open general use model models data".split())
_LICENSE_FILE = lazy(r"(?:licen[cs]e|copying|notice)(?:[._-][\w.-]*)?", re.IGNORECASE)


def _has_a_word_of_its_own(kb: KnowledgeBase, name: str) -> bool:
    """Whether a name of terms has a word that is neither one a reference to the license already named is said in nor a
    word of the name of a license licscan knows: "Acme" of "the Acme Model Terms", "AGREEMENT.md"; not "the license at the
    root of this repository" nor "the terms and conditions of the Apache License"."""
    known = _license_name_words(kb)

    def words(text: str) -> list[str]:
        # (a compound's parts each: "Apache-Lizenz" is a known name's word and a word for license, "Acme-Modellbedingungen" has
        # "Acme")
        return [part.lower().strip(".'’") for compound in re.findall(r"[^\W\d_][\w.'’-]*", text) for part in _compound_parts(compound)]

    def own(word: str) -> bool:
        return not (word in _WORDS_OF_A_REFERENCE or _LICENSE_FILE.fullmatch(word) or (word in known and word not in _KINDS_OF_TERMS))

    # a name that opens with a license licscan knows goes on with what the clause says of it, or with its licensor: "the
    # Apache License when redistributing Acme-7B", "der Apache-Lizenz 2.0 und darf kommerziell genutzt werden", "la licence
    # MIT d'Acme Labs" (review68); its words after that are no name of other terms ("the license of Acme Corp", which names
    # no known license first, is read whole)
    for tail in _NAME_TAIL.finditer(name):
        head = words(name[:tail.start()])
        if any(word in known and word not in _WORDS_OF_A_REFERENCE and word not in _KINDS_OF_TERMS for word in head):
            return any(own(word) for word in head)
    return any(own(word) for word in words(name))


# Where a name of terms ends and the clause goes on, or its licensor is named (_has_a_word_of_its_own)
# (acc77: "per", "pour", "para", "für", "voor" of "la licenza MIT per uso commerciale", review68)
_NAME_TAIL = lazy(r"\s+(?:when|whenever|if|while|unless|because|and|or|but|which|that|for|to|in|on|with|und|oder|y|o|et|ou|e|ed|"
                  r"per|pour|para|por|f[uü]r|voor|"
                  r"of|de|del|des|du|della|di|da|do|von|der)\b|\s+d['’]", re.IGNORECASE)


_BRACKETS = lazy(r"\s*\(([^()\n]{1,80})\)")


def _restricting_brackets(after: str) -> bool:
    """What follows a name of terms opens with words in brackets that restrict it (a qualifier of a restriction's kind, not one
    that grants: "(non-commercial)", "(research only)"; not "(see LICENSE)", "(commercial use allowed)")."""
    brackets = _BRACKETS.match(after)
    if brackets is None:
        return False
    vocabulary = load_qualifiers()
    words = brackets.group(1)
    return not vocabulary.grants.search(words) and any(kind != "open" and pattern.search(words) for kind, pattern in vocabulary.kinds)


def _compound_parts(word: str) -> list[str]:
    """A hyphenated word's parts, but a file name ("LICENSE-MIT.md") whole: _LICENSE_FILE reads it."""
    return [word] if _LICENSE_FILE.fullmatch(word) or "." in word.strip(".") else [part for part in word.split("-") if part]


# (by the knowledge base itself, as sources/common.py keeps its answers: an id alone may be another one's once it is gone)
_NAME_WORDS: WeakKeyDictionary[KnowledgeBase, frozenset[str]] = WeakKeyDictionary()


def _license_name_words(kb: KnowledgeBase) -> frozenset[str]:
    """The words of the names and aliases of the licenses the knowledge base knows, once per knowledge base."""
    words = _NAME_WORDS.get(kb)
    if words is None:
        words = _NAME_WORDS[kb] = frozenset(word for rule in kb.rules for name in (rule.name, *rule.aliases)
                                            for word in re.findall(r"[a-z0-9]+", name.lower()))
    return words


# Names of what brings no terms of its own (review64): the repository's own license or notice files ("in addition to the
# LICENSE file", "the license notices in each source file", "the Third-Party License notices in NOTICE"), a contributor
# license agreement (the terms of contributing, not of use), a host's terms of service ("the Hugging Face Terms of Service")
_NO_TERMS_OF_ITS_OWN = lazy(r"\blicen[cs]e(?:\.(?:md|txt))?\s+files?\b|^\W*(?:the\s+)?(?-i:LICEN[CS]E|COPYING|NOTICE)\b|\bnotices?\b|"
                            r"\bcontributor\s+licen[cs]e\s+agreements?\b|"
                            r"\b(?:hugging\s?face|github|gitlab|the\s+hub)(?:['’]s)?\s+terms\s+of\s+(?:service|use)\b|"
                            # (review69: "the Terms and Conditions of the Hugging Face Hub", "the Terms of Service of GitHub")
                            r"\bterms(?:\s+and\s+conditions|\s+of\s+(?:service|use))?\s+of\s+(?:the\s+)?(?:hugging\s?face|github|gitlab|hub)\b",
                            re.IGNORECASE)


# The license a sentence already named, referred to again: "Licensed under the MIT License (the "License"); you may not use
# this work except in compliance with the License." (the notice Apache's appendix gives, deutsche-telekom's mt5 card: acc71's
# terms without "also" read "the License" as terms of their own)
_BACK_REFERENCE = lazy(r"\W*(?:the|this|that|these|those|said|such)\s+(?:licen[cs]es?|agreements?|terms)\W*", re.IGNORECASE)


def _unknown_terms_name(kb: KnowledgeBase, name: str, known: tuple[LicenseRule, ...] = ()) -> bool:
    """A name of terms licscan does not know: its words say terms, License, Agreement, a rider or a policy of its own; not a
    description ("A custom commercial license, the Llama 3.1 Community License, is available at"), a policy of conduct
    ("our Acceptable Use Policy": a policy grants no license and takes none of the license's away), nor a name it knows."""
    name = name.strip()
    if not _TERMS_NAME.search(name) or _A_DESCRIPTION.match(name) or _HARMLESS_POLICY.search(name) or _NO_TERMS_OF_ITS_OWN.search(name) \
            or _BACK_REFERENCE.fullmatch(name):
        return False
    bare = re.sub(r"^(?:the|our|its|their|an?)\s+", "", name, flags=re.IGNORECASE).rstrip(" .")
    if _named_in_sentence(kb, f"licensed under {name}") or kb.by_name(bare) is not None:
        return False
    # "the Meta Llama 2 license terms" (TheBloke's cards): a known license's terms, each word of the name one of its own
    if any(_names_vendor_of(rule, f"under {name}") for rule in known):
        return False   # "the Meta license" beside Llama 2's: that vendor's license (acc71)
    return not any((rule := kb.get(rule_id)) is not None and _names_vendor_of(rule, f"under {name}")
                   for rule_id, _ in _named_in_sentence(kb, f"License: {name}"))


_GENERIC_NAME_WORDS = frozenset("the a an our this its their model models license licence licensed licenses agreement terms "
                                 "of use community open under by governed released is are".split())


def _names_vendor_of(rule: LicenseRule, phrase: str) -> bool:
    """The phrase's license name says nothing but the vendor of ``rule`` ("the Meta license" for Llama 2,
    whose license page is on ai.meta.com): a way of referring to that license, not another one."""
    name = re.split(r"[.;,(\[]", re.split(r"\b(?:under|by)\b", phrase, maxsplit=1)[-1], maxsplit=1)[0]
    distinctive = {word for word in re.findall(r"[a-z0-9]+", name.lower()) if word not in _GENERIC_NAME_WORDS}
    known = set(re.findall(r"[a-z0-9]+", " ".join((rule.name, *rule.aliases, *rule.links)).lower()))
    return bool(distinctive) and distinctive <= known


def _sentence_of(line: str, phrase: str) -> str:
    """The sentence of ``line`` that holds ``phrase``, with the one before it when it opens with a pronoun
    ("We release the model weights; they are licensed under CC BY-NC 4.0": they are the weights)."""
    parts = SENTENCE_END.split(_BREAK.sub("\n", line))
    at = next((i for i, s in enumerate(parts) if phrase[:40] in s), None)
    if at is None:
        return line
    return f"{parts[at - 1]} {parts[at]}" if at and _PRONOUN.match(parts[at]) else parts[at]


def _trap(statement: str) -> bool:
    """A statement that never gives the weights' license (a dataset's, the outputs'), unless what it
    licenses is the model too ("The model weights, code, and training data are released under CC BY-NC 4.0")."""
    words = load_card_words()
    return words.is_trap(statement) and words.licensed_subject(statement) != "model"


def _statements(sentence: str) -> list[str]:
    """The license statements of a sentence: cut where a second one begins ("The code is released under
    Apache 2.0, and the model weights are released under CC BY-NC 4.0"), not inside a list ("The model
    weights, code, and training data are released under CC BY-NC 4.0": one statement)."""
    parts = _STATEMENT_END.split(sentence)
    if len(parts) == 1 or sum(1 for part in parts if _PROSE.search(part)) < 2:
        return [sentence]
    return parts
