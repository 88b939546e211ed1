"""The report formats: markdown, html, csv, sarif, spdx-json and spdx (tag-value).

Two scenarios: the example manifest (three local checkpoints: MIT, Llama 3.1, CC-BY-NC 4.0 under a
commercial project) and a hostile model card whose front matter and body carry a <script> tag, a
spreadsheet formula, table pipes and Markdown injection beside a verbatim Apache-2.0 LICENSE.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from licscan.formats import csv_format, html, markdown, renderer, sarif, spdx
from licscan.manifest import parse_manifest
from licscan.pipeline import Scanner
from licscan.rules import load_knowledge_base

KB = load_knowledge_base()   # the knowledge base every report here is judged with, passed to each format

REPO = Path(__file__).resolve().parent.parent
HOSTILE = REPO / "tests" / "data" / "hostile-card"
SARIF_SCHEMA = REPO / "tests" / "schemas" / "sarif-schema-2.1.0.json"
EPOCH = "1700000000"
SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
INJECTION = "x | y [click](https://evil.example) **bold** `code` </text>"
FORMATS = ("markdown", "html", "csv", "sarif", "spdx-json", "spdx")


def _scan_in(folder: Path, manifest: str):
    """The report of ``manifest`` scanned from ``folder``, with the timestamp fixed."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.chdir(folder)
    try:
        m, warnings = parse_manifest(Path(manifest))
        return Scanner().run(m, None, warnings)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def example_report():
    return _scan_in(REPO, "examples/models.lock")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(HOSTILE, root / "hostile-card")
    (root / "models.lock").write_text(
        "version: 1\n"
        "project:\n"
        '  name: "hostile <b>project</b> | =1+1"\n'
        "  use: commercial\n"
        "models:\n"
        "  - path: hostile-card\n",
        encoding="utf-8",
    )
    return _scan_in(root, "models.lock")


def _result(report, fragment):
    return next(r for r in report.results if fragment in r.entry.ref)


def test_hostile_fixture_carries_the_attacks(hostile_report):
    (result,) = hostile_report.results
    declared = result.classification.declared
    assert SCRIPT in declared and FORMULA in declared and INJECTION.lower() in declared
    assert (HOSTILE / "LICENSE").read_bytes() == (REPO / "license_texts" / "apache-2.0.txt").read_bytes()
    # the LICENSE is Apache, but the card's unknown names also apply: the license that decides is unknown
    assert result.own_classification.license_id == "apache-2.0"
    assert result.classification.license_id == "unknown" and "apache-2.0" in result.classification.candidates


# --- SPDX -----------------------------------------------------------------------------------------


def _parse_spdx(text: str, suffix: str, tmp_path: Path):
    from spdx_tools.spdx.parser.parse_anything import parse_file

    path = tmp_path / f"report{suffix}"
    path.write_text(text, encoding="utf-8")
    return parse_file(str(path))


@pytest.mark.parametrize("tag_value,suffix", [(False, ".spdx.json"), (True, ".spdx")])
def test_spdx_round_trip_is_valid(example_report, tmp_path, tag_value, suffix):
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    text = spdx.render(example_report, tag_value=tag_value, kb=KB)
    doc = _parse_spdx(text, suffix, tmp_path)
    assert validate_full_spdx_document(doc) == []
    assert len(doc.packages) == len(example_report.results) == 3
    assert doc.creation_info.spdx_version == "SPDX-2.3"
    assert doc.creation_info.created.isoformat().startswith("2023-11-14T22:13:20")

    llama = next(p for p in doc.packages if p.name == "models/llama-3.1-8b-instruct")
    assert str(llama.license_concluded) == "LicenseRef-llama3.1"
    assert str(llama.license_declared) == "LicenseRef-llama3.1"
    extracted = {e.license_id: e for e in doc.extracted_licensing_info}
    reference = (REPO / "license_texts" / "llama3.1.txt").read_text(encoding="utf-8")
    assert extracted["LicenseRef-llama3.1"].extracted_text == reference
    assert extracted["LicenseRef-llama3.1"].license_name == "Llama 3.1 Community License Agreement"

    whisper = next(p for p in doc.packages if p.name == "models/whisper-small")
    assert str(whisper.license_concluded) == "MIT"
    assert not whisper.files_analyzed
    assert str(whisper.download_location) == "NOASSERTION"
    for package in doc.packages:
        assert all(c.isalnum() or c in ".-" for c in package.spdx_id.removeprefix("SPDXRef-"))
    described = {r.related_spdx_element_id for r in doc.relationships if r.relationship_type.name == "DESCRIBES"}
    assert described == {p.spdx_id for p in doc.packages}


def test_spdx_hostile_card_round_trips(hostile_report, tmp_path):
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    for tag_value, suffix in ((False, ".spdx.json"), (True, ".spdx")):
        doc = _parse_spdx(spdx.render(hostile_report, tag_value=tag_value, kb=KB), suffix, tmp_path)
        assert validate_full_spdx_document(doc) == []
        (package,) = doc.packages
        # the card declares names licscan does not know: no assertion, and the comment says why
        assert str(package.license_declared) == "NOASSERTION"
        assert SCRIPT in package.license_comment
        # an applicable license is unknown: nothing is concluded (not the Apache text alone)
        assert str(package.license_concluded) == "NOASSERTION"


def test_spdx_hub_packages_lineage_and_ids():
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    from licscan.model import CardMetadata, Classification, Evidence, ManifestEntry, Project, Report, Result

    sha_base, sha_child = "a" * 40, "b" * 40

    def result(ref, revision, license_id, lineage=(), declared=()):
        entry = ManifestEntry(ref=ref, kind="hub", line=3, revision=revision)
        evidence = Evidence(entry=entry, source="hub", revision=revision, card=CardMetadata())
        c = Classification(license_id=license_id, category="other-restricted", confidence=0.9, basis="test",
                           declared=declared, candidates=(license_id,))
        return Result(entry=entry, evidence=evidence, classification=c, verdict="conditional", reasons=("test",),
                      lineage=lineage)

    report = Report(
        manifest_path="models.lock",
        project=Project(name="p", use="commercial"),
        results=(
            result("meta-llama/Llama-3.1-8B", sha_base, "llama3.1", declared=("llama3.1",)),
            result("acme/llama-ft", sha_child, "openrail", lineage=("meta-llama/Llama-3.1-8B", "not/in-doc")),
            result("acme/x", None, "unknown", declared=("not-a-license",)),
        ),
        licscan_version="0.1.0",
        rules_version="test",
        generated="2024-01-02T03:04:05Z",
    )
    data = json.loads(spdx.render(report, kb=KB))
    packages = {p["name"]: p for p in data["packages"]}
    base = packages["meta-llama/Llama-3.1-8B"]
    assert base["SPDXID"] == "SPDXRef-meta-llama-Llama-3.1-8B"
    assert base["downloadLocation"] == f"https://huggingface.co/meta-llama/Llama-3.1-8B/tree/{sha_base}"
    assert base["versionInfo"] == sha_base
    assert base["externalRefs"][0]["referenceLocator"] == f"pkg:huggingface/meta-llama/Llama-3.1-8B@{sha_base}"
    assert packages["acme/x"]["licenseConcluded"] == "NOASSERTION"
    assert packages["acme/x"]["licenseDeclared"] == "NOASSERTION"
    rels = [(r["spdxElementId"], r["relationshipType"], r["relatedSpdxElement"]) for r in data["relationships"]]
    assert (packages["acme/llama-ft"]["SPDXID"], "DESCENDANT_OF", base["SPDXID"]) in rels
    assert sum(1 for r in rels if r[1] == "DESCENDANT_OF") == 1
    # a LicenseRef without bundled text says so instead of inventing one
    extracted = {e["licenseId"]: e for e in data["hasExtractedLicensingInfos"]}
    assert "licscan has no verbatim text" in extracted["LicenseRef-openrail"]["extractedText"]
    assert data["creationInfo"]["created"] == "2024-01-02T03:04:05Z"
    assert validate_full_spdx_document(spdx.build_document(report, load_knowledge_base())) == []


def test_spdx_ids_are_sanitised_and_unique():
    assert spdx.spdx_id("org/model_v2 (final)") == "SPDXRef-org-model-v2-final"
    assert spdx.spdx_id("///") == "SPDXRef-checkpoint"


def test_every_rule_maps_to_a_valid_spdx_expression():
    from spdx_tools.common.spdx_licensing import spdx_licensing

    for rule in load_knowledge_base().rules:
        if rule.is_spdx_listed:
            info = spdx_licensing.validate(rule.spdx)
            assert not info.errors, (rule.id, rule.spdx, info.errors)
        else:
            assert all(c.isalnum() or c in ".-" for c in rule.spdx.removeprefix("LicenseRef-")), rule.spdx


# --- SARIF ----------------------------------------------------------------------------------------


def _sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_sarif_validates_against_the_oasis_schema(example_report, hostile_report):
    validator = _sarif_validator()
    for report in (example_report, hostile_report):
        log = json.loads(sarif.render(report, kb=KB))
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_sarif_denied_checkpoint_is_an_error_at_its_manifest_line(example_report):
    log = json.loads(sarif.render(example_report, kb=KB))
    (run,) = log["runs"]
    assert log["version"] == "2.1.0" and log["$schema"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "licscan" and driver["version"] == "0.1.0" and driver["semanticVersion"] == "0.1.0"
    assert driver["informationUri"].startswith("https://")
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == [f"LICSCAN00{i}" for i in range(1, 8)]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]

    musicgen = _result(example_report, "musicgen")
    denied = [r for r in run["results"] if r["ruleId"] == "LICSCAN001"]
    assert len(denied) == 1
    (result,) = denied
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "examples/models.lock"
    assert location["region"]["startLine"] == musicgen.entry.line == 11
    assert "models/musicgen-small" in result["message"]["text"]
    assert "cc-by-nc-4.0" in result["message"]["text"]
    assert result["ruleIndex"] == rule_ids.index("LICSCAN001")
    # the conditional llama checkpoint is a note; the allowed MIT one is not reported
    notes = [r for r in run["results"] if r["ruleId"] == "LICSCAN007"]
    assert [r["level"] for r in notes] == ["note"]
    assert "llama" in notes[0]["message"]["text"]
    assert not any("whisper" in r["message"]["text"] for r in run["results"])


def test_sarif_fingerprints_are_stable(example_report, hostile_report):
    first = json.loads(sarif.render(example_report, kb=KB))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in first]
    assert len(set(prints)) == len(prints)
    musicgen = _result(example_report, "musicgen")
    assert sarif.fingerprint("LICSCAN001", musicgen) in prints
    hostile = json.loads(sarif.render(hostile_report, kb=KB))["runs"][0]["results"]
    # names licscan does not know are a note and make the license unknown; notes are not conflicts
    assert {r["ruleId"] for r in hostile} == {"LICSCAN002"}
    assert all(r["level"] == "error" for r in hostile)


def test_sarif_uri_is_relative_with_forward_slashes():
    assert sarif.artifact_uri("examples\\models.lock") == "examples/models.lock"
    assert sarif.artifact_uri("./models.lock") == "models.lock"
    assert sarif.artifact_uri("my models/models.lock") == "my%20models/models.lock"


def test_sarif_locations_are_relative_to_the_repository_root_wherever_ci_runs(example_report, tmp_path, monkeypatch):
    import dataclasses

    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "ml" / "service").mkdir(parents=True)
    manifest = root / "ml" / "models.lock"
    manifest.write_text("version: 1\n", encoding="utf-8")
    # CI runs from a subfolder and names the manifest relative to it
    monkeypatch.chdir(root / "ml" / "service")
    report = dataclasses.replace(example_report, manifest_path="../models.lock")
    log = json.loads(sarif.render(report, kb=KB))
    (run,) = log["runs"]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}}
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": "ml/models.lock", "uriBaseId": "%SRCROOT%"}
    errors = list(_sarif_validator().iter_errors(log))
    assert not errors, [e.message for e in errors]


def test_sarif_outside_a_repository_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path)
    location, bases = sarif.artifact_location("a/models.lock")
    assert sarif.repository_root(tmp_path) is None, "pytest's tmp_path is expected outside any git repository"
    assert location == {"uri": "a/models.lock", "uriBaseId": "%SRCROOT%"}
    assert bases == {"%SRCROOT%": {"uri": tmp_path.resolve().as_uri() + "/"}}


# --- HTML -----------------------------------------------------------------------------------------


def _soup(text):
    return BeautifulSoup(text, "html.parser")


def _assert_self_contained(soup):
    assert soup.find("script") is None
    assert not soup.find_all("link")
    for tag in soup.find_all(True):
        for attribute in ("src", "href", "srcset", "action", "background", "poster", "data"):
            value = tag.get(attribute)
            if value is not None:
                assert str(value).startswith("#"), (tag.name, attribute, value)
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
    for style in soup.find_all("style"):
        assert "@import" not in style.text and "url(" not in style.text


def test_html_example_report(example_report):
    text = html.render(example_report, kb=KB)
    soup = _soup(text)
    _assert_self_contained(soup)
    sections = soup.select("section.checkpoint")
    assert len(sections) == len(example_report.results) == 3
    assert [s.h2.get_text(" ", strip=True).split(" ")[1] for s in sections] == [r.entry.ref for r in example_report.results]

    summary = soup.find(id="summary").get_text(" ", strip=True)
    assert "commercial" in summary and "250,000" in summary
    for label in ("Allowed", "Conditional", "Denied", "Unknown"):
        assert label in summary
    header = soup.header.get_text(" ", strip=True)
    assert "2023-11-14T22:13:20Z" in header and "licscan 0.1.0" in header and example_report.rules_version in header

    llama = next(s for s in sections if "llama-3.1-8b-instruct" in s.h2.get_text())
    items = llama.select("ul.checklist li")
    assert len(items) == len(_result(example_report, "llama").obligations) >= 5
    assert all("☐" in li.get_text() for li in items)
    llama_text = llama.get_text(" ", strip=True)
    assert "§ 1.b.i(A)" in llama_text
    assert "Llama 3.1 Community License Agreement" in llama_text
    sha = _result(example_report, "llama").evidence.files[1].sha256
    assert sha in llama_text

    musicgen = next(s for s in sections if "musicgen" in s.h2.get_text())
    badge = musicgen.h2.select_one(".badge.denied")
    assert badge is not None and "Denied" in badge.get_text()
    assert "does not grant commercial use" in musicgen.get_text()


def test_html_escapes_hostile_input(hostile_report):
    text = html.render(hostile_report, kb=KB)
    soup = _soup(text)
    _assert_self_contained(soup)
    assert soup.find("b") is None and soup.find("img") is None
    page = soup.get_text()
    assert SCRIPT in page            # shown as text, not run
    assert FORMULA in page
    assert INJECTION.lower() in page
    assert "hostile <b>project</b> | =1+1" in soup.title.get_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert len(soup.select("section.checkpoint")) == 1


def test_html_has_a_restrictive_csp_and_print_css(example_report):
    soup = _soup(html.render(example_report, kb=KB))
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in csp["content"] and "script-src" not in csp["content"]
    assert "@media print" in soup.style.text


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_one_row_per_checkpoint(example_report):
    rows = list(csv.DictReader(io.StringIO(csv_format.render(example_report, kb=KB), newline="")))
    assert len(rows) == 3
    assert list(rows[0]) == list(csv_format.COLUMNS)
    by_id = {r["checkpoint"]: r for r in rows}
    music = by_id["models/musicgen-small"]
    assert music["verdict"] == "denied" and music["failed"] == "true" and music["license"] == "cc-by-nc-4.0"
    assert music["manifest_line"] == "11"
    assert "; " in music["reasons"]
    llama = by_id["models/llama-3.1-8b-instruct"]
    assert "llama3.1:built-with-llama" in llama["obligations"].split("; ")
    assert llama["evidence_files"].split("; ") == ["README.md", "LICENSE", "USE_POLICY.md"]


def test_csv_neutralises_formulas(hostile_report):
    (row,) = list(csv.DictReader(io.StringIO(csv_format.render(hostile_report, kb=KB), newline="")))
    # the card lists 'other' first, so the declared cell starts with its license_name: a formula
    assert row["declared"].startswith("'" + FORMULA)
    assert SCRIPT in row["reasons"]
    for value in row.values():
        assert not value.lstrip().startswith(("=", "+", "-", "@")), value
    assert csv_format.safe_cell(FORMULA) == "'" + FORMULA
    assert csv_format.safe_cell("+1") == "'+1"
    assert csv_format.safe_cell("-1") == "'-1"
    assert csv_format.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_format.safe_cell("\t=1") == "'\t=1"
    assert csv_format.safe_cell("models/x") == "models/x"


def test_csv_formula_cell_in_declared_column():
    from licscan.model import CardMetadata, Classification, Evidence, ManifestEntry, Project, Report, Result

    entry = ManifestEntry(ref="=HYPERLINK(\"x\")", kind="local", line=1)
    evidence = Evidence(entry=entry, source="local", revision=None, card=CardMetadata())
    c = Classification(license_id="unknown", category="unknown", confidence=0, basis="b", declared=(FORMULA,))
    result = Result(entry=entry, evidence=evidence, classification=c, verdict="unknown", reasons=("@reason",))
    report = Report("m.lock", Project("p", "commercial"), (result,), "0.1.0", "r", "2024-01-01T00:00:00Z")
    (row,) = list(csv.DictReader(io.StringIO(csv_format.render(report, kb=KB), newline="")))
    assert row["checkpoint"] == "'=HYPERLINK(\"x\")"
    assert row["declared"] == "'" + FORMULA
    assert row["reasons"] == "'@reason"


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_example_report(example_report):
    text = markdown.render(example_report, kb=KB)
    for index, result in enumerate(example_report.results, 1):
        heading = f"## {index}. {markdown.md(result.entry.ref)} — "
        assert heading in text
    assert text.count("\n## ") == 1 + len(example_report.results)   # Summary + one per checkpoint
    assert "- [ ] Prominently display" in text
    assert "(§ 1.b.i(A))" in text
    assert "**FAILED: 1 of 3 checkpoints is not acceptable under the policy.**" in text


def test_markdown_neutralises_hostile_input(hostile_report):
    text = markdown.render(hostile_report, kb=KB)
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "x \\| y \\[click\\](https://evil.example) \\*\\*bold\\*\\* \\`code\\`" in text
    assert "hostile &lt;b&gt;project&lt;/b&gt; \\| =1+1" in text
    # every table row keeps its column count: no unescaped pipe from input splits a cell
    for line in text.splitlines():
        if line.startswith("| ") and "hostile-card" in line:
            cells = [c for c in line.replace("\\|", "").split("|")][1:-1]
            assert len(cells) == 6, line
    assert markdown.md("a|b") == "a\\|b"
    assert markdown.md_line("# not a heading") == "\\# not a heading"
    assert markdown.md_line("1. not a list") == "1\\. not a list"


# --- all formats ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_output_is_deterministic(example_report, hostile_report, monkeypatch, name):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(REPO)
    again = _scan_in(REPO, "examples/models.lock")
    render = renderer(name)
    first = render(example_report, kb=KB)
    assert first == render(example_report, kb=KB) == render(again, kb=KB)
    assert first.encode("utf-8")
    assert render(hostile_report, kb=KB) == render(hostile_report, kb=KB)


def test_registry_names_reach_these_renderers(example_report):
    assert json.loads(renderer("spdx-json")(example_report, kb=KB))["spdxVersion"] == "SPDX-2.3"
    assert renderer("spdx")(example_report, kb=KB).startswith("## Document Information\nSPDXVersion: SPDX-2.3\n")
    assert renderer("html")(example_report, kb=KB).startswith("<!DOCTYPE html>")


# --- modified texts and waivers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def modified_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("modified")
    folder = root / "mit-plus"
    folder.mkdir()
    text = (REPO / "license_texts" / "mit.txt").read_text(encoding="utf-8")
    marker = "The above copyright notice"
    assert marker in text
    folder.joinpath("LICENSE").write_text(
        text.replace(marker, "The Software shall not be used by any entity with more than ten employees.\n\n" + marker),
        encoding="utf-8",
    )
    folder.joinpath("README.md").write_text("---\nlicense: mit\n---\n# mit-plus\n", encoding="utf-8")
    (root / "models.lock").write_text(
        "version: 1\nproject:\n  name: p\n  use: commercial\nmodels:\n  - path: mit-plus\n", encoding="utf-8"
    )
    return _scan_in(root, "models.lock")


def test_modified_text_shows_the_differing_passages(modified_report, tmp_path):
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    (result,) = modified_report.results
    assert result.classification.modified_from == "mit"
    passage = next(f for f in result.classification.findings if f.match.differences).match.differences[0]
    soup = _soup(html.render(modified_report, kb=KB))
    diffs = [d.get_text() for d in soup.select(".diff")]
    assert diffs and passage in diffs
    assert "Modified copy of MIT License" in soup.get_text()
    assert markdown.md(passage) in markdown.render(modified_report, kb=KB)
    log = json.loads(sarif.render(modified_report, kb=KB))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["LICSCAN004"]
    assert not list(_sarif_validator().iter_errors(log))
    doc = _parse_spdx(spdx.render(modified_report, tag_value=True, kb=KB), ".spdx", tmp_path)
    assert validate_full_spdx_document(doc) == []
    assert str(doc.packages[0].license_concluded) == "NOASSERTION"
    assert str(doc.packages[0].license_declared) == "MIT"


def _waived_report(applied: bool):
    from licscan.model import (
        CardMetadata,
        Classification,
        Evidence,
        ManifestEntry,
        Obligation,
        Project,
        Report,
        Result,
        Waiver,
    )

    entry = ManifestEntry(ref="acme/nc-model", kind="hub", line=7, revision="c" * 40)
    evidence = Evidence(entry=entry, source="hub", revision="c" * 40, card=CardMetadata(licenses=("cc-by-nc-4.0",)))
    c = Classification(license_id="cc-by-nc-4.0", category="non-commercial", confidence=1.0, basis="card metadata",
                       declared=("cc-by-nc-4.0",), candidates=("cc-by-nc-4.0",))
    waiver = Waiver(checkpoint="acme/nc-model", reason="research <i>demo</i> only", approved_by="Jane Legal | <b>x</b>",
                    expires="2099-12-31", revision="c" * 40)
    result = Result(
        entry=entry, evidence=evidence, classification=c, verdict="denied",
        reasons=("cc-by-nc-4.0 does not grant commercial use",),
        obligations=(Obligation("cc-by-nc-4.0", "attribution", "Credit the creator.", "3(a)(1)"),),
        failed=not applied, waiver=waiver, waiver_applied=applied,
    )
    return Report("models.lock", Project("p", "commercial"), (result,), "0.1.0", "r", "2024-01-01T00:00:00Z",
                  summary={"denied": 1})


@pytest.mark.parametrize("applied", [True, False])
def test_waiver_is_shown_with_approver_and_expiry(applied):
    report = _waived_report(applied)
    soup = _soup(html.render(report, kb=KB))
    section = soup.select_one("section.checkpoint")
    text = section.get_text(" ", strip=True)
    assert "Waiver" in text and "Jane Legal | <b>x</b>" in text and "2099-12-31" in text
    assert ("applied" in text) and (("not applied" in text) != applied)
    assert soup.find("b") is None and soup.find("i") is None
    md_text = markdown.render(report, kb=KB)
    assert "- Approved by: Jane Legal \\| &lt;b&gt;x&lt;/b&gt;" in md_text
    (row,) = list(csv.DictReader(io.StringIO(csv_format.render(report, kb=KB), newline="")))
    assert "2099-12-31" in row["waiver"] and "Jane Legal" in row["waiver"]
    log = json.loads(sarif.render(report, kb=KB))
    assert not list(_sarif_validator().iter_errors(log))
    (item,) = log["runs"][0]["results"]
    assert item["ruleId"] == "LICSCAN001"
    if applied:
        assert item["level"] == "note" and item["suppressions"][0]["status"] == "accepted"
    else:
        assert item["level"] == "error" and "suppressions" not in item
    assert json.loads(spdx.render(report, kb=KB))["packages"][0]["downloadLocation"].endswith("/tree/" + "c" * 40)


# --- CycloneDX (optional extra) -------------------------------------------------------------------


def test_cyclonedx_without_the_extra_is_a_clear_error(example_report, monkeypatch):
    import sys

    from licscan.errors import InputError
    from licscan.formats import cyclonedx

    monkeypatch.setitem(sys.modules, "cyclonedx", None)   # import fails as if not installed
    with pytest.raises(InputError, match=r"cyclonedx-python-lib.*not installed.*licscan\[cyclonedx\]"):
        cyclonedx.render(example_report, kb=KB)


def test_cyclonedx_bom_is_valid_and_deterministic(example_report, hostile_report):
    # cyclonedx-python-lib is in the [test] extra, so this runs (never skips) in CI.
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    render = renderer("cyclonedx")
    text = render(example_report, kb=KB)
    assert text == render(example_report, kb=KB)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert bom["specVersion"] == "1.6" and bom["metadata"]["timestamp"].startswith("2023-11-14T22:13:20")
    components = {c["name"]: c for c in bom["components"]}
    assert set(components) == {r.entry.ref for r in example_report.results}
    llama = components["models/llama-3.1-8b-instruct"]
    assert llama["type"] == "machine-learning-model"
    concluded = next(x["license"] for x in llama["licenses"] if x["license"]["acknowledgement"] == "concluded")
    reference = (REPO / "license_texts" / "llama3.1.txt").read_text(encoding="utf-8")
    assert concluded["name"] == "Llama 3.1 Community License Agreement" and concluded["text"]["content"] == reference
    verdicts = {p["value"] for p in components["models/musicgen-small"]["properties"] if p["name"] == "licscan:verdict"}
    assert verdicts == {"denied"}
    hostile = render(hostile_report, kb=KB)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(hostile) is None
    assert SCRIPT in hostile


# --- summary marks ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def marked_report(tmp_path_factory):
    """Three local checkpoints: a license only named in the card, a license text that confirms it,
    and a license file that cannot be read (binary)."""
    root = tmp_path_factory.mktemp("marks")
    named = root / "named-only"
    named.mkdir()
    (named / "README.md").write_text("---\nlicense: apache-2.0\n---\n# A model\n", encoding="utf-8")
    confirmed = root / "confirmed"
    confirmed.mkdir()
    (confirmed / "README.md").write_text("---\nlicense: mit\n---\n# A model\n", encoding="utf-8")
    shutil.copy(REPO / "license_texts" / "mit.txt", confirmed / "LICENSE")
    unreadable = root / "unreadable"
    unreadable.mkdir()
    (unreadable / "README.md").write_text("---\nlicense: mit\n---\n# A model\n", encoding="utf-8")
    (unreadable / "LICENSE").write_bytes(b"\x00\x01\x02 binary \xff\xfe" * 50)
    (root / "models.lock").write_text(
        "version: 1\nproject:\n  name: marks\n  use: commercial\nmodels:\n"
        "  - path: named-only\n  - path: confirmed\n  - path: unreadable\n",
        encoding="utf-8",
    )
    return _scan_in(root, "models.lock")


def test_summary_tables_mark_incomplete_evidence_and_names_without_a_text(marked_report):
    from licscan.formats import terminal
    from licscan.formats.common import summary_marks

    marks = {r.entry.ref: summary_marks(r) for r in marked_report.results}
    assert marks["named-only"] == ("named, not confirmed",)
    assert marks["confirmed"] == ()
    assert "evidence incomplete" in marks["unreadable"]

    table = terminal.render(marked_report).split("\n\n")[1].splitlines()
    assert table[0].split() == ["CHECKPOINT", "LICENSE", "CATEGORY", "VERDICT", "NOTE"]
    named_row = next(line for line in table if line.startswith("named-only"))
    assert named_row.endswith("named, not confirmed")
    assert "UNKNOWN  evidence incomplete, named, not confirmed" in next(line for line in table if line.startswith("unreadable"))

    md_text = renderer("markdown")(marked_report, kb=KB)
    assert "| named-only | apache-2.0 | permissive |" in md_text and "| named, not confirmed |" in md_text
    page = BeautifulSoup(renderer("html")(marked_report, kb=KB), "html.parser")
    assert [b.get_text() for b in page.select("#summary .badge.mark")] == ["named, not confirmed", "evidence incomplete", "named, not confirmed"]
    rows = list(csv.DictReader(io.StringIO(renderer("csv")(marked_report, kb=KB))))
    assert {r["checkpoint"]: r["notes"] for r in rows}["named-only"] == "named, not confirmed"


def test_html_report_ends_with_a_blank_sign_off_block_for_the_reviewer(example_report):
    page = BeautifulSoup(html.render(example_report, kb=KB), "html.parser")
    block = page.select_one("section#sign-off")
    assert block is not None and block.h2.get_text() == "Reviewer sign-off"
    assert [th.get_text() for th in block.select("table.kv th")] == ["Reviewer name", "Role", "Date", "Signature"]
    assert all(td.get_text(strip=True) == "" for td in block.select("td.blank")), "licscan never fills in the decision"
    rows = block.select("tbody tr")[4:]
    assert [r.select("td")[1].get_text() for r in rows] == [r.entry.ref for r in example_report.results]
    for row in rows:
        assert "approved" in row.get_text() and "rejected" in row.get_text() and "needs more information" in row.get_text()
    # it is the last section before the footer, so it prints on its own page at the end
    assert page.select("main > section")[-1] is block


def test_formats_receive_the_knowledge_base_and_never_load_it(example_report):
    """A format renders with the knowledge base the report was judged with (renderer(name)(report,
    kb=...)); a second load could disagree with it (another rules folder, a changed file)."""
    import licscan.formats

    folder = Path(licscan.formats.__file__).parent
    loaders = [path.name for path in sorted(folder.glob("*.py")) if "load_knowledge_base" in path.read_text(encoding="utf-8")]
    assert loaders == []
    for name in ("html", "markdown", "spdx-json", "cyclonedx"):
        with pytest.raises(TypeError):
            renderer(name)(example_report)
