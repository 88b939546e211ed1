"""The lineage readers' gaps the sixteenth session noted (acc82): what a card names as its base must be a Hub repo, read
wherever the card's words give one.

1. A local path ("Base model: /root/models/x", "./gpt2", "/kaggle/input/...") is no Hub repo: "root/models" or "kaggle/input"
   inside it must not be followed (on a card with no license of its own such a repo's license would have passed for the
   card's). SinghArindam/finetuned_model, a PEFT adapter whose own front matter gives 'base_model: /kaggle/input/gemma-3/...'.
2. "Database model: Pony" is no "Base model:" label: a word that merely ends in "base" names no base (the label readers of
   base_ids, phrases.yaml's lineage cue and families.yaml's Pony and Illustrious lookbehinds). 0xGuru524/3dgen-lora, an MIT
   FLUX LoRA, its front matter's base_model taken off.
3. A bold line as a heading ("**Base model**" alone on its line, the base's link or id on the next) and a plural heading
   ("## Base models") are read as acc81's "## Base model" is: CheonggyeMountain-Sherpa/kogpt-trinity-punct-wrapper's "## Model
   based on" over its base's link, written so.
5. The walk of the bases compares ids as the Hub does, whatever their case: a merge naming the wrapper and its base, the base
   in capitals, reads that base once.
4. A model id assigned in the card's Python ('model_name = "org/X"', 'base_model = "org/X"', 'model_id = "org/X"') that the
   code loads (from_pretrained(model_name)) and fine-tunes (SFTTrainer, Trainer, get_peft_model) is the model the run started
   from, read as a training command's --model_name_or_path is: ibrahim7004/falcon-7b-finetuned-twitter's own notebook, with
   its adapter_config.json and the sentence naming the repo taken away. An inference example names none.
6. "It does not share the same license as meta-llama/Llama-2-7b-hf" (acc78 F1) names no license of the weights: the license
   reader read "Llama-2" in the negated sentence (conditional, Llama 2 to confirm). yhavinga/t5-base-dutch, an Apache-2.0
   model pre-trained from scratch, saying so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.base_ids import followed_base_ids
from tests.test_lineage_round11 import MUSICGEN, copy_case, hub, judged, local, not_on_the_hub
from tests.test_real_card_gaps import CASES

SINGH = "SinghArindam__finetuned_model"
SINGH_REF = "SinghArindam/finetuned_model"
SINGH_FRONT = "base_model: /kaggle/input/gemma-3/transformers/gemma-3-1b-it/1\n"
SINGH_TEMPLATE = "- **Finetuned from model [optional]:** [More Information Needed]"
# any MIT repo stands for whatever the Hub might hold under an id a path spells
MIT_REPO = CASES / "BAAI__bge-base-en-v1.5" / "files"


def _card(case: str, tmp_path: Path, replacements: list[tuple[str, str]]) -> Path:
    folder = copy_case(case, tmp_path)
    text = (folder / "README.md").read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "README.md").write_text(text, encoding="utf-8")
    return folder


# --- 1. a local path is no Hub repo ----------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "- **Finetuned from model [optional]:** /kaggle/input/gemma-3/transformers/gemma-3-1b-it/1",
    "- **Base model:** /root/models/gemma-3-1b-it",
    "Base model: /root/models/gemma-3-1b-it",
    "Base model: ./models/gemma-3-1b-it",
    "Base model: ~/models/gemma-3-1b-it",
    "Base model: ../models/gemma-3-1b-it",
    "| Base model | /root/models |",
    "Base model: ./gpt2",
    "Base model: ~/gpt2",
])
def test_a_local_path_as_the_base_is_no_hub_repo(tmp_path, line):
    # the adapter's own card, its front matter's path written in the template's line instead (no license of its own)
    folder = _card(SINGH, tmp_path, [(SINGH_FRONT, ""), (SINGH_TEMPLATE, line)])
    evidence = local(folder, SINGH_REF)
    assert followed_base_ids(evidence, SINGH_REF) == []
    # the Hub holding an MIT repo under the id a path's folders spell changes nothing: no ancestor, nothing allowed (the
    # folder's name may still name a family, "gemma-3-1b-it" Gemma's terms)
    standing_in = {repo: MIT_REPO for repo in ("kaggle/input", "root/models", "models/gemma-3-1b-it", "gpt2")}
    result = judged(evidence, hub(standing_in))
    assert list(result.ancestors) == [], result.reasons
    assert result.verdict != "allowed", result.reasons


def test_a_hub_id_in_the_same_line_is_still_read(tmp_path):
    folder = _card(SINGH, tmp_path, [(SINGH_FRONT, ""), (SINGH_TEMPLATE, "- **Base model:** google/gemma-3-1b-it")])
    assert followed_base_ids(local(folder, SINGH_REF), SINGH_REF) == ["google/gemma-3-1b-it"]


# --- 2. "Database model:" is no base model's label --------------------------------------------------------------------

DGEN = "0xGuru524__3dgen-lora"
DGEN_REF = "0xGuru524/3dgen-lora"
DGEN_FRONT = "base_model: black-forest-labs/FLUX.1-schnell\n"
DGEN_FEATURE = "- **Fast Generation**: 4 steps in less than 3 seconds on A6000 Ada GPUs"


def _3dgen(tmp_path: Path, line: str) -> Path:
    return _card(DGEN, tmp_path, [(DGEN_FRONT, ""), (DGEN_FEATURE, f"{DGEN_FEATURE}\n{line}")])


@pytest.mark.parametrize("line", [
    "Database model: Pony",
    "- Database model - Illustrious",
    "- **Database model:** acme/secret-nc-7b",
    "Knowledge-base model: acme/secret-nc-7b",
])
def test_a_label_ending_in_base_model_names_no_base(tmp_path, line):
    evidence = local(_3dgen(tmp_path, line), DGEN_REF)
    assert followed_base_ids(evidence, DGEN_REF) == []
    result = judged(evidence, hub({}))
    assert (result.verdict, result.classification.license_id) == ("allowed", "mit"), result.reasons


def test_a_models_name_ending_in_base_before_model_is_still_a_base():
    # BeIR/query-gen-msmarco-t5-base-v1: "This model is the t5-base model from [docTTTTTquery](...)": a T5 base, apache-2.0
    # (the words are "t5-base" and "model", not one word ending in "base")
    result = judged(local(CASES / "BeIR__query-gen-msmarco-t5-base-v1" / "files", "BeIR/query-gen-msmarco-t5-base-v1"), hub({}))
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons


@pytest.mark.parametrize("line", ["Base model: Pony", "- Base model - Illustrious", "- **Base model:** acme/secret-nc-7b",
                                  # the label bold, its colon after (read as "Base model : Pony"): the MIT LoRA had passed
                                  "**Base model**: Pony", "- **Base model**: Illustrious"])
def test_the_base_model_label_itself_is_still_read(tmp_path, line):
    # Pony's and Illustrious's terms licscan does not know, a base the Hub lacks: unknown, never the card's MIT
    assert judged(local(_3dgen(tmp_path, line), DGEN_REF), hub({})).verdict == "unknown"


# --- 3. a bold line as a heading, a plural heading -------------------------------------------------------------------

from tests.test_acc81_heading_bases import KOGPT, KOGPT_HEADING, SKT, _mit  # noqa: E402

KOGPT_REF = "CheonggyeMountain-Sherpa/kogpt-trinity-punct-wrapper"
SKT_LINK = "[Ko-GPT-Trinity 1.2B (v0.5)](https://huggingface.co/skt/ko-gpt-trinity-1.2B-v0.5)"


@pytest.mark.parametrize("heading", ["**Base model**", "**Base Model:**", "__Base model__", "**Fine-tuned from**",
                                     "## Base models", "### Base Models", "**Base models**"])
@pytest.mark.parametrize("value", [SKT_LINK, "skt/ko-gpt-trinity-1.2B-v0.5"])
def test_a_bold_line_or_a_plural_heading_over_the_base_gives_it(tmp_path, heading, value):
    # the card under MIT: its base's CC BY-NC-SA binds it
    result = judged(local(_mit(KOGPT, tmp_path, KOGPT_HEADING, f"{heading}\n{value}"), KOGPT_REF), hub(SKT))
    assert [(a.repo_id, a.license_id) for a in result.ancestors] == [("skt/ko-gpt-trinity-1.2B-v0.5", "cc-by-nc-sa-4.0")], \
        result.reasons
    assert result.verdict == "denied", result.reasons


@pytest.mark.parametrize("section", [
    # a bold line that is no heading of the base, or says something else of a base model
    f"**Comparison with the base model**\n{SKT_LINK}",
    f"**Pre-trained models**\n{SKT_LINK}",
    f"We compare it with the **base model**\n{SKT_LINK}",
    f"**Base model** of the comparison below:\n{SKT_LINK}",
    f"**Database models**\n{SKT_LINK}",
])
def test_a_bold_line_naming_no_base_gives_none(tmp_path, section):
    result = judged(local(_mit(KOGPT, tmp_path, KOGPT_HEADING, section), KOGPT_REF), hub(SKT))
    assert not result.ancestors and result.verdict == "allowed", result.reasons


# --- 5. one base, however its id is cased ----------------------------------------------------------------------------

def _hub_ignoring_case(repos: dict[str, Path]):
    """A Hub that has these repos and no other, and, as the Hub does, finds one by its id in any case."""
    by_lower = {repo.lower(): folder for repo, folder in repos.items()}
    return lambda entry: (local(by_lower[entry.ref.lower()], entry.ref) if entry.ref.lower() in by_lower
                          else not_on_the_hub(entry))


def test_a_base_named_in_two_cases_is_walked_once(tmp_path):
    # a merge of the kogpt wrapper (whose heading names skt/ko-gpt-trinity-1.2B-v0.5) and that base, written in capitals
    folder = _card(SINGH, tmp_path, [(SINGH_FRONT, "base_model:\n- CheonggyeMountain-Sherpa/kogpt-trinity-punct-wrapper\n"
                                                 "- SKT/KO-GPT-TRINITY-1.2B-V0.5\n")])
    fetch = _hub_ignoring_case({KOGPT_REF: CASES / KOGPT / "files", **SKT})
    result = judged(local(folder, SINGH_REF), fetch)
    trinity = [a for a in result.ancestors if a.repo_id.lower() == "skt/ko-gpt-trinity-1.2b-v0.5"]
    assert len(trinity) == 1, [(a.repo_id, a.depth, a.via) for a in result.ancestors]
    assert trinity[0].license_id == "cc-by-nc-sa-4.0" and result.verdict == "denied", result.reasons


# --- 6. a license the card says it does not share ---------------------------------------------------------------------

T5 = "yhavinga__t5-base-dutch"
T5_REF = "yhavinga/t5-base-dutch"
T5_SCRATCH = "pre-trained from scratch on [Dutch mC4](https://huggingface.co/datasets/yhavinga/mc4_nl_cleaned)."
LLAMA2 = {"meta-llama/Llama-2-7b-hf": CASES / "meta-llama__Llama-2-7b-hf" / "files"}


@pytest.mark.parametrize("sentence", [
    "Trained from scratch; it does not share the same license as meta-llama/Llama-2-7b-hf.",
    "It does not have the same license as Llama 2.",
    "This model is not released under the same license as meta-llama/Llama-2-7b-hf, but under Apache 2.0.",
    "It doesn't share the same licence as Llama-2.",
])
def test_a_license_the_card_says_it_does_not_share_is_not_read(tmp_path, sentence):
    folder = _card(T5, tmp_path, [(T5_SCRATCH, f"{T5_SCRATCH}\n\n{sentence}\n")])
    result = judged(local(folder, T5_REF), hub(LLAMA2))
    assert (result.verdict, result.classification.license_id) == ("allowed", "apache-2.0"), result.reasons
    assert not any("llama2" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("sentence", [
    "It is released under the same license as meta-llama/Llama-2-7b-hf.",
    "It does not only share the same license as Llama 2, it shares its weights.",
])
def test_a_license_the_card_says_it_shares_is_still_read(tmp_path, sentence):
    folder = _card(T5, tmp_path, [(T5_SCRATCH, f"{T5_SCRATCH}\n\n{sentence}\n")])
    result = judged(local(folder, T5_REF), hub(LLAMA2))
    assert result.verdict != "allowed", result.reasons


# --- 4. the model the card's Python fine-tunes -------------------------------------------------------------------------

FALCON = "ibrahim7004__falcon-7b-finetuned-twitter"
FALCON_REF = "ibrahim7004/falcon-7b-finetuned-twitter"
FALCON_PROSE = "the `ybelkada/falcon-7b-sharded-bf16` version of the Falcon-7B model"
FALCON_ASSIGNED = 'model_name = "ybelkada/falcon-7b-sharded-bf16"'
SHARDED = "ybelkada/falcon-7b-sharded-bf16"


def _falcon(tmp_path: Path, replacements: list[tuple[str, str]]) -> Path:
    """The card alone (its adapter_config.json, which names the base, taken away), the sentence naming the repo as well."""
    folder = _card(FALCON, tmp_path, [(FALCON_PROSE, "the Falcon-7B model"), *replacements])
    (folder / "adapter_config.json").unlink()
    return folder


@pytest.mark.parametrize("assigned", [FALCON_ASSIGNED, 'model_name="ybelkada/falcon-7b-sharded-bf16"'])
def test_the_model_the_cards_python_fine_tunes_is_its_base(tmp_path, assigned):
    evidence = local(_falcon(tmp_path, [(FALCON_ASSIGNED, assigned)]), FALCON_REF)
    assert followed_base_ids(evidence, FALCON_REF) == [SHARDED]
    # that repo under non-commercial terms binds the card, which has no license of its own
    result = judged(evidence, hub({SHARDED: MUSICGEN}))
    assert [(a.repo_id, a.license_id) for a in result.ancestors] == [(SHARDED, "cc-by-nc-4.0")], result.reasons
    assert result.verdict == "denied", result.reasons


@pytest.mark.parametrize(("old", "new"), [
    # base_model / model_id, loaded by that name
    (FALCON_ASSIGNED, 'base_model = "ybelkada/falcon-7b-sharded-bf16"'),
    (FALCON_ASSIGNED, 'model_id = "ybelkada/falcon-7b-sharded-bf16"'),
])
def test_other_names_the_model_is_assigned_to(tmp_path, old, new):
    name = new.split(" ")[0]
    folder = _falcon(tmp_path, [(old, new), ("model = AutoModelForCausalLM.from_pretrained(\n    model_name,",
                                              f"model = AutoModelForCausalLM.from_pretrained(\n    {name},")])
    assert followed_base_ids(local(folder, FALCON_REF), FALCON_REF) == [SHARDED]


@pytest.mark.parametrize("replacements", [
    # the card's own repo assigned and fine-tuned further
    [(FALCON_ASSIGNED, 'model_name = "ibrahim7004/falcon-7b-finetuned-twitter"')],
    # no trainer: the code only loads the model (an inference example)
    [("trainer = SFTTrainer(", "trainer = dict("), ("from trl import SFTTrainer\n", "")],
    # a model assigned that the code never loads by that name
    [("model = AutoModelForCausalLM.from_pretrained(\n    model_name,",
      'model = AutoModelForCausalLM.from_pretrained(\n    "./local-falcon",')],
])
def test_code_that_does_not_fine_tune_the_assigned_model_names_no_base(tmp_path, replacements):
    folder = _falcon(tmp_path, replacements)
    assert SHARDED not in followed_base_ids(local(folder, FALCON_REF), FALCON_REF)
