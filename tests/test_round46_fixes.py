"""Round 46: every TRL-trained model's card copies TRL's BibTeX entry ("@software{vonwerra2020trl, ... license =
{Apache-2.0}, ..."), and license_lines read its `license = {Apache-2.0},` field as a line about the model's own license: on
vigneshn-codes/finetuned_model (no license of its own) the card's prose stood in as Apache-2.0. A card naming no base (a
model trained from scratch with TRL) passed on TRL's license. A field assigned a license (BibTeX, a pyproject, a Python argument) is none."""

from __future__ import annotations

import pytest

from tests.test_acc57_review55 import APACHE_CARD
from tests.test_acc59_prose_bases import _copy
from tests.test_lineage_round11 import hub, judged, local
from tests.test_review55_fixes import _verdict

TRL_CARD = "vigneshn-codes__finetuned_model"
# the card as a model trained from scratch with TRL would have it: no base named in its metadata, prose or adapter config
FROM_SCRATCH = {"base_model: HuggingFaceTB/SmolLM2-135M-Instruct\n": "",
                "- base_model:adapter:HuggingFaceTB/SmolLM2-135M-Instruct\n": "",
                "This model is a fine-tuned version of [HuggingFaceTB/SmolLM2-135M-Instruct](https://huggingface.co/HuggingFaceTB/"
                "SmolLM2-135M-Instruct).": "This model was trained from scratch."}


def _from_scratch(tmp_path):
    folder = _copy(tmp_path, TRL_CARD, FROM_SCRATCH)
    (folder / "adapter_config.json").unlink()
    return folder


def test_trls_citation_gives_a_card_trained_from_scratch_no_license(tmp_path):
    result = judged(local(_from_scratch(tmp_path), "acme/sft-model"), hub({}))
    assert result.verdict == "unknown", result.reasons
    assert not any("license = {Apache-2.0}" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("line", ["**License:** Apache-2.0", "License: Apache 2.0"])
def test_a_license_line_of_the_card_is_still_read(tmp_path, line):
    folder = _from_scratch(tmp_path)
    readme = folder / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + f"\n\n{line}\n", encoding="utf-8")
    result = judged(local(folder, "acme/sft-model"), hub({}))
    assert result.classification.license_id == "apache-2.0", result.reasons


@pytest.mark.parametrize("field", ['licence = "CC-BY-NC-4.0"', "  license = {CC-BY-NC-4.0},",
                                   '```toml\nlicense = "CC-BY-NC-4.0"  # model weights\n```'])
def test_a_field_naming_a_restricting_license_is_still_read(tmp_path, field):
    # review67: the model's own metadata or citation may give its license as a field; only a permissive one is left out
    assert _verdict(tmp_path, APACHE_CARD + field + "\n") != "allowed"
