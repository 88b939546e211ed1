"""Issue 14 on the vendors' own texts the first round missed: date lines written the Chinese vendors'
way or left blank, URLs that do not begin a word group or are glued to Chinese text, a number a
rewrap puts before a list marker. Each kind beside an edit of the same passage that changes a term,
which stays a modification."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from licscan.matcher import Matcher
from licscan.normalize import tokens
from licscan.rules import load_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
KB = load_knowledge_base()
MATCHER = Matcher(KB, cache=False, memo=False)


def original(name: str) -> str:
    return (ROOT / "license_texts" / name).read_text(encoding="utf-8")


def without_line(text: str, line: str) -> str:
    assert f"\n{line}\n" in text
    return text.replace(f"\n{line}\n", "\n", 1)


# --- "Last modified" lines -----------------------------------------------------------------------

def test_a_last_modified_line_with_a_numeric_date_left_out_is_the_license():
    for name, rule_id, line in [
        ("tencent-hunyuan-community-hunyuandit-2024-05.txt", "tencent-hunyuan-community-hunyuandit-20240513",
         "Last modified: 2024/5/14"),
        ("tencent-hunyuan-non-commercial-hunyuan3d-1.txt", "tencent-hunyuan-non-commercial-hunyuan3d-1",
         "Last modified: 2024.11.5"),
    ]:
        found = MATCHER.match(without_line(original(name), line))
        assert (found.rule_id, found.status) == (rule_id, "exact"), found.differences
        assert found.differences[0] == "differs from the reference only in: “Last modified” line"


def test_a_last_modified_line_left_blank_by_the_vendor_and_dropped_is_that_license_not_a_sibling():
    # HunyuanDiT's license says "Last modified: [insert date]"; without the line it was read as a
    # modified HunyuanVideo license, whose own date line could be credited
    found = MATCHER.match(without_line(original("tencent-hunyuan-community-hunyuandit.txt"), "Last modified: [insert date]"))
    assert (found.rule_id, found.status) == ("tencent-hunyuan-community-hunyuandit", "exact"), found.differences


def test_a_redated_numeric_date_line_is_benign_and_a_number_in_a_clause_stays_a_term():
    text = original("tencent-hunyuan-non-commercial-hunyuan3d-1.txt")
    redated = MATCHER.match(text.replace("Last modified: 2024.11.5", "Last modified: 2025.1.7"))
    assert (redated.rule_id, redated.status) == ("tencent-hunyuan-non-commercial-hunyuan3d-1", "exact"), redated.differences
    assert "version date" in redated.differences[0]
    both = text.replace("Last modified: 2024.11.5", "Last modified: 2025.1.7").replace(
        "greater than 100 million monthly active users", "greater than 1000 million monthly active users")
    found = MATCHER.match(both)
    assert (found.rule_id, found.status) == ("tencent-hunyuan-non-commercial-hunyuan3d-1", "modified")
    assert any("100" in difference for difference in found.differences), found.differences


# --- URLs -------------------------------------------------------------------------------------------

def test_a_url_after_others_in_one_word_group_written_another_way_is_the_license():
    # "...;https://ai.gitcode.com/tencent_hunyuan/HunyuanImage-3.0]": the last of five links, after a space
    text = original("tencent-hunyuan-community-hunyuanimage-3.0.txt")
    assert "HunyuanImage-3.0/;https://ai.gitcode.com/" in text
    found = MATCHER.match(text.replace(";https://ai.gitcode.com/", ";http://www.ai.gitcode.com/"))
    assert (found.rule_id, found.status) == ("tencent-hunyuan-community-hunyuanimage-3.0", "exact"), found.differences
    assert "URL form" in found.differences[0]


def test_a_url_glued_to_chinese_text_written_another_way_is_the_license():
    for name, rule_id in [("yi-license-1.0.txt", "yi-license-1.0"), ("yi-license-2.0.txt", "yi-license-2.0")]:
        text = original(name)
        assert "许可方将通过https://01.ai公布协议最新版本" in text
        found = MATCHER.match(text.replace("许可方将通过https://01.ai公布", "许可方将通过http://www.01.ai/公布"))
        assert (found.rule_id, found.status) == (rule_id, "exact"), found.differences


def test_chinese_words_glued_to_a_url_stay_terms():
    # "the licensor will publish the latest version through https://01.ai": "will not publish" is a change
    text = original("yi-license-2.0.txt")
    for edited in (text.replace("许可方将通过https://01.ai", "许可方不通过https://01.ai"),
                   text.replace("https://01.ai公布协议最新版本", "http://www.01.ai/不公布协议最新版本")):
        found = MATCHER.match(edited)
        assert (found.rule_id, found.status) == ("yi-license-2.0", "modified"), found.differences


# --- a rewrap that puts a sentence's number before a list marker ------------------------------------

def rewrapped(text: str, width: int) -> str:
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width, break_long_words=False, break_on_hyphens=False)
                       for p in re.split(r"\n\s*\n", text))


def test_a_number_a_rewrap_puts_before_a_list_marker_is_kept_as_a_word():
    # "...are subject to paragraph 5.\n2. You must give..." wrapped at 51 columns starts a line with "5.  2."
    text = rewrapped(original("ltxv-0.9-rail-m-2024-11-22.txt"), 51).replace(". ", ".  ")
    assert "paragraph\n5.  2.  You must" in text
    assert tokens("to paragraph\n5.  2.  You must") == ["to", "paragraph", "5", "2", "you", "must"]
    found = MATCHER.match(text)
    assert (found.rule_id, found.status) == ("ltxv-0.9-rail-m-20241122", "exact"), found.differences
    # the number stays a word of the clause: another paragraph named is a change
    changed = MATCHER.match(text.replace("paragraph\n5.  2.  You must", "paragraph\n6.  2.  You must"))
    assert changed.status == "modified"
    assert any("5" in difference and "6" in difference for difference in changed.differences), changed.differences


# --- what a date line may hide ------------------------------------------------------------------

def _spans(text: str) -> list[tuple[str, list[str]]]:
    from licscan.matcher.benign import benign_spans

    words = tokens(text)
    return [(kind, words[start:end]) for kind, start, end in benign_spans(words, text)]


def test_a_last_modified_line_that_also_states_a_term_is_not_a_date_line():
    # were the whole line harmless to drop, a copy leaving out "commercial use prohibited" would read as the license
    text = original("tencent-hunyuan-non-commercial-hunyuan3d-1.txt")
    assert ("“Last modified” line", ["last", "modified", "2024", "11", "5"]) in _spans(text)
    stated = text.replace("Last modified: 2024.11.5", "Last modified: 2024.11.5 commercial use prohibited")
    assert [kind for kind, _ in _spans(stated) if kind == "“Last modified” line"] == []


def test_only_the_date_on_a_version_line_is_harmless_not_the_same_date_in_a_clause():
    text = original("llama2.txt")
    version_line = next(line for line in text.splitlines() if "Version Release Date" in line)
    date = version_line.split(":", 1)[1].strip()
    clause = f"This license is granted until {date} only."
    spans = [words for kind, words in _spans(text + "\n" + clause + "\n") if kind == "version date"]
    assert spans == [tokens(date)]


def test_an_effective_date_inserted_into_a_grant_is_a_term_and_a_last_updated_line_is_not():
    mit = original("mit.txt")
    assert "Permission is hereby granted," in mit
    delayed = MATCHER.match(mit.replace("Permission is hereby granted,", "Permission is hereby granted, effective 1 January 2099,", 1))
    assert delayed.status == "modified", delayed.differences
    recorded = MATCHER.match("Last updated: 1 January 2024\n\n" + mit)
    assert (recorded.rule_id, recorded.status) == ("mit", "exact"), recorded.differences
