"""Restricted checkpoints the fourteenth review found passing, each on real words: the real BERT card of
benchmarks/real_cards (license: apache-2.0 and its Apache LICENSE, allowed as it is) with one sentence added.
"""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import BERT, bert
from tests.test_lineage_round11 import family, judged, local

# --- 1. a concession or reason that states this checkpoint's license is never read away --------------------------


@pytest.mark.parametrize("appended", [
    "\n## License\n\nAlthough this fine-tune is CC BY-NC 4.0, the training code is Apache 2.0.\n",
    "\n## License\n\nApache 2.0 for the training code, since this LLM is released under CC BY-NC 4.0.\n",
    "\n## License\n\nWhile the released parameters are CC BY-NC 4.0, the training code is MIT.\n",
])
def test_a_concession_or_reason_naming_a_license_of_the_checkpoint_is_kept(tmp_path, appended):
    result = bert(tmp_path, appended)
    assert result.verdict in ("denied", "unknown") and any("cc-by-nc-4.0" in reason for reason in result.reasons), result.reasons


# --- 2, 3. an address the sentence says the model was made from names its base -----------------------------------


@pytest.mark.parametrize(("appended", "family"), [
    ("\n## Training\n\nThis model was fine-tuned from the original weights at https://github.com/facebookresearch/llama "
     "on ShareGPT conversations.\n", "llama"),
    ("\n## Training\n\nThis model is fine-tuned from https://modelscope.cn/models/qwen/Qwen-7B-Chat on our support tickets.\n",
     "tongyi-qianwen"),
])
def test_an_address_given_as_what_the_model_was_made_from_names_its_base(tmp_path, appended, family):
    result = bert(tmp_path, appended)
    assert result.verdict != "allowed" and any(family in reason for reason in result.reasons), result.reasons


def test_an_address_given_as_where_to_read_more_names_no_base(tmp_path):
    # THUDM/chatglm3-6b-32k's sentence: its GitHub repo is where to read more, not a base
    result = bert(tmp_path, "\n## More\n\nFor more instructions, including how to run CLI and web demos, and model "
                            "quantization, please refer to our [Github Repo](https://github.com/THUDM/ChatGLM).\n")
    assert result.verdict == "allowed", result.reasons


# --- 5. a publisher's repo whose name holds the family's name inside a word is that family's model ---------------


def test_a_publishers_repo_named_with_the_family_inside_a_word_keeps_its_family(tmp_path):
    result = bert(tmp_path, "\n## Training\n\nAcme Coder is fine-tuned from Qwen/CodeQwen1.5-7B on our internal code review data.\n")
    assert result.verdict != "allowed" and any("tongyi-qianwen" in reason for reason in result.reasons), result.reasons


def test_a_publishers_repo_of_another_model_names_no_family(tmp_path):
    # facebook publishes Llama, and NLLB, which is no Llama
    result = bert(tmp_path, "\n## Training\n\nThis model is a fine-tuned version of facebook/nllb-200-distilled-600M on our support tickets.\n")
    assert not any("llama" in reason.lower() for reason in result.reasons), result.reasons


# --- 6. a label whose value denies or conditions commercial use, in the forms cards write it ---------------------


@pytest.mark.parametrize("appended", [
    "| Use | Permitted |\n|-----|-----------|\n| Research | ✅ |\n| Commercial | ❌ |\n",
    "- Can be used commercially: No\n",
    "- Commercial use: not allowed without a separate agreement with Acme\n",
    "Commercial: No\n",
    "- Use for commercial purposes: No\n",
    "- Commercial use: Requires written permission from Acme\n",
])
def test_a_label_denying_commercial_use_restricts(tmp_path, appended):
    result = bert(tmp_path, "\n## Terms of use\n\n" + appended)
    assert result.verdict in ("denied", "unknown"), result.reasons


@pytest.mark.parametrize("appended", [
    "| Use | Permitted |\n|-----|-----------|\n| Research | ✅ |\n| Commercial | ✅ |\n",
    "- Can be used commercially: Yes\n",
    "Commercial: Allowed\n",
    "- Use for commercial purposes: Yes\n",
])
def test_a_label_granting_commercial_use_restricts_nothing(tmp_path, appended):
    assert bert(tmp_path, "\n## Terms of use\n\n" + appended).verdict == "allowed"


# --- 7. a repo id written without a link right after words that make it the source is followed -------------------


def bert_with_lineage(tmp_path, appended: str):
    """The BERT card with ``appended``, judged with its lineage read from the fake Hub (facebook/musicgen-small:
    CC BY-NC 4.0)."""
    (tmp_path / "README.md").write_text((BERT / "README.md").read_text(encoding="utf-8") + appended, encoding="utf-8")
    (tmp_path / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    return judged(local(tmp_path, "acme/bert-support"))


@pytest.mark.parametrize("appended", [
    "\n## Training\n\nFine-tuned from facebook/musicgen-small on our support tickets.\n",
    # the Hub's model card template
    "\n## Model Details\n\n- **Developed by:** Acme\n- **Finetuned from model [optional]:** facebook/musicgen-small\n",
    # sentence-transformers' card template, with no base_model
    "\n## Details\n\nThis is a [sentence-transformers](https://www.SBERT.net) model finetuned from "
    "[facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small). It maps sentences.\n",
])
def test_a_repo_id_named_as_the_source_is_followed(tmp_path, appended):
    result = bert_with_lineage(tmp_path, appended)
    assert ("facebook/musicgen-small", "cc-by-nc-4.0") in family(result) and result.verdict == "denied", result.reasons


@pytest.mark.parametrize("appended", [
    # the template's placeholder names nothing
    "\n## Model Details\n\n- **Finetuned from model [optional]:** [More Information Needed]\n",
    "\n## Training\n\nWe compared it with models fine-tuned from scratch.\n",
])
def test_no_repo_id_after_the_source_words_follows_nothing(tmp_path, appended):
    result = bert_with_lineage(tmp_path, appended)
    assert result.verdict == "allowed" and not family(result), result.reasons


# --- 8. the words of the card's own repo id are no mention words -------------------------------------------------


def test_a_conversion_whose_own_repo_id_holds_a_mention_word_keeps_its_source(tmp_path):
    # the mlx-lm card's sentence, its own repo named "...-distilled-..." ("distill" makes a mention when written
    # before a source): the source it was converted from is still followed
    card = ("---\nlicense: apache-2.0\ntags:\n- mlx\n---\n\n# mlx-community/musicgen-small-distilled\n\nThe Model "
            "[mlx-community/musicgen-small-distilled](https://huggingface.co/mlx-community/musicgen-small-distilled) was "
            "converted to MLX format from [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small) "
            "using mlx-lm version **0.14.3**.\n")
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    result = judged(local(tmp_path, "mlx-community/musicgen-small-distilled"))
    assert ("facebook/musicgen-small", "cc-by-nc-4.0") in family(result) and result.verdict == "denied", result.reasons


def test_a_mention_word_outside_the_cards_own_repo_id_still_makes_a_mention(tmp_path):
    card = ("---\nlicense: apache-2.0\n---\n\n# acme-tts\n\nThanks to the authors of the GGUF quants of "
            "[facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small).\n")
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    result = judged(local(tmp_path, "acme/acme-tts"))
    assert not family(result), result.reasons


# --- false sources: a repo the card only uses as a tool, a judge or the reader's starting point ---------------------


@pytest.mark.parametrize("appended", [
    "\n## Evaluation\n\nTo measure audio quality we compute the Frechet Audio Distance, and we use "
    "[facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small) as a pretrained model for the embedding.\n",
    "\n## Evaluation\n\nResponses were scored leveraging [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small)"
    " as a judge.\n",
    "\n## Training your own\n\nYou can finetune [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small) "
    "with this script.\n",
])
def test_a_repo_this_model_is_not_said_to_be_made_from_is_no_source(tmp_path, appended):
    result = bert_with_lineage(tmp_path, appended)
    assert result.verdict == "allowed" and not family(result), result.reasons


@pytest.mark.parametrize("appended", [
    # the real cards' sentences these phrases were written for, this model their subject
    "\n## Model\n\nThis model utilizes a Japanese BERT model [facebook/musicgen-small](https://huggingface.co/facebook/"
    "musicgen-small) v1.0 as a pretrained model.\n",
    "\n## Model\n\nBLIP-2 model, leveraging [OPT-2.7b](https://huggingface.co/facebook/musicgen-small) (a large language model).\n",
    "\n## Training\n\nWe finetune [musicgen-small](https://huggingface.co/facebook/musicgen-small) on our data.\n",
])
def test_a_repo_this_model_is_made_from_stays_its_source(tmp_path, appended):
    result = bert_with_lineage(tmp_path, appended)
    assert ("facebook/musicgen-small", "cc-by-nc-4.0") in family(result) and result.verdict == "denied", result.reasons
