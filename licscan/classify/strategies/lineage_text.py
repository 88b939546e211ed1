"""Where a card's text says what its model was made from, for lineage_words: its sentences (also split after a
version number), the lines of its code blocks without the classes models are loaded with, and the name its
front matter's model-index gives the model."""

from __future__ import annotations

import re

from ...lazy_regex import lazy
from ...model import Evidence
from ..card_words import sentences

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


# A full stop after a version number, before a capitalised word: "Quantized from Mistral Small 3.1. Mistral Large, by
# contrast, is ..." are two sentences; the shared splitter keeps "3.1." whole, as it keeps "v0.1. release" notes whole.
_AFTER_A_VERSION = lazy(r"(?<=[0-9])\.\s+(?=[A-Z])")


def lineage_sentences(body: str) -> list[str]:
    """The card's sentences, each also split where a sentence ends on a version number: the next one names another
    model for its own reasons (a comparison, a license), not as this one's base."""
    return [part for sentence in sentences(body) for part in _AFTER_A_VERSION.split(sentence) if part.strip()]


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
