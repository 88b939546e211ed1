"""Review33: official license copies as vendors ship them. InternLM's LICENSE is Apache-2.0 with a BSD-style disclaimer
of warranty and liability appended ("... ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE
LIABLE ..."): words outside the Apache text that grant, restrict or condition nothing. It was read as Apache with "terms
outside the apache-2.0 text", so unknown."""

from __future__ import annotations

from pathlib import Path

from tests.test_card_text_reading import _judge

INTERNLM = Path(__file__).resolve().parent / "data" / "licenses" / "internlm-LICENSE"


def _folder(tmp_path: Path, license_text: str) -> Path:
    (tmp_path / "README.md").write_text("---\nlicense: apache-2.0\n---\n# InternLM\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text(license_text, encoding="utf-8")
    return tmp_path


def test_an_apache_license_with_a_warranty_disclaimer_appended_is_apache(tmp_path):
    result = _judge(_folder(tmp_path, INTERNLM.read_text(encoding="utf-8")))
    assert result.classification.license_id == "apache-2.0" and result.verdict in ("allowed", "conditional"), result.reasons
    # the words are still shown for a person to confirm
    assert any("disclaimed" in reason for reason in result.reasons), result.reasons


def test_a_disclaimer_that_also_restricts_still_states_terms(tmp_path):
    text = INTERNLM.read_text(encoding="utf-8").rstrip() + " THE MODEL WEIGHTS MAY BE USED FOR NON-COMMERCIAL PURPOSES ONLY.\n"
    result = _judge(_folder(tmp_path, text))
    assert result.verdict in ("unknown", "denied"), result.reasons


def test_the_chatglm_template_licenses_of_other_models_are_named_as_themselves(tmp_path):
    # THUDM/CodeGeeX2 and aixcoder-plugin/aiXcoder-7B ship the ChatGLM-6B license's text with their own names: each is
    # its own license now (it was "a modified copy of chatglm-6b-license-20230314-nc"), still non-commercial
    from tests.test_rules import ROOT

    for rule_id in ("codegeex2-license", "aixcoder-model-license"):
        folder = tmp_path / rule_id
        folder.mkdir()
        (folder / "README.md").write_text("---\nlicense: other\n---\n# M\n", encoding="utf-8")
        (folder / "MODEL_LICENSE").write_bytes((ROOT / "license_texts" / f"{rule_id}.txt").read_bytes())
        result = _judge(folder)
        assert (result.classification.license_id, result.verdict) == (rule_id, "denied"), result.reasons
