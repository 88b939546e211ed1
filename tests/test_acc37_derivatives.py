"""acc37 (reviews 36/37, cards26): derivatives whose base is named by its Hub repo id, a family's name, a merge card's tags or
a compact version; and a code class in a repo's name that names no base.

1. SDXL's own repo id in a card's text or usage code ("These are X LoRA adaption weights for stabilityai/stable-diffusion-
   xl-base-1.0.", the diffusers DreamBooth-LoRA template; `DiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-
   xl-base-1.0", ...)`, the SDXL card's own usage code) is Stable Diffusion XL: openrail++, never the card's MIT alone.
2. Pony Diffusion V6 XL and Illustrious XL named as a base carry terms licscan has no rule for: unknown, never allowed;
   "SDXL 1.0" stated as a base is Stable Diffusion XL 1.0. "SDXL" alone still names the architecture (review27).
3. A card tagged as a merge (LazyMergekit's tags) names its parents in its tags: each is followed.
4. LTX-Video 0.9 is under the LTXV 0.9 RAIL-M, 0.9.5 and later under a license licscan has no text for.
5. A transformers class in a repo's name ("tiny-Qwen2ForCausalLM-2.5", cards26) names no Qwen checkpoint.
6. "qwen25", "llama31" in a folder's name are Qwen2.5 and Llama 3.1, not the families' first licenses.

The diffusion cards are the real diffusers DreamBooth-LoRA card of benchmarks/real_cards (MaxTGH/SDXL1e-3) with its
`base_model` taken out and its `license: openrail++` made `license: mit` (review36 r6's premise), and its template
sentence replaced or a sentence appended (the repros' words); case 5 is the real card of the cards26 case as it is.
No real LazyMergekit card with its parents in its tags only was found outside the reserved sources: case 3 uses the
repro's card (review36 r3/c25).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project, Result
from licscan.rules import load_knowledge_base
from licscan.sources.card_parents import merge_tag_models
from licscan.sources.local import LocalSource
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import case_evidence

ROOT = Path(__file__).resolve().parent.parent
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)
COMMERCIAL = Evaluator(KB, Project(name="p", use="commercial"), today="2026-12-06")
LORA_CARD = (ROOT / "benchmarks/real_cards/cases/MaxTGH__SDXL1e-3/files/README.md").read_text(encoding="utf-8")
TEMPLATE = "These are MaxTGH/SDXL1e-3 LoRA adaption weights for stabilityai/stable-diffusion-xl-base-1.0."
# the SDXL card's own usage code (tests/fakehub/repos/stabilityai/stable-diffusion-xl-base-1.0/README.md, a real copy)
SDXL_USAGE = ('```py\nfrom diffusers import DiffusionPipeline\nimport torch\n\npipe = DiffusionPipeline.from_pretrained('
              '"stabilityai/stable-diffusion-xl-base-1.0", torch_dtype=torch.float16, use_safetensors=True, variant="fp16")\n'
              'pipe.to("cuda")\n```')


def judge_folder(folder: Path, name: str) -> Result:
    evidence = LocalSource(folder.parent, str(folder.parent / "models.lock")).fetch(ManifestEntry(name, "local", 1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    return COMMERCIAL.evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence))


def judge_card(tmp_path: Path, name: str, card: str) -> Result:
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(card, encoding="utf-8")
    return judge_folder(folder, name)


def mit_lora(template: str | None = TEMPLATE, appended: str = "") -> str:
    """The real DreamBooth-LoRA card without base_model, under MIT, its template sentence as given (None: taken out)."""
    card = re.sub(r"^base_model:.*\n", "", LORA_CARD, count=1, flags=re.MULTILINE).replace("license: openrail++", "license: mit")
    assert "base_model" not in card and "license: mit" in card and TEMPLATE in card
    card = card.replace(TEMPLATE, template or "")
    return card + "\n" + appended + "\n"


def verdict(result: Result) -> tuple[str, str]:
    return result.verdict, result.classification.license_id


# --- 1. SDXL's repo id -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("template", "appended"), [
    (TEMPLATE, ""),            # the diffusers template's sentence (review36 r6/e01)
    (None, SDXL_USAGE),        # usage code loading SDXL (r6/e02)
])
def test_sdxls_repo_id_named_in_text_or_code_is_an_sdxl_base(tmp_path: Path, template: str | None, appended: str) -> None:
    result = judge_card(tmp_path, "toy-lora", mit_lora(template, appended))
    assert verdict(result) == ("conditional", "openrail++"), result.reasons
    assert any("Stable Diffusion XL base" in note for note in result.classification.notes), result.classification.notes


@pytest.mark.parametrize("appended", [
    "",
    "Works with any SDXL model.",                                 # the architecture (review27)
    "A LoRA for SDXL.",
    "Trained on sdxl_base_v1-0 with kohya_ss.",                    # kohya's architecture label
    "modelspec.architecture: stable-diffusion-xl-v1-base/lora",   # the model spec's
    "An SDXL LoRA trained on SDXL with 20 images.",
])
def test_sdxl_as_the_architectures_name_stays_the_cards_own_license(tmp_path: Path, appended: str) -> None:
    assert verdict(judge_card(tmp_path, "toy-lora", mit_lora(None, appended))) == ("allowed", "mit")


# --- 2. Pony, Illustrious, "SDXL 1.0" ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("appended", "named"), [
    ("Base model: Pony\n\nTrained on Pony Diffusion V6 XL.", "pony-diffusion-v6-modified-faipl"),   # r3/c02
    ("A LoRA for Pony Diffusion V6 XL. Use `score_9, score_8_up` in the prompt.", "pony-diffusion-v6-modified-faipl"),  # r6/e04
    ("Base model: Illustrious\n\nTrigger: `anm`", "illustrious-xl-license"),                        # r3/c03
    ("Trained on Illustrious-XL-v0.1 with kohya-ss.", "illustrious-xl-license"),                    # r6/e03
])
def test_a_base_under_terms_licscan_does_not_know_is_unknown(tmp_path: Path, appended: str, named: str) -> None:
    result = judge_card(tmp_path, "style-lora", mit_lora(None, appended))
    assert result.verdict == "unknown", result.reasons
    assert any(named in reason and "does not know" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("appended", [
    "Base model: SDXL 1.0\n\nTrigger word: `pixel art`",   # r2/b10
    "An SDXL LoRA trained on SDXL 1.0 base.",              # r6/e05
])
def test_sdxl_1_0_stated_as_the_base_is_stable_diffusion_xl(tmp_path: Path, appended: str) -> None:
    assert verdict(judge_card(tmp_path, "pixel-lora", mit_lora(None, appended))) == ("conditional", "openrail++")


@pytest.mark.parametrize("appended", [
    "A pony style LoRA, trained on 40 drawings of ponies.",
    "An illustrious style, trained on 40 drawings.",
    "Base model: Ponyo",
])
def test_the_words_pony_and_illustrious_name_no_base(tmp_path: Path, appended: str) -> None:
    assert verdict(judge_card(tmp_path, "style-lora", mit_lora(None, appended))) == ("allowed", "mit")


# --- 3. a merge's parents in its tags ----------------------------------------------------------------------------------

MERGE_TAGS_CARD = ("---\nlicense: apache-2.0\ntags:\n- merge\n- mergekit\n- lazymergekit\n- berkeley-nest/Starling-LM-7B-alpha\n"
                   "- mistralai/Mistral-7B-Instruct-v0.2\n---\n# Starling-Mistral-7B\n\nA merge. See tags for parents.\n")


def test_a_merge_cards_tags_name_its_parents(tmp_path: Path) -> None:
    result = judge_card(tmp_path, "Starling-Mistral-7B", MERGE_TAGS_CARD)
    assert result.verdict == "unknown", result.reasons   # neither parent could be read here: never the card's Apache alone
    assert any("berkeley-nest/Starling-LM-7B-alpha" in r for r in result.reasons), result.reasons
    assert merge_tag_models(("merge", "mergekit", "lazymergekit", "berkeley-nest/Starling-LM-7B-alpha",
                             "mistralai/Mistral-7B-Instruct-v0.2")) == ["berkeley-nest/Starling-LM-7B-alpha",
                                                                        "mistralai/Mistral-7B-Instruct-v0.2"]


def test_repo_ids_in_the_tags_of_a_card_not_tagged_as_a_merge_are_no_parents(tmp_path: Path) -> None:
    card = MERGE_TAGS_CARD.replace("- merge\n- mergekit\n- lazymergekit\n", "- text-generation\n")
    assert verdict(judge_card(tmp_path, "Starling-Mistral-7B", card)) == ("allowed", "apache-2.0")
    assert merge_tag_models(("text-generation", "berkeley-nest/Starling-LM-7B-alpha")) == []


# --- 4. LTX-Video ------------------------------------------------------------------------------------------------------


def test_ltx_video_0_9_5_is_under_terms_licscan_does_not_know(tmp_path: Path) -> None:
    result = judge_card(tmp_path, "zoom-lora", mit_lora(None, "A LoRA for LTX-Video 0.9.5."))   # r3/c17
    assert result.verdict == "unknown", result.reasons
    # since acc58 the license is a rule of category unknown (no text): named, unknown for every use
    assert any("ltxv-open-weights-license" in r for r in result.reasons), result.reasons
    assert any("LTXV Open Weights License" in r and "(unknown): unknown for commercial use" in r for r in result.reasons), result.reasons


def test_ltx_video_0_9_is_under_its_rail_m(tmp_path: Path) -> None:
    result = judge_card(tmp_path, "zoom-lora", mit_lora(None, "A LoRA for LTX-Video 0.9."))
    assert verdict(result) == ("denied", "ltxv-0.9-rail-m-20241122"), result.reasons


# --- 5. a code class in a repo's name ----------------------------------------------------------------------------------


def test_a_transformers_class_in_a_repo_name_names_no_base() -> None:
    evidence = case_evidence("trl-internal-testing__tiny-Qwen2ForCausalLM-2.5")
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    result = COMMERCIAL.evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence))
    assert verdict(result) == ("unknown", "unknown"), result.reasons
    assert not any(c.startswith("tongyi-qianwen") for c in result.classification.candidates), result.reasons


@pytest.mark.parametrize(("name", "license_id"), [
    ("tiny-Qwen2.5-3B-Instruct", "qwen-research"),    # the model's name, not its class: read as before
    ("tiny-Llama-2-7b", "llama2"),
])
def test_a_models_name_in_a_repo_name_is_still_read(tmp_path: Path, name: str, license_id: str) -> None:
    card = (ROOT / "benchmarks/real_cards/cases/trl-internal-testing__tiny-Qwen2ForCausalLM-2.5/files/README.md").read_text(
        encoding="utf-8")
    assert license_id in judge_card(tmp_path, name, card).classification.candidates


def test_a_class_in_usage_code_leaves_the_repo_it_loads(tmp_path: Path) -> None:
    code = '```python\nmodel = LlamaForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf")\n```'
    result = judge_card(tmp_path, "toy-chat", "---\nlicense: apache-2.0\ntags:\n- lora\n---\n# toy chat\n\n" + code + "\n")
    assert "llama2" in result.classification.candidates, result.reasons


# --- 6. compact versions in a folder's name ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "license_id", "expected"), [
    ("qwen25-7b-instruct-awq", "apache-2.0", {"allowed", "conditional"}),   # review37: was denied tongyi-qianwen-research
    ("my-llama31-8b-q4", "apache-2.0", {"conditional"}),                    # review37: was denied llama1-weights
])
def test_a_compact_version_is_the_familys_version(tmp_path: Path, name: str, license_id: str, expected: set[str]) -> None:
    result = judge_card(tmp_path, name, f"---\nlicense: {license_id}\n---\n\n# Model X\n\nA small text model fine-tuned for chat.\n")
    assert result.verdict in expected, result.reasons
    assert not {"tongyi-qianwen-research", "llama1-weights"} & set(result.classification.candidates), result.reasons
    if "llama31" in name:
        assert "llama3.1" in result.classification.candidates


@pytest.mark.parametrize(("name", "restricted"), [
    ("llama-33b-gguf", "llama1-weights"),        # LLaMA 33B, the original weights: no version
    ("my-llama-30b-q4", "llama1-weights"),
    ("qwen-7b-awq", "tongyi-qianwen"),
    ("qwen25-3b-instruct-awq", "qwen-research"),  # Qwen2.5-3B: the research license
])
def test_digits_that_are_a_size_or_a_restricted_version_keep_their_license(tmp_path: Path, name: str, restricted: str) -> None:
    result = judge_card(tmp_path, name, "---\nlicense: apache-2.0\n---\n\n# Model X\n\nA small text model fine-tuned for chat.\n")
    assert restricted in result.classification.candidates, result.reasons
    assert result.verdict != "allowed", result.reasons
