"""Where a card's text says what its model was made from, for lineage_words: its sentences (also split after a
version number), the lines of its code blocks without the classes models are loaded with, and the name its
front matter's model-index gives the model."""

from __future__ import annotations

import re

from ...lazy_regex import lazy
from ...model import Evidence
from ..card_words import load_card_words, sentences

# The class a checkpoint is loaded with ("Qwen2_5_VLForConditionalGeneration.from_pretrained(", "LlamaForCausalLM.from_pretrained(")
# is an architecture, which models of many licenses share; the repo in its arguments names the weights
_LOADING_CLASS = lazy(r"\b[A-Za-z_]\w*(?=\s*\.\s*from_pretrained\b)")


_MODEL_INDEX_NAME = lazy(r"^model-index:[ \t]*\n(?:[ \t]*#.*\n)*[ \t]*-[ \t]+name:[ \t]*[\"']?([^\s\"'#]{1,200})", re.MULTILINE)


def model_index_names(evidence: Evidence) -> list[str]:
    """The name the card's front matter gives its model in `model-index` (the first entry)."""
    card = next((f for f in evidence.files if f.role == "card" and f.name.lower() == "readme.md"), None)
    if card is None or "model-index:" not in card.text:
        return []
    front = card.text.split("\n---", 1)[0] if card.text.lstrip("\ufeff").startswith("---") else ""
    return [m.group(1) for m in _MODEL_INDEX_NAME.finditer(front)][:1]


# A full stop after a version number or a model's size, before a capitalised word: "Quantized from Mistral Small 3.1.
# Mistral Large, by contrast, is ...", "fine-tuned from LLaMA-7B. We compare it to GPT-4." are two sentences (review17);
# the shared splitter keeps "3.1." and "7B." whole, as it keeps "v0.1. release" notes and "U.S. Government" whole.
_AFTER_A_VERSION = lazy(r"(?<=[0-9A-Z])\.\s+(?=[A-Z])")


def lineage_sentences(body: str) -> list[str]:
    """The card's sentences, each also split where a sentence ends on a version number of a model it names: the next
    one names another model for its own reasons (a comparison, a license), not as this one's base. A tool's version
    ("Quantized with AutoAWQ 0.2.6. Original model: Codestral-22B-v0.1") ends no sentence that names a model: the cue
    before it and the base after it are one statement, read together."""
    families = load_card_words().families
    out = []
    for sentence in sentences(body):
        start = 0
        for stop in _AFTER_A_VERSION.finditer(sentence):
            if any(family.name.search(sentence, start, stop.start()) for family in families):
                out.append(sentence[start:stop.start() + 1])
                start = stop.end()
        out.append(sentence[start:])
    return [part for part in out if part.strip()]


def code_lines(body: str) -> str:
    """The lines of the card's code blocks, without the classes models are loaded with: usage code names the base
    it loads ("from_pretrained(...)")."""
    out, inside = [], False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
        elif inside:
            out.append(_LOADING_CLASS.sub(" ", line) if "from_pretrained" in line else line)
    return "\n".join(out)


# A model the sentence measures this one against, not one it was made from: its figure the starting point of a change
# ("extended the context length of the base model from 2K in ChatGLM-6B to 32K", "由 ChatGLM-6B 的 2K 扩展到了 32K"), or
# the model this one succeeds ("the second-generation version of ChatGLM-6B", "the successor to Llama 2"). Only those
# words are taken out: "fine-tuned from ChatGLM-6B, extending its context from 2K to 32K" still names its base.
_COMPARED = lazy(
    r"\bfrom\s+\d[\d.,]*\s*[kmb%]?\s*(?:tokens?\s+)?(?:in|of|with|for|on)\s+[^,;.!?。，；]{1,80}?(?=\s+to\s+\d)"
    r"|(?:由|从)[^,;.!?。，；由从]{1,80}?的\s*\d[\d.]*\s*[kmb万亿]?"
    r"|\b(?:(?:second|third|fourth|fifth|next)[- ]generation|successor)\b(?:\s+(?:version|model|release))?\s+(?:of|to)\b[^,;.!?。，；]*",
    re.IGNORECASE)
# Models a sentence says are released beside this one ("In addition to the dialogue model ChatGLM3-6B, the base model
# ChatGLM3-6B-Base and the long-text dialogue model ChatGLM3-6B-32K are also open-sourced"): a list of releases
_ALSO_RELEASED = lazy(r"\b(?:are|were|is|was|have been|has been) also (?:being )?(?:open[- ]?sourced|released|published|made available)\b",
                      re.IGNORECASE)
_BASE_MODEL_NOUN = lazy(r"base[ _-]?models?", re.IGNORECASE)


def without_compared_models(sentence: str) -> str:
    """The sentence without the words that name a model this one is measured against or succeeds."""
    return _COMPARED.sub(" ", sentence) if any(ch.isdigit() or ch in "由从" for ch in sentence) or "successor" in sentence.lower() \
        or "generation" in sentence.lower() else sentence


def lists_other_releases(sentence: str) -> bool:
    """Whether the sentence lists models released beside this one, "the base model" being only one of their kinds."""
    return bool(_ALSO_RELEASED.search(sentence))


def without_base_model_nouns(sentence: str) -> str:
    return _BASE_MODEL_NOUN.sub(" ", sentence)
