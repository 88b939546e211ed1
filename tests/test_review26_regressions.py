"""Fail-opens review26 found in this session's own changes, each failing on the merged tree before the fix, with the
benign twin that must stay as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_card_text_reading import bert
from tests.test_real_card_gaps import _local

TEXTS = Path(__file__).resolve().parents[1] / "license_texts"
APACHE = (TEXTS / "apache-2.0.txt").read_text(encoding="utf-8")
CC_BY_NC = (TEXTS / "cc-by-nc-4.0.txt").read_text(encoding="utf-8")
CARD = ("---\nlicense: apache-2.0\n---\n\n# scene-gen\n\nA text-to-image model for product scenes.\n\n## License\n\n"
        "The inference code in this repository is under Apache-2.0 (see LICENSE). {weights}\n")


@pytest.mark.parametrize("guide", ["USAGE.md", "RESPONSIBLE_USE.md", "DISCLAIMER.md", "COMMERCIAL_USE.md"])
def test_a_guide_the_card_calls_the_weights_license_is_matched_as_a_license(tmp_path, guide):
    # acc26 read such files for restriction phrases only: the CC BY-NC 4.0 legal code in USAGE.md, linked as the
    # weights' license, was never matched, and the checkpoint passed on its Apache LICENSE
    card = CARD.format(weights=f"Use of the model weights is governed by the [Model License]({guide}).")
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE, guide: CC_BY_NC})
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


def test_a_license_link_to_a_guide_is_matched_as_a_license(tmp_path):
    card = CARD.format(weights="").replace("license: apache-2.0", "license: other\nlicense_link: USAGE.md")
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE, "USAGE.md": CC_BY_NC})
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


def test_a_guide_the_card_does_not_call_its_license_is_still_a_guide(tmp_path):
    card = CARD.format(weights="See USAGE.md for prompts that work well.")
    guide = "# Usage\n\nUse 30 steps and a guidance scale of 7. Review images before you publish them.\n"
    result = _local(tmp_path, {"README.md": card, "LICENSE": APACHE, "USAGE.md": guide})
    assert result.verdict == "allowed", result.reasons


@pytest.mark.parametrize("sentence", [
    # based on the model, fine-tuned with instruction data: the model is the base whether or not the data came from it
    "本模型是基于 c4ai-command-r-v01 指令数据微调的中文对话模型。",
    "本モデルは Aya-23-8B の対話データによるファインチューニング版です。",
])
def test_a_model_named_before_data_words_and_no_other_model_stays_a_base(tmp_path, sentence):
    result = bert(tmp_path, f"\n{sentence}\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    "Its CC BY-NC 4.0 license does not permit commercial use, so we chose Apache-2.0 for the demo scripts.",
    "The inherited CC BY-NC 4.0 license does not permit commercial use, so we chose Apache-2.0 for everything else.",
])
def test_the_models_own_license_given_as_the_reason_for_another_still_restricts(tmp_path, sentence):
    result = bert(tmp_path, f"\n## License\n\n{sentence}\n")
    assert result.verdict == "denied", result.reasons


def test_a_rejected_license_named_as_such_is_no_ban(tmp_path):
    # in a License section the license it names is one for a reader to confirm (conditional), not the model's ban
    result = bert(tmp_path, "\n## License\n\nCC BY-NC 4.0 does not permit commercial use, so we chose Apache-2.0.\n")
    assert "card-non-commercial" not in result.classification.candidates and result.verdict == "conditional", result.reasons
