"""A license a Chinese statement denies is not the one it gives: "不采用 X 许可证，而是采用 Y 许可证" ("not under X but
under Y") and "并非采用 X，而是 Y" read as the English "not under X but under Y" do (strategies/denied_licenses.py),
so that Y alone decides. On the real BERT card (license: apache-2.0 and its Apache LICENSE, allowed as it is), the
statement in a section whose heading says nothing of licenses; the sentence is the one prose.py reads ("模型权重采用
CC BY-NC 4.0 许可证发布", tests/test_card_text_reading.py) with a license denied before it.
"""

from __future__ import annotations

import pytest

from licscan.classify.strategies.denied_licenses import without_denied_licenses
from licscan.classify.strategies.prose import prose_licenses
from licscan.rules import load_knowledge_base
from tests.test_card_text_reading import bert

KB = load_knowledge_base()


@pytest.mark.parametrize("sentence", [
    "模型权重不采用 Apache 2.0 许可证，而是采用 CC BY-NC 4.0 许可证发布。",
    "模型权重并非采用 Apache 2.0 许可证，而是 CC BY-NC 4.0 许可证。",
    "模型权重并不采用 Apache 2.0 许可证，而是采用 CC BY-NC 4.0 许可证发布。",
])
def test_a_license_denied_in_chinese_does_not_stand_for_the_one_given(tmp_path, sentence):
    assert [license_id for license_id, _ in prose_licenses(KB, sentence)] == ["cc-by-nc-4.0"]
    result = bert(tmp_path, "\n## 说明\n\n" + sentence + "\n")
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates, (sentence, result.reasons)


@pytest.mark.parametrize("sentence", [
    "模型权重不采用 CC BY-NC 4.0 许可证，而是采用 Apache 2.0 许可证发布。",
    "模型权重并非采用 CC BY-NC 4.0 许可证，而是 Apache 2.0 许可证。",
])
def test_a_restrictive_license_denied_in_chinese_is_no_block(tmp_path, sentence):
    result = bert(tmp_path, "\n## 说明\n\n" + sentence + "\n")
    assert result.verdict == "allowed" and "cc-by-nc-4.0" not in result.classification.candidates, (sentence, result.reasons)


@pytest.mark.parametrize("sentence", [
    # "not for commercial use, but for research": a restriction, no license denied
    "本模型不采用于商业用途，而是仅供学术研究使用。",
    "本模型不可用于商业用途，而是仅供学术研究使用。",
])
def test_a_restriction_in_the_same_shape_is_still_read(tmp_path, sentence):
    assert without_denied_licenses(sentence) == sentence
    assert bert(tmp_path, "\n## 说明\n\n" + sentence + "\n").verdict == "denied"
