"""The files besides the card, license files and lineage configs where a checkpoint's tools record the model it was
made from (review 25): a diffusers pipeline's ``model_index.json`` and its components' ``config.json``, the YAML a
training or merging tool writes ("config.yaml", "merge.yml", "axolotl.yml", "training_args.yaml", whatever its
name: read by its shape), and an Ollama ``Modelfile`` (its FROM, and the text of its LICENSE directive).

None of them is license evidence by its name (acc26's common.is_evidence_name decides that); each is read, as the
lineage configs are (collect.py), at most MAX_CONFIG_BYTES, and only when the source lists it: on the Hub a file
the repository's tree does not have costs no request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import yaml

from ..model import MERGED_MODEL_KEY, ConfigLineage

# The keys the training tools write for the model they loaded (followed as a config.json's '_name_or_path' is:
# lineage.config_base_ids): axolotl's base_model, LLaMA-Factory's model_name_or_path, ai-toolkit's
# "model: name_or_path:", diffusers' and kohya's training scripts' pretrained_model_name_or_path
TRAINING_BASE_KEYS = ("base_model", "model_name_or_path", "name_or_path", "pretrained_model_name_or_path")
# The key a Modelfile's FROM is recorded under: a Hub model ("hf.co/ORG/NAME") is followed, a local file or an Ollama
# library tag ("command-r:35b", "./aya-23-8B-Q4_K_M.gguf") names its family (lineage.named_base_records)
MODELFILE_FROM = "FROM"
MAX_YAML_FILES = 8              # top-level YAML files read for a tool's record, by name
MAX_COMPONENT_CONFIGS = 12      # diffusers components' config.json files read
MAX_YAML_VALUES = 10_000        # nodes walked in one YAML file
# The components diffusers pipelines save in folders of their own (when no model_index.json names them)
_DIFFUSERS_COMPONENT = re.compile(r"(?:text_encoder|transformer|unet|vae|prior|decoder|image_encoder|controlnet|"
                                  r"text_decoder|image_noising_vae|movq|audio_encoder|vocoder|bert|prior_transformer|"
                                  r"vqvae|vision_encoder|language_model|connectors|motion_adapter)(?:_\d{1,2})?", re.IGNORECASE)


def model_index_components(text: str) -> set[str]:
    """The component folders a diffusers model_index.json names: its keys whose value is [library, class]."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return set()
    if not isinstance(data, dict):
        return set()
    return {key for key, value in data.items() if isinstance(key, str) and not key.startswith("_") and isinstance(value, list)
            and len(value) == 2 and all(isinstance(v, str) or v is None for v in value)}


def component_configs(names: Iterable[str], components: set[str]) -> list[str]:
    """The components' config.json files (one folder deep): those model_index.json names first, then the folders named
    as diffusers names its components; by name."""
    found = []
    for name in names:
        folder, _, base = name.partition("/")
        if base == "config.json" and (folder in components or _DIFFUSERS_COMPONENT.fullmatch(folder)):
            found.append(name)
    return sorted(found, key=lambda name: (name.partition("/")[0] not in components, name))


def yaml_files(names: Iterable[str], already: Iterable[str]) -> list[str]:
    """The checkpoint's top-level YAML files not read as lineage configs already, by name."""
    taken = set(already)
    return sorted(n for n in names if "/" not in n and n.lower().endswith((".yaml", ".yml")) and n not in taken)


def training_config_bases(name: str, text: str) -> list[ConfigLineage]:
    """The models a YAML file records: every model merged when it has mergekit's shape (a merge_method, slices, or
    models listing "model:" entries), else the model a training tool loaded (TRAINING_BASE_KEYS, at any depth: ai-toolkit
    nests it under "config: process: - model:"). A file that is not YAML, or has neither shape, records nothing."""
    from .collect import _merged_models   # collect imports this module

    try:
        documents = list(yaml.safe_load_all(text))
    except (ValueError, RecursionError, yaml.YAMLError, TypeError, KeyError, OverflowError):
        return []
    found: list[ConfigLineage] = []
    for document in documents:
        if not isinstance(document, dict):
            continue
        if _is_mergekit(document):
            found += [ConfigLineage(name, MERGED_MODEL_KEY, value.strip()) for value in _merged_models(document)]
            continue
        found += [ConfigLineage(name, key, value) for key, value in _training_keys(document)]
    return _kept(found)


def _is_mergekit(document: dict[object, object]) -> bool:
    models = document.get("models")
    listed = isinstance(models, list) and any(isinstance(m, dict) and "model" in m for m in models)
    return "merge_method" in document or "slices" in document or (listed and "base_model" in document)


def _training_keys(document: object) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    stack: list[object] = [document]
    seen = 0
    while stack and seen < MAX_YAML_VALUES:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            for key, value in node.items():
                if key in TRAINING_BASE_KEYS and isinstance(value, str):
                    found.append((str(key), value.strip()))
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return found


# An instruction at the start of a line (case-insensitive, as Ollama reads them); a LICENSE's text in """...""" may
# span lines, or be the rest of the line
_FROM = re.compile(r'^[ \t]*FROM[ \t]+"?([^\s"]+)', re.IGNORECASE | re.MULTILINE)
_LICENSE = re.compile(r'^[ \t]*LICENSE[ \t]+(?:"""(.*?)(?:"""|\Z)|(\S[^\n]*))', re.IGNORECASE | re.MULTILINE | re.DOTALL)
_HF_FROM = re.compile(r"(?:https?://)?(?:hf\.co|huggingface\.co)/([A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95}?)(?::[\w.\-]+)?/?",
                      re.IGNORECASE)


def modelfile_bases(name: str, text: str) -> list[ConfigLineage]:
    """The models a Modelfile's FROM lines build on: a Hub repo ("hf.co/ORG/NAME:Q4_K_M") as ORG/NAME, anything else
    (a local GGUF, a folder, an Ollama library tag "command-r:35b") as written, a name whose family lineage reads."""
    found = []
    for match in _FROM.finditer(_without_license_text(text)):
        value = match.group(1)
        hub = _HF_FROM.fullmatch(value)
        found.append(ConfigLineage(name, MODELFILE_FROM, hub.group(1) if hub else value[:300]))
    return _kept(found)


def modelfile_license(text: str) -> str | None:
    """The text of a Modelfile's LICENSE directives (the terms Ollama shows as the model's license), or None."""
    parts = [(m.group(1) if m.group(1) is not None else m.group(2) or "").strip() for m in _LICENSE.finditer(text)]
    joined = "\n\n".join(part for part in parts if part)
    return joined or None


def _without_license_text(text: str) -> str:
    # a "FROM" at a line start inside a license's text is the license's word, not an instruction
    return _LICENSE.sub("", text)


def _kept(found: list[ConfigLineage]) -> list[ConfigLineage]:
    return list(dict.fromkeys(c for c in found if c.value and len(c.value) <= 300))
