"""A card that says its weights are under its base model's license ("The model weights follow the license of the
original base model", "This model inherits the license of its base model", "Weights: see the base model's license")
and names no base licscan reads: no ``base_model`` (nor a base an adapter's config or a config.json records), no
repo its words give as its source, no family its name or words give as its base. What the weights are under is then
the license of a model licscan cannot name, whatever the card's metadata or a license file beside it says
(``license: apache-2.0`` is the code's, or the author's guess): unknown, until the card declares base_model.

A base is named also by a Hub model id, with its owner or without (the Hub's legacy single-name ids: "bert-base-uncased",
"gpt2"), in that sentence ("the license of the base model (bert-base-uncased)", a link to its Hub page) or on a line
labelled as the base ("- **Finetuned from model [optional]:** roberta-base", "Base model: gpt2"), and by a model family's
license applying ("license: llama3.1", the Gemma Terms shipped): it says which base (acc46).

Where a base is named, lineage follows it (base_named.deferred_base_ids, read by base_ids.source_base_ids, also
under the card's own license) or the family it names applies (lineage_words.py), and decides, as the sentence says it
should; a named base lineage does not follow leaves the weights unknown, the remark naming it (acc48);
weights_terms.py reads such sentences as naming no terms of their own. A sentence that names a
license itself ("Apache 2.0, like its base model") is that license's, read where the prose is read."""

from __future__ import annotations

import re

from ...base_ids import followed_base_ids, split_revision
from ...lazy_regex import lazy
from ...matcher import Matcher
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS, tokens
from ...rules import KnowledgeBase
from ..base_families import Family
from ..candidates import EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import load_card_words
from .base_named import (
    base_label_lines,
    named_models,
    own_names,
    sentences_putting_the_weights_under_the_base,
)
from .card_links import LINK as _LINK
from .card_terms import card_prose
from .families_named import families_named, published_by_its_family
from .lineage_text import code_lines, sentences_giving_a_base
from .prose import prose_licenses


def sentences_deferring_to_a_base(kb: KnowledgeBase, matcher: Matcher, body: str,
                                  own: frozenset[str] = frozenset()) -> list[tuple[str, list[str]]]:
    """The card's sentences that put the model's weights under its base model's license, naming no license themselves,
    each with the Hub ids of the models it names as that base (named_models; none when it names none)."""
    out: list[tuple[str, list[str]]] = []
    for sentence, plain, end in sentences_putting_the_weights_under_the_base(body):
        links = _LINK.findall(plain)
        named = _LINK.sub(r"\1", plain)
        if prose_licenses(kb, named) or matcher.named_licenses(tokens(named)) or any(
                kb.by_link(url) or kb.by_name(label.strip()) for label, url in links):
            continue   # "Apache 2.0, like its base model": the license named is read where the prose is
        # "the license of the base model (bert-base-uncased)": the base is named; it counts if lineage follows it (acc48)
        out.append((" ".join(sentence.split())[:240], named_models(plain, end, own)))
    return out


def is_a_family_license(kb: KnowledgeBase, license_id: str) -> bool:
    """Whether a license is one model family's (Llama 3.1's, Gemma's, Qwen's): one of the licenses card-words/families.yaml
    gives a family's models, of a rule family that file's ``one_familys_licenses`` lists (its text names that family's
    models), not a license anyone's work is put under (Apache, MIT, Creative Commons, the GPL) nor one many unrelated
    models take (CreativeML OpenRAIL-M, OpenRAIL++, the NVIDIA Open Model License, a modified MIT, the DeepSeek
    License) (acc47)."""
    rule = kb.get(license_id)
    words = load_card_words()
    return (rule is not None and rule.family in words.one_familys_licenses
            and any(license_id in family_licenses(family) for family in words.families))


def family_licenses(family: Family) -> set[str]:
    return {license_id for version in family.versions for license_id in version.licenses} | set(family.default) \
        | set(family.later_licenses or ())


def followed_bases(evidence: Evidence) -> list[str]:
    """The bases lineage follows for the checkpoint, without their revisions: those it declares, a source its words
    name, a config.json's model, a repo its words give as its base when it has no license of its own."""
    return [split_revision(base)[0] for base in followed_base_ids(evidence, evidence.entry.ref)]


def _is_followed(name: str, followed: list[str]) -> bool:
    """Whether a base a card names is one lineage follows: the same id, or, for a name without its owner (the Hub's
    legacy ids, "opt-6.7b" for "facebook/opt-6.7b"), the same name; a followed repo's name with a packaging suffix
    the card leaves off ("Llama-2-7b" for "meta-llama/Llama-2-7b-hf") is the same base, but not one with any other
    suffix: "acme/opt-6.7b-sft" is a fine-tune of "opt-6.7b", not it (review51)."""
    low = name.lower()
    owner, _, bare = low.rpartition("/")
    for base in followed:
        base_owner, _, base_name = base.lower().rpartition("/")
        if low == base.lower():
            return True
        if (not owner or not base_owner or owner == base_owner) and (
                bare == base_name or _PACKAGING_SUFFIX.fullmatch(base_name.removeprefix(bare))):
            return True
    return False


# What a re-upload adds to a model's name without changing the model: "-hf", "-fp16", "-GGUF", "-4bit"
_PACKAGING_SUFFIX = lazy(r"(?:[-_.](?:hf|fp16|bf16|fp32|safetensors|gguf|ggml|awq|gptq|mlx|onnx|exl2|[348][-_]?bit))+",
                         re.IGNORECASE)


def a_family_is_named(kb: KnowledgeBase, evidence: Evidence, so_far: SoFar) -> bool:
    """Whether a family its name or its words give as its base, or a family's own license applying, says which base."""
    own = evidence.entry.ref
    if any(is_a_family_license(kb, license_id) for license_id in so_far.applying()):
        return True   # "license: llama3.1" (and the Llama 3.1 text) says which base: a Llama 3.1 (acc46)
    if any(c.source == "lineage-words" for c in so_far.candidates):
        return True
    words = load_card_words()
    name = own.rstrip("/").rsplit("/", 1)[-1]
    body = card_prose(evidence.card_body) + "\n" + code_lines(evidence.card_body[:MAX_CLASSIFY_CHARS])
    said = [(name, name), *sentences_giving_a_base(words, body, published_by_its_family(own))]
    # a family its license covers gives no lineage-words candidate ("fine-tuned from Qwen2.5-7B" under Apache 2.0): named all the same
    return bool(families_named(words, said))


class WeightsUnderTheBaseLicense(EvidenceStrategy):
    name = "weights under the base model's license"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        if not evidence.card_body or evidence.fetch_failed:
            return Reading(self.name)
        own = own_names(evidence)
        found = sentences_deferring_to_a_base(self.kb, self.matcher, evidence.card_body, own)
        if not found:
            return Reading(self.name)
        # a base the sentence or a line labelled as the base names counts only if lineage follows it: a card that
        # names one lineage does not read ("follows the license of the base model (mosaicml/mpt-7b-chat)" under
        # license: apache-2.0, no base_model) has its weights under terms licscan never read (acc48)
        followed = followed_bases(evidence)
        named = [n for _, names in found for n in names] + base_label_lines(evidence.card_body, own)
        unread = [n for n in named if not _is_followed(n, followed)]
        if (followed and not unread) or a_family_is_named(self.kb, evidence, so_far):
            return Reading(self.name)
        quote = next((s for s, names in found if names), found[0][0]) if unread else found[0][0]
        if unread:
            return Reading(self.name, remarks=(Remark(
                "unsettled", f"the card says its weights are under the license of its base model {unread[0]}, which "
                             f"licscan does not follow: “{quote}”; declare base_model: {unread[0]}"),))
        return Reading(self.name, remarks=(Remark(
            "unsettled", f"the card says its weights are under its base model's license and names no base: “{quote}”; "
                         "declare base_model"),))
