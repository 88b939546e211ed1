"""Restrictions a model card states in its own words (issue 15 item 5), on real cards: a restriction that
spans a comma, one whose subject is the model together with its outputs or data, "contact us for
commercial use", and the wordings in other languages; and the sentences about something else that stay
no restriction.

Each card is a real card from benchmarks/real_cards/cases (copied byte for byte from a public GitHub copy
of the Hub repo; its case.yaml names the source): cross-encoder/ms-marco-MiniLM-L-2-v2 declares
`license: apache-2.0` and its prose names no restriction, so a sentence added to it (a "## License"
section at its end, as cards put one) decides alone. The added sentences are written for these tests
unless a test names the card they come from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.classify.card_words import load_card_words
from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project, Result
from licscan.rules import load_knowledge_base
from licscan.sources.local import LocalSource

CASES = Path(__file__).resolve().parents[1] / "benchmarks" / "real_cards" / "cases"
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)
COMMERCIAL = Evaluator(KB, Project(name="p", use="commercial"), today="2026-01-01")
CROSS_ENCODER = (CASES / "cross-encoder__ms-marco-MiniLM-L-2-v2" / "files" / "README.md").read_text(encoding="utf-8")


def judge(tmp_path: Path, card: str) -> Result:
    """The commercial-use result of a local checkpoint folder whose README.md is ``card``."""
    folder = tmp_path / "m"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(card, encoding="utf-8")
    evidence = LocalSource(tmp_path, str(tmp_path / "models.lock")).fetch(ManifestEntry("m", "local", 1))
    classification = CLASSIFIER.classify(evidence)
    return COMMERCIAL.evaluate(evidence, classification)


def with_license_section(sentence: str) -> str:
    return CROSS_ENCODER.rstrip("\n") + "\n\n## License\n\n" + sentence + "\n"


def test_the_base_card_alone_is_allowed(tmp_path):
    result = judge(tmp_path, CROSS_ENCODER)
    assert (result.classification.candidates, result.verdict) == (("apache-2.0",), "allowed")


@pytest.mark.parametrize("sentence, rule_id", [
    ("Commercial use, however, is prohibited.", "card-non-commercial"),
    ("Use of this model, for commercial purposes, is not permitted.", "card-non-commercial"),
    ("This model is released for research purposes only, and, therefore, commercial use is prohibited.", "card-research-only"),
])
def test_a_restriction_spanning_a_comma_denies_commercial_use_quoted(tmp_path, sentence, rule_id):
    result = judge(tmp_path, with_license_section(sentence))
    assert rule_id in result.classification.candidates and result.verdict == "denied"
    assert any(sentence.rstrip(".") in note for note in result.classification.notes)


def test_the_headline_says_the_restriction_is_the_cards_own_not_a_base_models(tmp_path):
    result = judge(tmp_path, with_license_section("Commercial use, however, is prohibited."))
    assert result.classification.license_id == "card-non-commercial" and not result.ancestors
    assert result.classification.basis.startswith("card-non-commercial applies (the checkpoint's own card or files state it)")


def test_a_comma_does_not_turn_a_dataset_restriction_into_the_models(tmp_path):
    # cut at its comma, "is for non-commercial use only" had lost its subject and restricted the model
    result = judge(tmp_path, with_license_section("The dataset, however, is for non-commercial use only."))
    assert result.classification.candidates == ("apache-2.0",) and result.verdict == "allowed"


@pytest.mark.parametrize("sentence", [
    # Qwen/Qwen-1_8B-Chat's card, verbatim (English and Chinese)
    "For commercial use, please contact us.",
    "如需商用，请联系我们。",
    "Please contact us for commercial use.",
    "If you want to use the model for commercial purposes, please contact us.",
    "Use for commercial purposes requires prior written permission.",
    "Please contact us to obtain a commercial license.",
    "If you are interested in commercial use, please contact us.",
    # leaves commercial use to the authors more than it forbids it
    "Commercial use is not permitted without prior written permission.",
])
def test_commercial_use_left_to_the_authors_permission_is_other_restricted_and_denied(tmp_path, sentence):
    # categories.md: "commercial use allowed only after registration, application or approval" is
    # other-restricted; the card grants nothing until the authors approve, so commercial use is denied
    result = judge(tmp_path, with_license_section(sentence))
    assert result.classification.license_id == "card-commercial-permission"
    assert result.classification.category == "other-restricted" and result.verdict == "denied"
    assert any(sentence.rstrip("。.") in reason for reason in result.reasons + result.classification.notes)


def test_a_commercial_inquiries_contact_line_is_no_restriction(tmp_path):
    result = judge(tmp_path, with_license_section("For commercial inquiries, please contact us."))
    assert result.classification.candidates == ("apache-2.0",) and result.verdict == "allowed"


@pytest.mark.parametrize("sentence, rule_id", [
    ("The model and its outputs may not be used for commercial purposes.", "card-non-commercial"),
    ("The model and dataset are released for research purposes only.", "card-research-only"),
    ("This model is provided as is for non-commercial research only.", "card-research-only"),
    ("The model weights, code and data are released for research purposes only.", "card-research-only"),
    ("The model, trained on public data, is for research purposes only.", "card-research-only"),
    ("The code is MIT, but the model is for research purposes only.", "card-research-only"),
    # fourth review: the model is the sentence's subject, though data or outputs are named nearer the phrase
    ("This model was fine-tuned on our data and is for non-commercial use only.", "card-non-commercial"),
    ("This model was trained on public data and must not be used for commercial purposes.", "card-non-commercial"),
    ("This model was fine-tuned on the Alpaca dataset and is for research use only.", "card-research-only"),
    ("The model trained on GPT-4 outputs is for research use only.", "card-research-only"),
    ("The outputs of this model and the model itself may not be used commercially.", "card-non-commercial"),
    ("This model, because it was trained on ChatGPT outputs, must not be used commercially.", "card-non-commercial"),
    ("This model, whose data came from GPT-4, may not be used commercially.", "card-non-commercial"),
    ("As the data is from GPT-4, it is for research use only.", "card-research-only"),
])
def test_a_restriction_on_the_model_with_its_outputs_or_data_restricts_the_model(tmp_path, sentence, rule_id):
    result = judge(tmp_path, with_license_section(sentence))
    assert rule_id in result.classification.candidates and result.verdict == "denied"
    assert any(sentence.rstrip(".") in note for note in result.classification.notes)


@pytest.mark.parametrize("sentence", [
    "The training data may not be used for commercial purposes.",
    "The model was trained on data released for research purposes only.",
    "The dataset used to train the model is for research only.",
    "Outputs of ChatGPT may not be used for commercial purposes, per OpenAI terms.",
    "Outputs generated by the model may not be used for commercial purposes.",
    "The model weights are released under Apache 2.0, but the training data is for research purposes only.",
    "The authors accept no liability for any use of the model, including research only use.",
    "There are no commercial use restrictions.",
    "The weights are MIT, the data, however, is for research purposes only.",
    # fourth review: the dataset is the subject of both verbs; "not only"; another model, models compared with
    # and a benchmark are what is restricted
    "The dataset was collected from the web and is for research use only.",
    "This model can be used for commercial purposes, not only for research.",
    "Unlike Alpaca, which is for research use only, this model may be used commercially.",
    "We compare with models released for research use only.",
    "The evaluation benchmark is for research use only.",
])
def test_a_restriction_on_data_outputs_or_in_a_disclaimer_is_not_the_models(tmp_path, sentence):
    result = judge(tmp_path, with_license_section(sentence))
    assert result.classification.candidates == ("apache-2.0",) and result.verdict == "allowed", sentence


@pytest.mark.parametrize("sentence, rule_id", [
    ("The model is licensed under a non-commercial license.", "card-non-commercial"),
    ("The model is for non-commercial use.", "card-non-commercial"),
    ("You may not use this model commercially.", "card-non-commercial"),
    ("No commercial use.", "card-non-commercial"),
    ("Die Nutzung für kommerzielle Zwecke ist nicht gestattet.", "card-non-commercial"),
    ("Das Modell ist nur für Forschungszwecke bestimmt.", "card-research-only"),
    ("L'utilisation commerciale est interdite.", "card-non-commercial"),
    ("Usage non commercial uniquement.", "card-non-commercial"),
    ("Ce modèle est destiné uniquement à des fins de recherche.", "card-research-only"),
    ("本模型仅可用于学术研究。", "card-research-only"),
    ("This model may only be used for non-commercial purposes.", "card-non-commercial"),
    ("The use of this model is restricted to research.", "card-research-only"),
    ("Research use only.", "card-research-only"),
    ("For personal use only.", "card-non-commercial"),
    ("Commercial use is strictly prohibited.", "card-non-commercial"),
    ("Réservé à un usage non commercial.", "card-non-commercial"),
    ("Uso exclusivamente no comercial.", "card-non-commercial"),
    ("Solo para fines de investigación.", "card-research-only"),
    ("商用利用は禁止されています。", "card-non-commercial"),
    ("本モデルは研究目的でのみ使用できます。", "card-research-only"),
])
def test_more_wordings_and_languages_of_the_same_restriction_deny(tmp_path, sentence, rule_id):
    result = judge(tmp_path, with_license_section(sentence))
    assert rule_id in result.classification.candidates and result.verdict == "denied"


def test_the_stable_diffusion_intended_use_sentence_stays_a_description():
    # stabilityai/sdxl-turbo (a real case), "Direct Use": the OpenRAIL card's intended use, not a term
    card = (CASES / "stabilityai__sdxl-turbo" / "files" / "README.md").read_text(encoding="utf-8")
    assert "The model is intended for research purposes only." in card
    assert load_card_words().restriction("The model is intended for research purposes only.") is None
    # an intended use that excludes commercial use is the authors' word against it, a term (tests/test_review19_restrictions.py);
    # one that includes it says nothing against it (stabilityai/stable-video-diffusion-img2vid-xt's card)
    assert load_card_words().restriction("The model is intended for both non-commercial and commercial usage.") is None


def test_a_restriction_phrase_without_the_words_clauses_are_screened_for_is_refused(tmp_path):
    # clauses with none of `restriction_words` are not matched against the phrases, so a phrase that has
    # none of them would never be read: the card words refuse it when loaded
    import shutil

    import yaml

    from licscan.errors import InputError
    from licscan.rules import default_dirs

    shutil.copytree(default_dirs()[0] / "card-words", tmp_path / "card-words")
    phrases_file = tmp_path / "card-words" / "phrases.yaml"
    phrases = yaml.safe_load(phrases_file.read_text(encoding="utf-8"))
    phrases["restrictions"]["non-commercial"].append("nur zum Vergnügen")
    phrases_file.write_text(yaml.safe_dump(phrases, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="nur zum Vergnügen"):
        load_card_words(tmp_path / "card-words")


@pytest.mark.parametrize("sentence", [
    # third review: contractions, a statement of purpose before the restriction, Korean and Russian
    "You can\u2019t use this model for commercial purposes.",
    "The model mustn't be used for commercial purposes.",
    "This model was designed for academic benchmarking and may not be used for commercial purposes.",
    "The weights are primarily shared for the community and must not be used commercially.",
    "이 모델은 비상업적 용도로만 사용할 수 있습니다.",
    "Эта модель предназначена только для некоммерческого использования.",
])
def test_a_restriction_after_a_contraction_a_purpose_or_in_korean_or_russian_denies(tmp_path, sentence):
    result = judge(tmp_path, with_license_section(sentence))
    assert "card-non-commercial" in result.classification.candidates and result.verdict == "denied", result.reasons
