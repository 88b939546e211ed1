"""Evidence a checkpoint holds that licscan must read or say it did not (third review, findings 5, 6, 7
and 9): terms files named other than LICENSE, a card body longer than licscan reads, text a page or
a comment hides, and card metadata that says two things. Each on the real BERT card and LICENSE
(benchmarks/real_cards/cases/google-bert__bert-base-uncased, allowed as it is) with one change, and
the verbatim license texts of license_texts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.classify import Classifier
from licscan.evaluate import Evaluator
from licscan.model import ManifestEntry, Project, Result
from licscan.normalize import MAX_CLASSIFY_CHARS, html_to_text
from licscan.rules import load_knowledge_base
from licscan.sources.collect import Listed, collect
from licscan.sources.common import is_evidence_name, role_for
from licscan.sources.local import LocalSource

ROOT = Path(__file__).resolve().parent.parent
BERT = ROOT / "benchmarks" / "real_cards" / "cases" / "google-bert__bert-base-uncased" / "files"
CARD = (BERT / "README.md").read_text(encoding="utf-8")
APACHE = (BERT / "LICENSE").read_text(encoding="utf-8")
KB = load_knowledge_base()
CLASSIFIER = Classifier(KB)
RESTRICTION = "This model is released for non-commercial use only."
QUOTED = "“This model is released for non-commercial use only”"


def license_text(name: str) -> str:
    return (ROOT / "license_texts" / name).read_text(encoding="utf-8")


def check(tmp_path: Path, files: dict[str, str | None]) -> Result:
    """The BERT checkpoint (card and LICENSE) with these files written over or beside it (None: left out)."""
    for name, text in {"README.md": CARD, "LICENSE": APACHE, **files}.items():
        if text is None:
            (tmp_path / name).unlink(missing_ok=True)
        else:
            (tmp_path / name).write_text(text, encoding="utf-8")
    evidence = LocalSource(tmp_path, "models.lock").fetch(ManifestEntry(ref=".", kind="local", line=1))
    return Evaluator(KB, Project("p", "commercial")).evaluate(evidence, CLASSIFIER.classify(evidence))


def test_the_bert_checkpoint_as_it_is_is_allowed(tmp_path):
    result = check(tmp_path, {})
    assert (result.classification.license_id, result.verdict) == ("apache-2.0", "allowed")


# -- finding 6: terms files by other names --------------------------------------------------------

@pytest.mark.parametrize("name", ["TERMS_AND_CONDITIONS.md", "MODEL_TERMS.md", "ADDENDUM.md", "RIDER.txt",
                                  "additional_terms.md", "模型许可协议.md", "利用規約.md", "ライセンス.txt", "weights/terms.txt"])
def test_a_terms_file_by_another_name_is_read(tmp_path, name):
    # the CC BY-NC 4.0 legal code beside BERT's Apache LICENSE, in a file named as terms are named
    (tmp_path / "weights").mkdir()
    result = check(tmp_path, {name: license_text("cc-by-nc-4.0.txt")})
    assert name in [f.name for f in result.evidence.files]
    assert "cc-by-nc-4.0" in result.classification.candidates
    assert result.verdict == "denied"


def test_ordinary_docs_are_not_taken_for_terms():
    # whole words only, and "协议" alone is also "protocol"
    for name in ("terminology.md", "provider.md", "spider.md", "CHANGELOG.md", "docs/通信协议.md",
                 "docs/USAGE.md", "terms.json"):
        assert not is_evidence_name(name), name
    # a USAGE.md at the top is read for the restrictions its words state (acc26), never as a license or terms text; so is
    # the card in another language since acc52 (review52: README_zh.md's "禁止用于任何商业用途" was never read)
    assert role_for("USAGE.md") == "use-guide" and role_for("README_zh.md") == "use-guide"


LINKED_CARD = CARD.replace("### BibTeX entry and citation info", "## License\n\nThe code is released under Apache 2.0. Use of the "
                            "model weights is subject to the [Model Terms](docs/weights.md). See the [usage guide](docs/usage.md).\n\n"
                            "### BibTeX entry and citation info", 1)


def test_a_file_the_card_links_to_as_its_terms_is_read_whatever_its_name(tmp_path):
    assert LINKED_CARD != CARD
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "usage.md").write_text("# Usage\n\nLoad the model with transformers.\n", encoding="utf-8")
    result = check(tmp_path, {"README.md": LINKED_CARD, "docs/weights.md": license_text("cc-by-nc-4.0.txt")})
    assert [f.name for f in result.evidence.files] == ["README.md", "LICENSE", "docs/weights.md"]   # not the usage guide
    assert "cc-by-nc-4.0" in result.classification.candidates and result.verdict == "denied"


def test_the_hub_listing_serves_a_linked_terms_file_the_same_way(tmp_path):
    # as HubSource lists a repository: every file with its size, fetched by name
    (tmp_path / "docs").mkdir()
    files = {"README.md": LINKED_CARD, "LICENSE": APACHE, "docs/weights.md": license_text("cc-by-nc-4.0.txt"), "config.json": "{}"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    listing = [Listed(name, (tmp_path / name).stat().st_size) for name in files]
    fetched: list[str] = []

    def fetch(name: str) -> Path:
        fetched.append(name)
        return tmp_path / name

    collected = collect(listing, fetch)
    assert [f.name for f in collected.files] == ["README.md", "LICENSE", "docs/weights.md"]
    assert fetched[:3] == ["README.md", "LICENSE", "docs/weights.md"] and collected.complete


# -- finding 5: a card body longer than licscan reads ---------------------------------------------

def _with_table(rows_chars: int, tail: str) -> str:
    row = "| task-{:05d} | 71.2 | 65.3 | 80.1 | 77.7 | 69.9 |\n"
    table = "".join(row.format(i) for i in range(rows_chars // len(row.format(0)) + 1))
    return CARD + "\n## More results\n\n| Task | A | B | C | D | E |\n|---|---|---|---|---|---|\n" + table + tail


def test_a_restriction_after_a_300_kb_table_is_read(tmp_path):
    # BERT's card with 300 KB of evaluation rows and then the restriction: read whole, not cut at 200,000
    result = check(tmp_path, {"README.md": _with_table(300_000, f"\n## Terms of use\n\n{RESTRICTION}\n")})
    assert result.verdict == "denied"
    assert any(QUOTED in reason for reason in result.reasons)
    assert result.evidence.complete


def test_a_300_kb_table_alone_is_still_allowed(tmp_path):
    result = check(tmp_path, {"README.md": _with_table(300_000, "")})
    assert (result.verdict, result.evidence.complete) == ("allowed", True)


def test_a_card_body_longer_than_licscan_reads_is_incomplete_evidence_named(tmp_path):
    result = check(tmp_path, {"README.md": _with_table(MAX_CLASSIFY_CHARS + 10_000, f"\n## Terms of use\n\n{RESTRICTION}\n")})
    assert result.verdict == "unknown" and not result.evidence.complete
    assert any(p.startswith("README.md: the card's text after its metadata is") and f"first {MAX_CLASSIFY_CHARS:,}" in p
               for p in result.evidence.problems)


# -- finding 7: text a page or a comment hides -----------------------------------------------------

FOOTER = "Additional terms: the model weights may not be used for commercial purposes."


def _mit_page(footer_tag: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in license_text("mit.txt").split("\n\n"))
    return (f"<!DOCTYPE html><html><head><title>Model License</title><style>p {{margin: 0}}</style></head><body><main>\n"
            f"{paragraphs}</main><{footer_tag}><p>{FOOTER}</p></{footer_tag}><script>var terms = 'none';</script></body></html>")


@pytest.mark.parametrize("tag", ["footer", "nav", "aside", "header"])
def test_html_keeps_what_a_browser_shows_and_drops_code(tag):
    text = html_to_text(_mit_page(tag))
    assert FOOTER in text and "Permission is hereby granted" in text and "Model License" in text
    assert "var terms" not in text and "margin" not in text


def test_terms_in_a_license_page_footer_are_read(tmp_path):
    result = check(tmp_path, {"LICENSE_WEIGHTS.html": _mit_page("footer")})
    assert result.verdict != "allowed"
    assert any("may not be used for commercial purposes" in reason for reason in result.reasons)


def test_an_unclosed_comment_hiding_the_rest_of_a_license_file_is_named(tmp_path):
    mit = license_text("mit.txt")
    result = check(tmp_path, {"LICENSE": mit + "\nNotes\n<!-- see below\n\n" + FOOTER + "\n"})
    line = mit.count("\n") + 3
    assert result.verdict == "unknown" and not result.evidence.complete
    assert f"LICENSE: line {line}: '<!--' is never closed, so the rest of the file" in " ".join(result.evidence.problems)


def test_words_inside_a_comment_of_a_plain_text_file_are_named(tmp_path):
    # shown as they are in LICENSE.txt; in a Markdown file the same comment is hidden from every reader
    mit = license_text("mit.txt")
    hidden = check(tmp_path, {"LICENSE": None, "LICENSE.txt": mit + f"\n<!-- {FOOTER} -->\n"})
    assert hidden.verdict == "unknown"
    assert any(p.startswith("LICENSE.txt: line ") and "inside '<!-- -->'" in p for p in hidden.evidence.problems)
    (tmp_path / "LICENSE.txt").unlink()
    markdown = check(tmp_path, {"LICENSE": None, "LICENSE.md": mit + "\n<!-- keep this file beside the weights -->\n"})
    assert markdown.evidence.complete and markdown.classification.license_id == "mit"


# -- finding 9: card metadata that says two things -------------------------------------------------

def _front_matter(extra: str, license_line: str = "license: apache-2.0\n") -> str:
    assert "license: apache-2.0\n" in CARD
    return CARD.replace("license: apache-2.0\n", license_line + extra, 1)


@pytest.mark.parametrize("card, said", [
    (_front_matter("license_link: https://creativecommons.org/licenses/by-nc/4.0/\n"), "license_link"),
    (_front_matter("license_name: cc-by-nc-4.0\n"), "license_name"),
    # the Hub's own "license:" tag names the card's license; this one, added to BERT's tags, does not
    (CARD.replace("- exbert\n", "- exbert\n- license:cc-by-nc-4.0\n", 1), "tag"),
])
def test_a_license_name_link_or_tag_naming_another_license_is_a_conflict_and_applies(tmp_path, card, said):
    assert card != CARD
    result = check(tmp_path, {"README.md": card})
    assert result.verdict == "denied" and "cc-by-nc-4.0" in result.classification.candidates
    assert any(r.startswith(f"conflict: card metadata declares license apache-2.0 but its {said}") for r in result.reasons)


def test_a_license_link_to_the_declared_license_is_no_conflict(tmp_path):
    result = check(tmp_path, {"README.md": _front_matter("license_link: https://www.apache.org/licenses/LICENSE-2.0\n")})
    assert result.verdict == "allowed" and not result.classification.conflicts


def test_a_license_key_given_twice_is_a_card_problem_and_both_apply(tmp_path):
    card = _front_matter("license: apache-2.0\n", "license: cc-by-nc-4.0\n")
    result = check(tmp_path, {"README.md": card})
    line = card.splitlines().index("license: cc-by-nc-4.0") + 1
    assert result.evidence.card.licenses == ("cc-by-nc-4.0", "apache-2.0")
    assert result.verdict == "denied"
    assert any(f"gives 'license' 2 times (line {line}: 'cc-by-nc-4.0', line {line + 1}: 'apache-2.0')" in r for r in result.reasons)
