"""The models a card names as its parents besides its ``base_model`` key: the lists and the Configuration block of
the cards mergekit and LazyMergekit write, the model repo ids a merge card keeps in its tags, and the bases a card
without ``base_model`` declares all the same (the plural key, the Hub's base_model tags). collect.py reads them into
the evidence's lineage records (model.ConfigLineage), beside the configuration files' (lineage_files.py)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..lazy_regex import lazy
from ..normalize import MAX_CLASSIFY_CHARS
from .common import CARD_NAME
from .lineage_files import models_merged_by

# The cards mergekit and LazyMergekit write: the list after "The following models were included in the merge:",
# "X is a merge of the following models using [LazyMergekit](...):" or "X is a Mixture of Experts (MoE) made with the
# following models using [LazyMergekit](...):" (after a blank line too, as cards edited by hand have it), and the YAML
# block under "### Configuration" or "## 🧩 Configuration" (a symbol before the word) name every model merged, where
# the card's base_model often names only the base. The lead-in must speak of a merge or experts: "The following
# models were evaluated:" lists no parent.
_MERGED_LIST = lazy(r"^(?=[^\n]*\b(?:merge[ds]?|mixture of experts|MoE)\b)[^\n]*?\bthe following models\b[^\n]{0,300}?:[ \t]*\n"
                          r"(?:[ \t]*\n){0,2}((?:[ \t]*[*-][ \t]+\S.*\n?){1,64})", re.MULTILINE | re.IGNORECASE)
# mergekit's "### Models Merged" heading with its list right under it, the lead-in line edited away (acc51, review52)
_MERGED_HEADING_LIST = lazy(r"^#{1,6}[ \t]*Models Merged[ \t]*\n(?:[ \t]*\n){0,2}((?:[ \t]*[*-][ \t]+\S.*\n?){1,64})",
                            re.MULTILINE | re.IGNORECASE)
_LIST_ITEM = lazy(r"^[ \t]*[*-][ \t]+(.*?)[ \t]*$", re.MULTILINE)
_MD_LINK = lazy(r"^\[([^\]]*)\]\(([^)\s]*)\)")
_CONFIG_BLOCK = lazy(r"^#{1,6}[ \t]*(?:[^\w\s#]{1,4}[ \t]*)?Configuration[ \t]*\n"
                           r"(?:(?!#|```)[^\n]*\n){0,8}```ya?ml[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
MAX_MERGE_CARD_MODELS = 64


def merge_card_models(body: str, mergekit_tagged: bool = False) -> list[str] | str:
    """The models a mergekit card lists as merged (a linked item by its link text when that is a repo id,
    else its URL; a local path as written) and those its Configuration block names; a problem when that block
    is not valid YAML."""
    body = body[:MAX_CLASSIFY_CHARS]
    lowered = body.lower()
    if not mergekit_tagged and "mergekit" not in lowered and "models merged" not in lowered:
        return []
    found: list[str] = []
    listed = _MERGED_LIST.search(body) or _MERGED_HEADING_LIST.search(body)
    for item in _LIST_ITEM.findall(listed.group(1)) if listed else ():
        link = _MD_LINK.match(item)
        found.append((link.group(1) if "/" in link.group(1) and " " not in link.group(1) else link.group(2)) if link else item)
    block = _CONFIG_BLOCK.search(body)
    if block:
        merged = models_merged_by(block.group(1))
        if merged is None:
            return f"{CARD_NAME}: its mergekit Configuration block is not valid YAML, so the models it merged could not be read"
        found += merged
    values = [value.strip().strip("\"'") for value in found]
    return list(dict.fromkeys(v for v in values if v and len(v) <= 300))[:MAX_MERGE_CARD_MODELS]


# The tags that make a card a merge's, and a tag that is a model's Hub repo id: LazyMergekit writes the models it merged
# into the card's tags ("- merge", "- mergekit", "- lazymergekit", "- berkeley-nest/Starling-LM-7B-alpha",
# "- mistralai/Mistral-7B-Instruct-v0.2", "- openai/whisper-small"), where a card edited by hand may keep them after its
# list is gone (review36 r3/c25, r4/r5/d11). A tag is free text, though: "roleplay/uncensored", "en/us" or "4-bit/8-bit"
# is no model (review38 d02/d06/d07). A model's name has a digit, a capital letter or a word separator (- _ .) in it,
# a bare word does not ("bigcode/starcoder" and the like, one lowercase word, are passed over: a tag is not the
# place licscan learns such a parent from); a "N-bit", "fp16" or "q4" word is a quantisation, and a name of three
# letters at most ("en/us", "EN/US") a language or a region, not a repo.
_MERGE_TAGS = frozenset({"merge", "mergekit", "lazymergekit"})
_REPO_ID_TAG = lazy(r"[A-Za-z0-9][\w.-]{0,95}/(?=[^/]*(?:[0-9A-Z]|[a-z][._-][A-Za-z0-9]))[A-Za-z0-9][\w.-]{0,95}")
# (and a weights file format: "GGUF/GGML files", "GGUF/AWQ quantizations" are formats, not an owner and a repo, acc47)
_FORMAT_WORD = (r"(?:^|/)(?:\d+[ _-]?bits?|fp\d+|bf\d+|int\d+|q\d+(?:_\w+)?|gguf|ggml|gptq|awq|exl2|mlx|onnx|"
                r"safetensors|ckpt|pt|bin)(?:/|$)")
_NOT_A_MODEL_TAG = lazy(_FORMAT_WORD + r"|/[A-Za-z]{1,3}$", re.IGNORECASE)
_FORMAT_PAIR = lazy(_FORMAT_WORD, re.IGNORECASE)


# acc43: two model families or versions written with a slash ("sdxl/sd-1.5", "SD1.5/SDXL", "flux/sdxl", "llama3/mistral"):
# what the merge is for or made of, said as "SDXL or SD 1.5", not an owner and a repo. A Hub repo id is an owner's name
# (a user or an organisation: "stabilityai", "Qwen", "meta-llama") and a model's, which has more than a family and its
# version ("Qwen/Qwen2-7B", "stabilityai/sdxl-turbo" stay parents)
_FAMILY_OR_VERSION = (r"(?:sd|sdxl|sd[-_. ]?(?:v?\d+(?:[._]\d+)?|xl)|xl|sdxl[-_. ]?(?:v?\d+(?:[._]\d+)?)|flux(?:[-_. ]?1(?:[._]\d)?)?|"
                      r"pony(?:[-_. ]?xl)?|illustrious(?:[-_. ]?xl)?|noob(?:ai)?(?:[-_. ]?xl)?|llama[-_. ]?\d*(?:[._]\d+)?|mistral|mixtral|"
                      r"gemma[-_. ]?\d*|qwen[-_. ]?\d*(?:[._]\d+)?|phi[-_. ]?\d*(?:[._]\d+)?|"
                      # acc64 (review60): "The base model is GPT-J/NeoX."
                      r"gpt[-_. ]?(?:j|neox?|2|3|4)|neox?|falcon|mpt|bloom|opt|t5|bert|v?\d+(?:[._]\d+)?)")
_TWO_FAMILIES_TAG = lazy(rf"{_FAMILY_OR_VERSION}/{_FAMILY_OR_VERSION}", re.IGNORECASE)


def merge_tag_models(tags: tuple[str, ...]) -> list[str]:
    """The models a card tagged as a merge lists in its tags: every tag shaped like a model's Hub repo id (ORG/NAME,
    the name with a digit, a capital or a separator; no "N-bit" word, no name of three letters, not two families or
    versions: "sdxl/sd-1.5")."""
    if not any(tag.strip().lower() in _MERGE_TAGS for tag in tags):
        return []
    found = [tag.strip() for tag in tags if repo_id_shaped(tag.strip())]
    return list(dict.fromkeys(found))[:MAX_MERGE_CARD_MODELS]


def repo_id_shaped(text: str) -> bool:
    """Whether an ORG/NAME written in free text (a tag, a sentence) is shaped like a model's Hub repo id: the name with a
    digit, a capital or a separator; no "N-bit" or file-format word ("GGUF/AWQ", "GGUF/GGML"), no name of three letters,
    not two families or versions ("sdxl/sd-1.5"), not two bare words ("text/image")."""
    return bool(_REPO_ID_TAG.fullmatch(text)) and ".." not in text and not _NOT_A_MODEL_TAG.search(text) \
        and not _TWO_FAMILIES_TAG.fullmatch(text)


def alternatives_not_a_repo(text: str) -> bool:
    """Whether an ORG/NAME written bare in prose is two alternatives joined by a slash, not an owner and a repo: two
    families or versions ("GPT-J/NeoX", "Llama-3/Mistral"), or a precision or file format ("fp16/bf16", "GGUF/AWQ")
    (acc64, review60: "The base model is fp16/bf16 (both provided)" was followed as a repo)."""
    return bool(_FORMAT_PAIR.search(text)) or bool(_TWO_FAMILIES_TAG.fullmatch(text))


# The tags the Hub derives from a card's base_model ("base_model:finetune:CohereForAI/aya-expanse-8b", and the plain
# "base_model:CohereForAI/aya-expanse-8b"): a card copied with its tags and without the key still declares its base.
_BASE_MODEL_TAG = lazy(r"base_model:(?:(?:finetune|adapter|quantized|merge):)?([A-Za-z0-9][\w.-]*/[\w.-]+)")


def bases_declared_elsewhere(data: Mapping[str, Any], tags: tuple[str, ...]) -> tuple[str, ...]:
    """The bases a card without `base_model` declares all the same: under `base_models` (the plural a reader takes
    for it), or in the tags the Hub writes for a base_model."""
    plural = data.get("base_models")
    if isinstance(plural, str) and plural.strip():
        return (plural.strip(),)
    if isinstance(plural, list) and plural and all(isinstance(v, str) for v in plural):
        return tuple(v.strip() for v in plural if v.strip())
    found = [m.group(1) for tag in tags for m in [_BASE_MODEL_TAG.fullmatch(tag.strip())] if m]
    return tuple(dict.fromkeys(found))
