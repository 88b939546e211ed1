"""The Hub repo a card's words name as the model's own source, right after words that say so: a conversion, a
quantisation, a fine-tune (issue 15, real-card round 6). Lineage follows it as a declared base
(base_ids.source_base_ids), also when the card declares a license of its own."""

from __future__ import annotations

import re

from ..hub_links import HUB_LINK as _HUB_LINK
from ..hub_links import canonical_model_id, canonical_shaped, one_name_link
from ..lazy_regex import lazy
from ..model import Evidence
from ..normalize import plain_latin_letters
from ..source_words import has_source_words
from ..sources.card_parents import alternatives_not_a_repo
from .card_words import load_card_words, sentences
from .strategies.base_named import legacy_model_id

MAX_SOURCES = 3
_LINK = lazy(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")
# The next item of a list of linked repos after a source reference: ", [Y](...)", " and [Y](...)"
_LISTED_AFTER = lazy(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)\[[^\]\n]{1,120}\]\(\s*(?P<url>[^)\s]+)\)")
_ORG_NAME = lazy(r"[A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95}")
_NAME = lazy(r"[A-Za-z0-9][\w.\-]{3,95}")
# A line break inside a paragraph (Markdown joins the lines): "the model weights for [X](...)\nconverted to
# CTranslate2" is one sentence. Not a heading, a list item, a table row, a quote, a badge, HTML or a code fence.
_PARAGRAPH_LINE = lazy(r"[ \t]{0,3}(?![-*+#|>`<]|\d+[.)]\s|\[!)\S")


def _paragraphs(body: str) -> str:
    lines = body.splitlines()
    out = lines[:1]
    for before, line in zip(lines, lines[1:], strict=False):
        joined = _PARAGRAPH_LINE.match(before) and _PARAGRAPH_LINE.match(line) and not before.rstrip().endswith("|")
        out[-1:] = [f"{out[-1].rstrip()} {line.strip()}"] if joined else [out[-1], line]
    return "\n".join(out)


def named_source_ids(evidence: Evidence, own_id: str) -> tuple[tuple[str, str], ...]:
    """The Hub repos the card's words name as the model's own source, right after words that say so ("This
    repository contains the conversion of [kotoba-tech/kotoba-whisper-bilingual-v1.0](https://huggingface.co/...)",
    "converted to MLX format from [`google/medgemma-1.5-4b-it`]()", "a fine-tune of Google's `gemma-3-4b-it`"
    with a link to google/gemma-3-4b-it elsewhere in the card), with the sentence that names each. Followed as a
    declared base is, also when the card declares a license of its own: a conversion, a quantisation or a
    fine-tune carries its source's terms whatever its own card says, and one that cannot be read leaves its
    terms unknown. Not when the metadata declares a base (that declaration is followed); not a repo the words
    only mention (rules/card-words/phrases.yaml 'source_phrases', 'source_mentions')."""
    body = evidence.card_body
    if evidence.base_models or not body or not has_source_words(body):
        return ()
    words = load_card_words()
    own = own_id.strip("/").lower()
    # the card's own Hub repo is also the one its title names: a local copy of mlx-community/X's card says "The
    # Model [mlx-community/X](...) was converted to MLX format from [Y](...)", its own repo the sentence's subject.
    # Only as the subject: a title naming the source ("# org/X" over "converted from org/X") still gives the source.
    owns = {own, *_titled_id(body)}
    linked = [m.group(1) for m in _HUB_LINK.finditer(body)]
    # a legacy id written plain is read only on a card with no license of its own, as base_ids.prose_base_ids reads a
    # base: there it is all that says what the weights are under; beside the card's own license a Hub id the fake or
    # real Hub may not answer for would only add an unreadable base (nlptown's "a bert-base-multilingual-uncased model
    # finetuned for", license: mit)
    plain_ids = not evidence.shows_a_license_of_its_own
    found: list[tuple[str, str]] = []
    for sentence in sentences(_paragraphs(body)):
        if not has_source_words(sentence):
            continue   # ~9 in 10 sentences: none of the phrases can match
        for match in words.source_references(sentence, owns):
            if any(repo.lower() not in owns for repo in _linked_ids(sentence[:match.start()])):
                continue   # "[X-GGUF](...): GGUF quants of [X](...)": another repo is the sentence's subject
            repo = _source_repo(match.group("repo"), linked, plain_ids)
            paren = _paren_hub_id(match)
            if paren is not None:
                repo = paren   # "fine-tuned from GPT-2 (https://huggingface.co/org/x)": the address names the repo (acc61)
            if repo is None or (paren is None and _names_no_model(match, repo)):
                continue   # "built on huggingface/transformers", "using the hiyouga/LLaMA-Factory framework": code or data (acc60)
            if _itself_or_named(repo, own, found):
                continue
            found.append((repo, " ".join(sentence.split())[:200]))
            # "distilled from [SDXL Base 1.0](...) and [Stable-Diffusion v1-5](...)": each Hub repo the list links
            at = match.end()
            while (listed := _LISTED_AFTER.match(sentence, at)) is not None:
                hub = _HUB_LINK.match(listed.group("url"))
                if hub and hub.group(1).lower() not in owns and all(hub.group(1).lower() != f.lower() for f, _ in found):
                    found.append((hub.group(1), " ".join(sentence.split())[:200]))
                at = listed.end()
    for repo, words_naming_it in _heading_sources(body, linked, plain_ids):
        if not _itself_or_named(repo, own, found):
            found.append((repo, words_naming_it))
    return tuple(found[:MAX_SOURCES])


def _itself_or_named(repo: str, own: str, found: list[tuple[str, str]]) -> bool:
    """Whether a repo a card names is the checkpoint itself, its owner's copy of it ("MiniCPM-V-2_6-gguf"), an id going up
    a folder, or one of the sources found already."""
    own_owner, _, own_name = own.rpartition("/")
    owner, _, name = repo.lower().rpartition("/")
    return (repo.lower() == own or (owner == own_owner and name.startswith(own_name)) or ".." in repo
            or any(repo.lower() == f.lower() for f, _ in found))


def _names_no_model(match: re.Match[str], repo: str) -> bool:
    """Whether an ORG/NAME written bare (or as a link's text) names code or data, not a model: an id families.yaml lists
    as such, two alternatives ("fp16/bf16"), or an id followed by a word for code or data, unless it has a model's size."""
    if not _written_bare(match.group("repo")):
        return False
    words = load_card_words()
    return (repo.lower() in words.not_model_repos or alternatives_not_a_repo(repo)
            or (words.not_model_after.match(match.string, match.end("repo")) is not None
                and not _MODEL_SIZE.search(repo.rsplit("/", 1)[-1])))


# A heading, its text between its marks (rules/card-words/phrases.yaml 'base_headings' read that text whole); or a line
# wholly bold, written as one ("**Base model**", "**Base Model:**" alone on its line, acc82)
_HEADING_LINE = lazy(r"^[ \t]{0,3}(?:#{1,6}[ \t]+(?P<text>[^\n]*?)[ \t]*#*|(?P<mark>\*\*|__)(?P<bold>[^\n*_]{1,120}?)(?P=mark)[ \t]*[:：]?)"
                     r"[ \t]*$", re.MULTILINE)
_AROUND_THE_WORDS = lazy(r"^[\W_]+|[\W_]+$")
# The link, Hub address or ORG/NAME opening the first line with words under a heading (a list item's or a quote's mark before
# it); and, after a list item, the next item opening with one ("## Base model" over "- [X](...)" and "- [Y](...)": a merge's)
_VALUE = (r"(?P<repo>\[[^\]\n]{1,200}\]\([^)\s]{0,300}\)|(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/[^\s)\]>\"']{1,300}"
          r"|(?:\*\*|__|[`*_\"“])?[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}(?:\*\*|__|[`*_\"”])?)(?![\w/])")
_OPENING_VALUE = lazy(rf"(?:[ \t]*\n){{0,3}}[ \t]*(?:(?P<item>[-*+])[ \t]+|>[ \t]+)?{_VALUE}")
_NEXT_ITEM = lazy(rf"[^\n]*\n[ \t]*[-*+][ \t]+{_VALUE}")
_A_SITE_OWNER = lazy(r"[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|ai|co|dev|edu|gov)/", re.IGNORECASE)


def _heading_sources(body: str, linked: list[str], plain_ids: bool) -> list[tuple[str, str]]:
    """The Hub repo a heading saying the section under it gives the model's base names right under it, as the first thing
    on its next line: "## Model based on" over "[Ko-GPT-Trinity 1.2B (v0.5)](https://huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)"
    (acc81, round 51's CheonggyeMountain-Sherpa/kogpt-trinity-punct-wrapper). The heading's whole text is the words
    (phrases.yaml 'base_headings'): "## Comparison with the base model" or "## Tokenizer based on" over a link names none, nor
    a section that opens with words ("## Base model" over "We compare with [X](...)"), a dataset's or a Space's page."""
    headings = load_card_words().base_headings
    found: list[tuple[str, str]] = []
    for heading in _HEADING_LINE.finditer(body):
        written = heading.group("text") if heading.group("text") is not None else heading.group("bold")
        text = plain_latin_letters(" ".join(_AROUND_THE_WORDS.sub("", written).split()))
        if not text or not any(words.fullmatch(text) for words in headings):
            continue
        value = _OPENING_VALUE.match(body, heading.end() + 1)
        if value is None or (_written_bare(value.group("repo")) and _A_SITE_OWNER.match(_unmarked(value.group("repo")))):
            continue   # words under it, or an address off the Hub written bare ("github.com/org/x")
        values = [value]
        while value.group("item") and len(values) < MAX_SOURCES and (listed := _NEXT_ITEM.match(body, values[-1].end())) is not None:
            values.append(listed)   # the next item of a list of bases
        for named in values:
            repo = _source_repo(named.group("repo"), linked, plain_ids)
            if repo is not None and not _names_no_model(named, repo):
                found.append((repo, f"{heading.group(0).strip()} / {named.group('repo').strip()}"[:200]))
    return found


# a model's size in its name ("acme/secret-nc-7b", "org/x-1.3B", "org/y-350m"): a model, whatever word follows it (review58)
_MODEL_SIZE = lazy(r"(?<![a-z])\d+(?:\.\d+)?[bm](?![a-z])", re.IGNORECASE)
_TITLE = lazy(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


def _titled_id(body: str) -> list[str]:
    """The Hub repo the card's first heading names as its title ("# mlx-community/Mistral-7B-Instruct-v0.3-4bit"),
    lowercased: the repo the card is a copy of; none when the title is a name ("# Musicgen Small - GGUF")."""
    title = _TITLE.search(body)
    if title is None:
        return []
    text = title.group(1)
    link = _LINK.fullmatch(text)
    hub = _HUB_LINK.match(link.group("url")) if link else None
    value = hub.group(1) if hub else (link.group("text") if link else text).strip("`*_ ")
    return [value.lower()] if _ORG_NAME.fullmatch(value) else []


# a Hub address in brackets right after a name: "GPT-2 (https://huggingface.co/org/x)" (review57), "GPT-2 [https://...]",
# "GPT-2 (weights: https://...)", "GPT-2 (see https://...)" (review59)
# "(see here: https://...)", "(available at https://...)", "(https://..., 4-bit)", "(<https://...>)", "([weights](https://...))"
# (review60); "GPT-2 (hf.co/org/x)", an address without its scheme (review60)
_PAREN_ADDRESS = lazy(r"[ \t]?[(\[]\s*(?:(?:weights|model|checkpoint|see|here|from|at|on|hub|link|source|url|available|"
                      r"downloadable|hosted)\b\s*:?\s*){0,3}(?:\[[^\]\n]{0,80}\]\(|<)?"
                      r"(?P<url>(?:https?://|(?:www\.)?(?:huggingface|hf)\.co/)[^)\]\s>,]{1,300})>?\)?\s*(?:,[^)\]\n]{0,40})?[)\]]", re.IGNORECASE)


def _paren_hub_id(match: re.Match[str]) -> str | None:
    """The Hub repo an address in brackets right after a source reference names, when the reference is a name written
    plain, not a link nor an address ("fine-tuned from GPT-2 (https://huggingface.co/acme/secret-nc-gpt2)"): that repo is
    the source, not the family's official one the name alone would stand for (review57 c031)."""
    written = match.group("repo")
    if _LINK.fullmatch(written) is not None or _HUB_LINK.match(_unmarked(written)) is not None:
        return None
    paren = _PAREN_ADDRESS.match(match.string, match.end("repo"))
    hub = _HUB_LINK.match(paren.group("url")) if paren else None
    return hub.group(1).rstrip(".") if hub else None


def _unmarked(written: str) -> str:
    """An id as written without its emphasis or code marks, its double quotes and a sentence's full stop: "**org/X**",
    "__org/X__.", "*org/X*", "`org/X`", '"org/X"' are org/X (acc64, review59: "built on __org/X__." read "org/X__")."""
    return written.strip("`*_\"“” ").rstrip(".").rstrip("`*_\"”")


def _written_bare(written: str) -> bool:
    """Whether a source reference is an ORG/NAME as written, not a link nor a Hub address: what it names may be code or
    data (families.yaml not_models), where a link to a Hub model's page names a model. A link off the Hub whose text is
    an ORG/NAME is read as its text (_source_repo), as one written bare."""
    link = _LINK.fullmatch(written)
    if link is not None:
        return _off_the_hub(link.group("url"))
    return _HUB_LINK.match(_unmarked(written)) is None


# A page on another site than the Hub
_OFF_THE_HUB = lazy(r"https?://(?!(?:www\.)?(?:huggingface\.co|hf\.co)(?:[/:?#]|$))[^\s/]+", re.IGNORECASE)


def _off_the_hub(url: str) -> bool:
    return _OFF_THE_HUB.match(url.strip()) is not None


def _linked_ids(text: str) -> list[str]:
    return [m.group(1) for m in _HUB_LINK.finditer(text)]


def _source_repo(written: str, linked: list[str], plain_ids: bool = False) -> str | None:
    """The Hub repo a source reference names: a link's Hub URL, else its text when that is ORG/NAME ("[`X`]()");
    an ORG/NAME, marked or plain; a name alone when the card links exactly one repo of
    that name ("Google's `gemma-3-4b-it`" beside a link to huggingface.co/google/gemma-3-4b-it), or, with
    ``plain_ids``, when it is the Hub's legacy id of a model no family names ("bert-base-uncased")."""
    link = _LINK.fullmatch(written)
    if link:
        hub = _HUB_LINK.match(link.group("url"))
        if hub:
            return hub.group(1).rstrip(".")
        one_name = one_name_link(link.group("url"))
        if one_name and (canonical_model_id(link.group("text"), one_name, family=True) or legacy_model_id(one_name)):
            # "a fine-tuned version of [bert-large-uncased](https://huggingface.co/bert-large-uncased)", "Using the
            # [DistilRoBERTa](https://huggingface.co/distilroberta-base) model as starting point" (acc85); whatever the
            # link's text when the page is a legacy model id's: "a fine-tuned version of the [English BERT model](https://
            # huggingface.co/bert-base-uncased)" (acc90). Not an owner's page the text does not name ("[Yi](.../01-ai)")
            return one_name
        url = link.group("url")
        if url and not url.startswith("#"):
            text = _unmarked(link.group("text"))
            if _off_the_hub(url) and _ORG_NAME.fullmatch(text) and text.lower() not in url.lower():
                # a Hub id as the text of a link to another site: "Pretrain Model : [klue/roberta-small](https://github.com/
                # KLUE-benchmark/KLUE)" (acc81, round 51's bespin-global cards) names that Hub model, read as written bare;
                # not the linked code's own name ("[huggingface/transformers](https://github.com/huggingface/transformers)")
                return text
            return None   # a link to a page that is not a Hub model
        written = link.group("text")
    value = _unmarked(written)
    bare_address = _HUB_LINK.match(value)
    if bare_address:
        return bare_address.group(1).rstrip(".")   # "Original model: https://huggingface.co/meta-llama/X" (review30)
    one_name = one_name_link(value)
    if one_name and canonical_shaped(one_name):
        return one_name   # "Pre-trained model: https://huggingface.co/bert-base-uncased": a legacy id's page (acc62)
    if _ORG_NAME.fullmatch(value):
        # written plain, an ORG/NAME right after words that make it the source names that repo as a link does
        # ("Fine-tuned from facebook/nllb-200-distilled-600M"): followed, it is read or its terms stay unknown
        return value
    if _NAME.fullmatch(value):
        same_name = {repo for repo in linked if repo.rpartition("/")[2].lower() == value.lower()}
        if len(same_name) == 1:
            return same_name.pop()
        if plain_ids and not same_name and legacy_model_id(value):
            # written plain, the Hub's legacy id of a model no family names: "A set of unstructured sparse
            # bert-base-uncased models fine-tuned for SQuADv1" (acc50); followed as base_model: bert-base-uncased is
            return value
    return None
