"""acc60: what review56 found in acc57. False allows: a one-row "| Model | Base model |" table whose model cell is this
model written otherwise than the card's title as a whole ("# Model Card for Acme-7B" over "| acme/acme-7b-chat | ... |",
"# Introduction" over "| Acme-7B | ... |") was read as a sibling's row; "without review by the creators" (any party but
the user's own advisers or a profession) was read as a precondition. False blocks: a code or data repo written bare
after "built on/using/from" ("built on huggingface/transformers", "built from allenai/c4") was followed as a base.
Cards are reviewer-style prose (the review56 repro's); the LICENSE files are the corpus's Apache 2.0 and MIT texts. The
checkpoint's folder is named apart from the model ("release"), as the repro's are, so only the card's words name it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from licscan.classify.strategies.card_terms import restrictions_reading
from licscan.model import Evidence, ManifestEntry
from licscan.sources.local import LocalSource
from tests.test_config_lineage import not_on_the_hub
from tests.test_lineage_round11 import judged, local
from tests.test_review55_fixes import CORPUS

BODY = "A 7B chat model trained by Acme Labs.\n\n"


def _verdict(tmp_path: Path, card: str, license_text: str = "mit.txt") -> str:
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    shutil.copy(CORPUS / license_text, folder / "LICENSE")
    return judged(local(folder, "release"), not_on_the_hub).verdict


def _card(license_id: str, title: str, table: str) -> str:
    return f"---\nlicense: {license_id}\n---\n\n{title}\n\n{BODY}{table}\n"


@pytest.mark.parametrize(("title", "table"), [
    ("# Model Card for Acme-7B", "| Model | Base model |\n|---|---|\n| Acme-7B | acme/secret-nc-7b |"),
    ("# Acme-7B: a chat model", "| Model | Base model |\n|---|---|\n| Acme-7B | acme/secret-nc-7b |"),
    ("# Introduction", "| Model | Base model |\n|---|---|\n| Acme-7B | acme/secret-nc-7b |"),
    ("# Model Card for Acme-7B", "| Model | Base model |\n|---|---|\n| acme/acme-7b-chat | acme/secret-nc-7b |"),
    ("# Model Card for Acme-7B", "## Model Details\n\n| Model | Base model |\n|---|---|\n| Acme-7B | acme/secret-nc-7b |"),
    ("# Model Card for Acme-7B", "| Model | Base checkpoint |\n|---|---|\n| Acme-7B | acme/secret-nc-7b |"),
])
def test_a_one_row_table_about_this_model_written_otherwise_names_its_base(tmp_path, title, table):
    # the base is not on the (fake) Hub: its terms are unread, the checkpoint's unknown (main: allowed on the MIT LICENSE)
    assert _verdict(tmp_path, _card("mit", title, table)) == "unknown"


@pytest.mark.parametrize("table", [
    "## Related models\n\n| Model | Base model |\n|---|---|\n| Acme-7B-Cmd-35B | acme/secret-nc-7b |",
    "## See also\n\n| Model | Base model |\n|---|---|\n| Acme-Cmd-35B | acme/secret-nc-7b |",
    "| Model | Base model |\n|---|---|\n| otherorg/unrelated-13b | acme/secret-nc-7b |",
])
def test_a_one_row_table_clearly_about_another_model_names_no_base(tmp_path, table):
    # ("## Related models" over a name that starts with this one's: main followed it)
    assert _verdict(tmp_path, _card("apache-2.0", "# Acme-7B", table), "apache-2.0.txt") == "allowed"


@pytest.mark.parametrize("party", ["the creators", "acme labs", "the copyright holders", "the model owner", "the university",
                                   "the organizers", "the model provider", "the dataset owners", "the rights holder",
                                   "your own legal team and the creators"])
def test_a_review_by_another_party_asks_for_leave(party):
    sentence = f"Do not use this model for commercial purposes without review by {party}."
    assert [c.license_id for c in restrictions_reading("card terms", sentence, "the card").candidates] == ["card-non-commercial"]


def test_a_review_from_the_model_creators_asks_for_leave():
    sentence = "Commercial use is not permitted without review from the model creators."
    assert [c.license_id for c in restrictions_reading("card terms", sentence, "the card").candidates] == ["card-non-commercial"]


@pytest.mark.parametrize("party", ["your legal counsel", "your own legal team", "Medical Doctors", "qualified professionals",
                                   "a lawyer", "licensed clinicians", "HR staff"])
def test_a_review_by_the_users_advisers_or_a_profession_stays_a_precondition(party):
    sentence = f"Do not use this model for commercial purposes without review by {party}."
    assert restrictions_reading("card terms", sentence, "the card").candidates == ()


@pytest.mark.parametrize("line", [
    "Acme-7B is built on huggingface/transformers.",
    "Acme-7B was built using unslothai/unsloth.",
    "Acme-7B was built using hiyouga/LLaMA-Factory and trl.",
    "Acme-7B was built using the hiyouga/LLaMA-Factory framework.",
    "Acme-7B was built using acme-labs/acme-trainer (framework).",
    "Acme-7B is built on Lightning-AI/pytorch-lightning and huggingface/accelerate.",
    "Acme-7B is built from allenai/c4 and togethercomputer/RedPajama-Data-1T.",
    "Acme-7B is built from the acme-labs/acme-corpus dataset.",
])
def test_a_model_built_with_bare_code_or_data_repos_names_no_base(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "allowed"


@pytest.mark.parametrize("line", [
    "Acme-7B is built on acme/secret-nc-7b.",
    "Acme-7B is built on [acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b).",
])
def test_a_model_built_on_a_model_repo_still_follows_it(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "unknown"


# Left from before acc57 (review56 c012, c013, c019, c020, c025, c027, c028, c039, c041, c043, c044, c090)

HUB_NC = "[acme/secret-nc-7b](https://huggingface.co/acme/secret-nc-7b)"


@pytest.mark.parametrize("line", [f"Acme-7B is built with {HUB_NC}.", f"Acme-7B is built atop {HUB_NC}.",
                                  f"Acme-7B was built off {HUB_NC}.", f"Building on {HUB_NC}, Acme-7B adds tool use."])
def test_built_with_atop_off_and_building_on_a_hub_model_follow_it(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "unknown"


@pytest.mark.parametrize("line", ["Acme-7B was built with PyTorch.",
                                  "Acme-7B was built with [axolotl](https://github.com/axolotl-ai-cloud/axolotl).",
                                  "Acme-7B was built with huggingface/peft."])
def test_built_with_a_tool_names_no_base(tmp_path, line):
    assert _verdict(tmp_path, _card("mit", "# Acme-7B", line)) == "allowed"


GH_NC = "https://github.com/otherorg/nc-project/blob/main/LICENSE"


@pytest.mark.parametrize("line", [f"The weights are licensed as in {GH_NC}",
                                  f"The weights are released following the [upstream license]({GH_NC}).",
                                  f"Use of the weights must adhere to {GH_NC}"])
def test_weights_pointed_to_another_projects_license_are_unread_terms(tmp_path, line):
    card = _card("apache-2.0", "# Acme-7B", "## License\n\n" + line)
    assert _verdict(tmp_path, card, "apache-2.0.txt") == "unknown"


def test_weights_following_a_license_licscan_knows_stay_allowed(tmp_path):
    line = "The weights are released following the [Apache 2.0 license](https://www.apache.org/licenses/LICENSE-2.0)."
    assert _verdict(tmp_path, _card("apache-2.0", "# Acme-7B", "## License\n\n" + line), "apache-2.0.txt") == "allowed"


def checkpoint_evidence(tmp_path: Path, files: dict[str, str]) -> Evidence:
    """The evidence of an MIT checkpoint (a corpus MIT LICENSE, a card naming no base) holding ``files`` besides."""
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "README.md").write_text(_card("mit", "# Acme-7B", ""), encoding="utf-8")
    shutil.copy(CORPUS / "mit.txt", folder / "LICENSE")
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref="release", kind="local", line=1))


def _lineage(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    return [(c.file, c.value) for c in checkpoint_evidence(tmp_path, files).config_lineage]


BASE = '{"model_name_or_path": "acme/secret-nc-7b"}'


@pytest.mark.parametrize(("files", "read"), [
    ({"checkpoint-500/training_args.json": BASE, "checkpoint-1000/training_args.json": '{"learning_rate": 2e-05}'},
     "checkpoint-500/training_args.json"),
    ({"checkpoint-200/training_args.json": BASE, "checkpoint-400/training_args.json": '{"model_name_or_path": ""}'},
     "checkpoint-200/training_args.json"),
    ({"outputs/checkpoint-500/training_args.json": BASE}, "outputs/checkpoint-500/training_args.json"),
    ({"checkpoint-500/args.json": '{"lr": 1}', "checkpoint-500/hparams.json": '{"lr": 1}',
      "checkpoint-500/training_args.json": BASE}, "checkpoint-500/training_args.json"),
    ({"checkpoint-final/training_args.json": BASE}, "checkpoint-final/training_args.json"),
])
def test_a_trainer_checkpoints_training_args_name_the_base(tmp_path, files, read):
    assert _lineage(tmp_path, files) == [(read, "acme/secret-nc-7b")]


def test_an_older_checkpoint_is_not_read_when_the_newest_names_a_base(tmp_path):
    files = {"checkpoint-500/training_args.json": '{"model_name_or_path": "acme/old-7b"}',
             "checkpoint-1500/training_args.json": BASE}
    assert _lineage(tmp_path, files) == [("checkpoint-1500/training_args.json", "acme/secret-nc-7b")]
