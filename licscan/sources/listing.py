"""A checkpoint's files as a source lists them, which of them a source lists (the collector may read), and how a
source hands one over (collect.py reads them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .common import CARD_NAME, LINEAGE_CONFIGS, is_evidence_name, read_for_what_it_holds

if TYPE_CHECKING:
    from ..rules import KnowledgeBase

# A checkpoint's top-level YAML files ("config.yaml", "merge.yml", "axolotl.yml", "training_args.yaml"): read for the
# model a training or merging tool recorded, whatever their names (collect.training_config_bases), as is an
# Ollama Modelfile's FROM
LINEAGE_YAML_SUFFIXES = (".yaml", ".yml")
# A training tool's arguments written as JSON at the top ("training_args.json", "train_config.json", "sft_config.json",
# "finetune_args.json", "trainer_config.json", Lightning's "hparams.json", "args.json": review52/55, a "model_name_or_path" of
# a non-commercial base was never read); read as the YAML files are (YAML reads JSON), only for the keys a training
# tool names its base by. Not trainer_state.json, a log of the run.
TRAINING_JSON = re.compile(r"(?:(?:training|train|trainer|fine[_-]?tun(?:e|ing)|sft|dpo|lora|peft)[_-]?"
                           r"(?:args|arguments|config|configs|params|parameters)|hparams|hyperparameters|args)\.json",
                           re.IGNORECASE)
# A trainer's checkpoint folder ("checkpoint-500/training_args.json", acc57: review55's base named only there): its
# training arguments are read as the top ones are (lineage_files.yaml_files: the newest such folder's; an older one's
# when the newest names no base). Also one folder down ("outputs/checkpoint-500/") and the last one by name
# ("checkpoint-final", "checkpoint-last": the newest), acc60; two folders down ("runs/exp1/checkpoint-500/") and the one
# the trainer kept as the best ("checkpoint-best", read as the last is), acc61 (review58); three folders down
# ("outputs/runs/exp1/checkpoint-500/") and the other trainers' names for a step's folder: "checkpoint_500", DeepSpeed's
# "global_step500", "epoch-3", "step_500", "ckpt-500" (acc64, review59)
CHECKPOINT_TRAINING_JSON = re.compile(r"(?:[^/]+/){0,3}(?:checkpoint|ckpt|global[-_]?step|epoch|step)[-_=]?"
                                      r"(?P<step>\d{1,12}|final|last|best)/(?P<name>[^/]+)", re.IGNORECASE)
MODELFILE = "Modelfile"
# a diffusers component's config ("transformer/config.json", "text_encoder_2/config.json"): one folder deep
_COMPONENT_CONFIG = re.compile(r"[^/]+/config\.json")


@dataclass(frozen=True)
class Listed:
    """One file of a checkpoint as its source lists it: the path in the repository ('weights/LICENSE')
    and its size in bytes, or None when the source does not know it before fetching."""

    name: str
    size: int | None = None


# fetch(name) -> a local path to read, or a problem (already worded, starting with the name)
Fetch = Callable[[str], "Path | str"]


def is_collected_name(name: str, kb: KnowledgeBase | None = None) -> bool:
    """A file the collector may read: the card, a license-like file, a lineage config, a small text file read for
    whether it holds a license; or a card named in another case, which the collector reports unread. ``kb``: the run's
    knowledge base (common.is_evidence_name)."""
    return (name.lower() == CARD_NAME.lower() or name in LINEAGE_CONFIGS or name.endswith("/adapter_config.json")
            or is_lineage_file(name) or is_evidence_name(name, kb) or is_license_archive(name, kb)
            or read_for_what_it_holds(name, None, kb))


ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".gz", ".bz2", ".xz", ".7z", ".zst", ".rar")


def is_license_archive(name: str, kb: KnowledgeBase | None = None) -> bool:
    """An archive named as a license file is ("LICENSE-weights.zip"): licscan cannot read what it holds."""
    base = name.rsplit("/", 1)[-1]
    lowered = base.lower()
    suffix = next((s for s in ARCHIVE_SUFFIXES if lowered.endswith(s)), None)
    return suffix is not None and is_evidence_name(name[: len(name) - len(suffix)] + ".txt", kb)


def is_lineage_file(name: str) -> bool:
    """A file beside the lineage configs that may record a base: a component's config one folder deep, a
    top-level YAML file, an Ollama Modelfile, a training tool's arguments at the top or in a checkpoint folder."""
    return bool(_COMPONENT_CONFIG.fullmatch(name)) or name == MODELFILE or (
        "/" not in name and (name.lower().endswith(LINEAGE_YAML_SUFFIXES) or bool(TRAINING_JSON.fullmatch(name)))) \
        or checkpoint_training_json(name)


def checkpoint_training_json(name: str) -> bool:
    """A training tool's arguments as JSON in a trainer's checkpoint folder, "checkpoint-500/training_args.json"."""
    found = CHECKPOINT_TRAINING_JSON.fullmatch(name)
    return found is not None and bool(TRAINING_JSON.fullmatch(found.group("name")))
