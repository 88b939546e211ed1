"""Finding the Hub checkpoints a code base uses (licscan.discover), and `licscan init` starters.

The expected sets below are written out by hand from tests/data/sample-project; change both together.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from licscan.cli import main
from licscan.discover import Discovery, Reference, discover, looks_like_repo_id
from licscan.errors import InputError
from licscan.init_project import POLICY_EXAMPLE, discover_check, missing_from_manifest, write_starter
from licscan.manifest import parse_manifest
from licscan.policy import load_policy

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "sample-project"

EXPECTED_IDS = {
    # src/app/train.py
    "mistralai/Mistral-7B-v0.1",
    "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "facebook/bart-large-cnn",
    # src/app/serve.py
    "facebook/detr-resnet-50",
    "openai/whisper-small",
    # src/app/image.py
    "stabilityai/stable-diffusion-xl-base-1.0",
    "stabilityai/stable-diffusion-xl-refiner-1.0",
    # src/app/download.py (also openai/whisper-small)
    "google/gemma-2-2b-it",
    "Qwen/Qwen2.5-0.5B-Instruct",
    "black-forest-labs/FLUX.1-schnell",
    # src/app/latin1.py
    "intfloat/multilingual-e5-small",
    # configs/finetune.yaml (also mistralai/Mistral-7B-v0.1)
    "microsoft/Phi-3-mini-4k-instruct",
    "Qwen/Qwen2.5-7B-Instruct",
}

# (file, line, repo id, revision, how) for every place, by hand.
EXPECTED_PLACES = {
    ("configs/finetune.yaml", 3, "microsoft/Phi-3-mini-4k-instruct", "0a67737cc96d2554230f90338b163bc6380a2a85", "yaml:model_id"),
    ("configs/finetune.yaml", 7, "mistralai/Mistral-7B-v0.1", None, "yaml:base_model"),
    ("configs/finetune.yaml", 10, "Qwen/Qwen2.5-7B-Instruct", None, "yaml:model_name"),
    ("src/app/download.py", 5, "openai/whisper-small", "0e9e39f249a16976918f6564b8830bc894c89659", "hf_hub_download"),
    ("src/app/download.py", 6, "google/gemma-2-2b-it", None, "hf_hub_download"),
    ("src/app/download.py", 7, "Qwen/Qwen2.5-0.5B-Instruct", None, "snapshot_download"),
    ("src/app/download.py", 8, "black-forest-labs/FLUX.1-schnell", None, "snapshot_download"),
    ("src/app/image.py", 4, "stabilityai/stable-diffusion-xl-base-1.0", None, "from_pretrained"),
    ("src/app/image.py", 6, "stabilityai/stable-diffusion-xl-refiner-1.0", "main", "from_pretrained"),
    ("src/app/latin1.py", 5, "intfloat/multilingual-e5-small", None, "from_pretrained"),
    ("src/app/serve.py", 4, "facebook/detr-resnet-50", "v2.0", "pipeline"),
    ("src/app/serve.py", 7, "openai/whisper-small", None, "pipeline"),
    ("src/app/train.py", 9, "mistralai/Mistral-7B-v0.1", "7231864981174d9bee8c7687c24c8344414eae6b", "from_pretrained"),
    ("src/app/train.py", 12, "distilbert/distilbert-base-uncased-finetuned-sst-2-english", None, "pipeline"),
    ("src/app/train.py", 13, "facebook/bart-large-cnn", None, "pipeline"),
}


@pytest.fixture(scope="module")
def found() -> Discovery:
    return discover(SAMPLE)


def rel(file: str) -> str:
    return Path(file).relative_to(SAMPLE).as_posix()


def test_finds_exactly_the_expected_repo_ids(found):
    assert {r.repo_id for r in found.references} == EXPECTED_IDS
    assert set(found.repo_ids) == EXPECTED_IDS and len(found.repo_ids) == len(EXPECTED_IDS)


def test_every_place_with_line_revision_and_how(found):
    assert {(rel(r.file), r.line, r.repo_id, r.revision, r.how) for r in found.references} == EXPECTED_PLACES
    assert len(found.references) == len(EXPECTED_PLACES)


def test_line_numbers_point_at_the_repo_id_string(found):
    by_place = {(rel(r.file), r.repo_id): r for r in found.references}
    # A call spread over lines: the line of the string, not of the call.
    assert by_place[("src/app/train.py", "mistralai/Mistral-7B-v0.1")].line == 9
    assert by_place[("src/app/serve.py", "openai/whisper-small")].line == 7
    # YAML: the line of the value, inside a list.
    assert by_place[("configs/finetune.yaml", "mistralai/Mistral-7B-v0.1")].line == 7


def test_not_resolvable_calls_are_counted_with_their_place(found):
    assert {(rel(u.file), u.line, u.how) for u in found.unresolved} == {
        ("src/app/train.py", 7, "from_pretrained"),      # from_pretrained(BASE)
        ("src/app/train.py", 14, "pipeline"),            # pipeline(task=...) with no model
        ("src/app/dynamic.py", 4, "from_pretrained"),    # an f-string
    }
    dynamic = next(u for u in found.unresolved if u.file.endswith("dynamic.py"))
    assert "openai/whisper-{SIZE}" in dynamic.expression and dynamic.reason == "not a string constant"
    default = next(u for u in found.unresolved if u.how == "pipeline")
    assert default.expression == "task='text-generation'" and "default checkpoint" in default.reason
    assert "3 not resolvable" in found.summary()


def test_bad_files_are_reported_not_fatal(found):
    problems = {rel(p.file): p for p in found.problems}
    assert set(problems) == {"src/app/broken.py", "src/app/bad_encoding.py", "configs/broken.yml"}
    assert problems["src/app/broken.py"].line == 3 and "syntax error" in problems["src/app/broken.py"].message
    assert "UTF-8" in problems["src/app/bad_encoding.py"].message
    assert problems["configs/broken.yml"].line == 2
    assert found.files_scanned == 10  # 8 Python and 2 YAML files; venv, node_modules and .cache are skipped
    assert not found.truncated


def test_skipped_folders_local_paths_urls_and_datasets(found):
    files = {rel(r.file) for r in found.references} | {rel(p.file) for p in found.problems}
    assert not any(f.startswith(("tools/", "node_modules/", ".cache/")) for f in files)
    everything = {r.repo_id for r in found.references}
    assert "should/not-be-found" not in everything          # broken files, venv, node_modules, hidden
    assert "HuggingFaceH4/ultrachat_200k" not in everything  # repo_type="dataset"
    assert "checkpoints/my-finetune" not in everything      # an existing local folder
    assert "openai/whisper-large-v3" not in everything      # only in URLs
    assert "meta-llama/Llama-3.1-8B-Instruct" not in everything  # only through a variable


def test_results_are_frozen_and_paths_are_as_given(found, monkeypatch):
    with pytest.raises(AttributeError):
        found.references[0].repo_id = "x/y"  # type: ignore[misc]
    monkeypatch.chdir(DATA)
    relative = discover("sample-project")
    assert {(r.file, r.line) for r in relative.references} == {("sample-project/" + p[0], p[1]) for p in EXPECTED_PLACES}


def test_single_file_and_missing_path():
    only = discover(SAMPLE / "src" / "app" / "serve.py")
    assert [(r.repo_id, r.line) for r in only.references] == [("facebook/detr-resnet-50", 4), ("openai/whisper-small", 7)]
    missing = discover(SAMPLE / "nope")
    assert missing.references == () and missing.problems[0].message == "no such file or folder"


@pytest.mark.parametrize("value, expected", [
    ("meta-llama/Llama-3.1-8B", True),
    ("stabilityai/stable-diffusion-xl-base-1.0", True),
    ("a/b", True),
    ("gpt2", False),
    ("./models/x", False),
    ("../x/y", False),
    ("/abs/path", False),
    ("models/x/y", False),
    ("https://huggingface.co/a/b", False),
    ("org/..", False),
    ("org/-name", False),
    ("org/name with space", False),
    ("configs/train.yaml", False),
    ("org/" + "n" * 97, False),
])
def test_repo_id_shape(value, expected):
    assert looks_like_repo_id(value) is expected


def test_odd_inputs_do_not_crash(tmp_path):
    (tmp_path / "nul.py").write_bytes(b"x = 1\x00\n")
    (tmp_path / "cookie.py").write_bytes(b"# -*- coding: klingon -*-\nx = 1\n")
    (tmp_path / "deep.py").write_text("x = " + "(" * 5000 + ")" * 5000 + "\n")
    (tmp_path / "big.py").write_bytes(b"#" * (3 * 1024 * 1024))
    (tmp_path / "tags.yaml").write_text("model: !!python/object:os.system x\nother: !custom {model: org/tagged}\n")
    (tmp_path / "loop.yaml").write_text("a: &a [*a, {model: org/looped}]\n")
    (tmp_path / "many.yaml").write_text("---\nmodel: org/first\n---\nbase_model: [org/second, 3, null]\n")
    (tmp_path / "kw.py").write_text(
        "import x\n"
        "x.from_pretrained(**settings)\n"
        "x.from_pretrained(None)\n"
        "x.pipeline('task', *args)\n"
        "x.hf_hub_download(repo_id='org/space-app', repo_type='space')\n"
        "x.snapshot_download(repo_id='org/model', repo_type='model')\n"
    )
    result = discover(tmp_path)
    assert {r.repo_id for r in result.references} == {"org/tagged", "org/looped", "org/first", "org/second", "org/model"}
    assert {Path(p.file).name for p in result.problems} >= {"nul.py", "cookie.py", "big.py"}
    assert {(Path(u.file).name, u.line) for u in result.unresolved} == {("kw.py", 2), ("kw.py", 4)}


# -- missing_from_manifest / check --discover -----------------------------------------------------


def write_manifest(directory: Path, ids: list[str]) -> Path:
    path = directory / "models.lock"
    body = "".join(f"  - id: {i}\n" for i in ids)
    path.write_text(f"version: 1\nproject:\n  name: t\n  use: commercial\nmodels:\n{body}  - path: local/model\n", encoding="utf-8")
    return path


def test_missing_from_manifest_is_case_insensitive_and_per_place(tmp_path, found):
    declared = sorted(EXPECTED_IDS - {"openai/whisper-small", "google/gemma-2-2b-it"})
    declared = [i.upper() if i.startswith("Qwen") else i for i in declared]
    manifest, _ = parse_manifest(write_manifest(tmp_path, declared))
    missing = missing_from_manifest(manifest, found)
    assert {(rel(r.file), r.line, r.repo_id) for r in missing} == {
        ("src/app/download.py", 5, "openai/whisper-small"),
        ("src/app/serve.py", 7, "openai/whisper-small"),
        ("src/app/download.py", 6, "google/gemma-2-2b-it"),
    }
    assert missing_from_manifest([manifest], list(found.references)) == missing
    everything, _ = parse_manifest(write_manifest(tmp_path, sorted(EXPECTED_IDS)))
    assert missing_from_manifest(everything, found) == ()


def test_discover_check_fails_on_undeclared_and_warns_on_unresolvable(tmp_path):
    path = write_manifest(tmp_path, sorted(EXPECTED_IDS - {"facebook/bart-large-cnn"}))
    failed, lines = discover_check([path], [SAMPLE])
    assert failed
    assert any(line.endswith(f"train.py:13: facebook/bart-large-cnn is used here (pipeline) but is not in {path}") for line in lines)
    assert sum(line.startswith("warning:") and "not resolvable, check by hand" in line for line in lines) == 3
    assert sum(line.startswith("warning:") and "not scanned" in line for line in lines) == 3
    failed, lines = discover_check([write_manifest(tmp_path, sorted(EXPECTED_IDS))], [SAMPLE])
    assert not failed and lines[-1].endswith("all declared in the manifest")


# -- write_starter --------------------------------------------------------------------------------


def test_starter_files_parse_with_the_real_readers(tmp_path, found):
    project = tmp_path / "acme-bot"
    project.mkdir()
    written = write_starter(project, found, use="internal")
    manifest, warnings = parse_manifest(written.manifest)
    assert manifest.project.name == "acme-bot" and manifest.project.use == "internal"
    assert {e.ref for e in manifest.entries} == EXPECTED_IDS and all(e.kind == "hub" for e in manifest.entries)
    revisions = {e.ref: e.revision for e in manifest.entries}
    assert revisions["mistralai/Mistral-7B-v0.1"] == "7231864981174d9bee8c7687c24c8344414eae6b"
    assert revisions["facebook/detr-resnet-50"] == "v2.0"
    assert revisions["google/gemma-2-2b-it"] is None
    assert written.entries == len(EXPECTED_IDS) and written.unpinned == 8
    assert any("8 checkpoints have no revision" in w and "google/gemma-2-2b-it (line " in w for w in warnings)
    text = written.manifest.read_text(encoding="utf-8")
    assert "licscan lock" in text and "# used at " in text
    policy = load_policy(written.policy, project)
    assert policy.fail_on == ("denied", "unknown") and policy.waivers == () and policy.path == str(written.policy)
    assert "# waivers:" in written.policy.read_text(encoding="utf-8")


def test_starter_policy_example_is_valid_when_uncommented(tmp_path):
    path = tmp_path / "licscan.yaml"
    path.write_text("version: 1\nfail_on: [denied, unknown]\n" + POLICY_EXAMPLE, encoding="utf-8")
    policy = load_policy(path, tmp_path)
    assert policy.allow_categories == ("permissive",) and policy.deny_categories == ("non-commercial",)
    assert policy.waivers[0].checkpoint == "acme/internal-research-model" and policy.waivers[0].expires == "2027-06-30"


def test_starter_without_discovery_and_refusing_to_overwrite(tmp_path):
    written = write_starter(tmp_path)
    manifest, _ = parse_manifest(written.manifest)
    assert manifest.entries == () and manifest.project.use == "commercial"
    before = written.manifest.read_bytes()
    with pytest.raises(InputError, match="already exists"):
        write_starter(tmp_path, [Reference("org/new", "a.py", 1, None, "from_pretrained")])
    assert written.manifest.read_bytes() == before
    written.manifest.unlink()
    with pytest.raises(InputError, match="licscan.yaml: already exists"):  # the policy alone also blocks
        write_starter(tmp_path)
    assert not written.manifest.exists()
    again = write_starter(tmp_path, [Reference("org/new", "a.py", 1, None, "from_pretrained")], force=True)
    assert [e.ref for e in parse_manifest(again.manifest)[0].entries] == ["org/new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["licscan.yaml", "models.lock"]  # no temporary files left


def test_starter_keeps_revisions_the_manifest_rejects_as_comments(tmp_path):
    refs = [
        Reference("org/short", "a.py", 1, "abc1234", "from_pretrained"),     # abbreviated sha: an error in a manifest
        Reference("org/two", "a.py", 2, "v1", "from_pretrained"),
        Reference("ORG/TWO", "b.py", 3, "v2", "pipeline"),                  # same repo, another spelling and revision
    ]
    written = write_starter(tmp_path, refs)
    manifest, _ = parse_manifest(written.manifest)
    assert [(e.ref, e.revision) for e in manifest.entries] == [("org/short", None), ("org/two", "v1")]
    text = written.manifest.read_text(encoding="utf-8")
    assert "abc1234" in text and "several revisions: v1, v2" in text


def test_starter_rejects_bad_arguments(tmp_path):
    with pytest.raises(InputError, match="unknown use"):
        write_starter(tmp_path, use="personal")
    with pytest.raises(InputError, match="folder does not exist"):
        write_starter(tmp_path / "nope")
    assert list(tmp_path.iterdir()) == []


def test_sample_project_fixture_is_intact():
    """Guard against editors or formatters 'fixing' the deliberately broken fixture files."""
    assert b"\xff" in (SAMPLE / "src" / "app" / "bad_encoding.py").read_bytes()
    assert (SAMPLE / "src" / "app" / "latin1.py").read_bytes().startswith(b"# -*- coding: latin-1 -*-")
    assert (SAMPLE / "tools" / "localenv" / "pyvenv.cfg").is_file()


# -- the CLI (`licscan init`, `licscan check --discover`): runs once cli.py has the wiring ------------

WIRED = "init" in main.commands and any(p.name == "discover_paths" for p in main.commands["check"].params)
needs_wiring = pytest.mark.skipif(not WIRED, reason="licscan init / check --discover are not wired into licscan/cli.py yet")
EXAMPLE_MODELS = Path(__file__).resolve().parents[1] / "examples" / "models"


@needs_wiring
def test_cli_init_discovers_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["init", "--discover", str(SAMPLE), "--use", "research", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "3 not resolvable" in result.output
    manifest, _ = parse_manifest(tmp_path / "models.lock")
    assert {e.ref for e in manifest.entries} == EXPECTED_IDS and manifest.project.use == "research"
    again = runner.invoke(main, ["init", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output
    assert runner.invoke(main, ["init", "--force", str(tmp_path)]).exit_code == 0


@needs_wiring
def test_cli_check_discover_fails_on_undeclared_checkpoints(tmp_path):
    shutil.copytree(EXAMPLE_MODELS / "whisper-small", tmp_path / "models" / "whisper-small")
    lock = tmp_path / "models.lock"
    lock.write_text("version: 1\nproject: {name: t, use: commercial}\nmodels:\n  - path: models/whisper-small\n", encoding="utf-8")
    clean = tmp_path / "src"
    clean.mkdir()
    (clean / "app.py").write_text("print('no models here')\n", encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "--offline", "--discover", str(clean), str(lock)])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(main, ["check", "--offline", "--discover", str(SAMPLE), str(lock)])
    assert bad.exit_code == 1, bad.output
    assert "facebook/bart-large-cnn is used here (pipeline) but is not in" in bad.stderr
    assert runner.invoke(main, ["check", "--discover", str(tmp_path / "nope"), str(lock)]).exit_code == 2
