"""The real pre-commit hooks, end to end, on this repository.

pre-commit clones the hook repository, builds a virtualenv and pip-installs licscan into it, then runs
the hook in a throwaway consumer repository. The install is the slow part (15-30 s), so every case uses
`pre-commit run` with a .pre-commit-config.yaml and one module-wide PRE_COMMIT_HOME: they share a single
environment (same repository url and commit). `pre-commit try-repo` is not run: it always installs into
a temporary store of its own (another ~30 s of CI's 5 minutes) and runs the same hook from the same
.pre-commit-hooks.yaml as `run` does.

The snapshot is this working tree (tracked files plus untracked, not ignored ones) committed in a
temporary repository: pre-commit on the checkout itself would only see committed files, so a new hook or
module would be tested as of the last commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_MODELS = ROOT / "examples" / "models"
INSTALL_TIMEOUT = 900  # seconds; the first run builds the hook's virtualenv

PROJECT = """version: 1
project:
  name: hook-test
  use: commercial
models:
"""
ALLOWED = PROJECT + "  - path: models/whisper-small\n  - path: models/llama-3.1-8b-instruct\n"
NON_COMMERCIAL = ALLOWED + "  - path: models/musicgen-small\n"
UNCACHED_HUB = PROJECT + '  - id: openai/whisper-small\n    revision: "0e9e39f249a16976918f6564b8830bc894c89659"\n'

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "licscan tests",
    "GIT_AUTHOR_EMAIL": "tests@licscan.invalid",
    "GIT_COMMITTER_NAME": "licscan tests",
    "GIT_COMMITTER_EMAIL": "tests@licscan.invalid",
}


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, env={**os.environ, **GIT_IDENTITY}, capture_output=True, text=True, check=True,
    )
    return result.stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A committed copy of this working tree: what a tagged licscan release would contain."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    git("init", "-q", cwd=snapshot)
    git("add", "-A", cwd=snapshot)
    git("commit", "-q", "-m", "snapshot for the pre-commit test", cwd=snapshot)
    return snapshot


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory) -> dict[str, str]:
    """One PRE_COMMIT_HOME for the module, and an environment in which the Hub is unusable.

    No token anywhere (HF_TOKEN unset, an empty HF_HOME) and HF_ENDPOINT pointing at a closed port:
    a local manifest must pass or fail on its own, without any Hub access.
    """
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "HF_HUB_CACHE", "PRE_COMMIT")}
    env.update(GIT_IDENTITY)
    env.update({
        "PRE_COMMIT_HOME": str(home / "cache"),
        "HF_HOME": str(home / "hf-home"),
        "HF_ENDPOINT": "http://127.0.0.1:9",
        "NO_COLOR": "1",
        "PIP_NO_COMPILE": "1",  # no .pyc for the hook's virtualenv: a quicker install
    })
    return env


def consumer_repo(base: Path, manifest: str) -> Path:
    """A project repository holding the example checkpoint folders and the given models.lock."""
    repo = base / "consumer"
    shutil.copytree(EXAMPLE_MODELS, repo / "models")
    (repo / "models.lock").write_text(manifest, encoding="utf-8")
    (repo / "notes.txt").write_text("not a manifest\n", encoding="utf-8")
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    return repo


def run_hook(repo: Path, hook_env: dict[str, str], hook: str) -> tuple[int, str]:
    """`pre-commit run` with the repo's .pre-commit-config.yaml: the environment is installed once in
    the module's PRE_COMMIT_HOME and reused by every case."""
    return _pre_commit(["run", hook, "--all-files"], repo, hook_env)


def _pre_commit(args: list[str], repo: Path, hook_env: dict[str, str]) -> tuple[int, str]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--verbose", "--color", "never"],
        cwd=repo, env=hook_env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
    )
    output = result.stdout + result.stderr
    print(f"--- pre-commit {' '.join(args[:3])} ({time.monotonic() - started:.1f} s), rc {result.returncode}\n{output}")
    return result.returncode, output


def with_config(repo: Path, hook_repo: Path, extra: str = "") -> Path:
    """Add a .pre-commit-config.yaml using both hooks from the hook repository's commit."""
    rev = git("rev-parse", "HEAD", cwd=hook_repo).strip()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {rev}\n    hooks:\n"
        f"      - id: licscan\n{extra}      - id: licscan-offline\n",
        encoding="utf-8",
    )
    git("add", "-A", cwd=repo)
    return repo


def test_hook_manifest_is_valid():
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_files_pattern_matches_manifests_only():
    import re

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["licscan", "licscan-offline"]
    for hook in hooks:
        pattern = re.compile(hook["files"])
        assert [p for p in ("models.lock", "ml/models.lock", "prod.models.lock", "a/b/staging.models.lock") if not pattern.search(p)] == []
        assert [p for p in ("licscan.yaml", "models.lock.bak", "mymodels.lock", "models.yaml", "models.lock/x") if pattern.search(p)] == []


# -- pre-commit run with a .pre-commit-config.yaml (one environment for all cases) ----------------
# One xdist group: the cases run on one worker, whose module-wide PRE_COMMIT_HOME installs the hook once
# (split over two workers, as `--dist load` did, each worker installed it again; CI runs with --dist
# loadgroup, pyproject.toml's addopts).

ONE_ENVIRONMENT = pytest.mark.xdist_group("pre-commit-run")


@ONE_ENVIRONMENT
def test_config_hook_fails_on_the_non_commercial_manifest_and_passes_the_other(hook_repo, hook_env, tmp_path):
    """Two manifests in one commit, one with permissive and conditional checkpoints, one with a non-commercial
    one: licscan runs on both and the hook fails for the second only; a passing hook's exit 0 is shown by
    test_offline_hook_reads_local_folders."""
    repo = consumer_repo(tmp_path, ALLOWED)
    (repo / "demo.models.lock").write_text(PROJECT + "  - path: models/musicgen-small\n", encoding="utf-8")
    rc, output = run_hook(with_config(repo, hook_repo), hook_env, "licscan")
    assert rc == 1, output
    assert "Failed" in output
    assert "models/musicgen-small" in output and "cc-by-nc-4.0" in output
    # the other manifest was checked too, and its checkpoints passed (licscan really ran on it)
    assert "models/whisper-small" in output and "conditional" in output
    assert "2 checkpoints: 1 allowed, 1 conditional. PASSED." in output


@ONE_ENVIRONMENT
def test_offline_hook_reads_local_folders(hook_repo, hook_env, tmp_path):
    rc, output = run_hook(with_config(consumer_repo(tmp_path, ALLOWED), hook_repo), hook_env, "licscan-offline")
    assert rc == 0, output
    assert "Passed" in output


@ONE_ENVIRONMENT
def test_offline_hook_fails_closed_on_uncached_hub_checkpoint(hook_repo, hook_env, tmp_path):
    rc, output = run_hook(with_config(consumer_repo(tmp_path, UNCACHED_HUB), hook_repo), hook_env, "licscan-offline")
    assert rc == 1, output
    assert "Failed" in output
    assert "openai/whisper-small" in output and "nothing cached for revision" in output


@ONE_ENVIRONMENT
def test_hook_ignores_other_files_and_files_override_works(hook_repo, hook_env, tmp_path):
    repo = consumer_repo(tmp_path, NON_COMMERCIAL)
    (repo / "models.lock").rename(repo / "checkpoints.yaml")
    with_config(repo, hook_repo)
    rc, output = run_hook(repo, hook_env, "licscan")
    assert rc == 0, output
    assert "no files to check" in output.lower()
    # The documented override: point `files:` at a manifest with another name.
    with_config(repo, hook_repo, extra="        files: '(^|/)checkpoints\\.yaml$'\n")
    rc, output = run_hook(repo, hook_env, "licscan")
    assert rc == 1, output
    assert "Failed" in output and "models/musicgen-small" in output
