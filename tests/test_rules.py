"""The knowledge base itself: every rule loads, names are unambiguous, every text is used and matches."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from license_expression import get_spdx_licensing

from licscan.errors import InputError
from licscan.matcher import Matcher
from licscan.rules import _name_key, load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
KB = load_knowledge_base()


def test_every_lookup_name_belongs_to_one_rule():
    owners = defaultdict(set)
    for rule in KB.rules:
        for name in (rule.id, *rule.hub_ids, *rule.aliases, rule.spdx):
            owners[_name_key(name)].add(rule.id)
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_every_text_is_referenced_by_exactly_one_rule_and_has_a_source():
    refs = defaultdict(list)
    for rule in KB.rules:
        for text in rule.texts:
            refs[text].append(rule.id)
    sources = (ROOT / "license_texts" / "SOURCES.tsv").read_text(encoding="utf-8")
    source_ids = {line.split("\t")[0] for line in sources.splitlines()[1:] if line.strip()}
    for path in sorted((ROOT / "license_texts").glob("*.txt")):
        assert path.stem in source_ids, f"{path.name} has no row in SOURCES.tsv"
        assert len(refs[path.name]) == 1, (path.name, refs[path.name])


def test_spdx_ids_are_exact_list_ids_or_license_refs():
    keys = {symbol.key for symbol in get_spdx_licensing().known_symbols.values()}
    wrong = [r.id for r in KB.rules if not r.spdx.startswith("LicenseRef-") and r.spdx not in keys]
    assert wrong == []


def test_metadata_only_rules_say_so():
    for rule in KB.rules:
        if not rule.texts:
            assert "classified from card metadata only" in rule.notes, rule.id


@pytest.mark.parametrize("rule", [r for r in KB.rules if r.texts], ids=lambda r: r.id)
def test_each_reference_text_matches_its_own_rule_exactly(rule):
    matcher = _matcher()
    for name in rule.texts:
        match = matcher.match(KB.text_path(name).read_text(encoding="utf-8"))
        assert (match.rule_id, match.status) == (rule.id, "exact"), (name, match)


def test_threshold_numbers_come_from_the_texts():
    """Every threshold limit appears in its license text, written as the text writes it."""
    spelled = {700_000_000: "700 million", 100_000_000: "100 million", 1_000_000: "1,000,000", 10_000_000: "10,000,000"}
    for rule in KB.rules:
        for threshold in rule.thresholds:
            text = " ".join(KB.text_path(t).read_text(encoding="utf-8") for t in rule.texts)
            assert spelled.get(threshold.limit, f"{threshold.limit:,}") in text, (rule.id, threshold.limit)


def test_a_broken_rule_file_is_named_with_its_line(tmp_path):
    (tmp_path / "x.yaml").write_text("id: x\nname: X\nspdx: MIT\ncategory: permissive\nuse:\n  commercial: allowed\n  internal: allowed\n  research: maybe\n  non-commercial: allowed\n")
    with pytest.raises(InputError) as caught:
        load_knowledge_base(tmp_path, ROOT / "license_texts")
    assert caught.value.line == 8 and "use.research must be one of" in caught.value.message


_MATCHER: list[Matcher] = []


def _matcher() -> Matcher:
    if not _MATCHER:
        _MATCHER.append(Matcher(KB))
    return _MATCHER[0]


def test_readme_license_table_is_generated_from_rules():
    from click.testing import CliRunner

    from licscan.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules-table:start -->\n", 1)[1].split("<!-- rules-table:end -->", 1)[0]
    generated = CliRunner().invoke(main, ["rules", "--markdown"]).output
    assert table == generated, "README table is stale: regenerate it with `licscan rules --markdown`"
