"""Review57 of acc59: the denial "based on the Transformer structure" (the official Yi cards' "Both Yi and Llama are based on
the Transformer structure, which has been ...") took out the words of any sentence going on to name a model ("based on the
Transformer architecture: [X](hub)", "built on the transformer decoder of [X]", "based on the transformer model X"), and
that model then had no base cue left: a non-commercial base passed. It names no base only where the clause ends there.
Also: "trained on <data>, starting from `org/x`" (a comma between), "we used the original `org/x` model and
instruction-tuned it", "further pretraining [X](hub) on code" (no preposition before the repo) name the source.

Each card is the real 01-ai/Yi-9B-200K card of the benchmark with its Transformer sentence replaced by one that names the
CC BY-NC 4.0 case facebook/nllb-200-1.3B as what the model was made from: it must not pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_acc59_prose_bases import NC, YI_SENTENCE, _copy
from tests.test_lineage_round11 import hub, judged, local

NC_LINK = "[nllb-200-1.3B](https://huggingface.co/facebook/nllb-200-1.3B)"
MIT = (Path(__file__).resolve().parent.parent / "license_texts" / "mit.txt").read_bytes()


@pytest.mark.parametrize("sentence", [
    f"- Acme-7B is based on the Transformer architecture: {NC_LINK}, which has been the standard architecture",
    f"- Acme-7B is built on the transformer decoder of {NC_LINK}, which has been the standard architecture",
    f"- Acme-7B is based on the Transformer architecture ({NC_LINK}), which has been the standard architecture",
    "- Acme-7B is based on the transformer model facebook/nllb-200-1.3B, which has been the standard architecture",
    f"- Acme-7B is based on the Transformer architecture, namely {NC_LINK}, which has been the standard architecture",
    f"- Acme-7B is built upon the Transformer backbone of {NC_LINK}, which has been the standard architecture",
])
def test_a_transformer_sentence_going_on_to_name_a_model_names_that_base(tmp_path, sentence):
    folder = _copy(tmp_path, "01-ai__Yi-9B-200K", {YI_SENTENCE: sentence})
    result = judged(local(folder, "acme/Acme-7B"), hub({"facebook/nllb-200-1.3B": NC}))
    assert result.verdict == "denied", result.reasons


@pytest.mark.parametrize("sentence", [
    "- Both Acme and Llama are based on the Transformer structure, which has been the standard architecture",
    "- Acme-7B is based on the transformer architecture. It has been the standard architecture",
    "- Acme-7B (based on the Transformer) has been the standard architecture",
])
def test_a_transformer_sentence_whose_clause_ends_there_names_no_base(tmp_path, sentence):
    folder = _copy(tmp_path, "01-ai__Yi-9B-200K", {YI_SENTENCE: sentence})
    result = judged(local(folder, "acme/Acme-7B"), hub({}))
    assert result.verdict == "conditional", result.reasons
    assert not any("llama" in reason.lower() and "base" in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("sentence", [
    "GPT-2 finetuned on PubMed, starting from `facebook/nllb-200-1.3B`.",
    "We used the original `facebook/nllb-200-1.3B` model and instruction-tuned it on our data.",
    f"It was developed by further pretraining {NC_LINK} on code.",
])
def test_other_words_for_what_the_model_was_made_from(tmp_path, sentence):
    # beside an MIT LICENSE of the model's own: a fine-tune carries its base's terms whatever its own license
    (tmp_path / "README.md").write_text(f"# Acme-7B\n\nAcme-7B is a text model.\n\n{sentence}\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_bytes(MIT)
    result = judged(local(tmp_path, "acme/Acme-7B"), hub({"facebook/nllb-200-1.3B": NC}))
    assert result.verdict == "denied", result.reasons
