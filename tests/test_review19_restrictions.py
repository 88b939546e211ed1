"""review19's fail-opens F2-F5: cards whose words ban commercial use that licscan allowed. English bans said with a verb
of permission denied ("does not permit", "We do not allow", "prohibited from"), what the model is licensed or available
for when that is research and non-commercial use; an intended use that is non-commercial use, or a research purpose a
ban of commercial deployment follows; "is not allowed" in Spanish, Polish, French, German and Russian with the words
between that real cards put there, Japanese 商業利用; "strictly non-commercial" with an aside after it; a one-row table of
the model's license after a sentence that mentions benchmarks.

Each card is the real BERT card (benchmarks/real_cards/cases/google-bert__bert-base-uncased: `license: apache-2.0`
and the Apache LICENSE) with one section added. Beside each ban, the benign twin that must stay allowed: the negated
ban, a dataset's or the outputs' restriction, an intended use that does not exclude commercial use, results that lead
into a table of other models.
"""

from __future__ import annotations

import pytest

from tests.test_weights_terms_and_license_keys import bert


@pytest.mark.parametrize("sentence, rule_id", [
    # item 1: English
    ("Its license does not permit commercial use.", "card-non-commercial"),
    ("We do not allow commercial use of this model.", "card-non-commercial"),
    ("The license doesn't allow you to use the model for commercial purposes.", "card-non-commercial"),
    ("This model is prohibited from commercial use.", "card-non-commercial"),
    ("You are prohibited from using these weights for commercial purposes.", "card-non-commercial"),
    ("The model is licensed for research and non-commercial use.", "card-non-commercial"),
    ("This model is available for academic research and non-commercial use.", "card-non-commercial"),
    # item 2: the intended use, when it excludes commercial use or a ban of commercial deployment follows it
    ("This model is intended for non-commercial use only.", "card-non-commercial"),
    ("This model is intended for non-commercial academic research use only.", "card-non-commercial"),
    ("This model is not intended for commercial use.", "card-non-commercial"),
    ("This model is designed for academic research purposes only and must not be deployed in products.", "card-research-only"),
    # item 3: other languages' "is not allowed"
    ("El uso comercial de este modelo no está permitido.", "card-non-commercial"),
    ("No se permite el uso comercial de este modelo.", "card-non-commercial"),
    ("No está permitido el uso comercial sin autorización expresa.", "card-commercial-permission"),
    ("Komercyjne wykorzystanie modelu nie jest dozwolone.", "card-non-commercial"),
    ("L'utilisation commerciale de ce modèle n'est pas autorisée.", "card-non-commercial"),
    ("Eine kommerzielle Nutzung ist ohne vorherige schriftliche Zustimmung nicht gestattet.", "card-commercial-permission"),
    ("Коммерческое использование модели без письменного разрешения запрещено.", "card-commercial-permission"),
    ("本モデルの商業利用は禁止されています。", "card-non-commercial"),
    # item 4: "strictly non-commercial" with an aside after it
    ("Use of these weights is strictly non-commercial (academic and personal projects).", "card-non-commercial"),
])
def test_a_ban_of_commercial_use_in_these_words_denies(tmp_path, sentence, rule_id):
    result = bert(tmp_path, f"\n## License\n\n{sentence}\n")
    assert rule_id in result.classification.candidates, (result.classification.candidates, result.reasons)
    assert result.verdict == "denied"
    # quoted whole (the full stop after a Latin letter ends the sentence, so is not quoted)
    assert any(f"“{sentence}”" in reason or f"“{sentence[:-1]}”" in reason for reason in result.reasons), result.reasons


def test_an_intended_non_commercial_use_with_a_contact_for_commercial_inquiries_denies(tmp_path):
    # MonkeyOCR's card (echo840/MonkeyOCR), its "Copyright" section, the address changed
    section = ("\n## Copyright\n\nThis model is intended for non-commercial use. For commercial inquiries, please contact "
               "foo@acme.example.\n")
    result = bert(tmp_path, section)
    assert "card-non-commercial" in result.classification.candidates and result.verdict == "denied", result.reasons


@pytest.mark.parametrize("sentence", [
    # item 1's twins: the negated ban, another thing's restriction, a grant of both
    "Its license does not prohibit commercial use.",
    "The license does not only permit commercial use, it encourages it.",
    "This model is not prohibited from commercial use.",
    "The model is licensed for commercial and non-commercial use.",
    "The model is available for research and non-commercial use as well as commercial use.",
    "The dataset is available for academic research and non-commercial use.",
    "We do not allow commercial use of the outputs.",
    # item 2's: the intended-use template of research (Stable Diffusion's, Phi-2's), what the model is unfit for, an
    # intended use that includes commercial use (stabilityai/stable-video-diffusion-img2vid-xt)
    "The model is intended for research purposes only.",
    "This model is designed for academic research purposes only and may not perform well in production.",
    "This model is intended for research purposes only and should not be used for clinical diagnosis.",
    "This model is intended for research purposes only and should not be used in production without further testing.",
    "The model is intended for both non-commercial and commercial usage.",
    "The dataset is intended for non-commercial use.",
    # item 3's: allowed, negated, not forbidden
    "El uso comercial de este modelo está permitido.",
    "No solo está permitido el uso comercial, sino que se fomenta.",
    "Komercyjne wykorzystanie modelu jest dozwolone.",
    "L'utilisation commerciale de ce modèle n'est pas interdite.",
    "Eine kommerzielle Nutzung ist ohne vorherige Zustimmung gestattet.",
    "Коммерческое использование модели разрешено без письменного разрешения.",
    "本モデルの商業利用は禁止されていません。",
    # item 4's: a dataset's, and a kind of license another model has
    "The training data is strictly non-commercial (academic and personal projects).",
    "Unlike models under strictly non-commercial licenses, this model is released under Apache 2.0.",
])
def test_the_benign_twins_stay_allowed(tmp_path, sentence):
    result = bert(tmp_path, f"\n## License\n\n{sentence}\n")
    assert result.verdict == "allowed", (result.classification.candidates, result.reasons)


_TABLE = "| Model | Parameters | License |\n|---|---|---|\n| Foo-7B | 7B | CC BY-NC 4.0 |\n"


def test_a_one_row_table_after_a_sentence_that_mentions_benchmarks_is_the_models(tmp_path):
    # item 5: the sentence says how the model does on benchmarks; it leads into no table of results
    section = f"\n## Foo-7B\n\nFoo-7B is a 7B chat model by Acme that performs strongly on standard benchmarks.\n\n{_TABLE}"
    result = bert(tmp_path, section)
    assert "cc-by-nc-4.0" in result.classification.candidates and result.verdict == "denied", result.reasons


@pytest.mark.parametrize("lead", ["## Benchmarks", "Results on standard benchmarks:", "**Leaderboard**"])
def test_a_one_row_table_results_lead_into_is_another_models(tmp_path, lead):
    assert bert(tmp_path, f"\n{lead}\n\n{_TABLE}").verdict == "allowed"
