"""Review42: quantisations and fine-tunes whose card declares nothing of their own.

1. A repo between a checkpoint and its own bases that declares no license of its own (a TRL SFT model with no license
   key under a DPO model, a GGUF without one under a re-quant) is under its bases' licenses, as a checkpoint in that
   state is: it passes those down, not "unknown" (which made the whole chain unknown). It stays unknown when it reads
   no base, or one of its bases cannot be read.
2. A sentence's link to a repo whose name says GGUF (mradermacher's "refer to one of [TheBloke's READMEs](.../X-GGUF)")
   does not make the sentence name a base: the words do, not the address.
Built from the real BERT card (google-bert/bert-base-uncased, a case: apache-2.0, its LICENSE).
"""

from __future__ import annotations

from pathlib import Path

from licscan.base_ids import prose_base_ids
from tests.test_card_text_reading import BERT
from tests.test_config_lineage import judged, local, not_on_the_hub

TRL_CARD = ("---\nlibrary_name: transformers\nbase_model: {base}\ntags:\n- trl\n- sft\nlicence: license\n---\n\n"
            "# Model Card for {name}\n\nThis model is a fine-tuned version of [{base}](https://huggingface.co/{base}).\n"
            "It has been trained using [TRL](https://github.com/huggingface/trl).\n")


def _trl(folder: Path, ref: str, base: str):
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(TRL_CARD.format(base=base, name=ref.split("/")[1]), encoding="utf-8")
    return local(folder, ref)


def _fetch(repos):
    return lambda entry: repos[entry.ref] if entry.ref in repos else not_on_the_hub(entry)


def _bert_repo(tmp_path: Path):
    folder = tmp_path / "bert"
    folder.mkdir()
    (folder / "README.md").write_bytes((BERT / "README.md").read_bytes())
    (folder / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    return local(folder, "google-bert/bert-base-uncased")


def test_a_middle_repo_declaring_nothing_passes_down_its_bases_license(tmp_path):
    dpo = _trl(tmp_path / "dpo", "someuser/bert-dpo", "someuser/bert-sft")
    sft = _trl(tmp_path / "sft", "someuser/bert-sft", "google-bert/bert-base-uncased")
    result, ancestors = judged(dpo, _fetch({"someuser/bert-sft": sft, "google-bert/bert-base-uncased": _bert_repo(tmp_path)}))
    assert [(a.repo_id, a.license_id) for a in ancestors] == [("someuser/bert-sft", "apache-2.0"),
                                                              ("google-bert/bert-base-uncased", "apache-2.0")]
    assert result.verdict == "allowed", result.reasons
    assert ("inherits apache-2.0 through someuser/bert-sft (base, via someuser/bert-dpo), which declares no license of its own "
            "and passes on its bases'") in result.reasons


def test_a_middle_repo_declaring_nothing_over_an_unreadable_base_stays_unknown(tmp_path):
    dpo = _trl(tmp_path / "dpo", "someuser/bert-dpo", "someuser/bert-sft")
    sft = _trl(tmp_path / "sft", "someuser/bert-sft", "ghostlab/private-base-7b")
    result, ancestors = judged(dpo, _fetch({"someuser/bert-sft": sft}))
    assert ancestors[0].license_id == "unknown"
    assert result.verdict == "unknown", result.reasons


def test_a_link_to_a_gguf_repo_in_a_sentence_names_no_base(tmp_path):
    card = ("---\nquantized_by: mradermacher\n---\n## About\n\nweighted/imatrix quants of "
            "https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct\n\n## Usage\n\nIf you are unsure how to use GGUF files, "
            "refer to one of [TheBloke's\nREADMEs](https://huggingface.co/TheBloke/KafkaLM-70B-German-V0.1-GGUF) for\n"
            "more details, including on how to concatenate multi-part files.\n")
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    found = [repo for repo, _ in prose_base_ids(local(tmp_path, "mradermacher/Meta-Llama-3-8B-Instruct-i1-GGUF"),
                                                "mradermacher/Meta-Llama-3-8B-Instruct-i1-GGUF")]
    assert "TheBloke/KafkaLM-70B-German-V0.1-GGUF" not in found


def test_a_middle_repo_with_files_licscan_could_not_read_stays_unknown(tmp_path):
    # its LICENSE gated: what it declares is not known, so it does not stand aside for its bases
    from dataclasses import replace

    dpo = _trl(tmp_path / "dpo", "someuser/bert-dpo", "someuser/bert-sft")
    sft = replace(_trl(tmp_path / "sft", "someuser/bert-sft", "google-bert/bert-base-uncased"), complete=False,
                  problems=("LICENSE: gated, not readable without access (HF_TOKEN)",))
    result, ancestors = judged(dpo, _fetch({"someuser/bert-sft": sft, "google-bert/bert-base-uncased": _bert_repo(tmp_path)}))
    assert ancestors[0].license_id == "unknown"
    assert result.verdict == "unknown", result.reasons
