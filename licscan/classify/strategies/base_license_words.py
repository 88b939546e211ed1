"""A card that says its weights are under its base model's license ("The model weights follow the license of the
original base model", "This model inherits the license of its base model", "Weights: see the base model's license")
and names no base licscan reads: no ``base_model`` (nor a base an adapter's config or a config.json records), no
repo its words give as its source, no family its name or words give as its base. What the weights are under is then
the license of a model licscan cannot name, whatever the card's metadata or a license file beside it says
(``license: apache-2.0`` is the code's, or the author's guess): unknown, until the card declares base_model.

Where a base is named, lineage follows it (or the family it names applies, lineage_words.py) and decides, as the
sentence says it should; weights_terms.py reads such sentences as naming no terms of their own. A sentence that names a
license itself ("Apache 2.0, like its base model") is that license's, read where the prose is read."""

from __future__ import annotations

import re

from ...base_ids import config_base_ids
from ...lazy_regex import lazy
from ...matcher import Matcher
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS, plain_latin_letters, tokens
from ...rules import KnowledgeBase
from ..candidates import EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import load_card_words
from ..memo import split_remembered
from ..named_sources import named_source_ids
from .card_links import LINK as _LINK
from .card_terms import card_prose
from .lineage_text import code_lines, sentences_giving_a_base
from .lineage_words import LineageWords, published_by_its_family
from .prose import _SENTENCE_END, about_the_weights, prose_licenses

_BASE = r"(?:(?:original|base|parent|upstream|underlying|source|foundation|pre-?trained)\s+)+(?:base\s+)?models?"
_TERMS = r"(?:licen[cs]es?|licen[cs]ing\s+terms|terms(?:\s+of\s+use)?|agreement)"
_OWNER = r"(?:(?:the|its|their|our|this|that|each|every|respective)\s+)?"
# "the license of the original base model", "the same license as the base model", "the terms for the original model";
# "base model's license", "the parent model's terms"; "the license is inherited from the base model"
_BASE_TERMS = lazy(
    rf"\b{_TERMS}\s+(?:of|for|from|as)\s+{_OWNER}{_BASE}\b(?!\s*['’]s\b)"
    rf"|\b{_BASE}\s*['’]s?\s+(?:own\s+|original\s+)?{_TERMS}"
    rf"|\b{_TERMS}\s+(?:is|are|will\s+be)\s+(?:\w+\s+)?(?:inherited|taken|derived)\s+from\s+{_OWNER}{_BASE}\b"
    # "The license of the model weights is the same as the base model('s)"
    rf"|\b{_TERMS}\b[^.;:\n]{{0,60}}?\b(?:is|are|remains?|stays?)\s+(?:the\s+)?same\s+as\s+(?:that\s+of\s+)?{_OWNER}{_BASE}\b"
    # "**License:** same as the base model", "License: see base model", "License: inherited from the base model"
    rf"|\blicen[cs]e[*_]*\s*[:\uff1a][*_\s]*(?:(?:the\s+)?same\s+as|see|refer\s+to|follows?|inherit\w*(?:\s+from)?|per|as)\s+"
    rf"{_OWNER}{_BASE}\b(?!\s*['’]s\b)",
    re.IGNORECASE)
# Words before it that turn it around: "not bound by the base model's license", "unlike the license of the base model"
_TURNED = lazy(r"\b(?:not|never|no\s+longer|unlike|instead\s+of|rather\s+than|differ\w*\s+from|other\s+than|replac\w*)\b|n['’]t\b",
               re.IGNORECASE)
# What a sentence may be about that is not the weights: its code, data, outputs
_OTHER_SUBJECT = lazy(r"\b(?:code|codebase|software|scripts?|library|dataset|data|images?|samples?|outputs?|demo|"
                      r"app|application|tokenizer|documentation|docs)\b", re.IGNORECASE)
_HUB_PAGE = lazy(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?!datasets/|spaces/)[\w.-]+/[\w.-]+", re.IGNORECASE)


def sentences_deferring_to_a_base(kb: KnowledgeBase, matcher: Matcher, body: str) -> list[str]:
    """The card's sentences that put the model's weights under its base model's license, naming no license themselves."""
    out: list[str] = []
    text = body[:MAX_CLASSIFY_CHARS]
    if text.isascii() and not _BASE_TERMS.search(text):
        return out   # most cards: one pass over the text (Latin letters in disguise are read sentence by sentence)
    for sentence in split_remembered(_SENTENCE_END, text):
        plain = plain_latin_letters(sentence)
        match = _BASE_TERMS.search(plain)
        if match is None or _TURNED.search(plain[:match.start()]):
            continue
        if _OTHER_SUBJECT.search(plain[:match.start()]) and not about_the_weights(plain[:match.start()]) \
                and not about_the_weights(plain[match.end():]):
            continue   # "The code follows the license of the original model's repository": another thing's terms
        links = _LINK.findall(plain)
        named = _LINK.sub(r"\1", plain)
        if prose_licenses(kb, named) or matcher.named_licenses(tokens(named)) or any(
                kb.by_link(url) or kb.by_name(label.strip()) or _HUB_PAGE.match(url) for label, url in links):
            continue   # "Apache 2.0, like its base model": the license named is read where the prose is; a link to the
            #            base's page names the base
        out.append(" ".join(sentence.split())[:240])
    return out


def names_a_base(evidence: Evidence, so_far: SoFar) -> bool:
    """Whether the checkpoint names a base licscan reads: one its metadata or a tool's record declares, a repo its words
    give as its source, a config.json's model, or a family its name or its words give as its base."""
    own = evidence.entry.ref
    if evidence.base_models or config_base_ids(evidence, own) or named_source_ids(evidence, own):
        return True
    if any(c.source == "lineage-words" for c in so_far.candidates):
        return True
    words = load_card_words()
    name = own.rstrip("/").rsplit("/", 1)[-1]
    body = card_prose(evidence.card_body) + "\n" + code_lines(evidence.card_body[:MAX_CLASSIFY_CHARS])
    said = [(name, name), *sentences_giving_a_base(words, body, published_by_its_family(own))]
    # a family its license covers gives no lineage-words candidate ("fine-tuned from Qwen2.5-7B" under Apache 2.0): named all the same
    return bool(LineageWords.families(words, said))


class WeightsUnderTheBaseLicense(EvidenceStrategy):
    name = "weights under the base model's license"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        if not evidence.card_body or evidence.fetch_failed:
            return Reading(self.name)
        found = sentences_deferring_to_a_base(self.kb, self.matcher, evidence.card_body)
        if not found or names_a_base(evidence, so_far):
            return Reading(self.name)
        return Reading(self.name, remarks=(Remark(
            "unsettled", f"the card says its weights are under its base model's license and names no base: “{found[0]}”; "
                         "declare base_model"),))
