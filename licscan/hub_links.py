"""Links to a model's page on the Hub, as cards write them. A module of its own: lineage reads them before it
imports the classifier, and classify.named_sources reads them too."""

from __future__ import annotations

from .lazy_regex import lazy

# https://huggingface.co/ORG/NAME (not a dataset, a Space, the docs, the blog, a paper's page, a collection or a
# user's or organisation's settings: review55, "built on [the paper](https://huggingface.co/papers/2401.00001)" read a
# base "papers/2401.00001"). A bare ORG/NAME elsewhere in a sentence is not read: "7B/13B", "and/or" and "input/output"
# have the same shape. The scheme may be left out ("GPT-2 (hf.co/org/x)", review60): the address is the Hub's all the same.
HUB_LINK = lazy(r"(?:https?://|(?<![\w./@-]))(?:www\.)?(?:huggingface\.co|hf\.co)/(?!datasets/|spaces/|docs/|api/|blog/|papers/|collections/|organizations/|settings/|posts/|learn/|tasks/)"
                r"([A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95})", first_chars=True)

# A Markdown link to a page with one name and no owner: "[bert-base-uncased](https://huggingface.co/bert-base-uncased)",
# "[GPT-2](https://huggingface.co/gpt2)". The Hub's "canonical" models had such ids until January 2024, when they
# moved under organisations; the old ids still answer, by redirect (huggingface/transformers#28795), and cards
# written before keep linking them. An organisation's page has the same shape ("[Qwen](https://huggingface.co/Qwen)").
_ONE_NAME_LINK = lazy(r"\[(?P<text>[^\]\n]{1,120})\]\(\s*https?://(?:www\.)?(?:huggingface\.co|hf\.co)/"
                      r"(?P<id>[A-Za-z0-9][\w.\-]{0,95}?)/?\s*\)")
# What the canonical ids were: lower case, a size or casing word or a digit ("gpt2", "t5-base", "roberta-large",
# "bert-base-multilingual-cased"); the Hub's own pages of one name are none of these.
_CANONICAL_ID = lazy(r"(?=[a-z0-9.\-]+$)(?=.*(?:\d|base|large|small|medium|tiny|cased|uncased))[a-z0-9][a-z0-9.\-]*")
_NOT_A_WORD = lazy(r"[^a-z0-9]+")


def canonical_model_id(text: str, url_id: str, *, family: bool = False) -> str | None:
    """The owner-less model id a link names, when its text is that id as written or spelt ("GPT-2" for gpt2): a
    link whose text says something else ("our organisation", "Qwen") is not read as a model's. ``family``: also
    when the text is the start of the id, the model's family ("[DistilRoBERTa](https://huggingface.co/distilroberta-base)",
    acc85), where words say the link is the model's source (named_sources); not "[Yi](https://huggingface.co/01-ai)"."""
    if not _CANONICAL_ID.fullmatch(url_id):
        return None
    said, meant = _NOT_A_WORD.sub("", text.strip("`*_ ").lower()), _NOT_A_WORD.sub("", url_id)
    return url_id if said == meant or (family and len(said) >= 3 and meant.startswith(said)) else None


def canonical_shaped(name: str) -> bool:
    """Whether a name has the shape of the Hub's canonical owner-less model ids ("bert-base-uncased", "gpt2")."""
    return _CANONICAL_ID.fullmatch(name) is not None


def canonical_linked_ids(text: str) -> list[str]:
    """The owner-less model ids the text's Markdown links name (canonical_model_id)."""
    found = (canonical_model_id(m.group("text"), m.group("id")) for m in _ONE_NAME_LINK.finditer(text))
    return [repo for repo in found if repo is not None]


def one_name_link(url: str) -> str | None:
    """The one name of a Hub page URL with no owner (https://huggingface.co/gpt2), else None."""
    match = _ONE_NAME_LINK.fullmatch(f"[x]({url})")
    return match.group("id") if match else None


# A Markdown link's target or a bare address: the words that say what a model was made from are outside them ("[88.61](https://
# huggingface.co/org/bert-base-multilingual-cased-finetuned-conll2002-ner)" in a benchmark table says no "fine-tuned", acc88)
LINK_TARGET_OR_ADDRESS = lazy(r"\]\([^)\s]*\)|https?://\S+")
