"""Knowledge and readers left over from session 12 (ACC58), end to end through the CLI where a card is read:

1. the licenses card-words/families.yaml gives a family's models with no text in licscan (Baichuan 1's, Hunyuan-MT's,
   Playground v2.5's, Falcon-H1's, LTXV's Open Weights License) are rules of `category: unknown` with their rule family:
   a card declaring one is unknown naming it (not "a license licscan does not know"), and, being one family's license,
   it says which base a card putting its weights under its base model's license means (no "names no base" conflict);
2. the card in another language below the top (docs/README_zh.md) or in reStructuredText (README_zh.rst, README.rst
   beside README.md) is read as README_zh.md is (acc52); a translation's own front matter declaring a license is a
   declaration: one the card does not declare is a conflict, not a pass, and one it does changes nothing;
3. a ban whose phrase ends at "commercial" with no noun checked ("Never use our checkpoints for commercial ...", "Do not
   use it for commercial ...") followed by a misuse ("spam", "fraud", "scams") bans that misuse, not commercial use;
   "for commercial use/purposes/applications/deployment/products/services" still bans it;
4. a gate link with no scheme ("www.acme.com/terms", "acme.com/license") is terms on another site, not a repository
   file licscan did not read (acc54): unknown all the same, saying so.
"""

from __future__ import annotations

import pytest

from licscan.classify.strategies.base_license_words import is_a_family_license
from licscan.evaluate import Result
from licscan.rules import load_knowledge_base
from tests.test_acc28_lineage_files import judge
from tests.test_acc44_review46 import NO_BASE, project, results
from tests.test_acc52_other_files import BODY
from tests.test_acc52_other_files import project as translated_project
from tests.test_acc54_review53_lineage import _folder

# --- 1. one family's licenses without a text --------------------------------------------------------------------------

FAMILY_LICENSES_WITHOUT_TEXT = {
    "Baichuan-7B-sft": ("baichuan-model-license", "baichuan-model-license"),
    "Hunyuan-MT-7B-ft": ("tencent-hunyuan-mt-community", "tencent-hunyuan-mt-community"),
    "playground-v2.5-ft": ("playground-v2dot5-community", "playground-v2.5-community"),
    "Falcon-H1-7B-sft": ("tii-falcon-llm-license-falcon-h1", "tii-falcon-llm-license-falcon-h1"),
    "LTXV-0.9.7-ft": ("ltxv-open-weights-license", "ltxv-open-weights-license"),
}


def test_a_family_license_licscan_has_no_text_of_is_a_rule_of_that_family():
    kb = load_knowledge_base()
    for _, rule_id in FAMILY_LICENSES_WITHOUT_TEXT.values():
        rule = kb.get(rule_id)
        assert rule is not None and rule.family and rule.category == "unknown", rule_id
        assert {verdict for _, verdict in rule.use} == {"unknown"}, rule_id
        assert is_a_family_license(kb, rule_id), rule_id


def test_a_card_declaring_a_family_license_without_text_is_unknown_naming_it(tmp_path):
    found = results(project(tmp_path, {
        name: (f"license: other\nlicense_name: {declared}",
               f"# {name}\n\nA fine-tune.\n\n## License\n\nThe model weights follow the license of the base model.", {})
        for name, (declared, _) in FAMILY_LICENSES_WITHOUT_TEXT.items()}))
    for name, (_, rule_id) in FAMILY_LICENSES_WITHOUT_TEXT.items():
        result = found[name]
        assert result["verdict"] == "unknown", (name, result["verdict"])
        assert result["license"]["applies"] == [rule_id], (name, result["license"]["applies"])
        assert not any(NO_BASE in r or "does not know" in r for r in result["reasons"]), (name, result["reasons"])


# --- 2. second READMEs below the top and in reStructuredText ------------------------------------------------------------

NON_COMMERCIAL_ZH = "# Acme-7B\n\n本模型权重仅限学术研究使用，禁止用于任何商业用途。\n"
SECOND_READMES = {
    "docs-zh": (BODY, {"docs/README_zh.md": NON_COMMERCIAL_ZH}),
    "zh-rst": (BODY, {"README_zh.rst": "Acme-7B\n=======\n\n本模型权重仅限学术研究使用，禁止用于任何商业用途。\n"}),
    "rst": (BODY, {"README.rst": "Acme-7B\n=======\n\nLicense\n-------\n\nThe weights are for non-commercial research use only.\n"}),
}


def test_a_second_readme_below_the_top_or_in_rst_is_read_as_the_card(tmp_path):
    found = translated_project(tmp_path, SECOND_READMES)
    for name, result in found.items():
        file = next(iter(SECOND_READMES[name][1]))
        assert result["verdict"] == "denied", (name, result["verdict"], result["reasons"])
        assert any(file in reason for reason in result["reasons"]), (name, result["reasons"])


def test_docs_readme_is_no_second_card(tmp_path):
    # twin: docs/README.md is the documentation's index, not the card in another language: not read as the card
    found = translated_project(tmp_path, {"docs-index": (BODY, {"docs/README.md": NON_COMMERCIAL_ZH})})
    assert found["docs-index"]["verdict"] == "allowed", found["docs-index"]["reasons"]


def _front(license_key: str, body: str = NON_COMMERCIAL_ZH) -> str:
    return f"---\n{license_key}\n---\n\n{body.replace('本模型权重仅限学术研究使用，禁止用于任何商业用途。', '本模型由 Acme 实验室训练。')}"


def test_a_translations_own_front_matter_license_is_a_declaration(tmp_path):
    found = translated_project(tmp_path, {
        "zh-nc": (BODY, {"README_zh.md": _front("license: cc-by-nc-4.0")}),
        "zh-other-name": (BODY, {"README_zh.md": _front("license: other\nlicense_name: acme-research-license")}),
        "zh-same": (BODY, {"README_zh.md": _front("license: mit")}),
    })
    nc, other, same = found["zh-nc"], found["zh-other-name"], found["zh-same"]
    # another license than README.md's: a conflict, both apply, the stricter decides (was: allowed, the key unread)
    assert nc["verdict"] == "denied" and "cc-by-nc-4.0" in nc["license"]["applies"], (nc["verdict"], nc["reasons"])
    assert any("README_zh.md" in c and "cc-by-nc-4.0" in c for c in nc["conflicts"]), nc["conflicts"]
    # a name licscan does not know: unknown, fail closed
    assert other["verdict"] == "unknown", (other["verdict"], other["reasons"])
    assert any("acme-research-license" in c for c in other["conflicts"]), other["conflicts"]
    # twin: the same license as README.md's changes nothing
    assert same["verdict"] == "allowed" and not same["conflicts"], (same["verdict"], same["conflicts"])


# --- 3. "for commercial spam" is no ban on commercial use -----------------------------------------------------------

MISUSE = ("Never use our checkpoints for commercial spam.", "Do not use it for commercial spam or fraud.",
          "Never use them for commercial scams.", "Do not use the model for commercial fraud.",
          "You may not use the model for commercial phishing campaigns.")
STILL_BANS = ("Never use our checkpoints for commercial purposes.", "Do not use it for commercial use.",
              "Never use them for commercial applications.", "Do not use this model for commercial deployment.",
              "Never use our checkpoints for commercial products or services.",
              "Do not use it for commercial or fraudulent purposes.",
              "Never use our checkpoints for commercial spam or for commercial use.")


def test_commercial_spam_is_a_misuse_banned_not_commercial_use(tmp_path):
    cases = {f"misuse{i}": (BODY + "\n## Use\n\n" + said + "\n", {}) for i, said in enumerate(MISUSE)}
    cases.update({f"ban{i}": (BODY + "\n## Use\n\n" + said + "\n", {}) for i, said in enumerate(STILL_BANS)})
    found = translated_project(tmp_path, cases)
    for i, said in enumerate(MISUSE):
        result = found[f"misuse{i}"]
        assert result["verdict"] == "allowed" and "card-non-commercial" not in result["license"]["applies"], (said, result["reasons"])
    for i, said in enumerate(STILL_BANS):
        result = found[f"ban{i}"]
        assert result["verdict"] == "denied" and "card-non-commercial" in result["license"]["applies"], (said, result["reasons"])


# --- 4. a gate link without a scheme is another site's --------------------------------------------------------------


def _reasons(result: Result) -> str:
    return " | ".join(result.reasons)


@pytest.mark.parametrize("prompt", [
    "To access this model you must accept the [Acme Model License](www.acme.com/terms).",
    "You must agree to the [model license](acme.com/license) to access the weights.",
])
def test_a_gate_accepting_terms_on_a_site_written_without_its_scheme_is_unknown_as_off_site_terms(tmp_path, prompt):
    result = judge(_folder(tmp_path, "", extra=f"\nextra_gated_prompt: {prompt}"), "acme/Acme-7B")
    assert result.verdict == "unknown", _reasons(result)
    assert "terms on another site" in _reasons(result) and "did not read" not in _reasons(result), _reasons(result)


def test_a_gate_accepting_a_repository_file_still_says_so(tmp_path):
    # twin (acc54): a file of the repository that is not there is still one licscan did not read
    prompt = "To access this model you must accept the [Acme Model License](LICENSE_WEIGHTS.md)."
    result = judge(_folder(tmp_path, "", extra=f"\nextra_gated_prompt: {prompt}"), "acme/Acme-7B")
    assert result.verdict == "unknown" and "did not read" in _reasons(result), _reasons(result)
