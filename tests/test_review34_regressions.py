"""Review34: fail-opens in the session's newest changes. A license_link to a file the linked repo reads only as a guide
to its use; a restriction hidden after a warranty disclaimer; a list of the model's terms under a lead-in ending in a
colon; a base named before a bracketed dataset."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.model import ManifestEntry, Project
from licscan.sources.local import LocalSource
from tests.test_card_text_reading import BERT, _judge, bert
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CLASSIFIER, KB
from tests.test_review33_license_copies import INTERNLM, _folder


def _local(folder: Path, ref: str):
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return replace(evidence, entry=ManifestEntry(ref=ref, kind="local", line=1))


def _quantisation_linking_a_base_file(tmp_path: Path, front_matter: str, file: str = "USAGE.md"):
    """A quantisation whose card links a file of org/base (BERT's card and Apache LICENSE, and a USAGE.md its card calls a
    usage guide, holding terms in plain words), judged with org/base served to lineage: the result and the ancestors."""
    base = tmp_path / "base"
    base.mkdir(exist_ok=True)
    (base / "README.md").write_text((BERT / "README.md").read_text(encoding="utf-8")
                                    + "\nSee the [usage guide](USAGE.md) for tips on prompting.\n", encoding="utf-8")
    shutil.copy(BERT / "LICENSE", base / "LICENSE")
    (base / "USAGE.md").write_text("Personal projects only. Selling this model is not okay.\n", encoding="utf-8")
    quant = tmp_path / "quant"
    quant.mkdir(exist_ok=True)
    (quant / "README.md").write_text(f"---\nlicense: apache-2.0\n{front_matter}license_link: https://huggingface.co/org/base/"
                                     f"blob/main/{file}\n---\n\n# base-GGUF\n\nA quantisation.\n", encoding="utf-8")
    evidence = _local(quant, "me/base-GGUF")
    lineage = Lineage(lambda entry: _local(base, entry.ref) if entry.ref == "org/base" else not_on_the_hub(entry), CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors), ancestors


def test_a_license_link_to_a_file_its_repo_reads_only_as_a_usage_guide_is_no_license_read(tmp_path):
    result, ancestors = _quantisation_linking_a_base_file(tmp_path, "")
    assert result.verdict == "unknown", result.reasons
    assert any("USAGE.md is not among the license files licscan read" in (a.problem or "") for a in ancestors)


def test_a_restriction_after_a_warranty_disclaimer_still_states_terms(tmp_path):
    # words of terms only "no", "not", "shall", "use", "may", but words no disclaimer has
    for rider in ("THE MODEL WEIGHTS SHALL NOT BE USED IN ANY PRODUCT OR SERVICE OFFERED TO THIRD PARTIES.",
                  "You may not use these weights to develop competing models."):
        folder = tmp_path / str(len(rider))
        folder.mkdir()
        result = _judge(_folder(folder, INTERNLM.read_text(encoding="utf-8").rstrip() + "\n\n" + rider + "\n"))
        assert result.verdict == "unknown", (rider, result.reasons)


def test_a_list_of_the_models_terms_under_a_lead_in_is_read(tmp_path):
    for section in ("## Limitations\n\nUsage restrictions:\n- Non-commercial.\n",
                    "## Usage\n\nPlease note:\n\n- Non-commercial.\n",
                    "## License\n\nThis model is released under the following terms:\n\n- Academic use only.\n"):
        assert bert(tmp_path, "\n" + section).verdict == "denied", section


def test_a_base_named_before_a_bracketed_or_joined_dataset_is_read(tmp_path):
    for sentence in ("This LoRA adapter was fine-tuned from Llama-2-7b-hf (Alpaca dataset) for three epochs.",
                     "This model was fine-tuned from Llama-2-7b-hf and the Alpaca dataset."):
        result = bert(tmp_path, "\n" + sentence + "\n")
        assert "llama2" in result.classification.candidates and result.verdict != "allowed", (sentence, result.reasons)


def test_a_usage_policy_that_only_mentions_personal_information_stays_a_guide(tmp_path):
    result = bert(tmp_path, "\n\nPlease follow our [usage policy](USAGE.md).\n", files={
        "USAGE.md": "Tips: use a temperature of 0.7. Do not paste personal information into prompts. The model may make "
                    "mistakes; check its answers.\n"})
    assert result.verdict == "allowed", result.reasons


def test_a_license_link_to_a_declared_bases_usage_guide_is_no_license_read(tmp_path):
    # the same, with org/base declared as base_model: the base is read for the lineage, the file the link names is not
    # read as terms; a link to the base's LICENSE, read as a license file, passes as before
    result, _ = _quantisation_linking_a_base_file(tmp_path, "base_model: org/base\n")
    assert result.verdict == "unknown", result.reasons
    result, _ = _quantisation_linking_a_base_file(tmp_path, "base_model: org/base\n", "LICENSE")
    assert result.verdict == "allowed", result.reasons
