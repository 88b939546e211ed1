"""The license catalog (the ScanCode LicenseDB, PyPI licensedcode-data, installed as a dependency) under
licscan's rules: real catalog texts and SPDX ids licscan has no rule for are identified by name, SPDX id
and a conservative answer; licscan's own rules keep the identity of every license they describe."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.rules import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
PACKAGE = metadata.distribution("licensedcode-data")
CATALOG_TEXTS = Path(str(PACKAGE.locate_file("licensedcode/data/licenses")))

# Real licenses licscan has no rule for and the Hub's list does not name: (ScanCode key, SPDX id, the
# category licscan derives from ScanCode's: Copyleft Limited / Copyleft -> copyleft, Permissive -> permissive).
CATALOG_ONLY = [
    ("mpl-1.1", "MPL-1.1", "copyleft"),
    ("zpl-2.1", "ZPL-2.1", "permissive"),
    ("sleepycat", "Sleepycat", "copyleft"),
]
# ScanCode category Source-available: no commercial-use answer can be derived from it.
SOURCE_AVAILABLE = [("bsl-1.1", "BUSL-1.1", "Business Source License 1.1")]


def catalog_text(key: str) -> str:
    """The package's verbatim text of a license, without ScanCode's YAML header."""
    raw = (CATALOG_TEXTS / f"{key}.LICENSE").read_text(encoding="utf-8")
    lines = raw.splitlines(keepends=True)
    closing = next(i for i, line in enumerate(lines) if i > 0 and line.strip() == "---")
    return "".join(lines[closing + 1:])


def checkpoint(tmp_path: Path, card: str, license_text: str | None, policy: str | None = None) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    if license_text is not None:
        (folder / "LICENSE").write_text(license_text, encoding="utf-8")
    lock = tmp_path / "models.lock"
    lock.write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n  - path: model\n", encoding="utf-8")
    if policy is not None:
        (tmp_path / "licscan.yaml").write_text(policy, encoding="utf-8")
    return lock


def check(lock: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", str(lock), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)["checkpoints"][0]


@pytest.mark.parametrize("key, spdx, category", CATALOG_ONLY)
def test_a_catalog_text_licscan_has_no_rule_for_is_identified_with_its_spdx_id(tmp_path, key, spdx, category):
    status, result = check(checkpoint(tmp_path, "---\nlicense: other\n---\n# a model\n", catalog_text(key)))
    assert result["license"]["id"] == key
    assert result["license"]["category"] == category
    assert result["verdict"] == "conditional" and status == 0   # never allowed on the catalog's word alone
    rule = load_knowledge_base().get(key)
    assert rule is not None and rule.spdx == spdx and rule.source == "catalog"
    reasons = " ".join(result["reasons"])
    assert f"(SPDX {spdx}) from the ScanCode LicenseDB" in reasons
    assert "matches no known license" not in reasons and "does not match any known license" not in reasons


@pytest.mark.parametrize("key, spdx", [("artistic-2.0", "Artistic-2.0"), ("eupl-1.2", "EUPL-1.2")])
def test_hub_list_licenses_are_identified_by_whichever_layer_knows_them(tmp_path, key, spdx):
    """Artistic-2.0 and EUPL-1.2 are on the Hub's list: a licscan rule may describe them, else the catalog.
    Either way one identity, the SPDX id, a copyleft answer and never 'matches no known license'."""
    _, result = check(checkpoint(tmp_path, f"---\nlicense: {key}\n---\n# a model\n", catalog_text(key)))
    assert result["license"]["id"] == key and result["license"]["category"] == "copyleft"
    assert load_knowledge_base().get(key).spdx == spdx
    assert result["license"]["detected"] == [key] and not result["conflicts"]
    assert "matches no known license" not in " ".join(result["reasons"])


@pytest.mark.parametrize("card", [
    "---\nlicense: other\nlicense_name: MPL-1.1\n---\n# a model\n",
    "---\nlicense: mpl-1.1\n---\n# a model\n",
    "---\nlicense: other\nlicense_name: Mozilla Public License 1.1\n---\n# a model\n",
])
def test_an_spdx_id_or_name_in_card_metadata_resolves(tmp_path, card):
    status, result = check(checkpoint(tmp_path, card, None))
    assert result["license"]["id"] == "mpl-1.1" and result["license"]["category"] == "copyleft"
    assert result["verdict"] == "conditional" and status == 0
    text = " ".join(result["reasons"])
    assert "which licscan does not know" not in text
    assert "identified as Mozilla Public License 1.1 (SPDX MPL-1.1) from the ScanCode LicenseDB" in text


@pytest.mark.parametrize("name", ["fair", "nvidia"])
def test_a_bare_vendor_word_in_card_metadata_is_not_resolved_through_the_catalog(tmp_path, name):
    """ScanCode has keys "fair" (the permissive Fair License) and "nvidia"; a card's `license_name: fair`
    may well mean the FAIR Noncommercial Research License. A bare word never passes as a catalog license."""
    status, result = check(checkpoint(tmp_path, f"---\nlicense: other\nlicense_name: {name}\n---\n# a model\n", None))
    assert result["verdict"] in ("unknown", "denied") and status == 1
    assert "ScanCode LicenseDB" not in " ".join(result["reasons"])


@pytest.mark.parametrize("source, rule_id", [("mit.txt", "mit"), ("apache-2.0.txt", "apache-2.0")])
def test_licscan_rule_texts_keep_licscan_identity(tmp_path, source, rule_id):
    status, result = check(checkpoint(tmp_path, "---\nlicense: other\n---\n# a model\n", (TEXTS / source).read_text(encoding="utf-8")))
    assert result["license"]["id"] == rule_id
    assert load_knowledge_base().get(rule_id).source != "catalog"
    assert "ScanCode LicenseDB" not in " ".join(result["reasons"])


def test_the_catalog_copy_of_a_licscan_license_is_licscan_s_rule(tmp_path):
    """ScanCode's own copy of the Apache-2.0 text, and its keys for licenses licscan has rules for, are
    licscan's rules: one identity."""
    _, result = check(checkpoint(tmp_path, "---\nlicense: bsd-new\n---\n# a model\n", catalog_text("apache-2.0")))
    assert result["license"]["detected"] == ["apache-2.0"]
    assert "bsd-3-clause" in result["license"]["applies"]
    kb = load_knowledge_base()
    assert kb.by_name("bsd-new", catalog=True).id == "bsd-3-clause" and kb.by_name("BSD-3-Clause", catalog=True).id == "bsd-3-clause"
    assert kb.get("bsd-new") is None   # no catalog license shadows a licscan rule under another id


@pytest.mark.parametrize("key, spdx, name", SOURCE_AVAILABLE)
def test_a_non_permissive_catalog_license_is_unknown_and_says_why(tmp_path, key, spdx, name):
    status, result = check(checkpoint(tmp_path, "---\nlicense: other\n---\n# a model\n", catalog_text(key)))
    assert result["verdict"] == "unknown" and status == 1
    assert result["license"]["id"] == key and result["license"]["category"] == "unknown"
    assert any(f"identified as {name} (SPDX {spdx})" in reason and "licscan has no commercial-use rule for it" in reason
               for reason in result["reasons"])
    assert "matches no known license" not in " ".join(result["reasons"])


def test_an_altered_licscan_text_stays_a_modified_copy(tmp_path):
    """Only a faithful catalog copy replaces a 'modified' licscan match: an altered MIT is still modified mit."""
    mit = (TEXTS / "mit.txt").read_text(encoding="utf-8")
    altered = mit.replace("including without limitation the rights", "excluding commercial use, with the rights")
    assert altered != mit
    _, result = check(checkpoint(tmp_path, "---\nlicense: mit\n---\n# a model\n", altered))
    assert result["verdict"] == "unknown"
    assert result["license"]["modified_from"] == "mit"


def test_an_unrecognised_text_still_matches_no_known_license(tmp_path):
    text = "These weights may be used only by the author's friends, on weekdays, for games.\n" * 5
    _, result = check(checkpoint(tmp_path, "---\nlicense: other\n---\n# a model\n", text))
    assert result["verdict"] == "unknown"
    assert "LICENSE matches no known license" in " ".join(result["reasons"])


def test_catalog_ids_are_accepted_in_allow_and_deny_lists(tmp_path):
    (tmp_path / "a").mkdir()
    status, result = check(checkpoint(tmp_path / "a", "---\nlicense: other\n---\n", catalog_text("zpl-2.1"),
                                      "version: 1\nallow:\n  licenses: [zpl-2.1]\n"))
    assert result["verdict"] == "allowed" and status == 0
    (tmp_path / "d").mkdir()
    status, result = check(checkpoint(tmp_path / "d", "---\nlicense: other\n---\n", catalog_text("mpl-1.1"),
                                      "version: 1\ndeny:\n  licenses: [mpl-1.1]\n"))
    assert result["verdict"] == "denied" and status == 1


def test_classify_command_names_the_catalog_license():
    result = CliRunner().invoke(main, ["classify", "--json", str(CATALOG_TEXTS / "zpl-2.1.LICENSE")])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert (row["license"], row["category"], row["source"]) == ("zpl-2.1", "permissive", "catalog")


def test_rules_counts_catalog_licenses_and_credits_the_catalog():
    kb = load_knowledge_base()
    listed = CliRunner().invoke(main, ["rules"])
    assert listed.exit_code == 0
    count = int(re.search(r"(\d+) more licenses known only from the catalog", listed.output).group(1))
    assert "CC-BY-4.0" in listed.output and f"licensedcode-data {PACKAGE.version}" in listed.output
    full = CliRunner().invoke(main, ["rules", "--catalog"])
    assert full.exit_code == 0
    keys = [line.split()[0] for line in full.output.splitlines() if line and not line.startswith(("License catalog", " "))
            and "known only from the catalog" not in line]
    assert len(keys) == count and "zpl-2.1" in keys and "mpl-1.1" in keys
    assert not any(kb.get(key) is not None and kb.get(key).source != "catalog" for key in keys)   # no licscan rule twice
    # every catalog license with an SPDX id licscan's rules carry is left out
    assert "mit" not in keys and "apache-2.0" not in keys and "bsd-new" not in keys


def test_the_catalog_is_cached_per_package_version():
    from licscan.catalog import load_catalog
    from licscan.matcher import reference_cache_dir

    catalog = load_catalog()
    assert catalog is not None and catalog.version == PACKAGE.version
    assert catalog.folder.parent == reference_cache_dir() and PACKAGE.version in catalog.folder.name
    saved = json.loads((catalog.folder / "licenses.json").read_text(encoding="utf-8"))
    assert saved["version"] == PACKAGE.version
    assert len(saved["licenses"]) > 1500   # ~2,300 in the package, less exceptions, deprecated and generic keys


def test_a_kept_catalog_matcher_answers_as_a_new_one():
    """The catalog keeps the Matcher of a shortlist for the next text pointing at the same catalog texts:
    every answer is the one a catalog that never saw a text before gives."""
    from licscan.catalog import Catalog, load_catalog
    from licscan.normalize import tokens

    kb = load_knowledge_base()
    catalog = load_catalog()
    assert catalog is not None
    zpl = catalog_text("zpl-2.1")
    texts = [zpl, zpl.replace("ZOPE", "ACME"), zpl + "\nThese weights may not be used on weekdays.\n",
             catalog_text("sleepycat"), catalog_text("sleepycat").replace("Redistributions", "Copies")]
    answers = []
    for text in texts:
        fresh = Catalog(catalog.version, catalog.folder, catalog.licenses)   # no kept matcher, no memo
        expected = fresh.identify(text, tokens(text), kb)
        assert expected is not None
        answers.append((text, expected))
    kept = Catalog(catalog.version, catalog.folder, catalog.licenses)
    for text, expected in answers:
        assert kept.identify(text, tokens(text), kb) == expected
    assert len(kept.texts._matchers) < len(texts)   # the copies of one license shared a matcher


def test_catalog_shingles_are_crc32s_of_each_run_of_three_words():
    from zlib import crc32

    from licscan.catalog import shingles
    from licscan.normalize import tokens

    words = tokens(catalog_text("zpl-2.1") + " ünïcode wörds")
    expected = {crc32(f"{words[i]} {words[i + 1]} {words[i + 2]}".encode()) for i in range(len(words) - 2)}
    assert shingles(words) == expected and len(expected) > 100
    assert shingles(words[:2]) == set()


def test_asking_for_a_faithful_copy_only_answers_as_the_whole_match_would():
    """identify(exact_only=True) skips the Matcher's partial-copy search: on real catalog texts, whole,
    altered, cut and with words added, it answers exactly what identify() does when that is an exact
    copy, and None otherwise."""
    from licscan.catalog import Catalog, load_catalog
    from licscan.normalize import tokens

    kb = load_knowledge_base()
    catalog = load_catalog()
    assert catalog is not None
    texts = []
    for key in ("zpl-2.1", "sleepycat", "mpl-1.1"):
        text = catalog_text(key)
        half = len(text) // 2
        texts += [text, "Copyright (c) 2024 ACME Corp.\n\n" + text, text[:half], text[half // 2:],
                  text.replace(" not ", " ", 1), text + "\nYou may not use these weights commercially.\n"]
    exact = 0
    for text in texts:
        whole = Catalog(catalog.version, catalog.folder, catalog.licenses).identify(text, tokens(text), kb)
        faithful = Catalog(catalog.version, catalog.folder, catalog.licenses).identify(text, tokens(text), kb, exact_only=True)
        assert faithful == (whole if whole is not None and whole.status == "exact" else None)
        exact += faithful is not None
    assert 3 <= exact < len(texts)   # both kinds of answer were compared


def test_a_shortlist_that_cannot_hold_an_exact_copy_builds_no_matcher(monkeypatch):
    """identify(exact_only=True) first counts the words each shortlisted catalog text's exact copy must hold
    (Matcher.may_find_an_exact_copy, from the texts the Matcher would be built on) and builds no Matcher when no text
    can be held: on every real license file of the real-card cases that licscan reads as a modified copy of its own
    license (the texts it asks the catalog this of) and on catalog texts whole and altered, the answer is the one of
    a catalog that builds the shortlist's Matcher every time; the real files built none, the exact copies did."""
    from licscan.catalog import Catalog, load_catalog
    from licscan.classify import Classifier
    from licscan.matcher import Matcher
    from licscan.normalize import tokens
    from licscan.sources.common import is_evidence_name

    kb = load_knowledge_base()
    catalog = load_catalog()
    assert catalog is not None
    matcher = Classifier(kb).matcher
    cases = ROOT / "benchmarks" / "real_cards" / "cases"
    modified = []
    for path in sorted(cases.glob("*/files/**/*")):
        if path.is_file() and is_evidence_name(path.relative_to(cases).as_posix().split("/", 2)[2]):
            text = path.read_text(encoding="utf-8", errors="replace")
            if matcher.match(text).status == "modified":
                modified.append(text)
    assert len(modified) >= 10
    texts = [text for key in ("zpl-2.1", "sleepycat") for text in (
        catalog_text(key), "Copyright (c) 2024 ACME Corp.\n\n" + catalog_text(key), catalog_text(key).replace(" not ", " ", 1))]

    def answers(skip_builds: bool) -> tuple[list[object], int]:
        if not skip_builds:
            monkeypatch.setattr(Matcher, "may_find_an_exact_copy", staticmethod(lambda kb, words, prepared=None: True))
        found, built = [], 0
        for text in [*modified, *texts]:
            fresh = Catalog(catalog.version, catalog.folder, catalog.licenses)   # no kept matcher, no memo
            found.append(fresh.identify(text, tokens(text), kb, exact_only=True))
            built += len(fresh.texts._matchers)
        monkeypatch.undo()
        return found, built

    counted, built_counting = answers(True)
    built_always = answers(False)
    assert counted == built_always[0]
    assert 2 <= sum(answer is not None for answer in counted) < len(texts)   # exact copies found, altered ones not
    assert built_counting <= sum(answer is not None for answer in counted) + len(texts) < built_always[1]


def test_a_scancode_key_that_is_another_licenses_spdx_id_never_means_that_license():
    # ScanCode's 'bsl-1.0' is the Business Source License 1.0 (source-available); SPDX's and licscan's
    # bsl-1.0 is the Boost Software License (permissive). The Business Source text must not read as Boost.
    from licscan.catalog import identify_text, load_catalog
    from licscan.classify import Classifier

    catalog = load_catalog()
    assert catalog is not None and "bsl-1.0" in catalog.colliding_keys
    kb = load_knowledge_base()
    text = catalog_text("bsl-1.0")
    classifier = Classifier(kb)
    match = classifier.matcher.match(text)
    found = identify_text(text, match, kb)
    assert found.rule_id == "LicenseRef-scancode-bsl-1.0" and kb.get(found.rule_id).name == "Business Source License 1.0"
    assert kb.get("bsl-1.0").name == "Boost Software License 1.0"


def test_the_sketch_tier_a_text_reads_gives_every_text_it_may_be_all_of_its_hits():
    """catalog_identify.CatalogTexts._identify counts a file's hits only on the posting lists of catalog texts of at least
    2 ** tier words (the largest power of two not above MIN_SHARE_OF_FILE of the file's length): every
    catalog text long enough to be compared at all must get the hits that all posting lists give it."""
    from collections import Counter
    from itertools import chain, repeat

    from licscan.catalog import MIN_SHARE_OF_FILE, load_catalog, shingles
    from licscan.normalize import tokens

    catalog = load_catalog()
    texts = [catalog_text(key) for key in ("mpl-1.1", "zpl-2.1", "sleepycat", "bsl-1.1", "mit", "isc")]
    texts += [path.read_text(encoding="utf-8") for path in sorted(TEXTS.glob("*.txt"))[::10]]
    texts += [text[: len(text) // 3] for text in texts]   # shorter files read lower tiers
    tiers = set()
    for text in texts:
        words = tokens(text)
        shortest = MIN_SHARE_OF_FILE * len(words)
        tier = max(0, int(shortest).bit_length() - 1)
        tiers.add(tier)
        with catalog.texts._lock:
            everything, tiered = catalog.texts._postings(0)[0], catalog.texts._postings(tier)[0]
        hits = [Counter(chain.from_iterable(map(postings.get, shingles(words), repeat(())))) for postings in (everything, tiered)]
        wanted = [{key: count for key, count in found.items() if catalog.licenses[key].words >= shortest} for found in hits]
        assert wanted[0] == wanted[1] and wanted[0]
        assert len(hits[1]) <= len(hits[0])
    assert len(tiers) >= 4


def test_catalog_texts_kept_prepared_are_the_texts_the_matcher_prepares(tmp_path):
    """A catalog matcher reads the tokens, copyright lines and benign spans of texts it met in an
    earlier run from the catalog folder (matcher.cache.PreparedTexts): the same references as
    preparing them again, whether just prepared or read back."""
    import dataclasses
    import marshal

    from licscan.catalog import load_catalog
    from licscan.matcher.cache import PreparedTexts
    from licscan.matcher.index import build_references
    from licscan.rules import KnowledgeBase

    catalog = load_catalog()
    assert catalog is not None
    keys = ("zpl-2.1", "sleepycat", "mpl-1.1", "bsl-1.0", "mit", "gpl-3.0")
    rules = tuple(dataclasses.replace(catalog.rule(catalog.licenses[key]), texts=(f"{key}.txt",)) for key in keys)
    kb = KnowledgeBase(rules, catalog.folder / "texts", "prepared-test", with_catalog=False)
    expected = build_references(kb)
    assert any(ref.notices for ref in expected) and any(ref.benign for ref in expected)   # spans were compared too
    assert build_references(kb, PreparedTexts(tmp_path)) == expected   # prepared, and written
    files = sorted(tmp_path.glob("prepared-*/*.marshal"))
    assert len(files) == len(keys)
    assert build_references(kb, PreparedTexts(tmp_path)) == expected   # read back
    files[0].write_bytes(b"\x00damaged")
    files[1].write_bytes(marshal.dumps((1, "license", ("words",), ((0, 5),), ())))   # a span past its words
    assert build_references(kb, PreparedTexts(tmp_path)) == expected   # prepared again


def test_the_installed_catalog_is_found_where_and_as_importlib_metadata_finds_it():
    from licscan.catalog import LICENSES_FOLDER, _installed

    found = _installed()
    assert found is not None
    source, version = found
    assert version == PACKAGE.version
    assert source.resolve() == Path(str(PACKAGE.locate_file(LICENSES_FOLDER))).resolve() and source.is_dir()
