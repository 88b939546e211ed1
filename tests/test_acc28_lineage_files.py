"""Lineage in files licscan did not open (review 25): a diffusers pipeline's model_index.json and its components'
config.json, a kohya LoRA's training metadata, a GGUF's general.basename, a training or merging tool's YAML under any
name, an Ollama Modelfile's FROM and LICENSE, a tokenizer_config.json, a base_model of two repo ids joined by a comma,
the weight-header caps, a license file shipped as an archive. Each case is a checkpoint folder as its tool writes it,
with the real license texts of license_texts/; the bases are the fake Hub's repositories (tests/fakehub/repos), read
as folders, so nothing leaves the process. Each has a benign twin that stays as it was.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import CardMetadata, Evidence, ManifestEntry, Project, Result
from licscan.rules import load_knowledge_base
from licscan.sources import weights
from licscan.sources.local import LocalSource
from tests.test_weights import gguf, safetensors

KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)
ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
HUB = ROOT / "tests" / "fakehub" / "repos"


def local(folder: Path, ref: str) -> Evidence:
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref=ref, kind="local", line=1))


def from_fake_hub(entry: ManifestEntry) -> Evidence:
    """A base as the fake Hub serves it (its folder read as a checkpoint); a repo it does not have is not found."""
    folder = HUB / entry.ref
    if (folder / "repo.yaml").is_file():
        return local(folder, entry.ref)
    return Evidence(entry=entry, source="hub", revision=None, card=CardMetadata(), complete=False,
                    problems=(f"{entry.ref}: repository not found",), fetch_failed=True)


def judge(folder: Path, ref: str = "acme/helper") -> Result:
    evidence = local(folder, ref)
    lineage = Lineage(from_fake_hub, CLASSIFIER, jobs=1)
    lineage.prefetch([evidence])
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence))


def checkpoint(folder: Path, license_file: str, card_license: str, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(f"---\nlicense: {card_license}\n---\n\n# helper\n\nA support assistant.\n", encoding="utf-8")
    shutil.copyfile(TEXTS / license_file, folder / "LICENSE")
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    return folder


def flux_model_index(name_or_path: str | None) -> str:
    """model_index.json as diffusers' FluxPipeline.save_pretrained writes it."""
    index: dict[str, object] = {"_class_name": "FluxPipeline", "_diffusers_version": "0.32.0"}
    if name_or_path is not None:
        index["_name_or_path"] = name_or_path
    index.update({"scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
                  "text_encoder_2": ["transformers", "T5EncoderModel"], "tokenizer": ["transformers", "CLIPTokenizer"],
                  "tokenizer_2": ["transformers", "T5TokenizerFast"], "transformer": ["diffusers", "FluxTransformer2DModel"],
                  "vae": ["diffusers", "AutoencoderKL"]})
    return json.dumps(index, indent=2)


def transformer_config(name_or_path: str) -> str:
    return json.dumps({"_class_name": "FluxTransformer2DModel", "_diffusers_version": "0.32.0", "_name_or_path": name_or_path,
                       "attention_head_dim": 128, "guidance_embeds": True, "in_channels": 64, "num_layers": 19}, indent=2)


def verdict(result: Result) -> tuple[str, str]:
    return result.verdict, result.classification.license_id


# --- 1. diffusers ---------------------------------------------------------------------------------------------------


def test_a_model_index_naming_flux_dev_is_an_undeclared_base(tmp_path):
    folder = checkpoint(tmp_path / "gen", "apache-2.0.txt", "apache-2.0", {"model_index.json": flux_model_index("black-forest-labs/FLUX.1-dev")})
    result = judge(folder)
    assert verdict(result) == ("denied", "flux1-dev-noncommercial")
    assert any("model_index.json '_name_or_path'" in r and "black-forest-labs/FLUX.1-dev" in r for r in result.reasons)


def test_a_model_index_naming_the_repo_itself_is_no_base(tmp_path):
    folder = checkpoint(tmp_path / "gen", "apache-2.0.txt", "apache-2.0", {"model_index.json": flux_model_index("acme/helper")})
    assert verdict(judge(folder)) == ("allowed", "apache-2.0")


def test_a_component_config_is_read_by_model_index_and_hf_cache_path(tmp_path):
    cache_path = ("/home/ubuntu/.cache/huggingface/hub/models--black-forest-labs--FLUX.1-dev/snapshots/"
                  "0ef5fff789c832c5c7f4e127f94c8b54bbcced44/transformer")
    for name, value in (("hub-id", "black-forest-labs/FLUX.1-dev"), ("cache", cache_path)):
        folder = checkpoint(tmp_path / name, "apache-2.0.txt", "apache-2.0",
                            {"model_index.json": flux_model_index(None), "transformer/config.json": transformer_config(value)})
        result = judge(folder)
        assert verdict(result) == ("denied", "flux1-dev-noncommercial"), name
        assert any("transformer/config.json '_name_or_path'" in r for r in result.reasons), name


def test_a_text_encoder_folder_is_read_without_a_model_index(tmp_path):
    text_encoder = json.dumps({"_name_or_path": "meta-llama/Llama-3.1-8B", "architectures": ["LlamaForCausalLM"], "model_type": "llama"})
    folder = checkpoint(tmp_path / "gen", "apache-2.0.txt", "apache-2.0", {"text_encoder_4/config.json": text_encoder})
    result = judge(folder)
    assert "llama3.1" in result.classification.candidates and result.verdict != "allowed"


def test_a_training_run_folder_is_no_diffusers_component(tmp_path):
    # a checkpoint-500/config.json of one's own training run is not a pipeline component (and names a local path)
    folder = checkpoint(tmp_path / "gen", "apache-2.0.txt", "apache-2.0",
                        {"checkpoint-500/config.json": json.dumps({"_name_or_path": "facebook/musicgen-small"})})
    assert verdict(judge(folder)) == ("allowed", "apache-2.0")


# --- 2. LoRA training metadata ----------------------------------------------------------------------------------------


KOHYA_FLUX = {"ss_sd_model_name": "flux1-dev.safetensors", "ss_base_model_version": "flux1", "ss_network_module": "networks.lora_flux",
              "ss_network_dim": "16", "modelspec.architecture": "Flux.1-dev/lora", "modelspec.sai_model_spec": "1.0.0",
              "modelspec.title": "catalog-gen-lora", "ss_output_name": "catalog-gen-lora"}


def test_a_kohya_lora_trained_on_flux_dev_inherits_its_license(tmp_path):
    folder = checkpoint(tmp_path / "lora", "mit.txt", "mit", {})
    safetensors(folder / "catalog-gen-lora.safetensors", KOHYA_FLUX)
    result = judge(folder)
    assert verdict(result) == ("denied", "flux1-dev-noncommercial")
    assert any("catalog-gen-lora.safetensors 'training metadata'" in r and "flux1-dev.safetensors" in r for r in result.reasons)


def test_a_kohya_lora_on_flux_schnell_or_an_unknown_base_is_a_base_to_confirm(tmp_path):
    schnell = {**KOHYA_FLUX, "ss_sd_model_name": "flux1-schnell.safetensors", "modelspec.architecture": "Flux.1-schnell/lora",
               "ss_base_model_version": "flux1_schnell"}
    folder = checkpoint(tmp_path / "schnell", "mit.txt", "mit", {})
    safetensors(folder / "lora.safetensors", schnell)
    # FLUX.1 [schnell] is Apache-2.0: not denied, but a base named only by words is confirmed by a person
    result = judge(folder)
    assert verdict(result) == ("conditional", "mit") and "apache-2.0" in result.classification.candidates
    assert any("flux1-schnell.safetensors" in f for f in result.facts_to_confirm)
    # a base named by no family licscan knows: not allowed outright, never unknown for it alone
    folder = checkpoint(tmp_path / "other", "mit.txt", "mit", {})
    safetensors(folder / "lora.safetensors", {"ss_sd_model_name": "my_own_base_v3.safetensors", "ss_network_module": "networks.lora"})
    result = judge(folder)
    assert result.verdict == "conditional" and any("my_own_base_v3.safetensors" in f for f in result.facts_to_confirm)


def test_an_ai_toolkit_config_names_the_model_it_trained_on(tmp_path):
    config = ("job: extension\nconfig:\n  name: catalog_lora_v1\n  process:\n  - type: sd_trainer\n    training_folder: output\n"
              "    network:\n      type: lora\n      linear: 16\n    model:\n      name_or_path: {base}\n      is_flux: true\n")
    folder = checkpoint(tmp_path / "dev", "mit.txt", "mit", {"config.yaml": config.format(base="black-forest-labs/FLUX.1-dev")})
    assert verdict(judge(folder)) == ("denied", "flux1-dev-noncommercial")
    folder = checkpoint(tmp_path / "own", "mit.txt", "mit", {"config.yaml": config.format(base="/workspace/models/base")})
    assert verdict(judge(folder)) == ("allowed", "mit")


# --- 3. Ollama Modelfile ----------------------------------------------------------------------------------------------


def test_a_modelfile_from_names_its_base(tmp_path):
    for name, source, expected in (("local", "./Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf", ("conditional", "llama3.1")),
                                   ("library", "command-r:35b", ("denied", "cc-by-nc-4.0")),
                                   ("hub", "hf.co/facebook/musicgen-small", ("denied", "cc-by-nc-4.0"))):
        folder = checkpoint(tmp_path / name, "mit.txt", "mit",
                            {"Modelfile": f"FROM {source}\nPARAMETER temperature 0.3\nSYSTEM You are a helpful support agent.\n"})
        result = judge(folder)
        assert verdict(result) == expected, name
        assert any("Modelfile 'FROM'" in r for r in result.reasons), name


def test_a_modelfile_from_a_permissive_model_stays_allowed(tmp_path):
    folder = checkpoint(tmp_path / "ok", "mit.txt", "mit", {"Modelfile": "FROM mistralai/Mistral-7B-v0.1\nPARAMETER temperature 0.3\n"})
    # an Ollama name with an owner but no hf.co is no Hub repo id to Ollama, but the fake Hub has it: apache-2.0 either way
    assert verdict(judge(folder)) == ("allowed", "mit")
    # FROM the checkpoint's own GGUF, whose name is no family's: the weights themselves, no base to confirm
    folder = checkpoint(tmp_path / "own", "mit.txt", "mit", {"Modelfile": "FROM ./helper-8b.Q4_K_M.gguf\nPARAMETER temperature 0.3\n"})
    assert verdict(judge(folder)) == ("allowed", "mit")


def test_a_modelfile_license_directive_is_license_text(tmp_path):
    nc = (TEXTS / "cc-by-nc-4.0.txt").read_text(encoding="utf-8")
    folder = checkpoint(tmp_path / "nc", "mit.txt", "mit", {"Modelfile": f'FROM ./helper-8b.Q4_K_M.gguf\nLICENSE """\n{nc}\n"""\n'})
    result = judge(folder)
    assert verdict(result) == ("denied", "cc-by-nc-4.0")
    assert any(f.file == "Modelfile" and f.match.rule_id == "cc-by-nc-4.0" for f in result.classification.findings)


# --- 4. YAML by shape, tokenizer_config.json ------------------------------------------------------------------------------


MERGE = """models:
  - model: mistralai/Mistral-7B-v0.1
  - model: {other}
    parameters:
      density: 0.5
      weight: 0.5
merge_method: ties
base_model: mistralai/Mistral-7B-v0.1
dtype: bfloat16
"""


def test_a_mergekit_config_under_another_name_is_read_by_its_shape(tmp_path):
    for name in ("config.yaml", "merge.yml"):
        folder = checkpoint(tmp_path / name, "mit.txt", "mit", {name: MERGE.format(other="facebook/musicgen-small")})
        assert verdict(judge(folder)) == ("denied", "cc-by-nc-4.0"), name
    folder = checkpoint(tmp_path / "benign", "mit.txt", "mit", {"merge.yml": MERGE.format(other="mistralai/Mistral-7B-v0.1")})
    assert verdict(judge(folder)) == ("allowed", "mit")


def test_axolotl_and_llama_factory_configs_name_the_model_trained(tmp_path):
    axolotl = "base_model: facebook/musicgen-small\nmodel_type: AutoModelForCausalLM\nsequence_len: 4096\nadapter: lora\n"
    factory = ("model_name_or_path: facebook/musicgen-small\nstage: sft\nfinetuning_type: full\ndataset: support_tickets\n"
               "output_dir: saves/helper-6\n")
    for name, text in (("axolotl.yml", axolotl), ("training_args.yaml", factory)):
        folder = checkpoint(tmp_path / name, "mit.txt", "mit", {name: text})
        assert verdict(judge(folder)) == ("denied", "cc-by-nc-4.0"), name
    # a YAML file of another tool (a dataset card's config) names no model
    folder = checkpoint(tmp_path / "other", "mit.txt", "mit", {"dataset.yaml": "dataset: support_tickets\nsplit: train\n"})
    assert verdict(judge(folder)) == ("allowed", "mit")


def test_a_tokenizer_config_is_read_only_when_no_config_records_the_weights(tmp_path):
    tokenizer = json.dumps({"name_or_path": "facebook/musicgen-small", "tokenizer_class": "T5Tokenizer"})
    folder = checkpoint(tmp_path / "alone", "mit.txt", "mit", {"tokenizer_config.json": tokenizer})
    assert verdict(judge(folder)) == ("denied", "cc-by-nc-4.0")
    # a tokenizer from another repo beside a config.json that records the weights' own origin is only a tokenizer
    config = json.dumps({"_name_or_path": "acme/helper", "architectures": ["T5ForConditionalGeneration"]})
    folder = checkpoint(tmp_path / "beside", "mit.txt", "mit", {"tokenizer_config.json": tokenizer, "config.json": config})
    assert verdict(judge(folder)) == ("allowed", "mit")


# --- 5. base_model: two repo ids in one string --------------------------------------------------------------------------


def test_a_base_model_of_two_ids_joined_by_a_comma_is_two_bases(tmp_path):
    folder = checkpoint(tmp_path / "merge", "apache-2.0.txt", "apache-2.0", {})
    (folder / "README.md").write_text("---\nlicense: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1, facebook/musicgen-small\n"
                                      "base_model_relation: merge\n---\n\n# g5\n\nA support assistant merged for our help desk.\n",
                                      encoding="utf-8")
    result = judge(folder)
    assert result.evidence.card.base_models == ("mistralai/Mistral-7B-v0.1", "facebook/musicgen-small")
    assert verdict(result) == ("denied", "cc-by-nc-4.0")


# --- 6. GGUF basename, weight-header caps, archives ------------------------------------------------------------------------


def test_a_gguf_basename_names_the_family_it_holds(tmp_path):
    header = {"general.architecture": "llama", "general.name": "Helper 8B", "general.file_type": 15}
    folder = checkpoint(tmp_path / "llama", "apache-2.0.txt", "apache-2.0", {})
    gguf(folder / "helper-8b.Q4_K_M.gguf", {**header, "general.basename": "Meta-Llama-3.1"})
    result = judge(folder)
    assert "llama3.1" in result.classification.candidates and result.verdict != "allowed"
    # its own name, of no family: no base to confirm
    folder = checkpoint(tmp_path / "own", "apache-2.0.txt", "apache-2.0", {})
    gguf(folder / "helper-8b.Q4_K_M.gguf", {**header, "general.basename": "helper"})
    assert verdict(judge(folder)) == ("allowed", "apache-2.0")


def test_weight_headers_past_the_caps_leave_the_evidence_incomplete(tmp_path, monkeypatch):
    # acc29: the files past the caps are read lightly (tests/test_weight_header_budget.py), up to MAX_LIGHT_FILES; here
    # one is, the next is past that cap too
    monkeypatch.setattr(weights, "MAX_LIGHT_FILES", 1)
    quants = ["Q2_K", "Q3_K_M", "Q4_0", "Q4_K_M", "Q5_K_M", "Q6_K"]
    folder = checkpoint(tmp_path / "many", "apache-2.0.txt", "apache-2.0", {})
    for quant in quants:
        gguf(folder / f"helper-8b.{quant}.gguf", {"general.architecture": "llama"})
    result = judge(folder)
    assert result.verdict == "unknown" and not result.evidence.complete
    assert any("weight-file headers not read" in p and "helper-8b.Q6_K.gguf" in p and "Q5_K_M" not in p for p in result.evidence.problems)
    monkeypatch.setattr(weights, "MAX_LIGHT_FILES", 0)
    folder = checkpoint(tmp_path / "deep", "apache-2.0.txt", "apache-2.0", {})
    (folder / "quants" / "q4" / "helper").mkdir(parents=True)
    gguf(folder / "quants" / "q4" / "helper" / "helper-8b.Q4_K_M.gguf", {"general.architecture": "llama"})
    assert judge(folder).verdict == "unknown"


def test_the_shards_of_one_model_are_not_headers_left_unread(tmp_path):
    folder = checkpoint(tmp_path / "shards", "apache-2.0.txt", "apache-2.0", {})
    for index in range(1, 7):
        safetensors(folder / f"model-{index:05d}-of-00006.safetensors", {"format": "pt"})
    assert verdict(judge(folder)) == ("allowed", "apache-2.0")


def test_a_license_archive_is_a_license_not_read(tmp_path):
    folder = checkpoint(tmp_path / "zip", "apache-2.0.txt", "apache-2.0", {"LICENSE-weights.zip": b"PK\x03\x04" + b"\x00" * 26})
    result = judge(folder)
    assert result.verdict == "unknown"
    assert any(p.startswith("LICENSE-weights.zip: an archive") for p in result.evidence.problems)
    folder = checkpoint(tmp_path / "data", "apache-2.0.txt", "apache-2.0", {"samples.zip": b"PK\x03\x04" + b"\x00" * 26})
    assert verdict(judge(folder)) == ("allowed", "apache-2.0")
