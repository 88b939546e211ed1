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

Where a base is named, lineage follows it (or the family it names applies, lineage_words.py) and decides, as the
sentence says it should; weights_terms.py reads such sentences as naming no terms of their own. A sentence that names a
license itself ("Apache 2.0, like its base model") is that license's, read where the prose is read."""

from __future__ import annotations

import re

from ...base_ids import base_model_ids, source_base_ids, split_revision, undeclared_base_ids
from ...lazy_regex import lazy
from ...matcher import Matcher
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS, plain_latin_letters, tokens
from ...rules import KnowledgeBase
from ...sources.collect import repo_id_shaped
from ..base_families import Family
from ..candidates import EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import load_card_words
from ..memo import split_remembered
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
# Where a clause begins: after a comma, a semicolon or a colon, or at "and", "but", "while"
_CLAUSE_START = lazy(r"[,;:]|\b(?:and|but|while|whereas|although|though|so)\b", re.IGNORECASE)
# What a sentence may be about that is not the weights: its code, data, outputs
_OTHER_SUBJECT = lazy(r"\b(?:code|codebase|software|scripts?|library|dataset|data|images?|samples?|outputs?|demo|"
                      r"app|application|tokenizer|documentation|docs)\b", re.IGNORECASE)
# A model's page on the Hub: "huggingface.co/org/name", or a legacy single-name id ("huggingface.co/bert-base-uncased");
# not the Hub's own pages ("huggingface.co/docs/hub", "/datasets/...", "/spaces/...") (acc46)
_HUB_PAGE = lazy(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?!(?:datasets|spaces|docs|blog|papers|learn|models|"
                 r"collections|organizations|settings|join|login|pricing|enterprise|tasks|api|chat|posts|new|search|"
                 r"changelog|terms-of-service|privacy|legal)(?:[/?#)\s]|$))[\w.-]+(?:/[\w.-]+)?", re.IGNORECASE)
# A Hub model id, with its owner or without (the Hub's legacy single-name ids: "bert-base-uncased", "gpt2", "roberta-base"):
# a name that starts with a letter and has a digit, "-", "_" or "." in it, or an "owner/name" (acc46)
_HUB_ID = r"(?:[A-Za-z0-9][\w.-]{0,95}/)?[A-Za-z][\w.-]{1,95}"
# A name the sentence marks as one: in parentheses, in backticks, as a link's words, or right after "the base model"
_MARKED_ID = lazy(rf"\(\s*`?\s*({_HUB_ID})\s*`?\s*\)|`\s*({_HUB_ID})\s*`|\[\s*`?({_HUB_ID})`?\s*\]\(")
_OWNED_ID = lazy(r"(?<![\w./:-])([A-Za-z0-9][\w.-]{0,95}/[A-Za-z][\w.-]{1,95})(?![\w/-])")
_AFTER_THE_BASE = lazy(rf"\A[\s,:]*\(?\s*`?({_HUB_ID})")
# The label of a line, a table row's first cell, that gives the model's base: "- **Finetuned from model [optional]:**
# bert-base-uncased", "Base model: roberta-base", "| Base model | gpt2 |"
_BASE_LABEL_LINE = lazy(r"^[\s>*_|-]*(?:(?:base|parent|original|foundation|source|pre-?trained)[ _-]?models?(?:[ _-]?(?:name|id|repo))?|"
                        r"fine[- ]?tuned (?:from|on top of)(?: model)?(?: \[optional\])?|based on)[*_\s]*(?:[:：]|\|)[*_\s|]*(.+)$",
                        re.IGNORECASE | re.MULTILINE)
# Words of a name that say no model ("base-model", "LoRA-adapter", "pre-trained", "v1.0")
_NOT_A_MODEL = frozenset("base model models original parent upstream underlying source foundation license licence licenses terms "
                         "card page repo repository readme md txt see below above same pre pretrained trained fine tuned tune "
                         "finetuned lora adapter adapters weights model's its the this our official version v".split())


# acc47: a name without its owner names a base only when it is a model's: a family's name (card-words/families.yaml:
# "Llama-2-7b-chat-hf", "gemma-2-9b", "Codestral-22B-v0.1"), or an architecture's word with a size, a version or a casing
# (the Hub's legacy single-name ids and the like: "bert-base-uncased", "roberta-base", "gpt2", "t5-small",
# "xlm-roberta-base", "all-MiniLM-L6-v2", "bge-base-en-v1.5"); "in-house", "TBD-1.0", "our-internal-7b", "v2-final",
# "TERMS_OF_USE.md", "Proprietary-LLM" are none. An owner's name ("org/name") must be shaped as merge tags' are
# (collect.repo_id_shaped: not "GGUF/AWQ", "text/image"), and the checkpoint's own id is no base.
_ARCH_PIECE = lazy(r"(?:distil|flan|m|byt|tiny)?(?:bert|roberta|deberta|albert|electra|bart|t5|gpt|gptj|opt|bloomz?|pythia|"
                   r"llama|mistral|mixtral|qwen|gemma|phi|falcon|whisper|wav2vec2|hubert|vit|clip|minilm|mpnet|bge|e5|gte|"
                   r"xlnet|longformer|camembert|ernie|stablelm|starcoder|codegen|santacoder)(?:v?\d[\w.]*)?")
_SIZE_OR_VERSION = lazy(r"\d|(?<![a-z])(?:base|large|small|medium|tiny|mini|xl|xxl|cased|uncased)(?![a-z])")
_TITLE = lazy(r"^#[ \t]+(?:model[ \t]+card[ \t]+(?:for|of)[ \t]+)?(.+?)[ \t#]*$", re.IGNORECASE | re.MULTILINE)


def own_names(evidence: Evidence) -> frozenset[str]:
    """The names the checkpoint itself goes by: its entry's ref, that ref's last name, the card's first heading."""
    ref = evidence.entry.ref.rstrip("/")
    names = {ref, ref.rsplit("/", 1)[-1]}
    title = _TITLE.search(evidence.card_body[:MAX_CLASSIFY_CHARS]) if evidence.card_body else None
    if title:
        names.add(title.group(1).strip("`*_ "))
    return frozenset(n.lower() for n in names if n)


def _bare_model_name(name: str) -> bool:
    """Whether a name without its owner is a model's: a family's name, or an architecture's word with a size, version
    or casing ("bert-base-uncased", "gpt2")."""
    if any(family.name.search(name) for family in load_card_words().families):
        return True
    low = name.lower()
    return any(_ARCH_PIECE.fullmatch(piece) for piece in re.split(r"[-_]+", low)) and bool(_SIZE_OR_VERSION.search(low))


def _names_a_base(value: str, own: frozenset[str] = frozenset()) -> bool:
    """Whether a name a card gives is a base model's id, not words, a file's name or the checkpoint's own id (acc47)."""
    value = value.strip().strip("`*_").rstrip(".,;:")
    if not _model_name(value):
        return False
    owner, _, name = value.rpartition("/")
    if value.lower() in own or name.lower() in own:
        return False   # "acme/support-bot-7b is released under the same license as its base model": itself
    return repo_id_shaped(value) if owner else _bare_model_name(name)


def _hub_page_id(url: str) -> str:
    return re.sub(r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/", "", url, flags=re.IGNORECASE).rstrip("/")


def _model_name(value: str) -> bool:
    """Whether a name is shaped as a Hub model id, with its owner or without ("google-bert/bert-base-uncased",
    "bert-base-uncased", "gpt2"), and not words of prose ("base-model", "7B", "v1.0")."""
    value = value.strip().strip("`*_").rstrip(".,;:")
    owner, _, name = value.rpartition("/")
    if owner and not re.search(r"[A-Za-z]", owner):
        return False
    pieces = [p for p in re.split(r"[-_.]+", name.lower()) if p]
    if not pieces or all(p in _NOT_A_MODEL or p.isdigit() or re.fullmatch(r"v?\d+[a-z]?|\d+[bkm]", p) for p in pieces):
        return False
    if sum(c.isalpha() for c in name) < 3:
        return False
    return bool(owner) or bool(re.search(r"[\d_.-]", name))


def named_models(sentence: str, after: int, own: frozenset[str] = frozenset()) -> list[str]:
    """The models a sentence names by their Hub ids: one in parentheses, backticks or a link's words, a link to its
    Hub page, an "owner/name" anywhere in it, or a name right after the words putting the weights under its license
    ("the license of the base model (bert-base-uncased)", "[bert-base-uncased](https://huggingface.co/bert-base-uncased)").
    ``after``: where those words end; ``own``: the checkpoint's own names (own_names), no base. Each name must be a
    model's (_names_a_base, acc47)."""
    found = [next(g for g in m.groups() if g) for m in _MARKED_ID.finditer(sentence)]
    found += [m.group(1) for m in _OWNED_ID.finditer(sentence)]
    found += [_hub_page_id(m.group(0)) for m in _HUB_PAGE.finditer(sentence)]   # a link to its Hub page
    nxt = _AFTER_THE_BASE.match(sentence[after:])
    if nxt is not None:
        found.append(nxt.group(1))
    out: list[str] = []
    for name in found:
        name = name.strip().strip("`*_").rstrip(".,;:")
        if _names_a_base(name, own) and name.lower() not in (o.lower() for o in out):
            out.append(name)
    return out


def names_a_model(sentence: str, after: int, own: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence names a model by its Hub id (named_models)."""
    return bool(named_models(sentence, after, own))


def base_label_lines(body: str, own: frozenset[str] = frozenset()) -> list[str]:
    """The Hub model ids lines labelled as the model's base give ("- **Finetuned from model [optional]:** bert-base-uncased",
    "Base model: roberta-base", "| Base model | gpt2 |"): a template's placeholder ("[More Information Needed]") is none."""
    found: list[str] = []
    for match in _BASE_LABEL_LINE.finditer(body[:MAX_CLASSIFY_CHARS]):
        value = _LINK.sub(lambda m: f"{m.group(1)} {m.group(2)}", match.group(1))
        # the value is the id, first ("bert-base-uncased (uncased)"): "our in-house 7B model" names none
        word = next((w for w in re.split(r"[\s|,;()`*]+", value) if w), "")
        if "://" in word:
            page = _HUB_PAGE.match(word)
            if page and _names_a_base(_hub_page_id(page.group(0)), own):
                found.append(_hub_page_id(page.group(0)))
        elif _names_a_base(word, own):
            found.append(word.strip("`*_").rstrip(".,;:"))
    return found


def sentences_deferring_to_a_base(kb: KnowledgeBase, matcher: Matcher, body: str,
                                  own: frozenset[str] = frozenset()) -> list[tuple[str, list[str]]]:
    """The card's sentences that put the model's weights under its base model's license, naming no license themselves,
    each with the Hub ids of the models it names as that base (named_models; none when it names none)."""
    out: list[tuple[str, list[str]]] = []
    text = body[:MAX_CLASSIFY_CHARS]
    if text.isascii() and not _BASE_TERMS.search(text):
        return out   # most cards: one pass over the text (Latin letters in disguise are read sentence by sentence)
    for sentence in split_remembered(_SENTENCE_END, text):
        plain = plain_latin_letters(sentence)
        match = _BASE_TERMS.search(plain)
        if match is None:
            continue
        # the clause the words are in: "This is not an official release and the weights follow ..." turns nothing round,
        # "Trained on our own dataset, it is subject to ..." is about "it" (acc46)
        clause = _CLAUSE_START.split(plain[:match.start()])[-1]
        if _TURNED.search(clause):
            continue
        if _OTHER_SUBJECT.search(clause) and not about_the_weights(plain[:match.start()]) \
                and not about_the_weights(plain[match.end():]):
            continue   # "The code follows the license of the original model's repository": another thing's terms
        links = _LINK.findall(plain)
        named = _LINK.sub(r"\1", plain)
        if prose_licenses(kb, named) or matcher.named_licenses(tokens(named)) or any(
                kb.by_link(url) or kb.by_name(label.strip()) for label, url in links):
            continue   # "Apache 2.0, like its base model": the license named is read where the prose is
        # "the license of the base model (bert-base-uncased)": the base is named; it counts if lineage follows it (acc48)
        out.append((" ".join(sentence.split())[:240], named_models(plain, match.end(), own)))
    return out


def is_a_family_license(kb: KnowledgeBase, license_id: str) -> bool:
    """Whether a license is one model family's (Llama 3.1's, Gemma's, Qwen's), one of the licenses card-words/families.yaml
    gives a family's models whose text names that family's models, not a license anyone's work is put under (Apache,
    MIT, Creative Commons, the GPL) nor one many unrelated models take (CreativeML OpenRAIL-M, OpenRAIL++, the NVIDIA Open
    Model License, a modified MIT, the DeepSeek License) (acc47)."""
    rule = kb.get(license_id)
    return (rule is not None and rule.family in _ONE_FAMILYS_MODELS
            and any(license_id in family_licenses(family) for family in load_card_words().families))


def family_licenses(family: Family) -> set[str]:
    return {license_id for version in family.versions for license_id in version.licenses} | set(family.default) \
        | set(family.later_licenses or ())


# The rule families whose licenses are written for that family's own models ("Llama 3.1" means Meta's models, "Gemma"
# Google's, "Qwen" Alibaba's): declaring one says which base. Not openrail, nvidia-open-model, deepseek, kimi, minimax,
# stability-ai, cohere (an AUP), google-hai-def: licenses LoRAs and unrelated models take, or several families share (acc47).
_ONE_FAMILYS_MODELS = frozenset({"llama", "gemma", "qwen", "mistral", "yi", "falcon", "baichuan", "chatglm", "glm-4", "exaone",
                                 "internlm", "minicpm", "tencent-hunyuan", "flux", "kolors", "cogvideo", "ltx", "playground",
                                 "seamless"})


def followed_bases(evidence: Evidence) -> list[str]:
    """The bases lineage follows for the checkpoint (lineage._followed): those it declares, a source its words name,
    a config.json's model, a repo its words give as its base when it has no license of its own."""
    own = evidence.entry.ref
    return [split_revision(base)[0] for base in (*base_model_ids(evidence, own)[0],
                                                 *(b for b, _ in source_base_ids(evidence, own)),
                                                 *(b for b, _ in undeclared_base_ids(evidence, own)))]


def _is_followed(name: str, followed: list[str]) -> bool:
    """Whether a base a card names is one lineage follows: the same id, or, for a name without its owner (the Hub's
    legacy ids, "opt-6.7b" for "facebook/opt-6.7b"), the same name; a followed repo's name with a suffix the card
    leaves off ("Llama-2-7b" for "meta-llama/Llama-2-7b-hf") is the same base."""
    low = name.lower()
    owner, _, bare = low.rpartition("/")
    for base in followed:
        base_owner, _, base_name = base.lower().rpartition("/")
        if low == base.lower():
            return True
        if (not owner or not base_owner or owner == base_owner) and (
                bare == base_name or base_name.startswith(bare + "-")):
            return True
    return False


def names_a_base(kb: KnowledgeBase, evidence: Evidence, so_far: SoFar) -> bool:
    """Whether the checkpoint names a base licscan reads: one lineage follows (followed_bases: its metadata or a tool's
    record declares it, a repo its words give as its source, a config.json's model), or a family its name, its words
    or its license give as its base."""
    return bool(followed_bases(evidence)) or a_family_is_named(kb, evidence, so_far)


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
    return bool(LineageWords.families(words, said))


class WeightsUnderTheBaseLicense(EvidenceStrategy):
    name = "weights under the base model's license"

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        if not evidence.card_body or evidence.fetch_failed:
            return Reading(self.name)
        found = sentences_deferring_to_a_base(self.kb, self.matcher, evidence.card_body, own_names(evidence))
        if not found:
            return Reading(self.name)
        # a base the sentence or a line labelled as the base names counts only if lineage follows it: a card that
        # names one lineage does not read ("follows the license of the base model (mosaicml/mpt-7b-chat)" under
        # license: apache-2.0, no base_model) has its weights under terms licscan never read (acc48)
        followed = followed_bases(evidence)
        named = [n for _, names in found for n in names] + base_label_lines(evidence.card_body, own_names(evidence))
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
