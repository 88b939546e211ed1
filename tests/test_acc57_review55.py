"""acc57: review55's leftover false allows and false blocks. False allows: a License section's "The model weights follow
https://github.com/otherorg/nc-project/blob/main/LICENSE" (another project's terms: "follow" pointed nowhere); "Acme-7B is
built on acme/secret-nc-7b" written bare, as a Hub address, "built using" / "built from" a linked model repo; a "| Model |
Base model |" table whose row for this model gives its base beside other rows, a "Base checkpoint" column; a base named
only in a trainer's checkpoint folder ("checkpoint-500/training_args.json"). False blocks: a "Related models" table's
one row naming a sibling's base; "without review by your own legal team" / "by Medical Doctors" read as leave asked.
Cards are reviewer-style prose (the review55 repro's); the LICENSE files are the corpus's Apache 2.0 and MIT texts."""

from __future__ import annotations

import shutil

import pytest

from licscan.classify.strategies.card_terms import restrictions_reading
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CLASSIFIER, KB
from tests.test_review55_fixes import CORPUS, _verdict

HEAD = "# Acme-7B\n\nAcme-7B is a 7B text model trained by Acme Labs.\n\n"
MIT_CARD = "---\nlicense: mit\n---\n\n" + HEAD
APACHE_CARD = "---\nlicense: apache-2.0\n---\n\n" + HEAD


@pytest.mark.parametrize("tail", [
    "## License\n\nThe code is Apache-2.0. The model weights follow https://github.com/otherorg/nc-project/blob/main/LICENSE",
    "The weights follow the [DiT license](https://github.com/facebookresearch/DiT/blob/main/LICENSE.txt).",
])
def test_weights_following_another_projects_license_are_unread_terms(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail) == "unknown"


@pytest.mark.parametrize("tail", [
    "## License\n\nThe code is Apache-2.0. The model weights follow https://github.com/acme-labs/acme-7b/blob/main/LICENSE",
    "The model weights follow the [Apache 2.0 license](https://www.apache.org/licenses/LICENSE-2.0).",
])
def test_weights_following_their_own_or_a_known_license_stay_allowed(tmp_path, tail):
    assert _verdict(tmp_path, APACHE_CARD + tail) == "allowed"


@pytest.mark.parametrize("line", [
    "Acme-7B is built on acme/secret-nc-7b.",
    "Acme-7B is built on https://huggingface.co/acme/secret-nc-7b",
    "Acme-7B was built using [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b) as the starting point.",
    "Acme-7B is built from [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
])
def test_a_model_built_on_a_bare_or_linked_model_repo_follows_it(tmp_path, line):
    assert _verdict(tmp_path, MIT_CARD + line + "\n", "mit.txt") == "unknown"


@pytest.mark.parametrize("line", [
    "Acme-7B is built on [transformers](https://github.com/huggingface/transformers).",
    "Acme-7B was built using PyTorch.",
    "Acme-7B is built on top of our data.",
    "Acme-7B was built using [axolotl](https://github.com/axolotl-ai-cloud/axolotl).",
])
def test_a_model_built_with_a_tool_or_data_names_no_base(tmp_path, line):
    assert _verdict(tmp_path, MIT_CARD + line + "\n", "mit.txt") == "allowed"


@pytest.mark.parametrize("table", [
    "## Models\n\n| Model | Base model |\n|---|---|\n| acme/Acme-7B | acme/secret-nc-7b |\n| acme/Acme-7B-GGUF | acme/Acme-7B |",
    "| Model | Base model |\n|---|---|\n| **Acme-7B** (this model) | acme/secret-nc-7b |\n| Acme-7B-Chat | Acme-7B |",
    "| Base checkpoint | Context |\n|---|---|\n| acme/secret-nc-7b | 8k |",
])
def test_this_models_row_or_a_base_checkpoint_column_names_the_base(tmp_path, table):
    assert _verdict(tmp_path, MIT_CARD + table + "\n", "mit.txt") == "unknown"


@pytest.mark.parametrize("table", [
    "## Related models\n\n| Model | Base model |\n|---|---|\n| acme/Acme-Cmd-35B | CohereForAI/c4ai-command-r-v01 |",
    "## Related models\n\n| Model | Base model |\n|---|---|\n| acme/Acme-Cmd-35B | acme/secret-nc-7b |",
])
def test_a_siblings_row_names_no_base_of_this_model(tmp_path, table):
    assert _verdict(tmp_path, APACHE_CARD + table + "\n") == "allowed"


def test_a_table_under_a_base_model_heading_still_names_it(tmp_path):
    table = "## Base model\n\n| Model | Base model |\n|---|---|\n| acme/Acme-Cmd-35B | acme/secret-nc-7b |"
    assert _verdict(tmp_path, APACHE_CARD + table + "\n") == "unknown"


def _checkpoint(tmp_path, files: dict[str, str]):
    folder = tmp_path / "acme-7b"
    folder.mkdir()
    (folder / "README.md").write_text(MIT_CARD, encoding="utf-8")
    shutil.copy(CORPUS / "mit.txt", folder / "LICENSE")
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="acme-7b", kind="local", line=1))
    lineage = Lineage(not_on_the_hub, CLASSIFIER)
    lineage.prefetch([evidence])
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), lineage.ancestors(evidence))
    return evidence, result


def test_a_trainer_checkpoint_folders_training_args_name_the_base(tmp_path):
    evidence, result = _checkpoint(tmp_path, {"checkpoint-500/training_args.json": '{"model_name_or_path": "acme/secret-nc-7b"}'})
    assert [(c.file, c.value) for c in evidence.config_lineage] == [("checkpoint-500/training_args.json", "acme/secret-nc-7b")]
    assert result.verdict != "allowed", result.reasons


def test_only_the_newest_checkpoint_folder_is_read(tmp_path):
    evidence, _ = _checkpoint(tmp_path, {"checkpoint-500/training_args.json": '{"model_name_or_path": "acme/old-7b"}',
                                         "checkpoint-1500/training_args.json": '{"model_name_or_path": "acme/secret-nc-7b"}',
                                         "checkpoint-1500/trainer_state.json": '{"best_model_checkpoint": "acme/other-7b"}'})
    assert [(c.file, c.value) for c in evidence.config_lineage] == [("checkpoint-1500/training_args.json", "acme/secret-nc-7b")]


@pytest.mark.parametrize("sentence", ["Do not use this model for commercial purposes without review by your own legal team.",
                                      "Do not use this model for commercial medical triage without review by Medical Doctors.",
                                      "Do not use this model for commercial medical triage without review by domain experts."])
def test_a_review_by_the_users_own_advisers_is_a_precondition(sentence):
    assert restrictions_reading("card terms", sentence, "the card").candidates == ()


@pytest.mark.parametrize("sentence", ["Do not use the weights for commercial purposes without expert review from the Acme legal team.",
                                      "Do not use this model for commercial purposes without review by our legal team.",
                                      "Do not use this model for commercial purposes without review by Acme.",
                                      "Do not use this model for commercial purposes without review by the Acme legal team."])
def test_a_review_by_the_publisher_still_asks_for_leave(sentence):
    assert [c.license_id for c in restrictions_reading("card terms", sentence, "the card").candidates] == ["card-non-commercial"]
