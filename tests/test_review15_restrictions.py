"""Restrictions the fifteenth review found read as nothing, each on real words: the real BERT card of benchmarks/real_cards
(`license: apache-2.0` and its Apache LICENSE, allowed as it is) with one sentence added, in a section or in its access
gate. Plain-English commercial bans and commercial use left to a paid license (F8), research or academic use only
(F6), the same restrictions in Italian, Portuguese, Dutch, Polish, Vietnamese, Indonesian, Turkish and Arabic (F2), and
the false block of a dataset's non-commercial terms read as the model's. Beside each, the sentences of the same shape
that grant or deny nothing, which must stay allowed.
"""

from __future__ import annotations

import pytest

from licscan.classify.card_words import load_card_words
from tests.test_card_text_reading import CASES, bert, case


def _quoted(result, words: str) -> bool:
    return any(words in reason for reason in result.reasons)


# --- F8: commercial use forbidden, or left to a license the card's license does not grant -------------------------

@pytest.mark.parametrize(("appended", "rule"), [
    ("Use in commercial products is not permitted.", "card-non-commercial"),
    ("Use of this model for profit is prohibited.", "card-non-commercial"),
    ("This model may not be used for profit.", "card-non-commercial"),
    ("You may not monetize this model or any derivative of it.", "card-non-commercial"),
    ("Do not sell this model or use it in paid products.", "card-non-commercial"),
    ("You may use this model for personal projects only.", "card-non-commercial"),
    ("Enterprise use requires a commercial license from Acme.", "card-commercial-permission"),
    ("Production use requires a paid license.", "card-commercial-permission"),
    ("This model is free for hobbyists; businesses must purchase a license.", "card-commercial-permission"),
    ("Enterprises need a paid license.", "card-commercial-permission"),
    ("For business use, please reach out to partnerships@acme.ai.", "card-commercial-permission"),
    ("Interested in commercial use? Contact sales@acme.ai.", "card-commercial-permission"),
    ("Commercial licenses are available at https://acme.ai/pricing.", "card-commercial-permission"),
    ("Commercial use requires a separate agreement with Acme.", "card-commercial-permission"),
])
def test_a_plain_english_commercial_ban_or_paid_license_is_read(tmp_path, appended, rule):
    result = bert(tmp_path, "\n## License\n\n" + appended + "\n")
    assert result.verdict == "denied" and rule in result.classification.candidates, result.reasons
    assert _quoted(result, appended.split("?")[0].rstrip(".")), result.reasons


@pytest.mark.parametrize("appended", [
    "Companies with more than $10M in annual revenue must obtain a license.",
    "Free for individuals and organizations with revenue below $1M. Enterprises need a paid license.",
    "If your annual revenue exceeds $1M, you need an enterprise license.",
])
def test_a_revenue_threshold_makes_commercial_use_conditional_with_its_words(tmp_path, appended):
    result = bert(tmp_path, "\n## License\n\n" + appended + "\n")
    assert result.verdict == "conditional" and "card-revenue-threshold" in result.classification.candidates, result.reasons
    assert _quoted(result, "revenue"), result.reasons


@pytest.mark.parametrize("appended", [
    "You may not offer this model as a hosted service (SaaS) to third parties.",
    "Offering this model as a hosted API service is prohibited.",
])
def test_a_ban_on_one_kind_of_commercial_use_makes_commercial_use_conditional_with_its_words(tmp_path, appended):
    result = bert(tmp_path, "\n## License\n\n" + appended + "\n")
    assert result.verdict == "conditional" and "card-commercial-conditions" in result.classification.candidates, result.reasons
    assert _quoted(result, "hosted"), result.reasons


@pytest.mark.parametrize("appended", [
    "You may offer this model as a hosted service.",
    "You may not offer the outputs as a hosted service.",
    "Commercial use: Yes",
    "This model is free for commercial use.",
    "Commercial licenses are not required.",
    "No commercial license is required.",
    "Companies do not need a license to use this model.",
    "You may sell products built with this model.",
    "Commercial products are not prohibited.",
    "Use for profit is permitted.",
    "Non-profit use is welcome, and for-profit use is also permitted.",
    "You can use this model in commercial products.",
    "For business inquiries, please contact us.",
    "This model is free for personal and commercial projects.",
    "Not only for personal projects: commercial use is welcome.",
    "The training data may not be used for profit.",
    "You may not sell this model's outputs.",
    "Apache 2.0 permits commercial use by companies and requires the license and copyright notice to be included.",
    "Business use requires no separate license.",
])
def test_words_that_grant_commercial_use_or_speak_of_something_else_restrict_nothing(tmp_path, appended):
    # (under a usage heading: in a License section, a line naming no license licscan knows leaves the terms unread)
    result = bert(tmp_path, "\n## Usage restrictions\n\n" + appended + "\n")
    assert result.verdict == "allowed", result.reasons


def test_metas_name_for_the_llama_license_is_no_offer_of_a_commercial_license():
    # every Llama 2 / 3 card: "**License** A custom commercial license is available at: https://ai.meta.com/..."
    assert "A custom commercial license is available at" in (CASES / "meta-llama__Meta-Llama-3-8B-Instruct" / "files" /
                                                             "README.md").read_text(encoding="utf-8")
    result = case("meta-llama__Meta-Llama-3-8B-Instruct")
    assert "card-commercial-permission" not in result.classification.candidates, result.reasons
    assert load_card_words().restriction("License: A custom commercial license is available at: https://ai.meta.com/") is None


# --- F6: research or academic use only ------------------------------------------------------------------------------

@pytest.mark.parametrize("appended", ["Strictly for academic purposes.", "This model is strictly for research use."])
def test_strictly_for_academic_or_research_purposes_is_research_only(tmp_path, appended):
    result = bert(tmp_path, "\n## License\n\n" + appended + "\n")
    assert result.verdict == "denied" and "card-research-only" in result.classification.candidates, result.reasons


# --- F2: the same restrictions in other languages, and their "not only" ------------------------------------------------

@pytest.mark.parametrize(("section", "rule"), [
    ("## Licenza\n\nSolo per uso non commerciale.", "card-non-commercial"),
    ("## Licenza\n\nIl modello è rilasciato esclusivamente per uso non commerciale e di ricerca.", "card-non-commercial"),
    ("## Licenza\n\nIl modello può essere utilizzato solo a scopo di ricerca.", "card-research-only"),
    ("## Licenza\n\nÈ vietato l'uso commerciale.", "card-non-commercial"),
    ("## Licença\n\nEste modelo é disponibilizado somente para uso não comercial.", "card-non-commercial"),
    ("## Licença\n\nUso não comercial apenas.", "card-non-commercial"),
    ("## Licença\n\nEste modelo pode ser utilizado apenas para fins de pesquisa, sendo proibido o uso comercial.",
     "card-research-only"),
    ("## Licença\n\nEste modelo não pode ser utilizado para fins comerciais.", "card-non-commercial"),
    ("## Licentie\n\nDit model mag alleen voor niet-commercieel gebruik worden ingezet.", "card-non-commercial"),
    ("## Licentie\n\nCommercieel gebruik is niet toegestaan.", "card-non-commercial"),
    ("## Licencja\n\nModel jest przeznaczony wyłącznie do użytku niekomercyjnego.", "card-non-commercial"),
    ("## Giấy phép\n\nMô hình này chỉ được sử dụng cho mục đích phi thương mại.", "card-non-commercial"),
    ("## Giấy phép\n\nKhông được sử dụng cho mục đích thương mại.", "card-non-commercial"),
    ("## Lisensi\n\nModel ini hanya boleh digunakan untuk tujuan non-komersial.", "card-non-commercial"),
    ("## Lisans\n\nBu model yalnızca ticari olmayan amaçlarla kullanılabilir.", "card-non-commercial"),
    ("## Lisans\n\nBu model ticari amaçlarla kullanılamaz.", "card-non-commercial"),
    ("## الترخيص\n\nهذا النموذج للاستخدام غير التجاري فقط.", "card-non-commercial"),
])
def test_a_restriction_in_another_language_is_read(tmp_path, section, rule):
    result = bert(tmp_path, "\n" + section + "\n")
    assert result.verdict == "denied" and rule in result.classification.candidates, result.reasons


def test_an_italian_access_gate_prompt_is_read(tmp_path):
    result = bert(tmp_path, front_matter='extra_gated_prompt: "Accetto di utilizzare il modello solo per scopi non commerciali."\n')
    assert result.verdict == "denied" and "card-non-commercial" in result.classification.candidates, result.reasons


@pytest.mark.parametrize("section", [
    "## Licenza\n\nL'uso commerciale è consentito.",
    "## Licenza\n\nNon solo per la ricerca: è consentito anche l'uso commerciale.",
    "## Licenza\n\nIl dataset è solo per uso non commerciale.",
    "## Licença\n\nO uso comercial é permitido.",
    "## Licença\n\nNão apenas para fins de pesquisa: o uso comercial é permitido.",
    "## Licentie\n\nCommercieel gebruik is toegestaan.",
    "## Licentie\n\nNiet alleen voor onderzoek, ook commercieel gebruik is toegestaan.",
    "## Licencja\n\nUżycie komercyjne jest dozwolone.",
    "## Licencja\n\nNie tylko do użytku niekomercyjnego.",
    "## Giấy phép\n\nMô hình này được phép sử dụng cho mục đích thương mại.",
    "## Lisensi\n\nModel ini boleh digunakan untuk tujuan komersial.",
    "## Lisensi\n\nModel ini tidak hanya untuk tujuan non-komersial.",
    "## Lisans\n\nBu model ticari amaçlarla kullanılabilir.",
    "## الترخيص\n\nيسمح بالاستخدام التجاري.",
])
def test_words_in_another_language_that_permit_or_deny_the_restriction_restrict_nothing(tmp_path, section):
    assert bert(tmp_path, "\n" + section + "\n").verdict == "allowed"


# --- the false block: a dataset's restriction, said in a relative clause ---------------------------------------------

def test_a_datasets_non_commercial_terms_in_a_relative_clause_are_not_the_models(tmp_path):
    appended = ("Trained on the ShareGPT dataset, which is licensed for non-commercial use only; please check the "
                "dataset terms.")
    assert bert(tmp_path, "\n## Training data\n\n" + appended + "\n").verdict == "allowed"


def test_a_relative_clause_about_the_model_still_restricts_it(tmp_path):
    result = bert(tmp_path, "\n## License\n\nThis model, which is licensed for non-commercial use only, is a BERT.\n")
    assert result.verdict == "denied" and "card-non-commercial" in result.classification.candidates, result.reasons
