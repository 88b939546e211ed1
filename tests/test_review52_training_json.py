"""Review52: a training tool's arguments saved as JSON at the top of the repository ("training_args.json" with
"model_name_or_path": "CohereForAI/c4ai-command-r-v01") were never read, so a fine-tune of Command R (CC BY-NC 4.0)
under an MIT LICENSE (the corpus text) passed. They are read as the top-level YAML files of training tools are; a
trainer's log (trainer_state.json) is not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CLASSIFIER, KB

MIT = Path(__file__).resolve().parents[2] / "shared" / "license-corpus" / "mit.txt"


def _judge(tmp_path: Path, name: str):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n\n# Acme-Chat\n\nA chat model by Acme.\n", encoding="utf-8")
    shutil.copy(MIT, folder / "LICENSE")
    (folder / name).write_text(json.dumps({"model_name_or_path": "CohereForAI/c4ai-command-r-v01", "learning_rate": 2e-5}),
                               encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="m", kind="local", line=1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors)


@pytest.mark.parametrize("name", ["training_args.json", "train_config.json", "sft_config.json", "finetune_args.json",
                                  # review55: a trainer's config, Lightning's hparams, an argparse dump
                                  "trainer_config.json", "hparams.json", "args.json"])
def test_a_training_tools_json_arguments_name_the_base(tmp_path, name):
    result = _judge(tmp_path, name)
    assert result.verdict in ("denied", "unknown"), result.reasons
    assert any(f"{name} 'model_name_or_path'" in reason for reason in result.reasons), result.reasons


def test_a_trainers_log_is_not_read_for_a_base(tmp_path):
    result = _judge(tmp_path, "trainer_state.json")
    assert (result.verdict, result.classification.license_id) == ("allowed", "mit"), result.reasons


@pytest.mark.parametrize("name", ["training_args.json", "config.yaml"])
def test_a_list_where_the_base_belongs_names_each_base(tmp_path, name):
    # review55: '"model_name_or_path": ["CohereForAI/c4ai-command-r-v01"]' (and a YAML base_model list) was passed over
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n\n# Acme-Chat\n\nA chat model by Acme.\n", encoding="utf-8")
    shutil.copy(MIT, folder / "LICENSE")
    key = "model_name_or_path" if name.endswith(".json") else "base_model"
    (folder / name).write_text(json.dumps({key: ["CohereForAI/c4ai-command-r-v01"]}), encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="m", kind="local", line=1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence))
    assert result.verdict in ("denied", "unknown"), result.reasons
    assert any(f"{name} '{key}'" in reason for reason in result.reasons), result.reasons
