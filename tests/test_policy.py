"""Where the policy is found (licscan.yaml or [tool.licscan] up to the repository root) and `licscan config`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.errors import InputError
from licscan.policy import find_policy, load_policy

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A git repository whose manifest (the bundled example: a llama3.1 checkpoint, conditional
    for commercial use, and a cc-by-nc-4.0 one) sits two folders down."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    project = root / "ml" / "service"
    shutil.copytree(EXAMPLES, project)
    (project / "licscan.yaml").unlink(missing_ok=True)
    return root


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_policy_in_a_parent_folder_up_to_the_repository_root_applies(repo: Path) -> None:
    manifest = repo / "ml" / "service" / "models.lock"
    (repo / "licscan.yaml").write_text("version: 1\nfail_on: [denied, unknown, conditional]\n", encoding="utf-8")
    assert find_policy(manifest.parent) == repo / "licscan.yaml"
    result = run("check", str(manifest), "--format", "json")
    llama = next(c for c in json.loads(result.output)["checkpoints"] if "llama" in c["id"])
    # the llama checkpoint is conditional; it fails only because the root policy was read
    assert llama["verdict"] == "conditional" and llama["failed"] is True


def test_the_nearest_policy_wins(repo: Path) -> None:
    (repo / "licscan.yaml").write_text("version: 1\nfail_on: [denied, unknown, conditional]\n", encoding="utf-8")
    (repo / "ml" / "licscan.yaml").write_text("version: 1\n", encoding="utf-8")
    assert find_policy(repo / "ml" / "service") == repo / "ml" / "licscan.yaml"


def test_no_policy_is_taken_from_above_a_folder_that_is_not_in_a_repository(tmp_path: Path) -> None:
    # a stray licscan.yaml in a home folder must not govern an unrelated project
    (tmp_path / "licscan.yaml").write_text("version: 1\nallow:\n  categories: [non-commercial]\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    assert find_policy(project) is None
    assert load_policy(None, project).allow_categories == ()


def test_a_tool_licscan_table_in_pyproject_is_a_policy(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "acme"\n\n[tool.licscan]\nversion = 1\n\n[tool.licscan.allow]\nlicenses = ["llama3.1"]\n\n'
        # a waiver's path is relative to the policy file (review 11): pyproject.toml is at the repository root
        '[[tool.licscan.waivers]]\nid = "ml/service/models/musicgen-small"\nreason = "demo only (LEGAL-1)"\n'
        'approved_by = "jane@acme.example"\nexpires = 2999-12-31\n',
        encoding="utf-8",
    )
    manifest = repo / "ml" / "service" / "models.lock"
    policy = load_policy(None, manifest.parent)
    assert policy.path == str(repo / "pyproject.toml")
    assert policy.allow_licenses == ("llama3.1",)
    (waiver,) = policy.waivers
    assert waiver.expires == "2999-12-31" and waiver.line == 4   # the [tool.licscan] header's line
    assert run("lock", str(manifest)).exit_code == 0   # a waiver covers the evidence a lock pins (review39)
    result = run("check", str(manifest))
    # the cc-by-nc checkpoint is waived and llama3.1 is allowed by the table: the gate passes
    assert result.exit_code == 0, result.output


def test_a_pyproject_without_the_table_is_not_a_policy(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "licscan-user"\n', encoding="utf-8")
    assert find_policy(repo / "ml" / "service") is None


def test_a_bad_tool_licscan_table_is_an_input_error_at_its_header(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.licscan]\nversion = 1\nbogus = true\n', encoding="utf-8")
    result = run("check", str(repo / "ml" / "service" / "models.lock"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"licscan: error: {repo / 'pyproject.toml'}:4: [tool.licscan]: unknown key 'bogus' in the policy "
        "(expected one of: version, fail_on, allow, deny, waivers, trust_metadata, rules_dir, clarify)"
    )


def test_malformed_toml_is_an_input_error_with_its_line(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.licscan]\nversion = 1\nfail_on = [\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        find_policy(repo / "ml" / "service")
    assert caught.value.path == str(repo / "pyproject.toml") and caught.value.line == 3


def test_two_policies_in_one_folder_are_refused(repo: Path) -> None:
    (repo / "licscan.yaml").write_text("version: 1\n", encoding="utf-8")
    (repo / "pyproject.toml").write_text("[tool.licscan]\nversion = 1\n", encoding="utf-8")
    result = run("check", str(repo / "ml" / "service" / "models.lock"))
    assert result.exit_code == 2 and "two policies in one folder" in result.stderr


def test_config_shows_the_effective_policy_and_where_each_part_came_from(repo: Path) -> None:
    (repo / "licscan.yaml").write_text("version: 1\nallow:\n  licenses: [llama3.1]\n", encoding="utf-8")
    result = run("config", str(repo / "ml" / "service" / "models.lock"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == f"policy: {repo / 'licscan.yaml'} (in a parent folder)"
    assert f"allow.licenses: llama3.1    [{repo / 'licscan.yaml'}]" in lines
    assert "fail_on: denied, unknown    [default]" in lines
    assert "trust_metadata: 0    [default]" in lines


def test_config_without_a_policy_says_the_defaults_apply(repo: Path) -> None:
    result = run("config", str(repo / "ml" / "service" / "models.lock"))
    assert result.exit_code == 0
    assert "licscan's defaults apply" in result.output.splitlines()[0]


def test_a_waiver_revision_of_digits_only_is_a_commit_not_a_number(repo: Path) -> None:
    # a full 40-digit sha written plainly reads as a YAML integer; it can only mean the commit
    (repo / "licscan.yaml").write_text(
        "version: 1\nwaivers:\n  - id: models/musicgen-small\n    revision: " + "1" * 40 + "\n"
        "    reason: demo (LEGAL-1)\n    approved_by: jane@acme.example\n    expires: 2999-12-31\n", encoding="utf-8")
    (waiver,) = load_policy(None, repo / "ml" / "service").waivers
    assert waiver.revision == "1" * 40
    (repo / "licscan.yaml").write_text(
        "version: 1\nwaivers:\n  - id: models/musicgen-small\n    revision: 12345\n"
        "    reason: demo (LEGAL-1)\n    approved_by: jane@acme.example\n    expires: 2999-12-31\n", encoding="utf-8")
    result = run("check", str(repo / "ml" / "service" / "models.lock"))
    assert result.exit_code == 2 and f"{repo / 'licscan.yaml'}:4: revision 12345 reads as a number" in result.stderr


def test_config_says_when_the_policy_is_beside_the_manifest(repo: Path) -> None:
    policy = repo / "ml" / "service" / "licscan.yaml"
    policy.write_text("version: 1\n", encoding="utf-8")
    result = run("config", str(repo / "ml" / "service" / "models.lock"))
    assert result.output.splitlines()[0] == f"policy: {policy} (beside the manifest)"


def test_a_license_named_by_its_spdx_id_or_alias_in_allow_and_deny_is_that_license(repo: Path) -> None:
    # the example holds whisper-small (MIT text) and llama-3.1-8b-instruct (Llama 3.1 text: conditional)
    project = repo / "ml" / "service"
    policy = project / "licscan.yaml"
    policy.write_text("version: 1\ndeny:\n  licenses: [MIT]\nallow:\n  licenses: [Llama 3.1, Apache-2.0]\n", encoding="utf-8")
    result = run("check", str(project / "models.lock"), "--format", "json")
    verdicts = {c["id"].rsplit("/", 1)[-1]: c["verdict"] for c in json.loads(result.output)["checkpoints"]}
    assert verdicts["whisper-small"] == "denied"             # denied as mit, though written "MIT"
    assert verdicts["llama-3.1-8b-instruct"] == "allowed"    # settled by the allow entry written "Llama 3.1"
    shown = run("config", str(project / "models.lock")).output
    assert "deny.licenses: mit" in shown and "allow.licenses: llama3.1, apache-2.0" in shown
    # a catalog license's name becomes its own id, never a licscan id that means another license
    # (ScanCode's key bsl-1.0 is the Business Source License; licscan's bsl-1.0 is Boost)
    policy.write_text("version: 1\nallow:\n  licenses: [Business Source License 1.0]\n", encoding="utf-8")
    assert "allow.licenses: LicenseRef-scancode-bsl-1.0" in run("config", str(project / "models.lock")).output


def test_an_allow_entry_naming_one_version_of_a_rule_that_covers_every_version_is_refused(repo: Path) -> None:
    # rules/gfdl.yaml is "version unstated" and takes "gfdl-1.2" as an alias (cards write it so); an
    # allow of that alias would have allowed GFDL 1.3 too, which the policy never named
    project = repo / "ml" / "service"
    policy = project / "licscan.yaml"
    policy.write_text("version: 1\nallow:\n  licenses:\n    - Apache-2.0\n    - gfdl-1.2\n", encoding="utf-8")
    result = run("check", str(project / "models.lock"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"licscan: error: {policy}:5: allow.licenses: 'gfdl-1.2' names one version, but licscan's "
                                     "'gfdl' (GNU Free Documentation License (version unstated)) covers every version: allow 'gfdl' if that is meant")
    # the rule's own id, and a versioned name the rule carries ("Apache 2" is Apache-2.0), are accepted
    policy.write_text("version: 1\nallow:\n  licenses: [gfdl, apache-2, Llama 3.1]\n", encoding="utf-8")
    assert "allow.licenses: gfdl, apache-2.0, llama3.1" in run("config", str(project / "models.lock")).output
