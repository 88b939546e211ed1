"""Lineage holes review 11 found: bases the tools recorded beside (or instead of) the card's base_model.

Real files: cards and adapter configs of benchmarks/real_cards/cases, license texts of license_texts/, the
fake Hub's copy of facebook/musicgen-small's card (CC BY-NC 4.0) as a base no family word names. A value
is swapped into a real config only where the hole needs one (a different base, a local path), as the
configs' own authors wrote them elsewhere.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from licscan.classify import Classifier
from licscan.classify.strategies.families_named import license_named_by
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage, base_model_ids, hf_cache_repo
from licscan.manifest import parse_manifest
from licscan.model import CardMetadata, Evidence, ManifestEntry, Project, Result
from licscan.pipeline import Options, Scanner
from licscan.rules import load_knowledge_base
from licscan.sources.card_parents import merge_card_models
from licscan.sources.local import LocalSource

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "benchmarks" / "real_cards" / "cases"
TEXTS = ROOT / "license_texts"
MUSICGEN = ROOT / "tests" / "fakehub" / "repos" / "facebook" / "musicgen-small"
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)


def local(folder: Path, ref: str) -> Evidence:
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref=ref, kind="local", line=1))


def copy_case(case: str, dest: Path, swap: dict[str, tuple[str, str]] | None = None) -> Path:
    """The case's real files in ``dest``; ``swap``: file -> (value written there, value put instead)."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in (CASES / case / "files").iterdir():
        shutil.copyfile(path, dest / path.name)
    for name, (old, new) in (swap or {}).items():
        text = (dest / name).read_text(encoding="utf-8")
        assert old in text
        (dest / name).write_text(text.replace(old, new), encoding="utf-8")
    return dest


def not_on_the_hub(entry: ManifestEntry) -> Evidence:
    """What HubSource.fetch returns for a repository the Hub does not have (tests/test_hub_source.py pins it)."""
    return Evidence(entry=entry, source="hub", revision=None, card=CardMetadata(), complete=False,
                    problems=(f"{entry.ref}: repository not found",), fetch_failed=True)


def hub(repos: dict[str, Path]) -> Callable[[ManifestEntry], Evidence]:
    """A Hub that has these repos (id -> folder) and no other."""
    return lambda entry: local(repos[entry.ref], entry.ref) if entry.ref in repos else not_on_the_hub(entry)


BASES = {"mistralai/Mistral-7B-v0.1": CASES / "mistralai__Mistral-7B-v0.1" / "files", "facebook/musicgen-small": MUSICGEN,
         "meta-llama/Llama-3.1-8B-Instruct": CASES / "meta-llama__Llama-3.1-8B-Instruct" / "files"}


def judged(evidence: Evidence, fetch: Callable[[ManifestEntry], Evidence] | None = None) -> Result:
    lineage = Lineage(fetch or hub(BASES), CLASSIFIER)
    lineage.prefetch([evidence])
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence))


def family(result: Result) -> list[tuple[str, str]]:
    return [(a.repo_id, a.license_id) for a in result.ancestors]


# --- 1. an adapter's config (or config.json) naming another base than the card ---------------------------

def test_an_adapter_config_naming_another_base_than_the_card_is_followed_too(tmp_path):
    # camushoilingma/kurt_vonnegut_mistral: 'base_model: mistralai/Mistral-7B-v0.1', its adapter_config.json the same
    same = judged(local(copy_case("camushoilingma__kurt_vonnegut_mistral", tmp_path / "same"), "camushoilingma/kurt_vonnegut_mistral"))
    assert family(same) == [("mistralai/Mistral-7B-v0.1", "apache-2.0")] and same.verdict == "allowed"
    # trained on another base than the card names: that base's CC BY-NC 4.0 binds the adapter too
    lora = local(copy_case("camushoilingma__kurt_vonnegut_mistral", tmp_path / "lora",
                           {"adapter_config.json": ('"mistralai/Mistral-7B-v0.1"', '"facebook/musicgen-small"')}),
                 "camushoilingma/kurt_vonnegut_mistral")
    assert lora.base_models == ("mistralai/Mistral-7B-v0.1", "facebook/musicgen-small")
    result = judged(lora)
    assert family(result) == [("mistralai/Mistral-7B-v0.1", "apache-2.0"), ("facebook/musicgen-small", "cc-by-nc-4.0")]
    assert (result.classification.license_id, result.verdict, result.failed) == ("cc-by-nc-4.0", "denied", True)


def test_a_config_json_loaded_from_another_hub_repo_than_the_card_names_is_followed(tmp_path):
    # the Kurt Vonnegut card with mithoon-2b's config.json, whose '_name_or_path' names another model
    folder = copy_case("camushoilingma__kurt_vonnegut_mistral", tmp_path)
    (folder / "adapter_config.json").unlink()
    config = (CASES / "Ayush2006128__mithoon-2b" / "files" / "config.json").read_text(encoding="utf-8")
    (folder / "config.json").write_text(config.replace('"unsloth/gemma-2-2b-bnb-4bit"', '"facebook/musicgen-small"'), encoding="utf-8")
    result = judged(local(folder, "camushoilingma/kurt_vonnegut_mistral"))
    assert family(result) == [("mistralai/Mistral-7B-v0.1", "apache-2.0"), ("facebook/musicgen-small", "cc-by-nc-4.0")]
    assert result.verdict == "denied"


# --- 2. an adapter's base written as a local path ---------------------------------------------------------

def kanicsha(tmp_path: Path, base: str, license_file: str | None = None, sub: str = "") -> Evidence:
    """Kanicsha/UncensoredAI (README '# UncensoredAI', no license) with its adapter's base written as ``base``."""
    folder = copy_case("Kanicsha__UncensoredAI", tmp_path / "k", {"adapter_config.json": ('"google/gemma-2b-it"', f'"{base}"')})
    if sub:
        (folder / sub).mkdir()
        (folder / "adapter_config.json").rename(folder / sub / "adapter_config.json")
    if license_file:
        shutil.copyfile(TEXTS / license_file, folder / "LICENSE")
    return local(folder, "Kanicsha/UncensoredAI")


def test_an_hf_cache_path_names_the_repo_it_holds():
    assert hf_cache_repo("/root/.cache/huggingface/hub/models--meta-llama--Llama-3.1-8B-Instruct/snapshots/0e9e39f2") == \
        "meta-llama/Llama-3.1-8B-Instruct"
    assert hf_cache_repo("D:/Huggingface/hub/models--VAGOsolutions--Llama-3.1-SauerkrautLM-8b-Instruct/snapshots/221e5f92") == \
        "VAGOsolutions/Llama-3.1-SauerkrautLM-8b-Instruct"
    assert hf_cache_repo("C:\\hf\\hub\\models--gpt2") == "gpt2"
    assert hf_cache_repo("/content/drive/MyDrive/llama-2-7b") is None and hf_cache_repo("models--a--b--c/x") is None


def test_an_adapter_trained_from_the_hf_cache_is_under_the_repo_the_path_spells(tmp_path):
    lora = kanicsha(tmp_path, "/root/.cache/huggingface/hub/models--facebook--musicgen-small/snapshots/55354a110cbd1e7b33bc461be1ac86b77d7251e7",
                    "apache-2.0.txt")
    result = judged(lora)
    assert family(result) == [("facebook/musicgen-small", "cc-by-nc-4.0")] and result.verdict == "denied"


def test_an_adapter_trained_from_a_local_path_names_its_family_or_is_a_base_to_confirm(tmp_path):
    llama = judged(kanicsha(tmp_path / "a", "/content/drive/MyDrive/llama-2-7b", "apache-2.0.txt"))
    assert family(llama) == [("/content/drive/MyDrive/llama-2-7b", "llama2")] and llama.verdict == "conditional"
    # a path that names no family: never allowed; with a license of its own at best conditional ...
    own = judged(kanicsha(tmp_path / "b", "./base", "apache-2.0.txt"))
    assert family(own) == [("./base", "unknown")] and (own.classification.license_id, own.verdict) == ("apache-2.0", "conditional")
    assert own.reasons[0].startswith("confirm which model ./base is (adapter_config.json 'base_model_name_or_path' of "
                                     "Kanicsha/UncensoredAI names it; it could not be read): declare base_model to settle it")
    # ... and with none, unknown
    assert judged(kanicsha(tmp_path / "c", "/content/models/musicgen-small")).verdict == "unknown"


def test_an_adapter_config_in_a_subfolder_is_read(tmp_path):
    lora = kanicsha(tmp_path, "facebook/musicgen-small", "apache-2.0.txt", sub="checkpoint-500")
    assert [(c.file, c.value) for c in lora.config_lineage] == [("checkpoint-500/adapter_config.json", "facebook/musicgen-small")]
    assert judged(lora).verdict == "denied"


def test_a_local_adapter_path_beside_a_card_that_declares_its_base_adds_only_a_family_it_names(tmp_path):
    swap = {"adapter_config.json": ('"mistralai/Mistral-7B-v0.1"', '"/home/user/models/base"')}
    lora = local(copy_case("camushoilingma__kurt_vonnegut_mistral", tmp_path / "a", swap), "camushoilingma/kurt_vonnegut_mistral")
    result = judged(lora)
    assert family(result) == [("mistralai/Mistral-7B-v0.1", "apache-2.0")] and result.verdict == "allowed"
    swap = {"adapter_config.json": ('"mistralai/Mistral-7B-v0.1"', '"/home/user/models/Llama-2-7b-hf"')}
    lora = local(copy_case("camushoilingma__kurt_vonnegut_mistral", tmp_path / "b", swap), "camushoilingma/kurt_vonnegut_mistral")
    assert ("/home/user/models/Llama-2-7b-hf", "llama2") in family(judged(lora))


# --- 3. GGUF general.base_model.N -------------------------------------------------------------------------

def gguf(path: Path, fields: dict[str, str]) -> None:
    """A GGUF v3 header with string metadata (the layout llama.cpp's gguf-py writes), no tensors."""
    def text(value: str) -> bytes:
        return struct.pack("<Q", len(value.encode())) + value.encode()
    body = b"".join(text(k) + struct.pack("<I", 8) + text(v) for k, v in fields.items())
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, len(fields)) + body)


def test_a_gguf_header_names_the_models_it_was_made_from(tmp_path):
    folder = copy_case("Qwen__Qwen2-7B-Instruct-GGUF", tmp_path / "q")   # 'license: apache-2.0', the Apache LICENSE
    gguf(folder / "model-Q4_K_M.gguf", {"general.architecture": "qwen2", "general.license": "apache-2.0",
                                        "general.base_model.count": "1", "general.base_model.0.name": "Musicgen Small",
                                        "general.base_model.0.organization": "Facebook",
                                        "general.base_model.0.repo_url": "https://huggingface.co/facebook/musicgen-small",
                                        "tokenizer.ggml.model": "gpt2"})
    quant = local(folder, "Qwen/Qwen2-7B-Instruct-GGUF")
    assert quant.base_models == ("https://huggingface.co/facebook/musicgen-small",)
    assert base_model_ids(quant, quant.entry.ref) == (("facebook/musicgen-small",), ())
    result = judged(quant)
    assert family(result) == [("facebook/musicgen-small", "cc-by-nc-4.0")] and result.verdict == "denied"
    # a base recorded by name only: its family's words
    gguf(folder / "model-Q4_K_M.gguf", {"general.license": "apache-2.0", "general.base_model.0.name": "Llama 3.1 8B Instruct",
                                        "general.base_model.0.organization": "Meta Llama"})
    result = judged(local(folder, "Qwen/Qwen2-7B-Instruct-GGUF"))
    assert family(result) == [("Meta Llama Llama 3.1 8B Instruct", "llama3.1")] and result.verdict == "conditional"


def test_a_gguf_license_alone_asks_which_license_governs_not_that_unknown_does(tmp_path):
    gguf(tmp_path / "model-Q4_K_M.gguf", {"general.architecture": "llama", "general.license": "apache-2.0"})
    result = judged(local(tmp_path, "acme/quant-GGUF"))
    assert result.verdict == "conditional" and result.reasons[0] == (
        "confirm which license governs this checkpoint (no license declared in the card and no license file found)")


# --- 4. the card mergekit writes ----------------------------------------------------------------------------

def test_the_models_a_mergekit_card_lists_are_read_on_real_mergekit_cards():
    def listed(case: str) -> list[str] | str:
        return merge_card_models((CASES / case / "files" / "README.md").read_text(encoding="utf-8").split("---", 2)[2])
    local_llama = "D:/Uni/Masterarbeit Code/jakob_finetuning/finetuned_models/meta_llama_full_colab_remerge_2"
    sauerkraut = "D:/Huggingface/hub/models--VAGOsolutions--Llama-3.1-SauerkrautLM-8b-Instruct/snapshots/221e5f92f9dc5fedaf4556b1be6b20642638643c"
    assert listed("adriansterr__slerp_t_05") == ["ai4bharat/hercule-fr", local_llama]
    assert listed("adriansterr__t_05") == [sauerkraut, local_llama]
    assert listed("adriansterr__pt_gl_linear_50_50") == [local_llama, "Nos-PT/Llama-Carvalho-PT-GL"]
    # a merge's local model takes the version its fellow parents pin; pinned by none, it names no version
    assert license_named_by(KB, local_llama, (sauerkraut,), loose=False).id == "llama3.1"
    assert license_named_by(KB, local_llama, ("Nos-PT/Llama-Carvalho-PT-GL",), loose=False) is None


def test_a_model_a_mergekit_card_lists_beside_its_base_model_is_followed(tmp_path):
    # adriansterr/slerp_t_05's real mergekit card, its local Llama merged in place of a Hub model
    folder = copy_case("adriansterr__slerp_t_05", tmp_path, {"README.md": (
        "D:/Uni/Masterarbeit Code/jakob_finetuning/finetuned_models/meta_llama_full_colab_remerge_2", "facebook/musicgen-small")})
    shutil.copyfile(TEXTS / "apache-2.0.txt", folder / "LICENSE")
    merge = local(folder, "adriansterr/slerp_t_05")
    assert merge.card.base_models == ("ai4bharat/hercule-fr",) and merge.base_model_relation == "merge"
    assert "facebook/musicgen-small" in merge.base_models
    result = judged(merge, hub({**BASES, "ai4bharat/hercule-fr": CASES / "mistralai__Mistral-7B-v0.1" / "files"}))
    assert ("facebook/musicgen-small", "cc-by-nc-4.0") in family(result) and result.verdict == "denied"


def test_a_real_mergekit_card_of_llama_3_1_parents_stays_llama_3_1():
    # adriansterr/t_05: 'base_model: []', a Llama 3.1 merge from the HF cache and a local Llama fine-tune; the Hub
    # here has neither: the cache path's repo names its family, and the local model takes the version it pins
    merge = local(CASES / "adriansterr__t_05" / "files", "adriansterr/t_05")
    result = judged(merge, not_on_the_hub)
    assert {(a.repo_id, a.license_id) for a in result.ancestors} == {
        ("VAGOsolutions/Llama-3.1-SauerkrautLM-8b-Instruct", "llama3.1"),
        ("D:/Uni/Masterarbeit Code/jakob_finetuning/finetuned_models/meta_llama_full_colab_remerge_2", "llama3.1")}
    assert (result.classification.license_id, result.verdict) == ("llama3.1", "conditional")


# --- 5, 6. names: OpenLLaMA, sizes, a version the files pin -----------------------------------------------

OPENLLAMA_SENTENCE = ("In this repo, we present a permissively licensed open source reproduction of Meta AI's LLaMA large "
                      "language model.")   # openlm-research/open_llama_3b's model card


def test_openllama_is_no_llama_base_and_a_size_is_no_version(tmp_path):
    (tmp_path / "README.md").write_text(f"---\nlicense: apache-2.0\n---\n# OpenLLaMA: An Open Reproduction of LLaMA\n\n"
                                        f"{OPENLLAMA_SENTENCE}\n", encoding="utf-8")
    shutil.copyfile(TEXTS / "apache-2.0.txt", tmp_path / "LICENSE")
    for repo in ("openlm-research/open_llama_3b", "openlm-research/open_llama_7b_v2"):
        result = judged(local(tmp_path, repo), not_on_the_hub)
        assert (result.classification.license_id, result.verdict) == ("apache-2.0", "allowed"), (repo, result.reasons)
    assert license_named_by(KB, "/models/open_llama_3b") is None
    assert license_named_by(KB, "/models/llama_3b").id == "llama1-weights"      # a Llama of no stated version
    assert license_named_by(KB, "/models/Llama-3.2-3B").id == "llama3.2"
    assert license_named_by(KB, "/models/Meta-Llama-3-8B").id == "llama3"


def test_a_llama_version_the_files_pin_wins_over_the_repo_names_unversioned_guess(tmp_path):
    # Meta's attribution notice, as the Llama 3.1 license (§1.b.iii) requires it in a NOTICE file, and the Llama 3.1 AUP
    notice = next(line for line in (TEXTS / "llama3.1.txt").read_text(encoding="utf-8").splitlines() if "attribution notice" in line)
    (tmp_path / "NOTICE").write_text(notice.split("“", 1)[1].rstrip("”") + "\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Acme bot\n\nA chat model for customer support.\n", encoding="utf-8")
    result = judged(local(tmp_path, "acme/acme-llama-bot"), not_on_the_hub)
    assert result.verdict == "conditional" and "llama3.1" in result.classification.candidates, result.reasons
    assert "llama1-weights" not in result.classification.candidates and not any("llama1-weights" in r for r in result.reasons)
    shutil.copyfile(TEXTS / "llama3.1-aup.txt", tmp_path / "USE_POLICY.md")
    assert judged(local(tmp_path, "acme/acme-llama-bot"), not_on_the_hub).verdict == "conditional"
    # without the notice the name alone still suggests the most restrictive Llama
    (tmp_path / "NOTICE").unlink()
    (tmp_path / "USE_POLICY.md").unlink()
    assert judged(local(tmp_path, "acme/acme-llama-bot"), not_on_the_hub).verdict == "denied"


# --- the Hub path ------------------------------------------------------------------------------------------

def test_the_pipeline_follows_an_adapter_base_a_subfolder_config_names_beside_the_cards(tmp_path, fake_hub_endpoint, hub_cache,
                                                                                         hub_cassette):
    # acme/kurt-vonnegut-lora-other-base: the real Kurt Vonnegut card ('base_model: mistralai/Mistral-7B-v0.1') and its
    # adapter config in checkpoint-500/, naming facebook/musicgen-small (CC BY-NC 4.0 on the fake Hub) as the base
    manifest_path = tmp_path / "models.lock"
    manifest_path.write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n"
                             "  - id: acme/kurt-vonnegut-lora-other-base\n", encoding="utf-8")
    m, warnings = parse_manifest(manifest_path)
    scan = Scanner(options=Options(endpoint=fake_hub_endpoint, token=False, cache_dir=str(hub_cache), jobs=1))
    evidence = scan.gather(m)
    assert evidence[0].base_models == ("mistralai/Mistral-7B-v0.1", "facebook/musicgen-small")
    (result,) = scan.judge(m, evidence, None, warnings, scan.lineage(m, evidence)).results
    assert family(result) == [("mistralai/Mistral-7B-v0.1", "apache-2.0"), ("facebook/musicgen-small", "cc-by-nc-4.0")]
    assert (result.classification.license_id, result.verdict, result.failed) == ("cc-by-nc-4.0", "denied", True)


def test_a_private_model_config_json_names_beside_a_declared_base_leaves_the_base_deciding(tmp_path):
    # the Kurt Vonnegut card: no license, 'base_model: mistralai/Mistral-7B-v0.1'; a config.json loaded from a repository
    # the Hub does not have (a private or deleted name): the declared base decides, the other is a fact to confirm
    folder = copy_case("camushoilingma__kurt_vonnegut_mistral", tmp_path)
    (folder / "adapter_config.json").unlink()
    config = (CASES / "Ayush2006128__mithoon-2b" / "files" / "config.json").read_text(encoding="utf-8")
    (folder / "config.json").write_text(config.replace('"unsloth/gemma-2-2b-bnb-4bit"', '"acme-labs/internal-sft-base-v2"'), encoding="utf-8")
    result = judged(local(folder, "camushoilingma/kurt_vonnegut_mistral"))
    assert family(result) == [("mistralai/Mistral-7B-v0.1", "apache-2.0"), ("acme-labs/internal-sft-base-v2", "unknown")]
    assert (result.classification.license_id, result.verdict) == ("apache-2.0", "conditional"), result.reasons
    assert any("which model acme-labs/internal-sft-base-v2 is" in fact for fact in result.facts_to_confirm)
