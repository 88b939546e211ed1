"""A project's own licenses (the policy's rules_dir) and the check of the license ids a policy names,
end to end through the CLI on real license texts (clarify entries: tests/test_clarify.py).

The project's "own" license is the DeepSeek License Agreement (../shared/license-corpus/), in a scratch
copy of licscan's rules and texts from which licscan's own rule and text for it are removed: so licscan
knows nothing of it but what the project adds, copied byte for byte (tests/own_licenses.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.own_licenses import OWN_TEXT, RULE, add_own_license, check_json, make_project, one_line_error, run


@pytest.fixture
def project(licscan_without_deepseek: Path, tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


def test_project_rule_identifies_its_verbatim_text(project):
    # licscan alone does not know the text: a modified copy of another license at best, never allowed
    status, before = check_json(project)
    checkpoint = before["checkpoints"][0]
    assert status == 1 and checkpoint["verdict"] == "unknown"
    assert checkpoint["license"]["id"] != "acme-model-license"

    add_own_license(project)
    (project / "licscan.yaml").write_text("version: 1\nrules_dir: legal/licenses\n", encoding="utf-8")
    status, after = check_json(project)
    checkpoint = after["checkpoints"][0]
    assert status == 0, checkpoint["reasons"]
    assert checkpoint["license"]["id"] == "acme-model-license" and checkpoint["license"]["category"] == "other-restricted"
    assert checkpoint["evidence"][0]["status"] == "exact" and checkpoint["evidence"][0]["score"] == 1.0
    assert checkpoint["verdict"] == "allowed"       # internal use, as the project's rule answers
    assert [o["id"] for o in checkpoint["obligations"]] == ["pass-on-use-restrictions"]
    assert after["tool"]["rules_version"].startswith(before["tool"]["rules_version"] + "+")

    listing = run("rules", "--policy", str(project / "licscan.yaml"))
    assert listing.exit_code == 0
    rows = {line.split()[0]: line for line in listing.output.splitlines() if line.strip()}
    assert " project " in rows["acme-model-license"] and " licscan " not in rows["acme-model-license"]
    assert " licscan " in rows["apache-2.0"] and "deepseek-model" not in rows
    assert f"1 from project ({project / 'legal' / 'licenses'})" in listing.output


def test_rules_dir_in_pyproject_is_relative_to_it(project):
    add_own_license(project)
    (project / "pyproject.toml").write_text('[project]\nname = "acme"\n\n[tool.licscan]\nrules_dir = "legal/licenses"\n', encoding="utf-8")
    status, report = check_json(project)
    assert status == 0 and report["checkpoints"][0]["license"]["id"] == "acme-model-license"


@pytest.mark.parametrize(("edit", "line", "words"), [
    (("category: other-restricted", "category: restricted"), 4, "category"),
    (("texts: [acme-model-license.txt]", "texts: [acme-model-licence.txt]"), 5, "reference text 'acme-model-licence.txt' not found"),
    (("  research: allowed\n", "  research: maybe\n"), 9, "research"),
    (("id: acme-model-license", "id: acme-model"), 1, "must match the file name"),
    (("spdx: LicenseRef-acme-model-license", "spdx: Apache-2.0"), 3, "already names licscan's rule 'apache-2.0'"),
])
def test_bad_project_rule_is_exit_2_naming_file_and_line(project, edit, line, words):
    folder = add_own_license(project, RULE.replace(*edit))
    (project / "licscan.yaml").write_text("version: 1\nrules_dir: legal/licenses\n", encoding="utf-8")
    out = project / "report.json"
    result = run("check", str(project / "models.lock"), "--format", "json", "--output", str(out))
    assert words in one_line_error(result, folder / "acme-model-license.yaml", line)
    assert not out.exists()
    # `licscan rules` validates the project's rules as it validates licscan's
    result = run("rules", "--policy", str(project / "licscan.yaml"))
    assert words in one_line_error(result, folder / "acme-model-license.yaml", line)


def test_project_rule_may_not_redefine_a_licscan_rule(tmp_path):
    """Against licscan's real knowledge base: an id, or a text, licscan already has is refused."""
    folder = tmp_path / "legal"
    folder.mkdir()
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: acme\n  use: internal\nmodels: []\n", encoding="utf-8")
    (tmp_path / "licscan.yaml").write_text("version: 1\nrules_dir: legal\n", encoding="utf-8")
    redefined = RULE.replace("id: acme-model-license", "id: mit").replace("texts: [acme-model-license.txt]", "texts: []")
    (folder / "mit.yaml").write_text(redefined, encoding="utf-8")
    result = run("check", str(tmp_path / "models.lock"))
    assert "id 'mit' is a licscan rule: a project rule may not redefine it" in one_line_error(result, folder / "mit.yaml", 1)
    (folder / "mit.yaml").unlink()
    shutil.copyfile(OWN_TEXT, folder / "acme-model-license.txt")
    (folder / "acme-model-license.yaml").write_text(RULE, encoding="utf-8")
    result = run("check", str(tmp_path / "models.lock"))
    error = one_line_error(result, folder / "acme-model-license.yaml", 5)
    assert "is licscan's deepseek-model.txt (rule 'deepseek-model')" in error


@pytest.mark.parametrize(("policy", "line", "words"), [
    ("version: 1\nallow:\n  licenses:\n    - mit\n    - apache2.0\n", 5,
     "allow.licenses: 'apache2.0' is not a license licscan knows (did you mean 'apache-2.0'?)"),
    ("version: 1\ndeny:\n  licenses: [agpl3]\n", 3, "deny.licenses: 'agpl3' is not a license licscan knows (did you mean 'agpl-3.0'?)"),
    ("version: 1\nallow:\n  licenses: [Apache-2.0, apache-2.1]\n", 3, "did you mean 'apache-2.0'?"),
    ("version: 1\ndeny:\n  licenses: [no-such-license-anywhere]\n", 3, "'licscan rules' lists the ids it knows"),
    # a deny entry takes SPDX ids only: the Hub id 'kolors' names one version of a family, and a deny
    # narrower than the words meant would pass the others
    ("version: 1\ndeny:\n  licenses: [kolors]\n", 3, "did you mean 'kolors-model-license'?"),
])
def test_allow_and_deny_typos_are_exit_2_with_a_suggestion(tmp_path, policy, line, words):
    (tmp_path / "licscan.yaml").write_text(policy, encoding="utf-8")
    (tmp_path / "models.lock").write_text("version: 1\nproject:\n  name: t\n  use: commercial\nmodels: []\n", encoding="utf-8")
    for command in ("check", "config"):
        result = run(command, str(tmp_path / "models.lock"))
        assert words in one_line_error(result, tmp_path / "licscan.yaml", line)


def test_policy_ids_may_name_the_projects_own_licenses(project):
    add_own_license(project)
    policy = project / "licscan.yaml"
    policy.write_text("version: 1\nrules_dir: legal/licenses\ndeny:\n  licenses: [acme-model-licens]\n", encoding="utf-8")
    result = run("check", str(project / "models.lock"))
    assert "did you mean 'acme-model-license'?" in one_line_error(result, policy, 4)
    policy.write_text("version: 1\nrules_dir: legal/licenses\ndeny:\n  licenses: [acme-model-license]\n", encoding="utf-8")
    status, report = check_json(project)
    assert status == 1 and report["checkpoints"][0]["verdict"] == "denied"


def test_clarify_license_typo_and_pyproject_line(project):
    add_own_license(project)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "acme"\n\n[tool.licscan]\nrules_dir = "legal/licenses"\n\n[[tool.licscan.clarify]]\n'
        f'path = "models/m"\nfile = "LICENSE"\nsha256 = "{"0" * 64}"\nlicense = "acme-model-licence"\n'
        'reason = "r"\napproved_by = "a"\n', encoding="utf-8")
    result = run("check", str(project / "models.lock"))
    assert "clarify.license: 'acme-model-licence' is not a license licscan knows (did you mean 'acme-model-license'?)" in \
        one_line_error(result, project / "pyproject.toml", 4)
