"""How the names acc28's readers find name a family (review 27): a GGUF's general.basename read with its size label,
finetune and version (llama.cpp splits "Qwen2.5-7B-Instruct" into them), its general.name when it has no basename, an
Ollama library tag's size ("FROM qwen2.5:7b"), the official Stable Diffusion 1.5 / SDXL / SDXL-Turbo file names kohya
records, a mergekit-evolve genome's plain model list, LLaMA-Factory's adapter_name_or_path. Each case is a checkpoint
folder as its tool writes it (the GGUF and safetensors writers of tests/test_weights.py, the real license texts of
license_texts/); each has a twin that stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_acc28_lineage_files import checkpoint, judge, verdict
from tests.test_weights import gguf, safetensors

# general.* as llama.cpp's convert_hf_to_gguf.py writes them for Qwen/Qwen2.5-7B-Instruct (its naming convention:
# <basename>-<size_label>-<finetune>-<version>)
QWEN_HEADER = {"general.architecture": "qwen2", "general.type": "model", "general.name": "Qwen2.5 7B Instruct",
               "general.finetune": "Instruct", "general.basename": "Qwen2.5", "general.size_label": "7B",
               "general.license": "apache-2.0", "general.file_type": 15}


def quantization(folder: Path, file: str, header: dict[str, object]) -> Path:
    gguf(folder / file, header)
    return folder


# --- 1. a GGUF's basename with its size, finetune and version -----------------------------------------------------------


def test_a_gguf_basename_is_read_with_its_size_label(tmp_path):
    folder = quantization(checkpoint(tmp_path / "7b", "apache-2.0.txt", "apache-2.0", {}), "Qwen2.5-7B-Instruct-Q4_K_M.gguf", QWEN_HEADER)
    result = judge(folder)
    assert result.verdict != "denied" and result.classification.license_id == "apache-2.0"
    assert "qwen-research" not in result.classification.candidates
    assert not any("qwen-research" in r for r in result.reasons)


def test_a_gguf_of_qwen25_72b_or_3b_keeps_its_own_license(tmp_path):
    # Qwen2.5-72B is under the Qwen license, 3B under the Qwen research license: the size pins them, not the family's default
    big = {**QWEN_HEADER, "general.name": "Qwen2.5 72B Instruct", "general.size_label": "72B"}
    folder = quantization(checkpoint(tmp_path / "72b", "apache-2.0.txt", "apache-2.0", {}), "Qwen2.5-72B-Instruct-Q4_K_M.gguf", big)
    result = judge(folder)
    assert result.verdict != "allowed" and "qwen-research" not in result.classification.candidates
    assert any("Qwen2.5-72B" in r for r in result.reasons)
    small = {**QWEN_HEADER, "general.name": "Qwen2.5 3B Instruct", "general.size_label": "3B"}
    folder = quantization(checkpoint(tmp_path / "3b", "apache-2.0.txt", "apache-2.0", {}), "Qwen2.5-3B-Instruct-Q4_K_M.gguf", small)
    assert verdict(judge(folder)) == ("denied", "qwen-research")


def test_a_gguf_basename_is_read_with_its_version(tmp_path):
    header = {"general.architecture": "llama", "general.type": "model", "general.name": "Mistral 7B Instruct v0.3",
              "general.version": "v0.3", "general.finetune": "Instruct", "general.basename": "Mistral", "general.size_label": "7B",
              "general.license": "apache-2.0", "general.file_type": 15}
    folder = quantization(checkpoint(tmp_path / "m", "apache-2.0.txt", "apache-2.0", {}), "Mistral-7B-Instruct-v0.3-Q4_K_M.gguf", header)
    result = judge(folder)
    assert result.verdict != "denied" and result.classification.license_id == "apache-2.0"
    assert "mistral-research-license" not in result.classification.candidates
    assert any("Mistral-7B-Instruct-v0.3" in r for r in result.reasons)


def test_a_gguf_with_only_general_name_names_its_family(tmp_path):
    # converted before llama.cpp wrote basenames: general.name is the only name the header gives
    header = {"general.architecture": "command-r", "general.name": "aya-23-8B", "general.file_type": 15}
    folder = quantization(checkpoint(tmp_path / "aya", "apache-2.0.txt", "apache-2.0", {}), "helper-23.Q4_K_M.gguf", header)
    result = judge(folder)
    assert verdict(result) == ("denied", "cc-by-nc-4.0")
    assert any("general.name" in r and "aya-23-8B" in r for r in result.reasons)
    # the twin: a general.name of no family is the model's own name, no base
    own = {**header, "general.name": "Helper 8B"}
    folder = quantization(checkpoint(tmp_path / "own", "apache-2.0.txt", "apache-2.0", {}), "helper-8b.Q4_K_M.gguf", own)
    assert verdict(judge(folder)) == ("allowed", "apache-2.0")


# --- 2. an Ollama Modelfile's library tag and local GGUF -------------------------------------------------------------------


def modelfile(source: str) -> dict[str, str | bytes]:
    return {"Modelfile": f'FROM {source}\nTEMPLATE """{{{{ .Prompt }}}}"""\nPARAMETER stop "<|im_end|>"\n'}


def test_an_ollama_tag_size_pins_the_version(tmp_path):
    for tag in ("qwen2.5:7b", "mistral:7b"):
        result = judge(checkpoint(tmp_path / tag.replace(":", "-"), "apache-2.0.txt", "apache-2.0", modelfile(tag)))
        assert result.verdict != "denied" and result.classification.license_id == "apache-2.0", tag
        assert not {"qwen-research", "mistral-research-license"} & set(result.classification.candidates), tag
    result = judge(checkpoint(tmp_path / "72b", "apache-2.0.txt", "apache-2.0", modelfile("qwen2.5:72b")))
    assert result.verdict != "allowed" and "qwen-research" not in result.classification.candidates
    # the twin: Ollama's qwen2.5:3b is Qwen2.5-3B, under the research license
    assert verdict(judge(checkpoint(tmp_path / "3b", "apache-2.0.txt", "apache-2.0", modelfile("qwen2.5:3b")))) == ("denied", "qwen-research")


def test_an_ollama_aya_tag_is_cohere_aya(tmp_path):
    result = judge(checkpoint(tmp_path / "aya", "apache-2.0.txt", "apache-2.0", modelfile("aya:8b")))
    assert verdict(result) == ("denied", "cc-by-nc-4.0")
    assert any("Modelfile 'FROM'" in r and "aya:8b" in r for r in result.reasons)


def test_a_modelfile_from_a_local_gguf_is_judged_by_its_header(tmp_path):
    # FROM the checkpoint's own quantization of Qwen2.5-7B-Instruct, declaring apache-2.0: allowed or to confirm, never denied
    folder = checkpoint(tmp_path / "qwen", "apache-2.0.txt", "apache-2.0", modelfile("./Qwen2.5-7B-Instruct-Q4_K_M.gguf"))
    result = judge(quantization(folder, "Qwen2.5-7B-Instruct-Q4_K_M.gguf", QWEN_HEADER))
    assert result.verdict != "denied" and "qwen-research" not in result.classification.candidates
    # a file of no family's name whose header names Aya 23 8B
    folder = checkpoint(tmp_path / "aya", "apache-2.0.txt", "apache-2.0", modelfile("./helper-q4_k_m.gguf"))
    aya = {"general.architecture": "command-r", "general.name": "aya-23-8B", "general.file_type": 15}
    assert verdict(judge(quantization(folder, "helper-q4_k_m.gguf", aya))) == ("denied", "cc-by-nc-4.0")


# --- 3. kohya's record of the official Stable Diffusion files ------------------------------------------------------------


def kohya(model_file: str, version: str, architecture: str) -> dict[str, str]:
    """A LoRA's training metadata as kohya's sd-scripts write it."""
    return {"ss_sd_model_name": model_file, "ss_base_model_version": version, "ss_network_module": "networks.lora",
            "ss_network_dim": "32", "modelspec.architecture": architecture, "modelspec.sai_model_spec": "1.0.0",
            "modelspec.title": "inkwash", "ss_output_name": "inkwash"}


def lora(folder: Path, metadata: dict[str, str]) -> Path:
    checkpoint(folder, "mit.txt", "mit", {})
    safetensors(folder / "inkwash.safetensors", metadata)
    return folder


def test_a_lora_on_the_official_sd15_file_is_an_sd15_lora(tmp_path):
    result = judge(lora(tmp_path / "sd15", kohya("v1-5-pruned-emaonly.safetensors", "sd_v1", "stable-diffusion-v1/lora")))
    assert "creativeml-openrail-m" in result.classification.candidates and result.verdict == "conditional"
    assert not any("confirm which model" in r for r in result.reasons)


def test_a_lora_on_the_official_sdxl_file_is_an_sdxl_lora(tmp_path):
    result = judge(lora(tmp_path / "sdxl", kohya("sd_xl_base_1.0.safetensors", "sdxl_base_v1-0", "stable-diffusion-xl-v1-base/lora")))
    assert "openrail++" in result.classification.candidates and result.verdict == "conditional"
    assert not any("confirm which model" in r for r in result.reasons)
    # the twin: an SDXL fine-tune under its own terms shares kohya's architecture label, and stays a base to confirm
    pony = kohya("ponyDiffusionV6XL_v6StartWithThisOne.safetensors", "sdxl_base_v1-0", "stable-diffusion-xl-v1-base/lora")
    result = judge(lora(tmp_path / "pony", pony))
    assert "openrail++" not in result.classification.candidates
    assert any("ponyDiffusionV6XL" in f for f in result.facts_to_confirm)


def test_a_lora_on_the_sdxl_turbo_file_inherits_its_license(tmp_path):
    turbo = kohya("sd_xl_turbo_1.0_fp16.safetensors", "sdxl_base_v1-0", "stable-diffusion-xl-v1-base/lora")
    assert verdict(judge(lora(tmp_path / "turbo", turbo))) == ("denied", "stability-noncommercial-research-community")


# --- 4. a mergekit-evolve genome, LLaMA-Factory's adapters ----------------------------------------------------------------


EVOLVE = ("genome:\n  models:\n{models}  merge_method: task_arithmetic\n  base_model: mistralai/Mistral-7B-v0.1\n"
          "  layer_granularity: 8\n  normalize: false\ntasks:\n  - name: eq_bench\n    weight: 1.0\n")


def test_a_mergekit_evolve_genome_names_every_model_it_merges(tmp_path):
    models = "    - mistralai/Mistral-7B-v0.1\n    - acme/gated-non-commercial\n"
    folder = checkpoint(tmp_path / "evo", "apache-2.0.txt", "apache-2.0", {"evol_merge_config.yaml": EVOLVE.format(models=models)})
    result = judge(folder)
    assert result.verdict == "denied" and any("acme/gated-non-commercial" in r for r in result.reasons)
    # the twin: a genome of Apache models only
    folder = checkpoint(tmp_path / "ok", "apache-2.0.txt", "apache-2.0",
                        {"evol_merge_config.yaml": EVOLVE.format(models="    - mistralai/Mistral-7B-v0.1\n")})
    assert verdict(judge(folder)) == ("allowed", "apache-2.0")


def test_llama_factory_adapters_are_read(tmp_path):
    config = ("### model\nmodel_name_or_path: mistralai/Mistral-7B-v0.1\nadapter_name_or_path: {adapters}\n\n### method\n"
              "stage: sft\ndo_train: true\nfinetuning_type: lora\n")
    folder = checkpoint(tmp_path / "nc", "apache-2.0.txt", "apache-2.0",
                        {"train.yaml": config.format(adapters="saves/helper/lora/sft,acme/gated-non-commercial")})
    result = judge(folder)
    assert result.verdict == "denied" and any("'adapter_name_or_path'" in r and "acme/gated-non-commercial" in r for r in result.reasons)
    # the twin: an export config merging the run's own adapter, saved locally, into the base the card declares
    folder = checkpoint(tmp_path / "own", "apache-2.0.txt", "apache-2.0", {"merge_lora.yaml": config.format(adapters="saves/helper/lora/sft")})
    (folder / "README.md").write_text("---\nlicense: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1\n---\n\n# helper\n", encoding="utf-8")
    assert verdict(judge(folder)) == ("allowed", "apache-2.0")
