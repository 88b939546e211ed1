"""review50's false allows (ACC48), end to end through the CLI: a card under ``license: apache-2.0`` that puts its
weights under its base model's license and names that base only in the sentence, or on a "Base model:" line / table
row, was read as naming a base (acc46/acc47) although lineage never follows such a base: its terms were never read, and
the card's own apache-2.0 decided (allowed). A named base counts only if lineage follows it (declared as base_model, a
source its words name, a config.json's model) or a family is named; otherwise the reader's remark names the base and
asks for base_model: unknown. review50's cards, as its repros write them."""

from __future__ import annotations

from pathlib import Path

from licscan.base_ids import source_base_ids
from licscan.model import Evidence
from tests.test_acc39_lineage import from_the_fake_hub
from tests.test_acc44_review46 import NO_BASE, project, results
from tests.test_config_lineage import judged, local

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


def card(tmp_path: Path, name: str, front: str, body: str) -> Evidence:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "README.md").write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
    return local(folder, f"acme/{name}")


def test_a_base_named_only_in_the_sentence_or_a_label_line_is_followed(tmp_path):
    for name, (base, body) in UNFOLLOWED.items():
        evidence = card(tmp_path, name, FRONT, body)
        assert [b for b, _ in source_base_ids(evidence, evidence.entry.ref)] == [base], name
        result, ancestors = judged(evidence, from_the_fake_hub(tmp_path))
        # none of these is on the fake Hub: the base cannot be read, its terms unknown (was: allowed, the card's apache-2.0)
        assert [a.repo_id for a in ancestors] == [base], name
        assert result.verdict == "unknown", (name, result.verdict, result.reasons)
        assert any(f"base model {base} could not be checked" in r for r in result.reasons), (name, result.reasons)


def test_a_base_the_hub_has_is_read_and_its_license_decides(tmp_path):
    # facebook/musicgen-small (CC BY-NC 4.0) on the fake Hub, named only in the sentence, or on a "Base model:" line
    for name, body in {
        "paren": "# chat-lora\n\nThis adapter follows the license of the base model (facebook/musicgen-small).",
        # review51: "the source model", "the pre-trained model" are its base model too
        "source": "# x\n\nThe weights follow the license of the source model (facebook/musicgen-small).",
        "pretrained": "# x\n\nThe weights follow the license of the pre-trained model (facebook/musicgen-small).",
        "label": "# x\n\nBase model: facebook/musicgen-small\n\nThe model weights follow the license of the base model.",
        "link": "# x\n\nThe model weights are released under the same license as the base model, "
                "[musicgen-small](https://huggingface.co/facebook/musicgen-small).",
    }.items():
        result, ancestors = judged(card(tmp_path, name, FRONT, body), from_the_fake_hub(tmp_path))
        assert [a.repo_id for a in ancestors] == ["facebook/musicgen-small"], name
        assert result.verdict == "denied" and "cc-by-nc-4.0" in [a.license_id for a in ancestors], (name, result.verdict, result.reasons)


def test_no_base_followed_where_the_card_does_not_put_its_weights_under_it(tmp_path):
    # twins: a turned sentence, a family's model without its owner (the family's words decide: Llama 1's terms), a
    # declared base_model (followed as declared). (A "Base model:" line under the card's own license with no such
    # sentence was a twin here, not followed; since the lead's change after acc50 it is followed as a named source is,
    # for a fine-tune carries its base's terms whatever its own card declares: tests/test_base_model_label_lines.py)
    cases = {
        "turned": (FRONT, "# x\n\nThe weights are not bound by the license of the base model (facebook/musicgen-small)."),
        "family": (FRONT, "# x\n\nThis model is released under the same license as the base model (llama-13b)."),
        "declared": (FRONT + "\nbase_model: facebook/musicgen-small", UNFOLLOWED["a-paren-owner"][1]),
    }
    for name, (front, body) in cases.items():
        evidence = card(tmp_path, name, front, body)
        assert source_base_ids(evidence, evidence.entry.ref) == (), name
    result, _ = judged(card(tmp_path, "family-judged", *cases["family"]), from_the_fake_hub(tmp_path))
    assert result.verdict == "denied" and result.classification.license_id == "llama1-weights", (result.verdict, result.reasons)


def test_without_lineage_a_named_base_is_named_and_none_is_said_so(tmp_path):
    # --no-lineage: a base the words name is a base (not "names no base"), as a declared one is; a sentence naming none
    # still leaves the weights unknown
    found = results(project(tmp_path, {
        "named": (FRONT, UNFOLLOWED["a-paren-owner"][1], {}),
        "none": (FRONT, "# x\n\nThe model weights follow the license of the base model.", {})}))
    assert not any(NO_BASE in c for c in found["named"]["conflicts"]), found["named"]["conflicts"]
    assert found["none"]["verdict"] == "unknown"
    assert any(NO_BASE in c for c in found["none"]["conflicts"]), found["none"]["conflicts"]


def test_a_fine_tune_of_the_named_base_is_not_the_named_base(tmp_path):
    # review51: base_model acme/opt-6.7b-sft (an Apache SFT) and "the license of the base model (opt-6.7b)": the card
    # names OPT itself, which lineage does not follow; a followed repo whose name extends the named one by more than a
    # packaging suffix ("-sft") is another model: unknown (was allowed on the SFT's Apache). The twins: a re-upload's
    # packaging suffix ("-hf", "-GGUF") is the same base, and the exact name is
    import shutil

    from tests.test_config_lineage import local as local_folder
    hub = from_the_fake_hub(tmp_path)
    apache = Path(__file__).resolve().parents[1] / "license_texts" / "apache-2.0.txt"

    def fetch(entry):
        if entry.ref.startswith("acme/opt-6.7b"):
            folder = tmp_path / "hub-acme" / entry.ref.rpartition("/")[2]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n\n# opt\n\nAn SFT.\n", encoding="utf-8")
            shutil.copyfile(apache, folder / "LICENSE")
            return local_folder(folder, entry.ref)
        return hub(entry)

    for name, declared, verdict in [("sft", "acme/opt-6.7b-sft", "unknown"), ("hf", "acme/opt-6.7b-hf", "allowed"),
                                    ("gguf", "acme/opt-6.7b-GGUF", "allowed"), ("same", "acme/opt-6.7b", "allowed")]:
        evidence = card(tmp_path, name, f"{FRONT}\nbase_model: {declared}",
                        "# chat-7b\n\nThe model weights follow the license of the base model (opt-6.7b).")
        result, ancestors = judged(evidence, fetch)
        assert [a.repo_id for a in ancestors] == [declared], (name, ancestors)
        assert result.verdict == verdict, (name, result.verdict, result.reasons)


def test_a_repository_on_another_site_is_no_hub_base(tmp_path):
    # review51: a link to GitHub names the code there, not a Hub model, and a GitHub address holds no Hub id: nothing
    # is followed, and the sentence still names no base (unknown, "declare base_model"), as without the link. The twin:
    # the same words linking the Hub page are followed
    for name, body in {
        "github-link": "# x\n\nThe model weights follow the license of the original base model (see "
                       "[tloen/alpaca-lora](https://github.com/tloen/alpaca-lora)).",
        "github-address": "# x\n\nLicense: same as the base model: github.com/meta-llama/llama3.",
    }.items():
        evidence = card(tmp_path, name, FRONT, body)
        assert source_base_ids(evidence, evidence.entry.ref) == (), name
        result, ancestors = judged(evidence, from_the_fake_hub(tmp_path))
        assert not ancestors and result.verdict == "unknown", (name, result.verdict, result.reasons)
    evidence = card(tmp_path, "hub-link", FRONT, "# x\n\nThe model weights follow the license of the original base model "
                                                 "(see [facebook/musicgen-small](https://huggingface.co/facebook/musicgen-small)).")
    assert [b for b, _ in source_base_ids(evidence, evidence.entry.ref)] == ["facebook/musicgen-small"]


def test_models_the_sentence_goes_on_to_name_in_another_clause_are_not_its_base(tmp_path):
    # review51: an evaluator, a reward model or a sibling named after the base words, in a clause of their own, were
    # followed as the base ("gpt-4-turbo could not be checked"); the sentence names no base (unknown, "declare
    # base_model"). The twin: the base named in the clause, with another clause after it, is still followed
    words = "The model weights follow the license of the original base model"
    for name, body in {
        "judge": f"# x\n\n{words}, and was evaluated with `gpt-4-turbo` as judge.",
        "reward": f"# x\n\n{words}, and the reward model is OpenAssistant/reward-model-deberta-v3-large.",
        "sibling": f"# x\n\n{words}, as does our GGUF version (acme/chat-7b-GGUF).",
    }.items():
        evidence = card(tmp_path, name, FRONT, body)
        assert source_base_ids(evidence, evidence.entry.ref) == (), name
    evidence = card(tmp_path, "base-then-more", FRONT,
                    f"# x\n\n{words} (facebook/musicgen-small), and was evaluated with `gpt-4-turbo` as judge.")
    assert [b for b, _ in source_base_ids(evidence, evidence.entry.ref)] == ["facebook/musicgen-small"]
