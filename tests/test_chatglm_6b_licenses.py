"""ChatGLM-6B's own model licenses (THUDM/ChatGLM-6B MODEL_LICENSE): the first, of 2023-03-14 (English) and
2023-05-24 (Chinese first, the same terms), grants use "solely for your non-commercial research purposes"; the one
of 2023-07-08 drops that limit and keeps the military and national-security restrictions (commercial use after
registering, the README says). Before, licscan had neither and read each as a modified ChatGLM2-6B license.
The card is the real THUDM/chatglm-6b v0.1.0 card of benchmarks/real_cards, whose copy lacks its MODEL_LICENSE.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_card_text_reading import _judge
from tests.test_real_card_gaps import CASES, ROOT

TEXTS = ROOT / "license_texts"


@pytest.mark.parametrize(("text", "license_id", "verdict"), [
    ("chatglm-6b-license-20230314-nc.txt", "chatglm-6b-license-20230314-nc", "denied"),
    ("chatglm-6b-license-20230314-nc--bilingual.txt", "chatglm-6b-license-20230314-nc", "denied"),
    ("chatglm-6b-license.txt", "chatglm-6b-license", "conditional"),
], ids=["2023-03-english", "2023-05-bilingual", "2023-07"])
def test_the_chatglm_6b_card_with_each_of_its_model_licenses(tmp_path: Path, text, license_id, verdict):
    shutil.copy(CASES / "THUDM__chatglm-6b" / "files" / "README.md", tmp_path / "README.md")
    shutil.copy(TEXTS / text, tmp_path / "MODEL_LICENSE")
    result = _judge(tmp_path)
    finding = next(f for f in result.classification.findings if f.file == "MODEL_LICENSE")
    assert (finding.match.rule_id, finding.match.status) == (license_id, "exact")
    assert result.verdict == verdict, result.reasons


def test_the_first_license_is_the_chatglm2_one_with_its_model_name_changed():
    # why the two are separate rules and neither is a modified copy of the other: only the model's name differs
    first = (TEXTS / "chatglm-6b-license-20230314-nc--bilingual.txt").read_text(encoding="utf-8")
    chatglm2 = (TEXTS / "chatglm2-6b-license-20230625-nc.txt").read_text(encoding="utf-8")
    differing = [(a, b) for a, b in zip(first.splitlines(), chatglm2.splitlines(), strict=True) if a != b]
    assert len(differing) == 4     # the licensor and the software, in Chinese and in English
    assert all(a.replace("ChatGLM-6B", "ChatGLM2-6B") == b for a, b in differing)


def test_the_chatglm2_6b_card_under_its_july_license_is_that_license_not_the_june_one_its_name_would_pin(tmp_path: Path):
    # THUDM/chatglm2-6b as it is on the Hub since July 2023: the real card ("基于 ChatGLM 初代模型的开发经验，我们全面升级了
    # ChatGLM2-6B 的基座模型") beside its July MODEL_LICENSE. The name in its words is the model itself, and the file pins
    # the date; before, the name's first (June, non-commercial) license was added and the official model denied
    shutil.copy(CASES / "THUDM__chatglm2-6b" / "files" / "README.md", tmp_path / "README.md")
    shutil.copy(TEXTS / "chatglm2-6b-license.txt", tmp_path / "MODEL_LICENSE")
    result = _judge(tmp_path)
    assert result.classification.candidates == ("chatglm2-6b-license",) and result.verdict == "conditional", result.reasons


def test_a_permissive_license_beside_the_chatglm2_name_still_takes_the_names_license(tmp_path: Path):
    # the same card over an Apache LICENSE: Apache is no ChatGLM license, so the name's license still joins
    shutil.copy(CASES / "THUDM__chatglm2-6b" / "files" / "README.md", tmp_path / "README.md")
    shutil.copy(TEXTS / "apache-2.0.txt", tmp_path / "LICENSE")
    result = _judge(tmp_path)
    assert "chatglm2-6b-license-20230625-nc" in result.classification.candidates and result.verdict == "denied", result.reasons


def test_a_license_of_the_same_line_does_not_cover_another_license_of_it_a_name_pins(tmp_path: Path):
    # review14: only the dated texts of one license count as the family's own; a card under Llama 3's license that
    # names a Vicuna v1.3 base (the original LLaMA weights: families.yaml) still carries the research-only terms.
    # The BERT card's words with its license key made llama3 and one sentence added, no license file
    card = (CASES / "google-bert__bert-base-uncased" / "files" / "README.md").read_text(encoding="utf-8")
    assert "license: apache-2.0\n" in card
    card = card.replace("license: apache-2.0\n", "license: llama3\n", 1)
    (tmp_path / "README.md").write_text(card + "\nThis model is a fine-tune of Vicuna-13B v1.3 on our support conversations.\n",
                                         encoding="utf-8")
    result = _judge(tmp_path)
    assert "llama1-weights" in result.classification.candidates and result.verdict == "denied", result.reasons
