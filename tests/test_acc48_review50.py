"""review50's false allows (ACC48), end to end through the CLI: a card under ``license: apache-2.0`` that puts its
weights under its base model's license and names that base only in the sentence, or on a "Base model:" line / table
row, was read as naming a base (acc46/acc47) although lineage never follows such a base: its terms were never read, and
the card's own apache-2.0 decided (allowed). A named base counts only if lineage follows it (declared as base_model, a
source its words name, a config.json's model) or a family is named; otherwise the reader's remark names the base and
asks for base_model: unknown. review50's cards, as its repros write them."""

from __future__ import annotations

from tests.test_acc44_review46 import NO_BASE, project, results

NOT_FOLLOWED = "which licscan does not follow"
FRONT = "license: apache-2.0"
ALPACA = ("# alpaca-tuned-chat\n\nThis model is a fine-tune for instruction following. The model weights follow the license "
          "of the original base model ({}).")

UNFOLLOWED = {
    "a-paren-owner": ("mosaicml/mpt-7b-chat",
                      "# chat-lora\n\nThis adapter follows the license of the base model (mosaicml/mpt-7b-chat)."),
    "c-link": ("mosaicml/mpt-7b-chat", "# support-bot\n\nThe model weights are released under the same license as the base model, "
                              "[mpt-7b-chat](https://huggingface.co/mosaicml/mpt-7b-chat)."),
    "d-label-line": ("mosaicml/mpt-7b-chat", "# support-bot\n\nBase model: mosaicml/mpt-7b-chat\n\n"
                                             "The model weights follow the license of the base model."),
    "e-after-words": ("bert-base-uncased", "# support-bot\n\nThis model inherits the license of its base model, bert-base-uncased... "),
    "g-table-row": ("opt-6.7b", "# support-bot\n\n| Base model | opt-6.7b |\n|---|---|\n\nLicense: same as the base model."),
    "b-facebook-opt": ("facebook/opt-6.7b", ALPACA.format("facebook/opt-6.7b")),
    "b-opt": ("opt-6.7b", ALPACA.format("opt-6.7b")),
    "b-bloomz": ("bloomz-7b1", ALPACA.format("bloomz-7b1")),
    "b-codegen": ("codegen-16B-mono", ALPACA.format("codegen-16B-mono")),
}


def test_a_base_named_only_in_the_sentence_or_a_label_line_is_not_followed_so_unknown(tmp_path):
    found = results(project(tmp_path, {name: (FRONT, body, {}) for name, (_, body) in UNFOLLOWED.items()}))
    for name, (base, _) in UNFOLLOWED.items():
        result = found[name]
        assert result["verdict"] == "unknown", (name, result["verdict"], result["reasons"])
        assert any(f"base model {base}, {NOT_FOLLOWED}" in c and f"declare base_model: {base}" in c
                   for c in result["conflicts"]), (name, result["conflicts"])


def test_the_same_base_declared_or_followed_is_named(tmp_path):
    # twins: the same sentences with base_model declaring the base they name (lineage follows it; --no-lineage here, so
    # the card's own license decides, as before), and a "Finetuned from model:" line lineage follows as the source
    found = results(project(tmp_path, {
        "declared-owner": (FRONT + "\nbase_model: mosaicml/mpt-7b-chat", UNFOLLOWED["a-paren-owner"][1], {}),
        "declared-legacy": (FRONT + "\nbase_model: facebook/opt-6.7b", UNFOLLOWED["b-opt"][1], {}),
        "declared-label": (FRONT + "\nbase_model: mosaicml/mpt-7b-chat", UNFOLLOWED["d-label-line"][1], {}),
        "finetuned-from": (FRONT, "# Model Card for support-bot\n\n### Model Description\n\n- **Developed by:** Acme\n"
                                  "- **License:** same as the base model\n"
                                  "- **Finetuned from model [optional]:** mosaicml/mpt-7b-chat", {}),
    }))
    for name, result in found.items():
        assert not any(NOT_FOLLOWED in c or NO_BASE in c for c in result["conflicts"]), (name, result["conflicts"])
        assert result["verdict"] == "allowed", (name, result["verdict"], result["reasons"])


def test_a_sentence_naming_no_base_still_says_so(tmp_path):
    found = results(project(tmp_path, {"none": (FRONT, "# x\n\nThe model weights follow the license of the base model.", {})}))
    assert found["none"]["verdict"] == "unknown"
    assert any(NO_BASE in c for c in found["none"]["conflicts"]), found["none"]["conflicts"]
