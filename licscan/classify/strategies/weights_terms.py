"""A card sentence that puts the weights under a license licscan does not know ("The model weights are
released under the Acme Community License v1", "Use of the model weights is subject to the [Model
Terms](MODEL_TERMS.md)"), beside a license the metadata or a file declares: the weights' own terms are
then unknown, whatever else applies, and the checkpoint is never allowed on the other license alone.

Only a sentence about the weights or the model counts, and only a name that is one: it says "License",
"Agreement", "Terms" (or links to the terms), names no license licscan knows, and has a word of its own
("Acme"). "Released under the same license as the base model", "the terms of the license below", "the
license of the original model", the declared license's vendor ("the Meta license") name nothing new.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...matcher import Matcher
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS
from ...rules import KnowledgeBase
from ..candidates import OPEN, EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import load_card_words, rule_for_link
from .prose import _LINK, _SENTENCE_END, _names_vendor_of, _stem, about_the_weights, prose_licenses

_STATEMENT = re.compile(
    r"(?:licen[cs]ed|released|distributed|available|provided|governed|covered|offered|published)\s+(?:\w+\s+){0,2}?"
    r"(?:under|by)\s+(?P<name>[^\n]{1,200})"
    r"|\bsubject\s+to\s+(?P<name2>[^\n]{1,200})",
    re.IGNORECASE,
)
# Where a license's name ends: punctuation, or a word that starts the rest of the sentence.
_NAME_END = re.compile(r"[.;,(:]\s|[.;,(:]$|\s(?:and|for|which|that|with|to|except|unless|if|see|available|in|on)\s", re.IGNORECASE)
_NAME_WORD = re.compile(r"licen[cs]e|agreement|\bterms\b|\bconditions\b|\beula\b", re.IGNORECASE)
# Words that say which license without naming one: "the same license as the base model", "the license below".
_GENERIC = frozenset(
    "the a an our this its their that these those same as base original parent upstream underlying respective corresponding "
    "model models model's weights weight checkpoint checkpoints code license licence licensed licenses licences agreement "
    "agreements terms term conditions of use usage community open under by governed released is are below above following "
    "here herein applicable accompanying attached included repository repo file files it they all any full text standard "
    "project from permissive free source opensource open-source osi approved".split())


def unknown_terms_for_the_weights(kb: KnowledgeBase, evidence: Evidence, applying: Sequence[str],
                                  license_words: frozenset[str]) -> list[tuple[str, str, bool]]:
    """(the license's name, the sentence, whether the name is only a family's) for each card sentence about
    the weights that puts them under a license licscan does not know, or under a family it knows named
    without saying which member ("a Creative Commons license") beside licenses that are all open (any
    member may be stricter). ``license_words``: the words of the names of the licenses licscan knows."""
    words = load_card_words()
    read = {_stem(f.name) for f in evidence.files}
    applying_rules = [rule for rule in (kb.get(license_id) for license_id in applying) if rule is not None]
    open_only = all(rule.category in OPEN for rule in applying_rules)
    out: list[tuple[str, str, bool]] = []
    for sentence in _SENTENCE_END.split(evidence.card_body[:MAX_CLASSIFY_CHARS]):
        if not sentence.strip() or words.is_trap(sentence) or not about_the_weights(sentence):
            continue
        links = _LINK.findall(sentence)
        plain = _LINK.sub(r"\1", sentence)
        for match in _STATEMENT.finditer(plain):
            name = _NAME_END.split(match.group("name") or match.group("name2"), maxsplit=1)[0].strip(" *_`\"'")
            name = re.split(r"\bunder\s+", name)[-1]   # "provided by Google under the Apache License"
            name = re.sub(r"^(?:the|an?)\s+", "", name, flags=re.IGNORECASE)
            linked = [url for text, url in links if text.strip() and text.strip() in name]
            if not (_NAME_WORD.search(name) or linked) or _known(kb, match.group(0), name, links):
                continue
            if linked and all(_stem(url) in read for url in linked):
                continue   # the terms are a file licscan read: what it found there speaks for them
            distinctive = {w for w in re.findall(r"[a-z0-9']+", name.lower()) if w not in _GENERIC}
            if not (distinctive or linked) or any(_names_vendor_of(rule, "under " + name) for rule in applying_rules):
                continue
            family = not linked and distinctive <= license_words
            if family and not open_only:
                # "released under a Creative Commons license" beside BRIA's non-commercial license: a family
                # licscan knows, named without saying which member, is no stricter than what already applies
                continue
            out.append((name[:120], " ".join(sentence.split())[:240], family))
            break
    return out


def _known(kb: KnowledgeBase, statement: str, name: str, links: list[tuple[str, str]]) -> bool:
    """Whether the statement names a license licscan knows, in words or by a vendor's license URL."""
    return bool(prose_licenses(kb, statement) or kb.by_name(name)
                or any(rule_for_link(kb, url) or kb.by_name(text.strip()) for text, url in links))



class WeightsUnderUnknownTerms(EvidenceStrategy):
    name = "card words on the weights' license"

    def __init__(self, kb: KnowledgeBase, matcher: Matcher):
        super().__init__(kb, matcher)
        self.license_words = frozenset(word for rule in kb.rules for name in (rule.name, *rule.aliases)
                                       for word in re.findall(r"[a-z0-9']+", name.lower())) - _GENERIC

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        applying = so_far.applying()
        if not evidence.card_body or not applying:
            return Reading(self.name)   # with nothing else, the card prose strategy reads the names it gives
        # the weights' own terms are ones licscan cannot read, whatever else applies
        found = unknown_terms_for_the_weights(self.kb, evidence, applying, self.license_words)
        return Reading(self.name, remarks=tuple(
            Remark("unsettled", f"the card says the weights are under “{name}”, "
                                f"{'which does not say which license of that family' if family else 'which licscan does not know'}: “{sentence}”")
            for name, sentence, family in found[:3]))
