"""The pieces of the matcher package, each on real reference texts from license_texts/: copyright
lines, license names, the alignment's records and comparison, the vocabulary and the settings.

Whole-text answers are pinned by test_corpus.py and test_rules.py; the speed-ups by
test_matcher_perf_equivalence.py.
"""

from __future__ import annotations

import pytest

from licscan.matcher import OTHER_LICENSE, SETTINGS, Aligned, Matcher, states_terms
from licscan.matcher.alignment import compare
from licscan.matcher.index import build_references
from licscan.matcher.names import LicenseNames
from licscan.matcher.notices import holder_words, notice_part, notice_spans, reads_as_notices, without_notices
from licscan.matcher.records import Located, ReferenceText
from licscan.matcher.vocabulary import TERM_WORDS, TERMS_OUTSIDE
from licscan.normalize import tokens
from licscan.rules import load_knowledge_base

KB = load_knowledge_base()
MATCHER = Matcher(KB, cache=False)


def text(name: str) -> str:
    return KB.text_path(name).read_text(encoding="utf-8")


def reference(rule_id: str, name: str):
    return next(ref for ref in MATCHER.references if ref.rule_id == rule_id and ref.text_file == name)


# --- copyright lines ----------------------------------------------------------------------------


def test_a_reference_copyright_line_and_its_rights_reserved_line_are_one_notice():
    bsd = text("bsd-3-clause.txt")
    words = tokens(bsd)
    first_two_lines = tokens("\n".join(bsd.splitlines()[:2]))   # "Copyright (c) 2022, Salesforce.com, Inc." / "All rights reserved."
    assert first_two_lines[-3:] == ["all", "rights", "reserved"]
    spans = notice_spans(words, KB.text_path("bsd-3-clause.txt"))
    assert [words[start:end] for start, end in spans] == [first_two_lines]


def test_copyright_lines_are_set_aside_and_the_license_words_kept():
    kimi = text("kimi-k2-modified-mit.txt")
    lines = kimi.splitlines()
    notice = next(line for line in lines if line.startswith("Copyright"))   # "Copyright (c) 2025 Moonshot AI"
    without = tokens("\n".join(line for line in lines if line != notice))
    assert without_notices(tokens(kimi)) == without
    assert "moonshot" not in without_notices(tokens(kimi))


def test_a_sentence_that_starts_with_copyright_is_not_a_notice():
    mit = tokens(text("mit.txt"))
    start = mit.index("copyright", mit.index("above"))   # "The above copyright notice and this permission notice ..."
    assert notice_part(mit[start:start + 20]) == []
    assert without_notices(mit[start:start + 20]) == mit[start:start + 20]


def test_a_notice_with_all_rights_reserved_ends_there():
    line = next(x for x in text("llama2.txt").splitlines() if x.lstrip().lower().startswith("copyright"))
    words = tokens(line) + tokens("Licensed under the Llama 2 Community License.")
    assert notice_part(words) == tokens(line)


def test_holders_are_read_from_copyright_lines():
    assert holder_words(tokens(text("kimi-k2-modified-mit.txt"))) == {"moonshot", "ai"}
    assert holder_words(tokens(text("bsd-3-clause.txt"))) == {"salesforce", "com", "inc"}


def test_a_clause_dressed_as_a_notice_does_not_read_as_one():
    holder = tokens(next(x for x in text("deepseek-code.txt").splitlines() if x.startswith("Copyright")))
    assert reads_as_notices(holder, continuing=False)
    assert not reads_as_notices(holder + tokens("The weights are proprietary."), continuing=False)
    assert not reads_as_notices(holder + tokens("Commercial use is not permitted."), continuing=False)


# --- license names ------------------------------------------------------------------------------


def test_license_names_in_a_sentence_are_found_in_order_with_their_words():
    words = tokens("The model weights are licensed under CC-BY-NC-4.0 and the code under Apache-2.0.")
    found = LicenseNames(KB).find(words)
    assert found.rule_ids == ["cc-by-nc-4.0", "apache-2.0"]
    assert sorted(words[i] for i in found.positions) == sorted(tokens("CC-BY-NC-4.0 Apache-2.0"))


def test_the_longest_name_wins():
    words = tokens("Built with Llama 3.1 Community License; see also the Meta Llama 3 Community License.")
    assert MATCHER.named_licenses(words) == ["llama3.1", "llama3"]


def test_a_reference_title_names_its_license():
    first_line = text("apache-2.0.txt").strip().splitlines()[0]   # "Apache License"
    assert MATCHER.named_licenses(tokens(first_line + " 2.0")) == ["apache-2.0"]


# --- records and the alignment -----------------------------------------------------------------


def test_an_aligned_record_names_the_reference_its_score_and_where_it_lies():
    words = tokens(text("mit.txt"))
    best = MATCHER._align_candidates(words)[0]
    assert isinstance(best, Aligned)
    assert (best.reference.rule_id, best.reference.text_file, best.score) == ("mit", "mit.txt", 1.0)
    assert best.window == words and best.bounds == (0, len(words))
    ref, score, window, bounds = best   # still unpacks as the tuple it replaced
    assert ref is best.reference and bounds is best.bounds


def test_the_located_extent_is_the_license_inside_a_model_card():
    card = "# Tiny model\n\nA small model for testing, trained on public data by a team of two.\n\n## License\n\n"
    words = tokens(card + text("mit.txt"))
    located = MATCHER._match_with_extent(words)
    assert isinstance(located, Located)
    assert (located.match.rule_id, located.match.status) == ("mit", "exact")
    start, end = located.extent
    assert words[start:end] == tokens(text("mit.txt"))


def test_reference_texts_are_records_of_their_rule():
    built = build_references(KB)
    assert all(isinstance(item, ReferenceText) for item in built)
    mit = [item for item in built if item.rule_id == "mit"]
    assert [item.text_file for item in mit] == list(KB.get("mit").texts)
    assert {item.kind for item in mit} == {"license"}
    assert mit[0].tokens == tuple(tokens(text("mit.txt")))


def test_reference_texts_built_again_follow_their_files(tmp_path):
    """build_references keeps what it derived from the last texts it read (the catalog builds matchers on
    the same texts again): the same texts give the same records, a text rewritten gives the new one's."""
    import dataclasses

    from licscan.rules import KnowledgeBase

    mit, bsd = text("mit.txt"), text("bsd-3-clause.txt")
    (tmp_path / "t.txt").write_text(mit, encoding="utf-8")
    kb = KnowledgeBase((dataclasses.replace(KB.get("mit"), texts=("t.txt",), use_policies=()),), tmp_path, "t", with_catalog=False)
    first = build_references(kb)
    assert first == build_references(kb) and first[0].tokens == tuple(tokens(mit)) and first[0].notices
    (tmp_path / "t.txt").write_text(bsd, encoding="utf-8")
    again = build_references(kb)[0]
    assert again.tokens == tuple(tokens(bsd))
    assert again.notices == notice_spans(again.tokens, tmp_path / "t.txt") != first[0].notices


def test_another_holder_in_the_copyright_line_is_credited_not_a_difference():
    mit = text("mit.txt")
    other_holder = next(x for x in text("deepseek-code.txt").splitlines() if x.startswith("Copyright"))
    copy = mit.replace("Copyright (c) 2022 OpenAI", other_holder)
    assert copy != mit
    found = compare(reference("mit", "mit.txt"), tokens(copy), holder_words(tokens(copy)))
    assert found.differences == []
    assert found.credited == len(tokens("2022 OpenAI"))


def test_a_changed_term_is_a_difference_and_never_credited():
    mit = text("mit.txt")
    altered = mit.replace("free of charge", "for a fee")
    assert altered != mit
    found = compare(reference("mit", "mit.txt"), tokens(altered))
    assert found.credited == 0
    assert len(found.differences) == 1 and "fee" in found.differences[0]
    assert "fee" in found.added


# --- vocabulary and settings --------------------------------------------------------------------


def test_naming_a_license_is_not_terms_but_a_commercial_condition_is():
    assert not states_terms(tokens("Licensed under the MIT License, see the LICENSE file."))
    assert states_terms(tokens("Commercial use requires a separate agreement."))
    # a Chinese clause is one token, and says as much as the English one
    assert states_terms(tokens("商业使用需要另行签署协议。"))
    assert not states_terms(tokens("许可证"))   # one word, naming a license


def test_the_two_term_lists_differ_where_their_questions_do():
    # a license's own words disqualify a copyright line, but only naming a license is not terms
    assert {"license", "licensed", "used", "without"} <= TERM_WORDS - TERMS_OUTSIDE
    # the wording of commercial conditions counts outside a license text
    assert {"requires", "separate", "revenue", "million"} <= TERMS_OUTSIDE - TERM_WORDS
    assert {"not", "commercial", "only", "may"} <= TERM_WORDS & TERMS_OUTSIDE


def test_settings_are_frozen_and_read_by_classify():
    with pytest.raises(AttributeError):
        SETTINGS.exact = 0.5  # type: ignore[misc]
    assert SETTINGS._replace(exact=0.5).exact == 0.5 and SETTINGS.exact == 0.985
    assert SETTINGS.other_license == OTHER_LICENSE
    assert SETTINGS.modified < SETTINGS.other_license < SETTINGS.exact <= 1.0
