"""Review35: cards not in English. Each sentence is appended to the real BERT card (Apache-2.0, its LICENSE verbatim)."""

from __future__ import annotations

import pytest

from tests.test_card_text_reading import bert

# a base said in another language: the base's terms apply
LINEAGE = [
    # ymcui/Chinese-LLaMA-Alpaca's README
    ("这些模型在原版LLaMA的基础上扩充了中文词表并使用了中文数据进行二次预训练，进一步提升了中文基础语义理解能力。", "llama1-weights"),
    ("基座模型：Llama-2-7b-hf", "llama2"),
    ("我们以 Llama-2-7b 作为基座模型，扩充了中文词表。", "llama2"),
    ("本模型由 Llama-2-7b 训练而来。", "llama2"),
    ("ベースモデル: Llama-2-7b-hf", "llama2"),
    ("베이스 모델: Llama-2-7b-hf", "llama2"),
    ("Dieses Modell basiert auf Llama 2 und wurde mit deutschen Instruktionsdaten feinabgestimmt.", "llama2"),
    ("Ce modèle a été affiné à partir de LLaMA-7B sur un corpus d'instructions en français.", "llama1-weights"),
    ("Este modelo fue ajustado a partir de Llama-2-7b con un conjunto de instrucciones en español.", "llama2"),
    ("Este modelo é baseado no Llama-2-7b.", "llama2"),
    ("Модель дообучена на основе LLaMA-2 на русскоязычных инструкциях.", "llama2"),
    ("Mô hình này được tinh chỉnh từ Llama-2-7b trên dữ liệu tiếng Việt.", "llama2"),
    ("Model ini dilatih berdasarkan Llama-2-7b-chat dengan data instruksi berbahasa Indonesia.", "llama2"),
]


@pytest.mark.parametrize("sentence, license_id", LINEAGE, ids=[s[:30] for s, _ in LINEAGE])
def test_a_base_said_in_another_language_is_read(tmp_path, sentence, license_id):
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict != "allowed" and license_id in result.classification.candidates, result.reasons


RESTRICTIONS = [
    ("本モデルは非営利目的に限り利用可能です。", "card-non-commercial"),
    ("本モデルは研究目的での利用に限ります。", "card-research-only"),
    ("상업적 용도로 사용할 수 없습니다.", "card-non-commercial"),
    ("연구 목적으로만 사용 가능합니다.", "card-research-only"),
    ("Prohibido su uso comercial.", "card-non-commercial"),
    ("Usage commercial interdit.", "card-non-commercial"),
    ("模型权重对学术研究完全开放，若需商业使用，请发送邮件申请许可。", "card-commercial-permission"),
    ("- 商业使用：需要书面授权", "card-commercial-permission"),
    ("| 许可 | 说明 |\n|---|---|\n| 商业用途 | ❌ |", "card-non-commercial"),
    ("| Sử dụng thương mại | Không |\n|---|---|", "card-non-commercial"),
    ("| Kommerzielle Nutzung | Nein |\n|---|---|", "card-non-commercial"),
]


@pytest.mark.parametrize("sentence, rule_id", RESTRICTIONS, ids=[s[:30] for s, _ in RESTRICTIONS])
def test_a_restriction_said_in_another_language_restricts(tmp_path, sentence, rule_id):
    result = bert(tmp_path, "\n" + sentence + "\n")
    assert result.verdict == "denied" and rule_id in result.classification.candidates, result.reasons


@pytest.mark.parametrize("sentence", [
    # ChatGLM3-6B's card: "on the basis of keeping" the earlier models' features, and a base model it also releases
    "ChatGLM3-6B 是 ChatGLM 系列最新一代的开源模型，在保留了前两代模型对话流畅、部署门槛低等众多优秀特性的基础上，引入了新特性。",
    "除了对话模型 ChatGLM3-6B 外，还开源了基础模型 ChatGLM-6B-Base、长文本对话模型 ChatGLM3-6B-32K。",
    "相比 LLaMA-13B，本模型在 C-Eval 上提升了 5 个点。",
    "本模型可以商用，商用无需授权。",
    "Im Vergleich zu Llama-2-7b erzielt das Modell bessere Ergebnisse auf deutschen Benchmarks.",
    "L'utilisation commerciale est autorisée.",
    "| 商业用途 | ✅ |\n|---|---|",
    "| Uso comercial | Sí |\n|---|---|",
])
def test_the_twins_stay_allowed(tmp_path, sentence):
    assert bert(tmp_path, "\n" + sentence + "\n").verdict == "allowed"
