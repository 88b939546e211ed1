"""Knowledge and readers left over from session 12 (ACC58), end to end through the CLI where a card is read:

1. the licenses card-words/families.yaml gives a family's models with no text in licscan (Baichuan 1's, Hunyuan-MT's,
   Playground v2.5's, Falcon-H1's, LTXV's Open Weights License) are rules of `category: unknown` with their rule family:
   a card declaring one is unknown naming it (not "a license licscan does not know"), and, being one family's license,
   it says which base a card putting its weights under its base model's license means (no "names no base" conflict);
"""

from __future__ import annotations

from licscan.classify.strategies.base_license_words import is_a_family_license
from licscan.rules import load_knowledge_base
from tests.test_acc44_review46 import NO_BASE, project, results

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

