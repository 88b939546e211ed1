"""A "Base model:" label line naming a Hub repo is the model's source, as a `base_model` key or "Original model:" is,
also beside a license of the card's own ("a fine-tune carries its base's terms whatever its own card declares").
After acc50 the lead found "- **Base Model:** acme/secret-nc-7b" under `license: mit` was never followed (it was only
read on a card with no license), so a base under non-commercial terms passed; the colon inside the bold was not read
either. The real TobiasLogic/Qwen2.5-Coder-32B-Python-Specialist card ("- **Base Model:**
unsloth/Qwen2.5-Coder-32B-Instruct-bnb-4bit" under `license: apache-2.0`) is labelled unknown: its base has no copy in
the benchmark's fake Hub."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CASES, CLASSIFIER, KB

CC_BY_NC = Path(__file__).resolve().parents[2] / "shared" / "license-corpus" / "cc-by-nc-4.0.txt"
MIT = Path(__file__).resolve().parents[2] / "shared" / "license-corpus" / "mit.txt"
TOBIAS = "TobiasLogic__Qwen2.5-Coder-32B-Python-Specialist"


def _local(folder: Path, ref: str):
    evidence = LocalSource(folder.parent, "models.lock").fetch(ManifestEntry(ref=folder.name, kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref=ref, kind="local", line=1))


def _judge(tmp_path: Path, card: str, serve_base: bool = True):
    """The card (with an MIT LICENSE) judged with acme/secret-nc-7b (a card and a verbatim CC BY-NC 4.0 LICENSE) served
    to lineage, or with no base on the Hub."""
    base = tmp_path / "base"
    base.mkdir()
    (base / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n\n# secret-nc-7b\n", encoding="utf-8")
    shutil.copy(CC_BY_NC, base / "LICENSE")
    tuned = tmp_path / "tuned"
    tuned.mkdir()
    (tuned / "README.md").write_text(card, encoding="utf-8")
    shutil.copy(MIT, tuned / "LICENSE")
    evidence = _local(tuned, "me/tuned")

    def fetch(entry: ManifestEntry):
        return _local(base, entry.ref) if serve_base and entry.ref == "acme/secret-nc-7b" else not_on_the_hub(entry)

    lineage = Lineage(fetch, CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors)


@pytest.mark.parametrize("line", ["- **Base Model:** acme/secret-nc-7b", "Base model: acme/secret-nc-7b",
                                  "**Base model**: acme/secret-nc-7b", "- Base model: [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b)"])
def test_a_base_model_line_beside_the_cards_own_license_is_followed(tmp_path, line):
    card = f"---\nlicense: mit\n---\n\n# tuned\n\nA chat model.\n\n{line}\n- **Developed by:** me\n"
    result = _judge(tmp_path, card)
    assert (result.classification.license_id, result.verdict) == ("cc-by-nc-4.0", "denied")
    (tmp_path / "offline").mkdir()
    assert _judge(tmp_path / "offline", card, serve_base=False).verdict == "unknown"   # a base that cannot be read


def test_a_base_model_line_naming_no_repo_or_set_apart_follows_nothing(tmp_path):
    # prose about another model ("Base model comparisons: see the table") and a line whose value is no repo id
    cards = {"scratch": "Base model: trained from scratch\n\nThanks to acme/secret-nc-7b's authors for the evaluation data.",
             # a local path and another site's address hold an owner/name pair but name no Hub repo
             "path": "base_model: /home/me/acme/secret-nc-7b/final",
             "site": "Base model: github.com/acme/secret-nc-7b"}
    for name, body in cards.items():
        (tmp_path / name).mkdir()
        result = _judge(tmp_path / name, f"---\nlicense: mit\n---\n\n# tuned\n\n{body}\n")
        assert (result.classification.license_id, result.verdict) == ("mit", "allowed"), (name, result.reasons)


def test_the_real_card_naming_its_base_in_a_bold_label_follows_it():
    evidence = LocalSource(CASES / TOBIAS, "models.lock").fetch(ManifestEntry(ref="files", kind="local", line=1))
    evidence = replace(evidence, entry=ManifestEntry(ref="TobiasLogic/Qwen2.5-Coder-32B-Python-Specialist", kind="local", line=1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    assert [a.repo_id for a in ancestors] == ["unsloth/Qwen2.5-Coder-32B-Instruct-bnb-4bit"]
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors)
    # the base cannot be read here; "the Qwen2.5 base model" in its prose also names Qwen2.5's strictest license
    assert result.verdict in ("unknown", "denied")
    assert any("unsloth/Qwen2.5-Coder-32B-Instruct-bnb-4bit" in reason for reason in result.reasons)


def test_a_one_row_table_under_a_base_model_column_names_the_base(tmp_path):
    # review54: the label in the header, the id in the one row below it (also in a Chinese header)
    for name, table in {"en": "| **Base model** | Parameters |\n|---|---|\n| `acme/secret-nc-7b` | 7B |",
                        "zh": "| 基础模型 | 参数量 |\n| :-- | --: |\n| acme/secret-nc-7b | 7B |"}.items():
        (tmp_path / name).mkdir()
        result = _judge(tmp_path / name, f"---\nlicense: mit\n---\n\n# tuned\n\n{table}\n")
        assert (result.classification.license_id, result.verdict) == ("cc-by-nc-4.0", "denied"), (name, result.reasons)


def test_a_table_of_several_models_names_no_base_of_this_one(tmp_path):
    # a model zoo: each row another model and its base
    zoo = ("| Model | Base model |\n|---|---|\n| acme/tiny | acme/secret-nc-7b |\n| acme/small | acme/other-7b |")
    result = _judge(tmp_path, f"---\nlicense: mit\n---\n\n# tuned\n\n{zoo}\n")
    assert (result.classification.license_id, result.verdict) == ("mit", "allowed"), result.reasons
