"""How the classifier reads a card's own words (third review): characters that disguise a restriction,
a sentence that puts the weights under a license licscan does not know, the terms in the Hub access
gate's YAML fields, Chinese and Japanese license statements.

Each card is the real BERT card (benchmarks/real_cards/cases/google-bert__bert-base-uncased: `license:
apache-2.0` and the Apache LICENSE, allowed as it is) with one sentence or field added, or a real card
of the benchmark as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.model import Evidence, ManifestEntry, Project, Result
from licscan.normalize import card_characters
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource
from tests.real_card_sample import case_files

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "benchmarks" / "real_cards" / "cases"
BERT = CASES / "google-bert__bert-base-uncased" / "files"
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)


def _judge(folder: Path) -> Result:
    evidence = LocalSource(folder, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


def bert(tmp_path: Path, appended: str = "", front_matter: str = "", files: dict[str, str] | None = None) -> Result:
    """The BERT card with ``appended`` as a last section and ``front_matter`` lines after its `license:`."""
    card = (BERT / "README.md").read_text(encoding="utf-8")
    if front_matter:
        assert "license: apache-2.0\n" in card
        card = card.replace("license: apache-2.0\n", "license: apache-2.0\n" + front_matter, 1)
    (tmp_path / "README.md").write_text(card + appended, encoding="utf-8")
    (tmp_path / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return _judge(tmp_path)


def case(folder: str) -> Result:
    evidence: Evidence = LocalSource(CASES / folder, "models.lock").fetch(ManifestEntry(ref="files", kind="local", line=1))
    evidence = replace(evidence, entry=ManifestEntry(ref=folder.replace("__", "/", 1), kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


def test_the_bert_card_as_it_is_is_allowed(tmp_path):
    assert bert(tmp_path).verdict == "allowed"


# --- characters that disguise a restriction ---------------------------------------------------------

RESTRICTION = "\n## Terms of use\n\nThis model is for non-commercial use only.\n"
DISGUISES = {
    "no-break hyphen U+2011": ("non-commercial", "non\u2011commercial"),
    "hyphen U+2010": ("non-commercial", "non\u2010commercial"),
    "en dash": ("non-commercial", "non\u2013commercial"),
    "soft hyphen": ("non-commercial", "non-com\u00admercial"),
    "zero-width space": ("non-commercial", "non\u200b-commercial"),
    "no-break space": ("commercial use", "commercial\u00a0use"),
    "full-width letters": ("non-commercial", "\uff4e\uff4f\uff4e-\uff43\uff4f\uff4d\uff4d\uff45\uff52\uff43\uff49\uff41\uff4c"),
    "Cyrillic o in Latin words": ("non-commercial", "n\u043en-c\u043emmercial"),
    # fourth review: a minus sign, default-ignorable code points, small capitals, a combining mark on a Latin
    # letter; and as the Hub renders Markdown, an inline HTML tag and a character reference
    "minus sign U+2212": ("non-commercial", "non\u2212commercial"),
    "combining grapheme joiner U+034F": ("non-commercial", "non-com\u034fmercial"),
    "Mongolian vowel separator U+180E": ("non-commercial", "non-com\u180emercial"),
    "Latin small capitals": ("non-commercial", "\u0274\u1d0f\u0274-\u1d04\u1d0f\u1d0d\u1d0d\u1d07\u0280\u1d04\u026a\u1d00\u029f"),
    "combining dot above on i": ("non-commercial", "non-commerci\u0307al"),
    "inline HTML tag": ("non-commercial", "<b>non-commercial</b>"),
    "HTML tags with attributes": ("This model is for non-commercial use only.",
                                  '<p align="center">This model is for <span style="color:red">non-commercial</span> use only.</p>'),
    "character reference": ("non-commercial", "non&#8209;commercial"),
    "named character reference": ("use only", "use&nbsp;only"),
}


@pytest.mark.parametrize("disguise", DISGUISES, ids=list(DISGUISES))
def test_a_restriction_written_with_disguising_characters_still_restricts(tmp_path, disguise):
    plain, disguised = DISGUISES[disguise]
    sentence = RESTRICTION.replace(plain, disguised)
    assert sentence != RESTRICTION
    result = bert(tmp_path, sentence)
    assert result.verdict == "denied" and "card-non-commercial" in result.classification.candidates
    assert any("“This model is for non-commercial use only”" in note for note in result.classification.notes)


def test_research_only_in_strong_tags_restricts_quoted_without_the_tags(tmp_path):
    result = bert(tmp_path, "\n## Terms of use\n\nThis model is for <strong>research</strong> use only.\n")
    assert result.verdict == "denied" and "card-research-only" in result.classification.candidates
    assert any("“This model is for research use only”" in note for note in result.classification.notes)


def test_a_word_in_another_script_is_not_folded_to_latin():
    # a Russian card stays Russian: only a word mixing Latin letters with look-alikes is a disguised Latin one
    russian = "Модель предназначена только для исследований."
    assert card_characters(russian) == russian
    assert card_characters("n\u043en-c\u043emmercial \u043e\u043d") == "non-commercial \u043e\u043d"
    # nor Chinese punctuation to ASCII: the reasons quote the card's own sentence
    zh = "M3E models 使用的数据集中包括大量非商用的数据集，所以 M3E models 也是非商用的，仅供研究使用。"
    assert card_characters(zh) == zh
    # nor the dashes of other scripts, nor a letter that NFC composes with its mark
    assert card_characters("ウェーブ〜ダッシュ, réserv\u00e9e, e\u0301") == "ウェーブ〜ダッシュ, réservée, \u00e9"


# --- the weights under a license licscan does not know ----------------------------------------------

def test_weights_released_under_an_unknown_license_beside_apache_are_unknown(tmp_path):
    result = bert(tmp_path, "\n## License\n\nThe model weights are released under the Acme Community License v1.\n")
    assert result.verdict == "unknown"
    assert any("the card says the weights are under “Acme Community License v1”, which licscan does not know" in c
               for c in result.classification.conflicts)


def test_weights_subject_to_linked_terms_licscan_did_not_read_are_unknown(tmp_path):
    card = ("\n## License\n\nThe code is released under Apache 2.0. Use of the model weights is subject to "
            "the [Model Terms](MODEL_TERMS.md).\n")
    (tmp_path / "missing").mkdir()
    (tmp_path / "present").mkdir()
    result = bert(tmp_path / "missing", card)   # the linked file is not in the repo
    assert result.verdict == "unknown"
    assert any("“Model Terms”" in c and "MODEL_TERMS.md" in c for c in result.classification.conflicts)
    # a linked terms file that is there is read (review3a), and its own text decides: here no known license
    terms = "# Acme Model Terms\n\nThe model weights may be used for non-commercial research purposes only.\n"
    result = bert(tmp_path / "present", card, files={"MODEL_TERMS.md": terms})
    assert result.verdict == "unknown"
    assert "MODEL_TERMS.md does not match any known license text" in result.classification.conflicts


def test_weights_under_an_unknown_license_with_no_license_metadata_are_unknown(tmp_path):
    (tmp_path / "README.md").write_text("---\ntags: [x]\n---\n# Model\n## License\n"
                                        "The model weights are released under the Acme Community License v1.\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_bytes((BERT / "LICENSE").read_bytes())
    result = _judge(tmp_path)
    assert result.verdict == "unknown"
    assert any("“Acme Community License v1”, which licscan does not know" in c for c in result.classification.conflicts)


@pytest.mark.parametrize("sentence", [
    "The model weights are released under the same license as the base model.",
    "This model is licensed under the license of the original model.",
])
def test_a_sentence_giving_the_weights_their_bases_license_names_no_license_and_asks_for_the_base(tmp_path, sentence):
    # no new license is named (weights_terms says nothing), but the base whose license it gives is none licscan reads
    # (review46): unknown until the card declares it; with base_model declared, lineage decides (here: not followed)
    (tmp_path / "no-base").mkdir()
    (tmp_path / "base").mkdir()
    result = bert(tmp_path / "no-base", f"\n## License\n\n{sentence}\n")
    assert result.verdict == "unknown"
    assert not any("which licscan does not know" in c for c in result.classification.conflicts)
    assert any("names no base" in c and "declare base_model" in c for c in result.classification.conflicts)
    result = bert(tmp_path / "base", f"\n## License\n\n{sentence}\n", front_matter="base_model: google-bert/bert-base-cased\n")
    assert result.verdict == "allowed", result.classification.conflicts


@pytest.mark.parametrize("sentence", [
    "The model weights are available under the terms of the license below.",
    "The model weights are released under the Apache License 2.0.",
    "The training dataset of this model is released under the Acme Data License.",
    "The model is provided by Google under the Apache License.",
    "The model weights are released under a permissive license.",
    "Use of this model is subject to the terms of the [LICENSE](LICENSE).",
])
def test_a_sentence_that_names_no_new_license_for_the_weights_leaves_apache_allowed(tmp_path, sentence):
    result = bert(tmp_path, f"\n## License\n\n{sentence}\n")
    assert result.verdict == "allowed", result.classification.conflicts


def test_a_known_license_named_for_the_weights_is_not_called_unknown(tmp_path):
    result = bert(tmp_path, "\n## License\n\nThe model weights are released under the Llama 3 Community License.\n")
    assert "llama3" in result.classification.candidates
    assert not any("which licscan does not know" in c for c in result.classification.conflicts)


def test_real_cards_naming_their_license_by_its_vendor_or_family_are_not_made_unknown():
    # "Use of this model is governed by the Meta license" (Llama 2); "released under a Creative Commons license
    # for non-commercial use" beside BRIA's own non-commercial license
    llama2 = case("meta-llama__Llama-2-7b-chat-hf")
    assert llama2.classification.license_id == "llama2" and llama2.verdict != "unknown"
    bria = case("briaai__RMBG-1.4")
    assert (bria.classification.category, bria.verdict) == ("non-commercial", "denied")


# --- the Hub access gate ----------------------------------------------------------------------------

def test_a_non_commercial_checkbox_in_the_access_gate_restricts_the_model(tmp_path):
    result = bert(tmp_path, front_matter="extra_gated_fields:\n  I agree to use this model for non-commercial use ONLY: checkbox\n")
    assert result.verdict == "denied" and "card-non-commercial" in result.classification.candidates
    assert any("access gate" in note and "“I agree to use this model for non-commercial use ONLY”" in note for note in result.classification.notes)


def test_a_prompt_in_the_access_gate_that_prohibits_commercial_use_restricts_the_model(tmp_path):
    result = bert(tmp_path, front_matter='extra_gated_prompt: "You agree to not use the model for commercial purposes. '
                                         'Commercial use is prohibited."\nextra_gated_fields:\n  Company: text\n  Country: country\n')
    assert result.verdict == "denied"
    assert any("access gate" in note and "Commercial use is prohibited" in note for note in result.classification.notes)


def test_real_gated_cards_read_through_their_access_gate():
    # fishaudio's gate: "I agree to use this model for non-commercial use ONLY" beside cc-by-nc-sa-4.0
    fish = case("fishaudio__openaudio-s1-mini")
    assert any("access gate" in note and "non-commercial use ONLY" in note for note in fish.classification.notes)
    assert fish.verdict == "denied"
    # Llama 3.1's gate holds the whole license and a form: no restriction of its own, the license decides
    llama = case("meta-llama__Llama-3.1-8B-Instruct")
    assert llama.classification.license_id == "llama3.1" and not any("access gate" in note for note in llama.classification.notes)
    assert "card-non-commercial" not in llama.classification.candidates


# --- Chinese and Japanese license statements ---------------------------------------------------------

@pytest.mark.parametrize("section", [
    "\n## 许可证\n\n模型权重采用 CC BY-NC 4.0 许可证发布。\n",
    "\n## 许可证\n\n本仓库代码采用 Apache 2.0 许可证。模型权重采用 CC BY-NC 4.0 许可证发布。\n",
    "\n## ライセンス\n\nコードは Apache 2.0 ライセンスです。モデルの重みは CC BY-NC 4.0 ライセンスで公開されています。\n",
    "\n## Lizenz\n\nDer Code steht unter Apache 2.0. Die Modellgewichte werden unter CC BY-NC 4.0 veröffentlicht.\n",
], ids=["zh", "zh-code-and-weights", "ja-code-and-weights", "de-code-and-weights"])
def test_a_chinese_or_japanese_sentence_giving_the_weights_a_stricter_license_applies(tmp_path, section):
    result = bert(tmp_path, section)
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates


def test_the_pattern_that_finds_compatibility_letters_finds_exactly_the_ones_folded():
    # normalize writes the class as runs of code points (a class of ~1,200 single characters was 20x slower):
    # over all of Unicode it finds every character the table folds and no other
    from licscan.normalize import _compatibility_letters

    table, pattern = _compatibility_letters()
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert set(pattern.findall(every)) == {chr(code) for code in table} and len(table) > 1000


def test_the_words_every_prose_form_holds_leave_no_real_license_statement_unread(monkeypatch):
    # prose._PROSE_WORDS: a statement with none of them is not read for a license; on real card files the
    # statements read without that test name the same licenses (on a spread of ~400 cases, tests/real_card_sample.py)
    from licscan.classify.strategies import prose

    texts = [path.read_text(encoding="utf-8", errors="replace")
             for path in case_files(400, "*.md")]
    gated = [prose.prose_licenses(KB, text) for text in texts]
    monkeypatch.setattr(prose, "_PROSE_WORDS", re.compile(r""))
    assert [prose.prose_licenses(KB, text) for text in texts] == gated
    assert sum(bool(found) for found in gated) > 100
