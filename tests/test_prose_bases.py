"""A base the card's words name as the model's source (issue 15, real-card round 6), on real cards of
benchmarks/real_cards/cases: a conversion, a quantisation or a fine-tune carries its source's terms whatever its
own card declares, so the repo named right after "converted to MLX format from", "the conversion of", "GGUF
quants of", "fine-tuned version of" is followed as a base even beside a license of the card's own
(lineage.source_base_ids); a repo a sentence only mentions is not. Also: the Trainer's template sentence ending
"on the [Y](...) dataset" gives its base, and a manifest id huggingface_hub refuses is a one-line error.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import pytest
from click.testing import CliRunner
from huggingface_hub.utils import HFValidationError, validate_repo_id

from licscan.base_ids import NAMED_SOURCE, base_model_ids, source_base_ids
from licscan.classify.card_words import load_card_words, sentences
from licscan.cli import main
from licscan.evaluate import Evaluator
from licscan.lineage import Lineage
from licscan.manifest import repo_id_problem
from licscan.model import Ancestor, Evidence, ManifestEntry, Project, Result
from tests.real_card_sample import case_folders
from tests.test_config_lineage import not_on_the_hub
from tests.test_real_card_gaps import CASES, CLASSIFIER, KB, case_evidence


def sources(folder: str) -> list[str]:
    evidence = case_evidence(folder)
    return [repo for repo, _ in source_base_ids(evidence, evidence.entry.ref)]


def fetch_cases(entry: ManifestEntry) -> Evidence:
    """The fake Hub of the benchmark: a repo with a case folder is read from it, any other is not on the Hub."""
    folder = entry.ref.replace("/", "__", 1)
    return case_evidence(folder) if (CASES / folder).is_dir() else not_on_the_hub(entry)


def judged(evidence: Evidence, unreadable: str = "") -> tuple[Result, tuple[Ancestor, ...]]:
    """``unreadable``: a repo that is a case but is served as not on the Hub."""
    lineage = Lineage(lambda entry: not_on_the_hub(entry) if entry.ref == unreadable else fetch_cases(entry), CLASSIFIER)
    lineage.prefetch([evidence])
    ancestors = lineage.ancestors(evidence)
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence), ancestors), ancestors


# --- which repo the words name -------------------------------------------------------------------------------


@pytest.mark.parametrize(("folder", "source"), [
    # "This repository contains the conversion of [X](https://huggingface.co/X) \n to the CTranslate2 model format"
    ("kotoba-tech__kotoba-whisper-bilingual-v1.0-faster", "kotoba-tech/kotoba-whisper-bilingual-v1.0"),
    # "the model weights for [distil-large-v3.5](https://huggingface.co/distil-whisper/distil-large-v3.5)\nconverted to
    # [CTranslate2](...) format": the phrase goes on after a line break inside the paragraph
    ("distil-whisper__distil-large-v3.5-ct2", "distil-whisper/distil-large-v3.5"),
    # mlx-vlm's template: "converted to MLX format from [`google/medgemma-1.5-4b-it`]()", a link with no address
    ("mlx-community__medgemma-1.5-4b-it-bf16", "google/medgemma-1.5-4b-it"),
    # mlx-lm's: "The Model [mlx-community/X](...) was converted to MLX format from [mistralai/X](...)": its own link first
    ("mlx-community__Mistral-7B-Instruct-v0.3-4bit", "mistralai/Mistral-7B-Instruct-v0.3"),
    # the Trainer's: "a fine-tuned version of [openai/whisper-large-v2](...) on the [atcosim_corpus](...) dataset"
    ("daisyyedda__whisper-large-v2-atcosim_corpus", "openai/whisper-large-v2"),
    # "a specialized fine-tune of Google's `gemma-3-4b-it`": a name alone, the card's only link to a repo of that
    # name (a badge, huggingface.co/google/gemma-3-4b-it) says whose
    ("Roforum__Gemma-3-4B-Cognitive-Liberty", "google/gemma-3-4b-it"),
])
def test_the_repo_named_as_the_models_source_is_read_beside_the_cards_own_license(folder, source):
    assert sources(folder) == [source]


def test_a_sources_repo_is_read_only_from_the_words_that_name_it_not_from_the_others_a_card_lists():
    # TheBloke's GPTQ card lists its AWQ, GGUF and GPTQ siblings and "Gryphe's original unquantised fp16 model ... for
    # further conversions"; only "This repo contains GPTQ model files for [Gryphe's MythoMax L2 13B](...)" names the
    # source (the metadata's base_model left out, so that the words alone are read)
    evidence = case_evidence("TheBloke__MythoMax-L2-13B-GPTQ")
    assert "TheBloke/MythoMax-L2-13B-AWQ" in evidence.card_body and "TheBloke/MythoMax-L2-13B-GGUF" in evidence.card_body
    without_base = replace(evidence, card=replace(evidence.card, base_models=()))
    assert [repo for repo, _ in source_base_ids(without_base, evidence.entry.ref)] == ["Gryphe/MythoMax-L2-13b"]


# The cards whose words name another source than the metadata's base_model, each read: the words are right.
_WORDS_AND_METADATA_DISAGREE = {
    "mlx-community/Qwen2.5-7B-Instruct-4bit": "qwen/qwen2.5-7b-instruct",        # metadata: its grand-base Qwen2.5-7B
    "mlx-community/Qwen2.5-14B-Instruct-4bit": "qwen/qwen2.5-14b-instruct",      # metadata: its grand-base Qwen2.5-14B
    "mlx-community/gemma-3-12b-it-qat-4bit": "google/gemma-3-12b-it-qat-q4_0-unquantized",   # metadata: InternVL3 (copied)
    "mlx-community/gemma-3-1b-it-qat-4bit": "google/gemma-3-1b-it-qat-q4_0",     # metadata: gemma-3-1b-it, its base
    # "the official 8bit-quantized GGUF version of [Llama3-8B-Chinese-Chat-v2](...)": metadata its base, Llama 3 Instruct
    "shenzhi-wang/Llama3-8B-Chinese-Chat-GGUF-8bit": "shenzhi-wang/llama3-8b-chinese-chat",
    "panagoa/nllb-200-based-kbd-pos-tagger": "panagoa/nllb-200-1.3b-kbd-v0.1",   # metadata: the 600M sibling
    # "**Finetuned from model:** allenai/OLMo-2-13B-1124-RLVR2": metadata allenai/OLMo-2-1124-13B-Instruct-RLVR2, the
    # same model named two ways on one official card (round 29)
    "allenai/OLMo-2-1124-13B-Instruct": "allenai/olmo-2-13b-1124-rlvr2",
    # its one-row table "| Model | Base Model | ... |" gives [Llama-3.1-8B](.../meta-llama/Llama-3.1-8B), the grand-base of the
    # DeepSeek distill its metadata declares (the lead's one-row table reader, review54)
    "datalablife/DeepSeek-R1-Distill-Llama-sql-8B": "meta-llama/llama-3.1-8b",
}


def test_on_real_cards_with_a_base_model_the_words_alone_name_that_base_or_nothing():
    # a spread of ~600 cases of the benchmark (tests/real_card_sample.py): with the metadata's base_model hidden, the
    # source the words name is the declared base (or one of the cards above, where the words name the direct source and
    # the metadata another model);
    # never a repo the card only mentions (benchmarks, comparisons, siblings, datasets, thanks)
    read = 0
    for folder in (path.name for path in case_folders(600)):
        evidence = case_evidence(folder)
        if not evidence.card.base_models:
            continue
        declared = {base.lower() for base in base_model_ids(evidence.card, evidence.entry.ref)[0]}
        hidden = replace(evidence, card=replace(evidence.card, base_models=()), config_lineage=())
        found = {repo.lower() for repo, _ in source_base_ids(hidden, evidence.entry.ref)}
        read += bool(found)
        assert found <= declared | {_WORDS_AND_METADATA_DISAGREE.get(evidence.entry.ref, "")}, (folder, found, declared)
    assert read >= 20   # the phrases do read most of them: Trainer, mlx-lm, GGUF-my-repo, TheBloke, bartowski templates


@pytest.mark.parametrize("mention", [
    "Thanks to the authors for",                # thanks
    "Inspired by",                              # inspiration
    "See also",                                 # another model to look at
    "Our model outperforms",                    # a comparison
    "Compared with",
    "Unlike",
    "Its distilled student is",                 # a distilled student or a sibling
])
def test_words_that_only_mention_a_repo_before_the_source_phrase_name_no_source(mention):
    # the kotoba card's sentence, its subject replaced by words that make the repo a mention
    evidence = case_evidence("kotoba-tech__kotoba-whisper-bilingual-v1.0-faster")
    real = "This repository contains the conversion of"
    assert real in evidence.card_body
    edited = replace(evidence, card_body=evidence.card_body.replace(real, f"{mention} the conversion of"))
    assert source_base_ids(edited, evidence.entry.ref) == ()


def test_a_repo_a_card_names_before_the_source_phrase_is_the_subject_and_no_source_of_this_model():
    # "[X-GGUF](...): GGUF quants of [X](...)" in a list of other releases: the sentence is about another repo
    evidence = case_evidence("mlx-community__Mistral-7B-Instruct-v0.3-4bit")
    own_link = "[mlx-community/Mistral-7B-Instruct-v0.3-4bit](https://huggingface.co/mlx-community/Mistral-7B-Instruct-v0.3-4bit)"
    assert own_link in evidence.card_body
    other = replace(evidence, card_body=evidence.card_body.replace(own_link, own_link.replace("4bit", "8bit")))
    assert source_base_ids(other, evidence.entry.ref) == ()


def test_a_name_alone_is_no_source_when_the_card_links_no_repo_of_that_name():
    evidence = case_evidence("Roforum__Gemma-3-4B-Cognitive-Liberty")
    badge = "(https://huggingface.co/google/gemma-3-4b-it)"
    assert badge in evidence.card_body
    unlinked = replace(evidence, card_body=evidence.card_body.replace(badge, "(https://ai.google.dev/gemma)"))
    assert source_base_ids(unlinked, evidence.entry.ref) == ()


# --- the Trainer's template (item 2) -----------------------------------------------------------------------------


def test_the_trainers_sentence_ending_on_its_dataset_gives_its_base_and_a_sentence_about_a_dataset_stays_a_trap():
    words = load_card_words()
    card = case_evidence("daisyyedda__whisper-large-v2-atcosim_corpus").card_body
    trainer = next(s for s in sentences(card) if "fine-tuned version of" in s)
    assert trainer.endswith("dataset") and words.gives_a_base(trainer)
    # every Trainer sentence of the benchmark ends with its dataset ("on the None dataset", "on an unknown dataset",
    # "on [AdonisVainglory/Cocktailer](...) dataset") and gives its base
    opening = "This model is a fine-tuned version of ["
    with_it = [p.parents[1].name for p in sorted(CASES.glob("*/files/README.md")) if opening in p.read_text(encoding="utf-8", errors="replace")]
    trainer_sentences = [s for name in with_it for s in sentences(case_evidence(name).card_body)
                         if s.startswith(opening) and s.endswith("dataset")]
    assert len(trainer_sentences) >= 20 and all(words.gives_a_base(s) for s in trainer_sentences)
    # a dataset that is not where the training happened, after the base: the model named before the data is the base,
    # the one that made the data is not (review29: the whole sentence had been a trap, passing "Fine-tuned from LLaMA-7B
    # using the Alpaca dataset" on the card's own license)
    about_data = trainer.replace(" dataset", " dataset, built from Llama 2 outputs")
    giving = words.words_giving_a_base(about_data)
    assert giving is not None and "whisper-large-v2" in giving and "Llama" not in giving
    assert not words.gives_a_base("Fine-tuned on the [atcosim_corpus](https://huggingface.co/datasets/Jzuluaga/atcosim_corpus) "
                                  "dataset, built from Llama 2 outputs")


# --- verdicts ------------------------------------------------------------------------------------------------------


def test_a_conversion_of_an_unreadable_repo_is_unknown_whatever_license_its_card_declares():
    # 'license: mit' and "the conversion of [kotoba-tech/kotoba-whisper-bilingual-v1.0](...)", which the Hub lacks
    evidence = case_evidence("kotoba-tech__kotoba-whisper-bilingual-v1.0-faster")
    assert evidence.card.licenses == ("mit",)
    result, ancestors = judged(evidence)
    assert [(a.repo_id, a.relation, a.problem is not None) for a in ancestors] == [
        ("kotoba-tech/kotoba-whisper-bilingual-v1.0", NAMED_SOURCE, True)]
    assert result.verdict == "unknown" and result.classification.license_id == "unknown"
    assert any("kotoba-tech/kotoba-whisper-bilingual-v1.0 could not be checked" in r for r in result.reasons)
    assert any("the conversion of [kotoba-tech/kotoba-whisper-bilingual-v1.0]" in n for n in result.classification.notes)


def test_a_conversion_of_a_readable_repo_carries_its_license():
    # kotoba-whisper-v2.0-faster ('license: mit') names kotoba-tech/kotoba-whisper-v2.0 (a case: apache-2.0)
    result, ancestors = judged(case_evidence("kotoba-tech__kotoba-whisper-v2.0-faster"))
    assert [(a.repo_id, a.relation, a.license_id) for a in ancestors] == [("kotoba-tech/kotoba-whisper-v2.0", NAMED_SOURCE, "apache-2.0")]
    assert result.verdict == "allowed" and "apache-2.0" in result.classification.candidates


def test_a_trainer_fine_tune_with_no_license_of_its_own_carries_its_readable_bases():
    result, _ = judged(case_evidence("daisyyedda__whisper-large-v2-atcosim_corpus"))
    assert (result.classification.license_id, result.classification.category, result.verdict) == ("apache-2.0", "permissive", "allowed")
    # the Whisper family its words name (families.yaml, acc24) gives the same license as the base it names
    assert "inherits apache-2.0 from openai/whisper-large-v2 (named-source, via daisyyedda/whisper-large-v2-atcosim_corpus)" in result.reasons


def test_an_unread_source_whose_name_pins_the_license_the_card_declares_agrees_with_it_unconfirmed():
    # 'license: apache-2.0', "converted to MLX format from [mistralai/Mistral-7B-Instruct-v0.3](...)" (not on the Hub
    # here; the repo is a case since round 7, hidden): Mistral 7B's family license is apache-2.0, as declared; the
    # name is not the repo's card
    result, ancestors = judged(case_evidence("mlx-community__Mistral-7B-Instruct-v0.3-4bit"), unreadable="mistralai/Mistral-7B-Instruct-v0.3")
    assert [(a.license_id, a.named_by) for a in ancestors] == [("apache-2.0", "mistralai/Mistral-7B-Instruct-v0.3")]
    assert (result.classification.license_id, result.verdict) == ("apache-2.0", "conditional")


def test_an_unread_source_whose_family_license_is_not_the_declared_one_is_unknown():
    # 'license_name: health-ai-developer-foundations', "converted to MLX format from [`google/medgemma-1.5-4b-it`]()":
    # the name says Gemma, the card HAI-DEF terms; which applies is in the unread repo
    result, ancestors = judged(case_evidence("mlx-community__medgemma-1.5-4b-it-bf16"))
    assert [(a.repo_id, a.license_id) for a in ancestors] == [("google/medgemma-1.5-4b-it", "unknown")]
    assert result.verdict == "unknown"


def test_a_fine_tune_named_by_a_badge_link_carries_its_chain_an_unreadable_grand_base_too():
    # no license of its own but the words; "a specialized fine-tune of Google's `gemma-3-4b-it`" (a case) whose own
    # base google/gemma-3-4b-pt is not on the Hub: unknown, not the Gemma badge's gemma / conditional
    result, ancestors = judged(case_evidence("Roforum__Gemma-3-4B-Cognitive-Liberty"))
    assert [(a.repo_id, a.relation, a.depth) for a in ancestors][:1] == [("google/gemma-3-4b-it", NAMED_SOURCE, 1)]
    assert any(a.repo_id == "google/gemma-3-4b-pt" and a.problem for a in ancestors)
    assert result.verdict == "unknown"


# --- manifest ids (item 3) --------------------------------------------------------------------------------------


def test_an_id_the_hub_refuses_is_one_error_line_naming_the_manifest_line(tmp_path):
    lock = tmp_path / "models.lock"
    lock.write_text("version: 1\nproject:\n  name: x\n  use: commercial\nmodels:\n"
                    "  - id: Roforum/Gemma-3-4B---Cognitive-Liberty\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(lock)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"licscan: error: {lock}:6: 'Roforum/Gemma-3-4B---Cognitive-Liberty' is not a Hub repo id: the Hub refuses '--' "
        "(a Hub repo id is 'owner/name', letters, digits, '-', '_' and '.')"]


def _hub_accepts(repo_id: str) -> bool:
    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        return False
    return True


def test_licscan_accepts_an_owner_name_id_exactly_when_huggingface_hub_does():
    # every owner/name over a small alphabet (the characters the rules are about), and lengths around 96: licscan's
    # answer is huggingface_hub's for every id (a part may start with "_": huggingtweets/_lukeharris, round 17)
    parts = ["".join(p) for n in range(1, 4) for p in product("a-._", repeat=n)] + ["a" * 96, "a" * 97, "ab.git", "a" * 92 + ".git"]
    checked = 0
    for owner, name in product(parts, parts):
        repo_id = f"{owner}/{name}"
        checked += 1
        assert (repo_id_problem(repo_id) is None) == _hub_accepts(repo_id), repo_id
    assert checked > 7000 and repo_id_problem("_a/_b") is None
    for refused in ("Roforum/Gemma-3-4B---Cognitive-Liberty", "a/b..c", "a-/b", "a/b.", "a/b-", "a/x.git", "a/" + "b" * 97):
        assert repo_id_problem(refused) is not None and not _hub_accepts(refused)


# --- `license: license:gemma` (item 4) ---------------------------------------------------------------------------


def test_the_hubs_license_tag_pasted_into_the_license_key_declares_that_license():
    # cypggs/gemma-3-27b-it: 'license: license:gemma' (its license_link is the Hub's "models?license=license:gemma"),
    # an Apache-2.0 LICENSE for the deployment code, base_model google/gemma-3-27b-it
    evidence = case_evidence("cypggs__gemma-3-27b-it")
    assert evidence.card.licenses == ("license:gemma",)
    classification = CLASSIFIER.classify(evidence)
    assert classification.declared == ("gemma",) and "unknown" not in classification.candidates
    readable = Ancestor("google/gemma-3-27b-it", "base", 1, "gemma", "gemma-terms", via="cypggs/gemma-3-27b-it")
    result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, classification, (readable,))
    assert (result.classification.license_id, result.verdict) == ("gemma", "conditional")   # never apache-2.0 / allowed
    # its base not on the Hub: unknown, as labelled
    assert judged(evidence)[0].verdict == "unknown"
    # only a Hub license id after "license:" is read so
    typo = replace(evidence, card=replace(evidence.card, licenses=("license:gemmma",)))
    assert CLASSIFIER.classify(typo).declared == ("license:gemmma",)
    assert "card declares 'license:gemmma', which licscan does not know" in CLASSIFIER.classify(typo).notes


def test_a_base_the_hub_refuses_as_an_id_is_an_unknown_base_not_a_crash_of_the_run(tmp_path):
    # Duccioo/test_whisper-base's card with its base_model replaced by the GitHub name of the Roforum card
    # ('---'): huggingface_hub raises HFValidationError for such an id before any request, which would end the whole
    # check (exit 4); the base is unknown with the reason, and nothing is asked of the Hub
    evidence = case_evidence("Duccioo__test_whisper-base")
    assert evidence.card.base_models == ("openai/whisper-base",)
    refused = replace(evidence, card=replace(evidence.card, base_models=("Roforum/Gemma-3-4B---Cognitive-Liberty",)))
    asked: list[str] = []

    def hub(entry: ManifestEntry) -> Evidence:
        asked.append(entry.ref)
        validate_repo_id(entry.ref)   # as HubSource's huggingface_hub calls do
        return not_on_the_hub(entry)

    lineage = Lineage(hub, CLASSIFIER)
    lineage.prefetch([refused])
    ancestors = lineage.ancestors(refused)
    assert asked == []
    assert [(a.repo_id, a.license_id) for a in ancestors] == [("Roforum/Gemma-3-4B---Cognitive-Liberty", "unknown")]
    assert "the Hub refuses '--'" in (ancestors[0].problem or "")
    result = Evaluator(KB, Project("p", "commercial")).evaluate(refused, CLASSIFIER.classify(refused), ancestors)
    assert result.verdict == "unknown"


def test_the_words_every_source_phrase_needs_leave_no_real_cards_source_unread(monkeypatch):
    # source_words.has_source_words lets a card's words be read for a source only when the card has one of them (most
    # have none, and the classifier then stays unimported): on real cards (a spread of ~400), reading without that test
    # finds the same sources
    import licscan.classify.named_sources as named_sources_module
    from licscan.classify.named_sources import named_source_ids

    evidences = [case_evidence(folder.name) for folder in case_folders(400) if (folder / "files" / "README.md").is_file()]
    gated = [named_source_ids(e, e.entry.ref) for e in evidences]
    monkeypatch.setattr(named_sources_module, "has_source_words", lambda text: True)
    assert [named_source_ids(e, e.entry.ref) for e in evidences] == gated
    assert sum(bool(found) for found in gated) >= 5      # the test reads cards that do name a source


def test_the_folded_test_for_source_words_answers_as_the_case_blind_pattern_on_real_cards():
    # has_source_words runs SOURCE_WORDS' pattern case-sensitively on lazy_regex.folded() text: the same answer,
    # on real cards (a spread of ~300) and on each of its lines, and on the characters re's IGNORECASE equates with ASCII letters
    from licscan.source_words import SOURCE_WORDS, has_source_words

    texts = [case_evidence(folder.name).card_body for folder in case_folders(300) if (folder / "files" / "README.md").is_file()]
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    odd = ["QUANT\u0130ZED from X", "quant\u0131sed", "Fine-Tuned VERS\u0130ON OF x", "conver\u017fion", "ORIGINAL MODEL:", "GGUF",
           "WEIGHTS ARE TA\u212aEN FROM", "As The Base Model", "DISTILLED FROM x", "fine tuned from"]
    disagreeing = [text[:80] for text in [*texts, *lines, *odd] if has_source_words(text) != bool(SOURCE_WORDS.search(text))]
    assert disagreeing == []
    assert sum(has_source_words(text) for text in texts) >= 100   # the cards do have such words
