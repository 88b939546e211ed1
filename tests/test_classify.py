"""licscan.classify: each evidence strategy on real texts, and the rules decide() applies.

Real texts: license_texts/ (verbatim), the real SDXL model card vendored in tests/fakehub (source in
tests/fakehub/SOURCES.md), and the attribution notice the Llama 3.1 license itself requires, cut out of
license_texts/llama3.1.txt.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from licscan.classify import Classifier
from licscan.classify.candidates import Candidate, Reading, SoFar
from licscan.classify.decide import decide
from licscan.classify.strategies import (
    STRATEGIES,
    CardBodyText,
    CardMetadata,
    CardProse,
    FileStatements,
    LicenseFiles,
    PolicyAndNoticeFiles,
    WeightHeaders,
)
from licscan.model import VERDICTS, ManifestEntry
from licscan.rules import CATEGORIES, load_knowledge_base
from licscan.sources.local import LocalSource
from licscan.vocabulary import CATEGORY_VALUES, VERDICT_VALUES

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
SDXL_CARD = (ROOT / "tests/fakehub/repos/stabilityai/stable-diffusion-xl-base-1.0/README.md").read_text(encoding="utf-8")
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)


def text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


LLAMA_NOTICE = re.search(r"following attribution notice within a “Notice” text file distributed as a part of such copies: “(.+?)”",
                         text("llama3.1.txt")).group(1)
APACHE, MIT, NC = text("apache-2.0.txt"), text("mit.txt"), text("cc-by-nc-4.0.txt")


def evidence(tmp_path: Path, files: dict[str, str], weights: tuple[tuple[str, str], ...] = ()):
    """A local checkpoint folder holding ``files``, read by licscan's own local source."""
    folder = tmp_path / "m"
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    found = LocalSource(tmp_path, str(tmp_path / "models.lock")).fetch(ManifestEntry("m", "local", 1))
    return dataclasses.replace(found, weight_licenses=weights) if weights else found


def card(license_yaml: str, body: str = "# A model\n") -> str:
    return f"---\n{license_yaml}\n---\n{body}"


def read(strategy, ev) -> Reading:
    """One strategy's reading, after the strategies before it in the classifier's order."""
    readings = CLASSIFIER.read(ev)
    index = STRATEGIES.index(strategy)
    assert readings[index].strategy == strategy.name
    return readings[index]


def ids(reading: Reading, role: str | None = None) -> list[str]:
    return [c.license_id for c in reading.candidates if role in (None, c.role)]


# --- one test per strategy -----------------------------------------------------------------------


def test_license_files_strategy_reads_a_license_file_and_a_split_between_weights_and_code(tmp_path):
    reading = read(LicenseFiles, evidence(tmp_path, {"README.md": card("license: apache-2.0"), "LICENSE": APACHE}))
    (candidate,) = reading.candidates
    assert (candidate.license_id, candidate.source, candidate.role) == ("apache-2.0", "license-text", "governs")
    assert candidate.confidence > 0.99 and "LICENSE" in candidate.basis
    split = read(LicenseFiles, evidence(tmp_path / "b", {"README.md": card("license: cc-by-nc-4.0"), "LICENSE": APACHE, "MODEL_LICENSE": NC}))
    assert (ids(split, "governs"), ids(split, "code")) == (["cc-by-nc-4.0"], ["apache-2.0"])
    assert [(r.kind, r.message) for r in split.remarks] == [
        ("note", "MODEL_LICENSE governs the weights; LICENSE taken to cover code or other material")]


def test_policy_and_notice_strategy_reads_a_use_policy_and_terms_after_a_notice_text(tmp_path):
    reading = read(PolicyAndNoticeFiles, evidence(tmp_path, {"README.md": card("license: llama3.1"), "LICENSE": text("llama3.1.txt"),
                                                             "USE_POLICY.md": text("llama3.1-aup.txt")}))
    assert ids(reading) == ["llama3.1-aup"] and reading.candidates[0].role == "use-policy"
    added = MIT + "\nThe model weights may not be used for commercial purposes.\n"
    notice = read(PolicyAndNoticeFiles, evidence(tmp_path / "b", {"README.md": card("license: apache-2.0"), "LICENSE": APACHE, "NOTICE": added}))
    assert ids(notice, "governs") == ["mit"]
    assert [r.kind for r in notice.remarks] == ["unsettled"]
    assert "may not be used for commercial purposes" in notice.remarks[0].message


def test_card_body_strategy_counts_a_whole_license_text_and_flags_a_partial_one(tmp_path):
    whole = read(CardBodyText, evidence(tmp_path, {"README.md": card("license: mit", "# A model\n\n" + NC)}))
    assert ids(whole, "governs") == ["cc-by-nc-4.0"] and whole.findings[0].role == "card"
    partial = read(CardBodyText, evidence(tmp_path / "b", {"README.md": card("license: mit", "# A model\n\n" + NC[: int(len(NC) * 0.8)])}))
    assert partial.candidates == () and partial.findings == ()
    (remark,) = partial.remarks
    assert remark.kind == "unsettled" and re.fullmatch(r"README\.md contains \d+% of the cc-by-nc-4\.0 text", remark.message)


def test_card_metadata_strategy_reads_the_real_sdxl_card_and_names_it_does_not_know(tmp_path):
    reading = read(CardMetadata, evidence(tmp_path, {"README.md": SDXL_CARD}))
    assert [(c.license_id, c.known, c.confidence) for c in reading.candidates] == [("openrail++", True, 0.9)]
    other = read(CardMetadata, evidence(tmp_path / "b", {"README.md": card("license: other\nlicense_name: acme-nc")}))
    assert [(c.license_id, c.known) for c in other.candidates] == [("acme-nc", False)]


def test_card_prose_strategy_reads_the_real_sdxl_license_line_and_a_stricter_sentence(tmp_path):
    body = SDXL_CARD.split("---", 2)[2]   # the real card without its front matter: a card with no YAML
    alone = read(CardProse, evidence(tmp_path, {"README.md": body}))
    (candidate,) = alone.candidates
    assert (candidate.license_id, candidate.role) == ("openrail++", "fallback")
    assert "CreativeML Open RAIL++-M License" in candidate.basis
    stricter = read(CardProse, evidence(tmp_path / "b", {"README.md": card("license: mit", "The model weights are released under CC BY-NC 4.0.\n"),
                                                         "LICENSE": MIT}))
    # a sentence about the weights is a term: the stricter license governs beside the metadata's
    assert ids(stricter, "governs") == ["cc-by-nc-4.0"]
    assert [r.kind for r in stricter.remarks] == ["note"] and "released under CC BY-NC 4.0" in stricter.remarks[0].message
    # beside its own metadata, the SDXL card's license line names nothing stricter
    assert read(CardProse, evidence(tmp_path / "c", {"README.md": SDXL_CARD})).candidates == ()


def test_file_statements_strategy_reads_the_llama_attribution_notice(tmp_path):
    reading = read(FileStatements, evidence(tmp_path, {"README.md": card("license: apache-2.0"), "LICENSE": APACHE, "NOTICE": LLAMA_NOTICE + "\n"}))
    assert [(c.license_id, c.source, c.role) for c in reading.candidates] == [("llama3.1", "file-names", "governs")]
    assert [(r.kind, r.message) for r in reading.remarks] == [("note", "NOTICE names llama3.1")]


def test_weight_headers_strategy_reads_a_header_that_disagrees_and_one_it_does_not_know(tmp_path):
    ev = evidence(tmp_path, {"README.md": card("license: apache-2.0"), "LICENSE": APACHE},
                  weights=(("m-Q4_K_M.gguf", "cc-by-nc-4.0"), ("m-Q8_0.gguf", "acme-model-license")))
    reading = read(WeightHeaders, ev)
    assert ids(reading) == ["cc-by-nc-4.0"]
    assert [(r.kind, r.message) for r in reading.remarks] == [
        ("conflict", "m-Q4_K_M.gguf header declares 'cc-by-nc-4.0' but the card declares apache-2.0"),
        ("conflict", "m-Q8_0.gguf header declares 'acme-model-license' but the card declares apache-2.0"),
        ("unknown-file", "m-Q8_0.gguf (header license 'acme-model-license')"),
    ]


# --- decide(): the rules -------------------------------------------------------------------------


def test_the_most_restrictive_license_text_decides_and_every_one_applies(tmp_path):
    c = CLASSIFIER.classify(evidence(tmp_path, {"README.md": card("license: apache-2.0"), "LICENSE": APACHE, "TERMS.md": NC}))
    assert (c.license_id, c.category) == ("cc-by-nc-4.0", "non-commercial")
    assert c.basis.startswith("TERMS.md matches cc-by-nc-4.0 (license text, score")
    assert (c.detected, c.candidates) == (("apache-2.0", "cc-by-nc-4.0"), ("apache-2.0", "cc-by-nc-4.0"))


def test_among_declared_licenses_alone_the_most_restrictive_decides_at_metadata_confidence(tmp_path):
    c = CLASSIFIER.classify(evidence(tmp_path, {"README.md": card("license:\n  - apache-2.0\n  - cc-by-nc-4.0")}))
    assert (c.license_id, c.confidence) == ("cc-by-nc-4.0", 0.9)
    assert c.basis == "card metadata declares cc-by-nc-4.0; no license text to confirm it"
    assert c.candidates == ("apache-2.0", "cc-by-nc-4.0")


def test_a_partially_present_license_text_leaves_the_license_unknown_among_those_that_apply(tmp_path):
    c = CLASSIFIER.classify(evidence(tmp_path, {"README.md": card("license: mit", "# A model\n\n" + NC[: int(len(NC) * 0.8)]), "LICENSE": MIT}))
    assert "unknown" in c.candidates
    assert any("README.md contains" in x and x.endswith("needs legal review") for x in c.conflicts)


def test_a_card_that_declares_one_license_beside_another_text_is_a_conflict(tmp_path):
    c = CLASSIFIER.classify(evidence(tmp_path, {"README.md": card("license: apache-2.0"), "LICENSE.md": text("flux1-dev-noncommercial.txt")}))
    assert c.license_id == "flux1-dev-noncommercial"
    assert c.conflicts == ("card declares apache-2.0 but the license text is flux1-dev-noncommercial",)
    assert c.notes == ()


def test_a_license_file_matching_no_text_makes_the_license_unknown(tmp_path):
    custom = (ROOT / "tests/fakehub/repos/acme/custom-license-model/LICENSE").read_text(encoding="utf-8")
    c = CLASSIFIER.classify(evidence(tmp_path, {"README.md": card("license: other\nlicense_name: acme-model-license-1.0"), "LICENSE": custom}))
    assert (c.license_id, c.category, c.confidence) == ("unknown", "unknown", 0.0)
    assert c.basis == "LICENSE matches no known license" and "unknown" in c.candidates
    assert "LICENSE does not match any known license text" in c.conflicts


def test_a_license_only_in_prose_is_kept_below_the_confidence_that_allows(tmp_path):
    c = CLASSIFIER.classify(evidence(tmp_path, {"README.md": SDXL_CARD.split("---", 2)[2]}))
    assert (c.license_id, c.confidence) == ("openrail++", 0.6)
    assert c.notes[-1] == "license stated only in the card's prose, not in its metadata or a license file"
    assert c.conflicts == ()


def test_words_to_confirm_cap_the_confidence_and_are_notes_not_conflicts(tmp_path):
    # a sentence that does not say what it covers, outside the card's License line or section: a question for a
    # reader, not a term (the card's own License line, "**License**: CC-BY-NC-4.0", applies: review 11)
    c = CLASSIFIER.classify(evidence(tmp_path, {"README.md": card("license: mit", "Parts of this work are licensed under CC-BY-NC-4.0.\n"),
                                                "LICENSE": MIT}))
    assert c.license_id == "mit" and c.confidence == 0.85 and c.basis.endswith("; text to confirm (see the notes)")
    assert c.conflicts == () and len(c.notes) == 1 and "more restrictive than mit" in c.notes[0]


def test_split_license_files_are_a_note_not_a_conflict(tmp_path):
    c = CLASSIFIER.classify(evidence(tmp_path, {"README.md": card("license: cc-by-nc-4.0"), "LICENSE": APACHE, "MODEL_LICENSE": NC}))
    assert (c.license_id, c.conflicts) == ("cc-by-nc-4.0", ())
    assert c.notes == ("MODEL_LICENSE governs the weights; LICENSE taken to cover code or other material",)
    assert c.detected == ("cc-by-nc-4.0",)   # the code's Apache text is reported, and does not decide


def test_no_evidence_at_all_is_unknown(tmp_path):
    c = CLASSIFIER.classify(evidence(tmp_path, {"README.md": "# A model\n\nA model card that says nothing about terms.\n"}))
    assert (c.license_id, c.confidence, c.candidates) == ("unknown", 0.0, ("unknown",))
    assert c.basis == "no license declared in the card and no license file found"


def test_decide_on_hand_built_readings_lets_the_strictest_declaration_win_and_quotes_it(tmp_path):
    ev = evidence(tmp_path, {"README.md": "# A model\n"})
    readings = (Reading("card metadata", candidates=(
        Candidate("mit", "metadata", "governs", 0.9, "card metadata: license 'mit'"),
        Candidate("llama3.1", "metadata", "governs", 0.9, "card metadata: license 'llama3.1'"),
        Candidate("acme-nc", "metadata", "governs", 0.9, "card metadata: license 'acme-nc'", known=False),
    )),)
    c = decide(KB, ev, readings)
    assert (c.license_id, c.category) == ("llama3.1", "llama-community")
    assert c.candidates == ("mit", "llama3.1", "unknown")     # a name licscan does not know still applies
    assert c.notes == ("card declares 'acme-nc', which licscan does not know",)
    assert SoFar(ev, readings).applying() == ["mit", "llama3.1"]


# --- vocabulary ----------------------------------------------------------------------------------


def test_the_vocabulary_holds_the_same_words_as_the_rules_and_the_records():
    assert set(CATEGORY_VALUES) == set(CATEGORIES)
    assert set(VERDICT_VALUES) == set(VERDICTS)

