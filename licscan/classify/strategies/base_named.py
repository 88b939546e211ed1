"""The base a card names where it puts its weights under its base model's license: the words that say so ("The model
weights follow the license of the original base model", "License: same as the base model"), the Hub model ids such a
sentence or a line labelled as the base names ("(mosaicml/mpt-7b-chat)", "Base model: roberta-base"). A module of its
own: lineage reads these bases (base_ids.source_base_ids) before it imports the classifier's strategies, and
base_license_words reads the sentences (acc46-acc48)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...lazy_regex import lazy
from ...model import Evidence
from ...normalize import MAX_CLASSIFY_CHARS, plain_latin_letters
from ...sources.card_parents import repo_id_shaped
from ..card_words import load_card_words
from ..memo import split_remembered
from .card_links import LINK as _LINK
from .prose import SENTENCE_END, WEIGHTS_PART_LABEL, about_the_weights

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
    rf"{_OWNER}{_BASE}\b(?!\s*['’]s\b)"
    # acc79 (review70): the same said on the weights' label, "Code -- MIT; Weights -- same as the base model (facebook/opt-1.3b)"
    rf"|{WEIGHTS_PART_LABEL}[*_\s]*(?:(?:the\s+)?same\s+(?:{_TERMS}\s+)?as|see|refer\s+to|follows?|inherit\w*(?:\s+from)?|per|as)\s+"
    rf"{_OWNER}{_BASE}\b(?!\s*['’]s\b)",
    re.IGNORECASE, first_chars=True)
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
_NEXT_CLAUSE = lazy(r";|,\s+(?:and|but|while|whereas|as\s+(?:does|do|is|are|was|were))\b"
                    r"|\s(?:and|but)\s+(?:we|was|were|is|are|it|its|our|the|a|an)\b", re.IGNORECASE)
_ANY_HUB_URL = lazy(r"\s*<?https?://(?:www\.)?(?:huggingface\.co|hf\.co)(?:[/?#]|$)", re.IGNORECASE)
_OTHER_SITE_URL = lazy(r"\b(?:https?://|www\.)(?!(?:www\.)?(?:huggingface\.co|hf\.co)\b)[^\s)\]>]+"
                       r"|\b(?:github|gitlab)\.com/[^\s)\]>]+", re.IGNORECASE)
_OWNED_ID = lazy(r"(?<![\w./:-])([A-Za-z0-9][\w.-]{0,95}/[A-Za-z][\w.-]{1,95})(?![\w/-])")
_AFTER_THE_BASE = lazy(rf"\A[\s,:]*\(?\s*`?({_HUB_ID})")
# The label of a line, a table row's first cell, that gives the model's base: "- **Finetuned from model [optional]:**
# bert-base-uncased", "Base model: roberta-base", "| Base model | gpt2 |". The marks before the label are on its own line
# (whitespace but a newline): each match's value and end are the same (a run crossing newlines begins at a line start
# too, and a label begins with a letter, after the run), without a quadratic search over runs of blank lines (speed14)
_BASE_LABEL_LINE = lazy(r"^(?:[^\S\n]|[>*_|-])*(?:(?:base|parent|original|foundation|source|pre-?trained)[ _-]?models?(?:[ _-]?(?:name|id|repo))?|"
                        r"fine[- ]?tuned (?:from|on top of)(?: model)?(?: \[optional\])?|based on)[*_\s]*(?:[:：]|\|)[*_\s|]*(.+)$",
                        re.IGNORECASE | re.MULTILINE)
# Words of a name that say no model ("base-model", "LoRA-adapter", "pre-trained", "v1.0")
_NOT_A_MODEL = frozenset("base model models original parent upstream underlying source foundation license licence licenses terms "
                         "card page repo repository readme md txt see below above same pre pretrained trained fine tuned tune "
                         "finetuned lora adapter adapters weights model's its the this our official version v".split())


# acc47: a name without its owner names a base only when it is a model's: a family's name (card-words/families.yaml:
# "Llama-2-7b-chat-hf", "gemma-2-9b", "Codestral-22B-v0.1"), or an architecture's word with a size, a version or a casing
# (families.yaml's `architectures`: "bert-base-uncased", "roberta-base", "gpt2", "t5-small", "all-MiniLM-L6-v2");
# "in-house", "TBD-1.0", "our-internal-7b", "v2-final", "TERMS_OF_USE.md", "Proprietary-LLM" are none. An owner's name
# ("org/name") must be shaped as merge tags' are (card_parents.repo_id_shaped: not "GGUF/AWQ", "text/image"), and the
# checkpoint's own id is no base.
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
    or casing ("bert-base-uncased", "gpt2"), as card-words/families.yaml lists them."""
    words = load_card_words()
    if any(family.name.search(name) for family in words.families):
        return True
    low = name.lower()
    return any(words.architecture_piece.fullmatch(piece) for piece in re.split(r"[-_]+", low)) \
        and bool(words.size_or_version.search(low))


def legacy_model_id(name: str) -> bool:
    """Whether a name written plain, without owner or link, is one of the Hub's legacy single-name model ids no family
    of card-words/families.yaml names: canonical-shaped (lower case, a size, casing or digit) with an architecture's word
    ("bert-base-uncased", "roberta-base", "gpt2"). A family's name ("bart-large", "t5-base", "gemma-3-4b-it") is read as
    that family (lineage_words), not as a repo to fetch (acc50)."""
    from ...hub_links import canonical_shaped

    return (canonical_shaped(name) and _bare_model_name(name)
            and not any(family.name.search(name) for family in load_card_words().families))


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
    # the clause the base words are in: what the sentence goes on to say of other models is not this base ("..., and was
    # evaluated with gpt-4-turbo as judge", "..., as does our GGUF version (acme/chat-7b-GGUF)") (review51)
    tail = _NEXT_CLAUSE.search(sentence, after)
    if tail is not None:
        sentence = sentence[:tail.start()]
    # a link to another site names what is there, not a Hub model ("[tloen/alpaca-lora](https://github.com/tloen/
    # alpaca-lora)"), and no address but the Hub's holds a Hub id ("github.com/meta-llama/llama3") (review51)
    sentence = _LINK.sub(lambda m: m.group(0) if _ANY_HUB_URL.match(m.group(2)) or "://" not in m.group(2)
                         else " " * len(m.group(0)), sentence)
    sentence = _OTHER_SITE_URL.sub(lambda m: " " * len(m.group(0)), sentence)
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


MAX_DEFERRED_BASES = 3


def sentences_putting_the_weights_under_the_base(body: str) -> Iterator[tuple[str, str, int]]:
    """The card's sentences whose words put the model's weights under its base model's license (_BASE_TERMS), as
    written, with their Latin letters plain, and where those words end: not one that turns it round ("not bound by
    ...") nor one whose clause is about another thing ("The code follows the license of the original model's
    repository"; "This is not an official release and the weights follow ..." is about the weights) (acc44, acc46)."""
    text = body[:MAX_CLASSIFY_CHARS]
    if text.isascii() and not _BASE_TERMS.search(text):
        return   # most cards: one pass over the text (Latin letters in disguise are read sentence by sentence)
    for sentence in split_remembered(SENTENCE_END, text):
        plain = plain_latin_letters(sentence)
        match = _BASE_TERMS.search(plain)
        if match is None:
            continue
        clause = _CLAUSE_START.split(plain[:match.start()])[-1]   # the clause the words are in
        if _TURNED.search(clause) or (_OTHER_SUBJECT.search(clause) and not about_the_weights(plain[:match.start()])
                                      and not about_the_weights(plain[match.end():])):
            continue
        yield sentence, plain, match.end()


def deferred_base_ids(body: str, own: frozenset[str] = frozenset()) -> list[str]:
    """The bases a card whose words put its weights under its base model's license names as that base: in such a
    sentence ("follows the license of the base model (mosaicml/mpt-7b-chat)", "(opt-6.7b)", a link to its Hub page) or
    on a line labelled as the base ("Base model: X", "| Base model | X |"). Followed as a source the card's words name
    (base_ids.source_base_ids), also when the card declares a license of its own: the sentence says the weights are
    under that base's terms; offline, or when the Hub has no such repo, they stay unknown (acc48). A legacy single-name
    id ("bert-base-uncased") is a Hub id, as a base_model value is. Regex only (no license is identified here): a
    sentence that also names a license ("Apache 2.0, like its base model (X)") still names X, followed all the same."""
    named: list[str] = []
    for _, plain, end in sentences_putting_the_weights_under_the_base(body):
        named += named_models(plain, end, own) or ["?"]
    if not named:
        return []
    named += base_label_lines(body, own)
    families = load_card_words().families
    out: list[str] = []
    for name in named:
        if name == "?" or name.lower() in (o.lower() for o in out):
            continue
        if "/" not in name and any(family.name.search(name) for family in families):
            continue   # "(llama-13b)", "(falcon-180B)": a family's model without its owner; the family's words decide
        out.append(name)
    return out[:MAX_DEFERRED_BASES]
