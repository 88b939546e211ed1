"""The knowledge base itself: every rule loads, names are unambiguous, every text is used and matches."""

from __future__ import annotations

import re
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
    """Every threshold limit appears in each of its license's texts, written as the texts write it
    ("700 million", "1,000,000", "$10,000,000")."""
    checked = 0
    for rule in KB.rules:
        for threshold in rule.thresholds:
            n = threshold.limit
            spellings = {f"{n:,}"} | ({f"{n // 1_000_000} million"} if n % 1_000_000 == 0 else set())
            for name in rule.texts:
                text = " ".join(KB.text_path(name).read_text(encoding="utf-8").split())
                assert any(s in text for s in spellings), (rule.id, name, n)
                checked += 1
    assert checked >= 30


def test_a_broken_rule_file_is_named_with_its_line(tmp_path):
    (tmp_path / "x.yaml").write_text("id: x\nname: X\nspdx: MIT\ncategory: permissive\nuse:\n"
                                     "  commercial: allowed\n  internal: allowed\n  research: maybe\n  non-commercial: allowed\n")
    with pytest.raises(InputError) as caught:
        load_knowledge_base(tmp_path, ROOT / "license_texts")
    assert caught.value.line == 8 and "use.research must be one of" in caught.value.message


_MATCHER: list[Matcher] = []


def _matcher() -> Matcher:
    if not _MATCHER:
        _MATCHER.append(Matcher(KB))
    return _MATCHER[0]


def test_the_license_table_in_docs_is_generated_from_rules():
    from click.testing import CliRunner

    from licscan.cli import main

    page = (ROOT / "docs" / "licenses.md").read_text(encoding="utf-8")
    table = page.split("<!-- rules-table:start -->\n", 1)[1].split("<!-- rules-table:end -->", 1)[0]
    generated = CliRunner().invoke(main, ["rules", "--markdown"]).output
    assert table == generated, "docs/licenses.md is stale: regenerate its table with `licscan rules --markdown`"


# --- the knowledge the Hub and real cards need, checked from the data files themselves ----------------

NOTES = ROOT.parent / "shared" / "notes"
CORPUS = ROOT.parent / "shared" / "license-corpus"
HUB_SENTINELS = {"other", "unknown"}     # the Hub's "see license_name / license_link" and "not said"
PLACEHOLDER_NAMES = {"license"}          # `license_name: license` names nothing: the license file decides


def _hub_ids() -> list[str]:
    lines = (NOTES / "hub-license-ids.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _census() -> list[tuple[str, str]]:
    rows = (NOTES / "hub-license-census.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(row.split("\t")[:2]) for row in rows if row and not row.startswith(("#", "field\t"))]


def test_every_hub_license_id_is_a_rule_with_a_category():
    ids = _hub_ids()
    assert len(ids) >= 80 and set(ids) >= HUB_SENTINELS
    missing, undetermined = [], []
    for hub_id in ids:
        rule = KB.by_name(hub_id)
        if hub_id in HUB_SENTINELS:
            assert rule is None, f"'{hub_id}' is the Hub's own sentinel, not a license"
            continue
        if rule is None or hub_id not in rule.hub_ids:
            missing.append(hub_id)
        elif rule.category == "unknown":
            undetermined.append(hub_id)
    assert missing == []
    # only the bare Creative Commons id cannot be answered: its members range from CC BY to CC BY-NC-ND
    assert undetermined == ["cc"]
    cc = KB.by_name("cc")
    assert "NonCommercial" in cc.unknown_reason and "version" in cc.unknown_reason
    assert {cc.grant_for(use) for use in ("commercial", "internal", "research", "non-commercial")} == {"unknown"}


def test_a_card_declaring_bare_cc_is_unknown_and_says_why():
    from licscan.classify import Classifier
    from licscan.evaluate import Evaluator
    from licscan.model import Ancestor, Evidence, ManifestEntry, Project
    from licscan.sources.common import card_metadata

    evidence = Evidence(entry=ManifestEntry(ref="acme/cc-model", kind="hub", line=1), source="hub",
                        revision="a" * 40, card=card_metadata({"license": "cc"}))
    classification = Classifier(KB, _matcher()).classify(evidence)
    assert (classification.license_id, classification.category) == ("cc", "unknown")
    base = Ancestor("acme/base", "finetune", 1, "apache-2.0", "permissive", "b" * 40, "acme/cc-model")
    for ancestors in ((), (base,)):
        result = Evaluator(KB, Project("p", "commercial")).evaluate(evidence, classification, ancestors)
        assert result.verdict == "unknown"
        assert "may be NonCommercial" in result.reasons[0], result.reasons


def test_every_license_value_on_real_cards_resolves_to_a_rule():
    rows = _census()
    assert len(rows) >= 50
    unresolved = [(field, value) for field, value in rows
                  if value not in HUB_SENTINELS | PLACEHOLDER_NAMES and KB.by_name(value) is None]
    assert unresolved == []
    for value in HUB_SENTINELS | PLACEHOLDER_NAMES:
        assert KB.by_name(value) is None, value


def test_every_corpus_text_is_a_byte_identical_reference_of_one_rule():
    """Each verbatim text of the shared corpus is in license_texts/ unchanged, with its SOURCES row."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} (the shared license corpus) is not present in this checkout")
    owners = {name: rule.id for rule in KB.rules for name in rule.texts}
    sources = (ROOT / "license_texts" / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()
    corpus_rows = {line.split("\t")[0]: line for line in (CORPUS / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    texts = sorted(CORPUS.glob("*.txt"))
    assert len(texts) >= 150
    for path in texts:
        assert path.name in owners, f"{path.name} is no rule's reference text"
        assert KB.text_path(path.name).read_bytes() == path.read_bytes(), path.name
        assert corpus_rows[path.stem] in sources, f"{path.stem}: SOURCES.tsv row differs from the corpus'"


def test_licscan_classify_names_each_corpus_text_as_its_own_rule_never_a_sibling():
    import json

    from click.testing import CliRunner

    from licscan.cli import main

    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} (the shared license corpus) is not present in this checkout")
    paths = sorted(CORPUS.glob("*.txt"))
    result = CliRunner().invoke(main, ["classify", "--json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    got = {Path(item["file"]).name: (item["license"], item["status"]) for item in json.loads(result.output)}
    expected = {path.name: (next(r.id for r in KB.rules if path.name in r.texts), "exact") for path in paths}
    assert {name: got[name] for name in expected if got[name] != expected[name]} == {}


def test_license_links_name_one_rule_each_and_are_found():
    seen: dict[str, str] = {}
    for rule in KB.rules:
        for link in rule.links:
            key = link.lower().rstrip("/")
            assert key not in seen, (link, seen.get(key), rule.id)
            seen[key] = rule.id
            other_spelling = re.sub(r"^https://(www\.)?", lambda m: "http://" if m.group(1) else "http://www.", link) + "/"
            assert KB.by_link(link) is rule and KB.by_link(other_spelling) is rule, link
    assert len(seen) >= 30
    assert KB.by_link("https://example.com/not-a-license") is None


def test_vendor_licenses_name_their_family():
    """A vendor license (LicenseRef-) with a text says which line of licenses it belongs to, so an
    unseen revision can be reported as "an unrecognised version of FAMILY"."""
    lacking = [r.id for r in KB.rules if r.texts and r.spdx.startswith("LicenseRef-") and not r.family]
    assert lacking == []
    families = defaultdict(list)
    for rule in KB.rules:
        families[rule.family].append(rule.id)
    assert len(families["tencent-hunyuan"]) >= 20 and len(families["llama"]) >= 10


@pytest.mark.parametrize("yaml_text, line, message", [
    ("category: unknown\n", 4, "category 'unknown' needs an unknown_reason"),
    ("category: permissive\nunknown_reason: why\n", 4, "category 'unknown' needs an unknown_reason, and only it"),
    ("category: permissive\nfamily: Not Kebab\n", 5, "family 'Not Kebab' must be kebab-case"),
    ("category: permissive\nlinks: [ftp://example.com/x]\n", 5, "link 'ftp://example.com/x' is not an http(s) URL"),
])
def test_new_schema_fields_are_validated_with_their_line(tmp_path, yaml_text, line, message):
    grant = "unknown" if "category: unknown" in yaml_text else "allowed"
    (tmp_path / "x.yaml").write_text("id: x\nname: X\nspdx: MIT\n" + yaml_text +
                                     f"use:\n  commercial: {grant}\n  internal: {grant}\n  research: {grant}\n  non-commercial: {grant}\n")
    with pytest.raises(InputError) as caught:
        load_knowledge_base(tmp_path, ROOT / "license_texts")
    assert caught.value.line == line and message in caught.value.message


def test_only_an_unknown_rule_may_answer_unknown(tmp_path):
    (tmp_path / "x.yaml").write_text("id: x\nname: X\nspdx: MIT\ncategory: permissive\n"
                                     "use:\n  commercial: unknown\n  internal: allowed\n  research: allowed\n  non-commercial: allowed\n")
    with pytest.raises(InputError) as caught:
        load_knowledge_base(tmp_path, ROOT / "license_texts")
    assert caught.value.line == 6 and "use.commercial must be one of" in caught.value.message


# --- knowledge in one place: categories and provenance ---------------------------------------------


def test_every_category_a_rule_file_names_is_in_categories_yaml():
    """Read from the files themselves (not through the loader, which already refuses others)."""
    import yaml

    listed = [c["id"] for c in yaml.safe_load((ROOT / "rules" / "categories.yaml").read_text(encoding="utf-8"))["categories"]]
    used = {}
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        if path.name != "categories.yaml":
            used[path.name] = yaml.safe_load(path.read_text(encoding="utf-8"))["category"]
    assert len(used) == len(KB.rules)     # categories.yaml is not loaded as a rule
    assert {name: c for name, c in used.items() if c not in listed} == {}
    assert len(listed) == len(set(listed))


def test_categories_yaml_is_the_one_list_of_categories():
    """The typed vocabulary, the rules and the policy loader all hold the file's categories; the
    ranks order restrictiveness with 'unknown' (fails closed) the most restrictive."""
    from licscan.rules import CATEGORIES, CATEGORY_RANK
    from licscan.vocabulary import CATEGORY_VALUES

    assert set(CATEGORY_VALUES) == set(CATEGORIES) == set(CATEGORY_RANK)
    assert max(CATEGORY_RANK, key=CATEGORY_RANK.get) == "unknown"
    assert min(CATEGORY_RANK, key=CATEGORY_RANK.get) == "permissive"
    assert CATEGORY_RANK["non-commercial"] > CATEGORY_RANK["revenue-threshold"] > CATEGORY_RANK["openrail"]


def test_a_categories_file_with_a_repeated_rank_is_refused(tmp_path):
    from licscan.rules import load_categories

    path = tmp_path / "categories.yaml"
    path.write_text("version: 1\ncategories:\n  - {id: a, rank: 0, meaning: x}\n  - {id: b, rank: 0, meaning: y}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_categories(path)
    assert caught.value.line == 4 and "repeats" in caught.value.message


def test_licscan_rules_shows_where_each_reference_text_comes_from():
    from click.testing import CliRunner

    from licscan.cli import main

    rows = (ROOT / "license_texts" / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    sources = {row["id"] + ".txt": row for row in (dict(zip(header, line.split("\t"), strict=False)) for line in rows[1:] if line.strip())}
    output = CliRunner().invoke(main, ["rules"]).output
    for rule in KB.rules:
        for text in rule.texts:
            assert text in sources, f"{rule.id}: {text} has no row in SOURCES.tsv"
            assert f"    text {text} from {sources[text]['source_repo']} {sources[text]['path']}" in output, text


def test_the_rules_version_covers_the_categories_file(tmp_path, monkeypatch):
    """Ranks decide which license heads a report, so a report's rules_version changes with them."""
    import shutil

    import licscan.rules

    for name in ("a", "b"):     # two folders: the loader caches by folder
        shutil.copytree(ROOT / "rules", tmp_path / name)
    before = load_knowledge_base(tmp_path / "a", ROOT / "license_texts").version
    changed = tmp_path / "categories.yaml"
    changed.write_text((ROOT / "rules" / "categories.yaml").read_text(encoding="utf-8").replace("rank: 4", "rank: 9"), encoding="utf-8")
    monkeypatch.setattr(licscan.rules, "CATEGORIES_PATH", changed)
    assert load_knowledge_base(tmp_path / "b", ROOT / "license_texts").version != before
