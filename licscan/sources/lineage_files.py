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
from dataclasses import dataclass, replace

import yaml

from ..lazy_regex import lazy
from ..model import MERGED_MODEL_KEY, ConfigLineage, Evidence, EvidenceFile
from .common import LINEAGE_CONFIGS
from .listing import CHECKPOINT_TRAINING_JSON, MODELFILE, TRAINING_JSON, Fetch, Listed, checkpoint_training_json
from .reader import TooLarge, is_read_failure, read_evidence_file
from .weights import GGUF_BASENAME_KEY, GGUF_NAME_KEY, TRAINING_METADATA_KEY

# The keys the training tools write for the model they loaded (followed as a config.json's '_name_or_path' is:
# base_ids.config_base_ids): axolotl's base_model, LLaMA-Factory's model_name_or_path, ai-toolkit's
# "model: name_or_path:", diffusers' and kohya's training scripts' pretrained_model_name_or_path, LLaMA-Factory's
# adapter_name_or_path (the adapters it loads on the model and merges into it: comma-separated, as LLaMA-Factory splits it)
TRAINING_BASE_KEYS = ("base_model", "model_name_or_path", "name_or_path", "pretrained_model_name_or_path", "adapter_name_or_path")
_SEPARATED_KEYS = frozenset({"adapter_name_or_path"})
# The key a Modelfile's FROM is recorded under: a Hub model ("hf.co/ORG/NAME") is followed, a local file or an Ollama
# library tag ("command-r:35b", "./aya-23-8B-Q4_K_M.gguf") names its family (lineage.named_base_records)
MODELFILE_FROM = "FROM"
# The records of the model a checkpoint was loaded from, followed as undeclared bases when they are Hub repo ids
# (base_ids.config_base_ids): config.json's (a diffusers model_index.json's and components' too), a
# tokenizer_config.json's, a training tool's YAML (axolotl, LLaMA-Factory, ai-toolkit), an Ollama Modelfile's FROM
LOADED_FROM_KEYS = frozenset({LINEAGE_CONFIGS["config.json"], LINEAGE_CONFIGS["tokenizer_config.json"], *TRAINING_BASE_KEYS,
                              MODELFILE_FROM})
# Records that name a model, never a repo (a LoRA's training metadata "flux1-dev.safetensors", a GGUF's basename or
# name, a Modelfile's local file or Ollama library tag): read for the family they name (named_base_records)
# The '_name_or_path' of a diffusers pipeline's component that is not its denoiser (a text encoder, a VAE, a safety
# checker): the model the component was taken from ("openai/clip-vit-large-patch14" in nearly every SD 1.5 and SDXL
# pipeline), not the pipeline's base; read for a family it names (HiDream's text_encoder_4 "meta-llama/Llama-3.1-8B-
# Instruct": Llama 3.1's license applies), never fetched (review27: CLIP's card declares no license, so every such
# pipeline came out unknown)
COMPONENT_NAME_KEY = "_name_or_path (a pipeline component)"
NAME_ONLY_KEYS = frozenset({TRAINING_METADATA_KEY, GGUF_BASENAME_KEY, GGUF_NAME_KEY, MODELFILE_FROM, COMPONENT_NAME_KEY})
# a GGUF's basename or name is the name of the model it holds, often the checkpoint's own, and a component's is a part's:
# naming no family, neither is a base
_OWN_NAME_KEYS = frozenset({GGUF_BASENAME_KEY, GGUF_NAME_KEY, COMPONENT_NAME_KEY})
# The components taken from another model whole (text and image encoders, tokenizers, VAEs, a safety checker): every
# other component (unet, transformer, "dit", prior, decoder, controlnet, adapter, ...) may hold the pipeline's own
# weights, and its '_name_or_path' is followed as a base (review28: a transformer saved under "dit" was not)
_TAKEN_WHOLE = lazy(r"(?:text_encoder|tokenizer|vae|image_encoder|safety_checker|feature_extractor|image_processor|"
                    r"vision_encoder|audio_encoder|vocoder|image_noising_vae|movq|vqvae)(?:_\d{1,2})?", re.IGNORECASE)
_HUB_ID = lazy(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}")
_FILE_PATH = lazy(r"^(?:\.{1,2}[/\\]|[/\\~]|[A-Za-z]:[/\\])|\.(?:gguf|bin|safetensors)$", re.IGNORECASE)
MAX_CONFIG_BYTES = 256 * 1024   # a lineage config larger than this is passed over (label maps, not lineage)
MAX_ADAPTER_CONFIGS = 8         # adapter_config.json files read in subfolders ("checkpoint-500/"), nearest first
ADAPTER_CONFIG = "adapter_config.json"
TOKENIZER_CONFIG = "tokenizer_config.json"
MAX_CHECKPOINT_TRAINING_FILES = 8   # training arguments read from one trainer checkpoint folder (more: a problem)
MAX_CHECKPOINT_FOLDERS = 12     # trainer checkpoint folders read, newest first, until one names a base
MAX_YAML_FILES = 8              # top-level YAML files read for a tool's record, by name
MAX_COMPONENT_CONFIGS = 12      # diffusers components' config.json files read
MAX_YAML_VALUES = 10_000        # nodes walked in one YAML file
# The components diffusers pipelines save in folders of their own (when no model_index.json names them)
_DIFFUSERS_COMPONENT = lazy(r"(?:text_encoder|transformer|unet|vae|prior|decoder|image_encoder|controlnet|"
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
    """The checkpoint's top-level YAML files (and a training tool's arguments as JSON: listing.TRAINING_JSON) not read
    as lineage configs already, by name. A trainer's checkpoint folders are read apart (checkpoint_folders)."""
    taken = set(already)
    return sorted(n for n in names if "/" not in n and (n.lower().endswith((".yaml", ".yml")) or TRAINING_JSON.fullmatch(n))
                  and n not in taken)


def _local_path(value: str) -> bool:
    """Whether a recorded model is a path on the machine that trained it ("/data/models/base", "./base", "~/m",
    "C:\\models\\base"), not a Hub repo id."""
    return value.startswith((".", "/", "~")) or "\\" in value or ":" in value


def checkpoint_folders(names: Iterable[str]) -> list[list[str]]:
    """A trainer's checkpoint folders' training arguments as JSON, newest folder first (the highest step; "checkpoint-
    final", "-last" and "-best" above any), each folder's files "training_args.json" (the Trainer's own) first (acc60:
    review56 c043's was passed over after "args.json" and "hparams.json"), then a training tool's named files
    ("train_config.json", "sft_args.json"), then "hparams.json" and the like, "args.json" last (acc61: review58 c102's
    "train_config.json" was passed over after "args.json" and "hparams.json")."""
    saved: dict[str, tuple[int, list[str]]] = {}
    for name in names:
        found = CHECKPOINT_TRAINING_JSON.fullmatch(name)
        if found is None or not checkpoint_training_json(name):
            continue
        step = found.group("step")
        saved.setdefault(name.rpartition("/")[0], (int(step) if step.isdigit() else 10**13, []))[1].append(name)
    ordered = sorted(saved.items(), key=lambda item: (-item[1][0], item[0]))
    return [sorted(files, key=lambda n: (_training_json_rank(n.rpartition("/")[2].lower()), n)) for _, (_, files) in ordered]


def _training_json_rank(base: str) -> int:
    if base == "training_args.json":
        return 0
    if base in ("args.json",):
        return 3
    return 2 if base.startswith(("hparams", "hyperparameters")) else 1


def training_config_bases(name: str, text: str) -> list[ConfigLineage]:
    """The models a YAML file records: every model merged when it has mergekit's shape (a merge_method, slices, or
    models listing "model:" entries), else the model a training tool loaded (TRAINING_BASE_KEYS, at any depth: ai-toolkit
    nests it under "config: process: - model:"). A file that is not YAML, or has neither shape, records nothing."""
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
        genome = _evolve_genome(document)
        if genome:
            found += [ConfigLineage(name, MERGED_MODEL_KEY, value.strip()) for value in genome]
            continue
        found += [ConfigLineage(name, key, value) for key, value in _training_keys(document)]
    return _kept(found)


def _is_mergekit(document: dict[object, object]) -> bool:
    models = document.get("models")
    listed = isinstance(models, list) and any(isinstance(m, dict) and "model" in m for m in models)
    return "merge_method" in document or "slices" in document or (listed and "base_model" in document)


def _evolve_genome(document: dict[object, object]) -> list[str]:
    """The models a mergekit-evolve config's genome merges: its "models:" are plain repo ids or paths, not
    "model:" entries, beside an optional base_model (mergekit's EvolMergeConfiguration)."""
    genome = document.get("genome")
    if not isinstance(genome, dict) or not isinstance(genome.get("models"), list):
        return []
    models = [model for model in genome["models"] if isinstance(model, str) and model.strip()]
    base = genome.get("base_model")
    return models + ([base] if isinstance(base, str) and base.strip() else [])


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
                    parts = value.split(",") if key in _SEPARATED_KEYS else [value]
                    found += [(str(key), part.strip()) for part in parts if part.strip()]
                elif key in TRAINING_BASE_KEYS and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                    # a list where one name belongs ('"model_name_or_path": ["CohereForAI/c4ai-command-r-v01"]'): each a
                    # base, as a list of base_model is (review55: the list was passed over)
                    found += [(str(key), part.strip()) for part in value if part.strip()]
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return found


# An instruction at the start of a line (case-insensitive, as Ollama reads them); a LICENSE's text in """...""" may
# span lines, or be the rest of the line
_FROM = lazy(r'^[ \t]*FROM[ \t]+"?([^\s"]+)', re.IGNORECASE | re.MULTILINE)
_LICENSE = lazy(r'^[ \t]*LICENSE[ \t]+(?:"""(.*?)(?:"""|\Z)|(\S[^\n]*))', re.IGNORECASE | re.MULTILINE | re.DOTALL)
_HF_FROM = lazy(r"(?:https?://)?(?:hf\.co|huggingface\.co)/([A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95}?)(?::[\w.\-]+)?/?",
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


def named_base_records(evidence: Evidence) -> tuple[tuple[str, str, bool], ...]:
    """The records that name the model a checkpoint was made from by a name that is no Hub repo, as (value, where
    it is recorded, whether it is the model's own name): read for the family they name, never fetched."""
    found: list[tuple[str, str, bool]] = []
    for config in evidence.config_lineage:
        value = config.value.strip()
        if config.key in NAME_ONLY_KEYS and not (config.key == MODELFILE_FROM and _HUB_ID.fullmatch(value)):
            # a Modelfile FROM a file ("./helper-8b.Q4_K_M.gguf") is most often the checkpoint's own weights: a family
            # its name gives applies, a name of none is no base (the file's own header is read for its license)
            own = config.key in _OWN_NAME_KEYS or (config.key == MODELFILE_FROM and bool(_FILE_PATH.search(value)))
            found.append((value, f"{config.file} '{config.key}'", own))
    return tuple(dict.fromkeys(found))


def _kept(found: list[ConfigLineage]) -> list[ConfigLineage]:
    return list(dict.fromkeys(c for c in found if c.value and len(c.value) <= 300))


_JSON_KINDS = {list: "a list", dict: "a mapping", bool: "true or false", int: "a number", float: "a number"}


def config_lineage(item: Listed, fetch: Fetch) -> list[ConfigLineage] | str:
    """The base models a lineage config names, or a problem when it could not be fetched."""
    if item.size is not None and item.size > MAX_CONFIG_BYTES:
        return []
    read = _read_config(item, fetch)
    if read is None or isinstance(read, str):
        return read or []
    key = LINEAGE_CONFIGS[item.name.rsplit("/", 1)[-1]]
    if key == MERGED_MODEL_KEY:
        merged = models_merged_by(read.text)
        if merged is None:
            return f"{item.name}: not valid YAML, so the models it merged could not be read"
        values: list[object] = list(merged)
    else:
        try:
            data = json.loads(read.text)
        except (ValueError, RecursionError):
            # not JSON: no base is read from it, unless the text shows the key that names one
            return f"{item.name}: not valid JSON, so the base model its '{key}' names could not be read" \
                if f'"{key}"' in read.text else []
        values = [data.get(key) if isinstance(data, dict) else None]
    # A list or mapping where a model name belongs names something licscan cannot follow: a problem of this
    # checkpoint (unknown), never a crash of the whole check (dict.fromkeys needs hashable values).
    odd = next((value for value in values if value is not None and not isinstance(value, str)), None)
    if odd is not None:
        kind = _JSON_KINDS.get(type(odd), "value of another kind")
        return f"{item.name}: '{key}' is {kind}, not a model name, so the base model could not be read"
    return [ConfigLineage(item.name, key, value.strip()) for value in dict.fromkeys(values)
            if isinstance(value, str) and value.strip() and len(value) <= 300]


def _read_config(item: Listed, fetch: Fetch) -> EvidenceFile | str | None:
    """A lineage file read under MAX_CONFIG_BYTES; a problem when it could not be fetched or the system kept it from
    being read (it may name a base: the evidence is incomplete); None when it is passed over (larger, not a regular
    file, binary: no lineage to read)."""
    if item.size is not None and item.size > MAX_CONFIG_BYTES:
        return None
    found = fetch(item.name)
    if isinstance(found, str):
        return found
    try:
        read = read_evidence_file(found, item.name, MAX_CONFIG_BYTES)
    except TooLarge:
        return None
    if isinstance(read, str):
        return read if is_read_failure(read) else None
    return read


@dataclass(frozen=True)
class _LineageFiles:
    lineage: tuple[ConfigLineage, ...]
    files: tuple[EvidenceFile, ...]      # a Modelfile whose LICENSE directive gives terms
    problems: tuple[str, ...]            # each leaves the evidence incomplete
    notes: tuple[str, ...] = ()          # files a cap left unread where what was read settles the base (checkpoint folders)


def _recorded_bases(name: str, item: Listed, fetch: Fetch, problems: list[str]) -> list[ConfigLineage]:
    """The models a tool's YAML or JSON record names (training_config_bases), the problem of one not read in ``problems``."""
    read = _read_config(item, fetch)
    if isinstance(read, str):
        problems.append(read)
    return training_config_bases(name, read.text) if isinstance(read, EvidenceFile) else []


def lineage_files(listing: list[Listed], fetch: Fetch) -> _LineageFiles:
    """What lineage_files reads: a diffusers pipeline's model_index.json components' configs, the top-level YAML files
    a tool wrote, an Ollama Modelfile. A Modelfile, which may carry the license, is never passed over: one larger than
    MAX_CONFIG_BYTES or that could not be read leaves the evidence incomplete, as does a cap reached."""
    listed = {item.name: item for item in listing}
    lineage: list[ConfigLineage] = []
    files: list[EvidenceFile] = []
    problems: list[str] = []
    notes: list[str] = []
    index = listed.get("model_index.json")
    read = _read_config(index, fetch) if index is not None else None
    if isinstance(read, str):   # which components the pipeline has, and so which configs name its bases, is not known
        problems.append(read)
    components = model_index_components(read.text) if isinstance(read, EvidenceFile) else set()
    configs = component_configs(listed, components)
    yamls = yaml_files(listed, LINEAGE_CONFIGS)
    for kind, names, cap in (("diffusers component configs", configs, MAX_COMPONENT_CONFIGS), ("YAML files", yamls, MAX_YAML_FILES)):
        if len(names) > cap:
            problems.append(f"{names[cap]}: not read: licscan reads at most {cap} {kind} per checkpoint for the base "
                            f"models they record, and {len(names) - cap} more are not read")
    for name in configs[:MAX_COMPONENT_CONFIGS]:
        named = config_lineage(listed[name], fetch)
        if isinstance(named, str):
            problems.append(named)
        elif _TAKEN_WHOLE.fullmatch(name.partition("/")[0]):
            lineage.extend(replace(found, key=COMPONENT_NAME_KEY) for found in named)
        else:
            lineage.extend(named)
    for name in yamls[:MAX_YAML_FILES]:
        lineage.extend(_recorded_bases(name, listed[name], fetch, problems))
    # a trainer's checkpoint folders ("checkpoint-500/training_args.json", acc57): the newest one's training arguments
    # (the highest step); when they name no base ("model_name_or_path": "" or none) an older folder's may, the same
    # run's (acc60: review56 c039, c090): the nearest that names one; a local path ("/data/models/base") names none
    # that can be read, so an older folder's Hub id is still looked for (review59 c106: "checkpoint-best" with a path
    # before "checkpoint-500" with the base). At most MAX_CHECKPOINT_FOLDERS folders and MAX_CHECKPOINT_TRAINING_FILES
    # files of each are read. What a cap leaves unread may name the base (review59 c107's base in the fifth file passed
    # while acc61 only noted it): a problem, the evidence incomplete, unless what was read settles it: the files read
    # of a folder name a Hub id (the Trainer's own training_args.json first), or every folder read records the run's
    # model as a local path (the same run's older folders record the same: noted, review60 c050/c053)
    folders = checkpoint_folders(listed)
    local_only = True
    for number, folder in enumerate(folders):
        if number == MAX_CHECKPOINT_FOLDERS:
            unread = (f"{folder[0]}: not read: licscan reads the training arguments of at most {MAX_CHECKPOINT_FOLDERS} "
                      f"trainer checkpoint folders, newest first, for the base model they record, and none of those read "
                      f"names a Hub repo; {len(folders) - number} older folder{'s are' if len(folders) - number > 1 else ' is'} "
                      "not read")
            if local_only:
                notes.append(f"{unread} (each folder read records a local path)")
            else:
                problems.append(f"{unread}, and the base they may record is not known")
            break
        recorded = [found for name in folder[:MAX_CHECKPOINT_TRAINING_FILES]
                    for found in _recorded_bases(name, listed[name], fetch, problems)]
        names_a_hub_repo = any(not _local_path(record.value) for record in recorded)
        local_only = local_only and bool(recorded) and not names_a_hub_repo
        if len(folder) > MAX_CHECKPOINT_TRAINING_FILES and not names_a_hub_repo:
            problems.append(f"{folder[MAX_CHECKPOINT_TRAINING_FILES]}: not read: licscan reads at most "
                            f"{MAX_CHECKPOINT_TRAINING_FILES} training-argument files of a trainer checkpoint folder, and "
                            f"{len(folder) - MAX_CHECKPOINT_TRAINING_FILES} more are not read: the base they may record is "
                            "not known")
        lineage.extend(recorded)
        # "checkpoint-best" (or -final, -last) is the trainer's copy of one of its numbered folders, often written by a
        # later step of the pipeline (the model's own id, "models/base"): read on to the newest numbered folder, whose
        # record is the run's base (acc64: review60 c013, c017 stopped at the model's own id or a relative path)
        step = CHECKPOINT_TRAINING_JSON.fullmatch(folder[0])
        if names_a_hub_repo and (step is None or step.group("step").isdigit()):
            break
    modelfile = listed.get(MODELFILE)
    if modelfile is not None:
        read = _read_config(modelfile, fetch)
        if read is None:
            problems.append(f"{MODELFILE}: not read: larger than {MAX_CONFIG_BYTES // 1024} KiB or not a text file; "
                            "the model it builds on and the license it gives are not known")
        elif isinstance(read, str):
            problems.append(read)
        else:
            lineage.extend(modelfile_bases(MODELFILE, read.text))
            terms = modelfile_license(read.text)
            if terms is not None:
                files.append(replace(read, text=terms, role="license"))
    return _LineageFiles(tuple(lineage), tuple(files), tuple(problems), tuple(notes))


MAX_MERGED_VALUES = 10_000


# A sentence-transformers model's transformer module ("0_Transformer/config.json", the layout sentence-transformers wrote
# before it saved the transformer at the top): the weights' config, whose '_name_or_path' is the model they were loaded
# from ("facebook/nllb-200-distilled-600M"), as a top-level config.json's is (acc51, review52)
_SENTENCE_TRANSFORMER_CONFIG = lazy(r"\d{1,2}_Transformer/config\.json")


def lineage_configs(listing: list[Listed]) -> list[Listed]:
    """The top-level lineage configs, a sentence-transformers module's config.json, and the adapter configs of
    subfolders (a training run's "checkpoint-500/adapter_config.json", nearest first, at most MAX_ADAPTER_CONFIGS)."""
    # a tokenizer is not the weights: its origin is read only when no config.json records theirs
    has_config = any(item.name == "config.json" or _SENTENCE_TRANSFORMER_CONFIG.fullmatch(item.name) for item in listing)
    top = [item for item in listing if item.name in LINEAGE_CONFIGS and not (has_config and item.name == TOKENIZER_CONFIG)]
    modules = sorted((item for item in listing if _SENTENCE_TRANSFORMER_CONFIG.fullmatch(item.name)), key=lambda item: item.name)
    nested = sorted((item for item in listing if item.name.endswith("/" + ADAPTER_CONFIG)),
                    key=lambda item: (item.name.count("/"), item.name))
    return top + modules[:MAX_ADAPTER_CONFIGS] + nested[:MAX_ADAPTER_CONFIGS]


def models_merged_by(config: str) -> list[str] | None:
    """Every model a mergekit config (a mergekit_config.yml, a card's Configuration block) merged; None when it
    is not valid YAML. A multi-stage merge is one document per stage."""
    try:
        documents = list(yaml.safe_load_all(config))
    except (ValueError, RecursionError, yaml.YAMLError, TypeError, KeyError, OverflowError):
        return None
    return [model for document in documents for model in _merged_models(document)]


# mergekit-moe takes the attention and embedding weights from its base_model and each expert's from its
# source_model: both are parents of the weights
_MODEL_KEYS = ("model", "base_model", "source_model")


def _merged_models(data: object) -> list[str]:
    """The models a mergekit config merges, in any of its layouts ("models:", "slices: sources:", "modules:
    ...", a base_model, mergekit-moe's "experts: - source_model:"): every value of a `model`, `base_model` or
    `source_model` key anywhere in it, a "base+lora" value as both ("mistralai/Mistral-7B-v0.1+org/some-lora").
    Other keys ("gate_mode: hidden", "merge_method", "dtype") name no model."""
    found: list[str] = []
    stack: list[object] = [data]
    seen: set[int] = set()   # YAML anchors may make a node its own child
    while stack and len(found) < MAX_MERGED_VALUES and len(seen) < MAX_MERGED_VALUES:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _MODEL_KEYS and isinstance(value, str):
                    found.extend(part for part in value.split("+") if part.strip())
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return found
