"""Reliability: hostile input never crashes licscan, and unreadable evidence is never 'allowed'.

Three groups, all through the real CLI (``click.testing.CliRunner`` on ``licscan.cli.main``) or the
real pipeline, with no network (generated manifests may name Hub repos: the Hub client is put in
offline mode with an empty cache, and HF_ENDPOINT points at a closed loopback port):

* manifests and policy files: property-based (hypothesis) over wrong types, deep nesting, huge
  strings, anchors and aliases, duplicate keys, tags, non-UTF-8 bytes, BOMs, empty files and
  random bytes, plus explicit regressions. The promise (README, "Exit codes"): exit 0 or 1 for a
  valid manifest; otherwise exit 2 with exactly one stderr line ``licscan: error: FILE[:LINE]:
  problem``, nothing on stdout, never a traceback.
* model cards and license files in local checkpoint folders: malformed front matter, license
  lists, a 50 MB LICENSE, binary files, UTF-16 / Latin-1 / Windows-1252 copies of real license
  texts, NUL bytes, a 1 MB single line, an HTML-only card. Each gives a verdict (or a clear
  unknown); unreadable evidence is never 'allowed'.
* paths: entries escaping the project, symlink loops, unreadable folders, files instead of
  folders: exit 2 naming the manifest line of the entry.

License texts are read from license_texts/ (verbatim); the only other texts here are clearly
labelled filler that is not a license.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import traceback
import tracemalloc
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from licscan.cli import main
from licscan.manifest import parse_manifest
from licscan.pipeline import Options, Scanner
from tests.input_tally import tally

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "license_texts"
FULL_SHA = "0123456789abcdef0123456789abcdef01234567"
USES = ("commercial", "internal", "research", "non-commercial")
FILLER_LINE = "This line is filler written for a licscan reliability test; it is not license text.\n"

HYPOTHESIS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def corpus(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


# --- shared set-up --------------------------------------------------------------------------------


_CONFIG: list[pytest.Config] = []   # for counting inputs in assert_clean_outcome (tests/input_tally.py)


@pytest.fixture(scope="module", autouse=True)
def no_network(tmp_path_factory, pytestconfig):
    """Generated manifests may name Hub repos: keep the Hub client offline with an empty cache."""
    import huggingface_hub.constants as constants

    _CONFIG[:] = [pytestconfig]

    home = tmp_path_factory.mktemp("hf-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(constants, "HF_HUB_OFFLINE", True)
        mp.setattr(constants, "HF_HUB_CACHE", str(home / "hub"))
        mp.setattr(constants, "HF_TOKEN_PATH", str(home / "no-token"))
        mp.setattr(constants, "HF_STORED_TOKENS_PATH", str(home / "no-tokens"))
        mp.setenv("HF_ENDPOINT", "http://127.0.0.1:9")   # discard port: refused at once, never the real Hub
        mp.delenv("HF_TOKEN", raising=False)
        yield


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A project folder with two real checkpoint folders that generated manifests can point at."""
    project = tmp_path_factory.mktemp("ws") / "project"
    for name, license_id, text in (("ckpt-mit", "mit", "mit.txt"), ("ckpt-nc", "cc-by-nc-4.0", "cc-by-nc-4.0.txt")):
        folder = project / name
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(f"---\nlicense: {license_id}\n---\n# {name}\n", encoding="utf-8")
        shutil.copyfile(TEXTS / text, folder / "LICENSE")
    return project


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_no_traceback(result: Result) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        detail = "".join(traceback.format_exception(*result.exc_info))
        raise AssertionError(f"licscan raised instead of reporting an error (exit {result.exit_code}):\n{detail}")
    assert "Traceback" not in result.stderr, result.stderr


def assert_input_error(result: Result, path: Path | str, line: int | None = None, *, contains: str | None = None) -> str:
    """Exit 2, one stderr line 'licscan: error: PATH[:LINE]: problem', nothing on stdout."""
    assert_no_traceback(result)
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, f"exit {result.exit_code}, stderr {result.stderr!r}, stdout {result.stdout[:300]!r}"
    assert len(lines) == 1, f"expected exactly one stderr line, got {len(lines)}: {lines!r}"
    prefix = f"licscan: error: {path}:" if line is None else f"licscan: error: {path}:{line}: "
    assert lines[0].startswith(prefix) or (line is None and lines[0].startswith(f"licscan: error: {path}: ")), (prefix, lines[0])
    assert result.stdout == "", "nothing is written on an input error"
    if contains is not None:
        assert contains in lines[0], lines[0]
    return lines[0]


def assert_clean_outcome(result: Result, *paths: Path) -> None:
    """The property every input must satisfy: a report (exit 0/1, or 3 when the Hub could not be
    read) or one error line (exit 2)."""
    assert_no_traceback(result)
    assert result.exit_code in (0, 1, 2, 3), (result.exit_code, result.stderr)
    event(f"exit {result.exit_code}")
    tally(_CONFIG[0], f"generated manifests and policies (exit {result.exit_code})")
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1, f"expected exactly one stderr line, got {lines!r}"
        assert any(lines[0].startswith(f"licscan: error: {p}") for p in paths), lines[0]
        assert result.stdout == ""
    else:
        assert result.stdout.strip(), "a valid manifest gives a report"


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- strategies -----------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**40, max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.integers(min_value=0, max_value=300_000).map(lambda n: "x" * n),    # huge strings
    st.dates(),
    st.binary(max_size=16),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _entry_strategy():
    valid_local = st.sampled_from([{"path": "ckpt-mit"}, {"path": "ckpt-nc"}])
    valid_hub = st.sampled_from([FULL_SHA, "main", "v1.0", None]).map(
        lambda rev: {"id": "acme/model", **({"revision": rev} if rev else {})}
    )
    key = st.sampled_from(["id", "path", "revision", "lock", "extra", "ID"])
    return st.one_of(valid_local, valid_local, valid_hub, st.dictionaries(key, VALUES, max_size=4), VALUES)


def mostly(valid, hostile=VALUES):
    """Mostly the valid value, sometimes anything: enough valid documents reach the scanner."""
    return st.integers(min_value=0, max_value=3).flatmap(lambda i: hostile if i == 3 else valid)


MANIFEST_DOCS = st.fixed_dictionaries(
    {
        "version": mostly(st.just(1)),
        "project": mostly(
            st.fixed_dictionaries(
                {"name": mostly(st.just("p")), "use": mostly(st.sampled_from(USES))},
                optional={
                    "monthly_active_users": mostly(st.integers(min_value=0, max_value=10**12)),
                    "region": mostly(st.just("EU")),
                    "distribution": mostly(st.just("saas")),
                },
            ),
        ),
        "models": mostly(st.lists(_entry_strategy(), max_size=3)),
    },
)


@st.composite
def manifest_docs(draw):
    doc = draw(MANIFEST_DOCS)
    if draw(st.integers(min_value=0, max_value=5)) == 5:      # now and then an unknown or mis-cased key
        doc[draw(st.sampled_from(["extra", "Version", "model", ""]))] = draw(VALUES)
    return doc

# Lines that are valid YAML on their own but hostile in a manifest: anchors and aliases (incl.
# billion-laughs), merge keys, tags (safe and unsafe), duplicate keys, complex keys, directives,
# control characters, tabs and document markers.
LAUGHS = "".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9))
SNIPPETS = [
    "a: &a [*a]",
    "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + LAUGHS + "models: *l8",
    "models: &m [*m]",
    "project: &p {name: x, use: commercial}\nproject: *p",
    "<<: {version: 1}",
    "<<: *undefined",
    "version: !!python/object/apply:os.system ['true']",
    "version: !!int 0x1z",
    "version: !!bool maybe",
    "version: !!float one",
    "version: !!timestamp 2024-13-45",
    "version: " + "9" * 5000,
    "version: 2024-02-30",
    "version: 1\nversion: 1",
    "? [complex, key]\n: value",
    "? {a: 1}\n: value",
    "%YAML 1.1\n---",
    "--- !!set\n? a",
    "...",
    "\t- tab",
    "name: \x01control",
    "name: \"\\0nul\"",
    "name: \ud7ff\ufffd\U0001F600",
    "[" * 200,
    "{" * 60 + "}" * 60,
    "- " * 300 + "deep",
    "key: |\n  block\n   scalar",
    "&anchor",
    "*alias",
    "!tag",
    "- path: ckpt-mit\n- path: ./ckpt-mit",
    "- path: ../outside",
    "- path: /etc",
    "- id: acme/model\n  revision: ABCDEF0123",
    "- id: acme/model\n  revision: 0123456",
    "- id: 'not a repo id'",
    "- {id: acme/model, id: acme/other}",
    "- {id: acme/model, path: ckpt-mit}",
    "- {}",
    "- path: ckpt-mit\n  revision: " + FULL_SHA,
    "- path: \"ckpt\\0mit\"",
    "  monthly_active_users: 2024-13-01",
    "  monthly_active_users: !!int abc",
    "  monthly_active_users: " + "9" * 5000,
    "  monthly_active_users: -1",
    "  monthly_active_users: 1e9",
    "  use: Commercial",
]


def valid_manifest_text(models: str = "  - path: ckpt-mit\n  - path: ckpt-nc\n") -> str:
    return f"version: 1\nproject:\n  name: reliability\n  use: commercial\n  monthly_active_users: 1000\nmodels:\n{models}"


@st.composite
def mutated_manifest_bytes(draw) -> bytes:
    """A valid manifest with hostile lines inserted, bytes corrupted, encodings and BOMs changed."""
    lines = valid_manifest_text().splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        snippet = draw(st.sampled_from(SNIPPETS))
        indent = " " * draw(st.sampled_from([0, 0, 2, 4, 6]))
        at = draw(st.integers(min_value=0, max_value=len(lines)))
        lines[at:at] = [indent + line + "\n" for line in snippet.split("\n")]
    text = "".join(lines)
    data = text.encode("utf-8", errors="surrogatepass")
    how = draw(st.sampled_from(["plain", "bom", "double-bom", "utf-16", "utf-16-le", "latin-1", "truncate", "flip", "crlf", "nul"]))
    if how == "bom":
        data = b"\xef\xbb\xbf" + data
    elif how == "double-bom":
        data = b"\xef\xbb\xbf\xef\xbb\xbf" + data
    elif how == "utf-16":
        data = text.encode("utf-16", errors="surrogatepass")
    elif how == "utf-16-le":
        data = text.encode("utf-16-le", errors="surrogatepass")
    elif how == "latin-1":
        data = text.encode("latin-1", errors="replace") + "\nname: café\n".encode("latin-1")
    elif how == "truncate":
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    elif how == "flip" and data:
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(min_value=0, max_value=255))]) + data[at + 1 :]
    elif how == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif how == "nul":
        data = data + b"\x00"
    return data


# --- manifests: properties ------------------------------------------------------------------------


@HYPOTHESIS
@given(doc=manifest_docs(), flow=st.sampled_from([False, True, None]), unicode=st.booleans())
@example(doc={"version": 1, "project": {"name": "p", "use": "commercial", "na\nme": 1}, "models": []}, flow=False, unicode=False)
@example(doc={"version": 1, "project": {"name": "p", "use": "commercial\r"}, "models": []}, flow=False, unicode=False)
def test_generated_manifests_report_or_fail_with_one_line(workspace: Path, doc, flow, unicode) -> None:
    path = workspace / "models.lock"
    write(path, yaml.safe_dump(doc, sort_keys=False, default_flow_style=flow, allow_unicode=unicode))

    assert_clean_outcome(invoke("check", path), path)


@HYPOTHESIS
@given(data=mutated_manifest_bytes())
@example(data=b"version: 1\nproject:\n  monthly_active_users: 2024-13-01\n  name: reliability\n  use: commercial\nmodels: []\n")
def test_mutated_manifests_report_or_fail_with_one_line(workspace: Path, data: bytes) -> None:
    path = write(workspace / "models.lock", data)

    assert_clean_outcome(invoke("check", path), path)


@settings(max_examples=80, deadline=None)
@given(data=st.one_of(st.binary(max_size=4096), st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass"))))
@example(data=b"")
@example(data=b"\xef\xbb\xbf")
@example(data=b"\xff\xfe")
@example(data=b"\x00" * 64)
@example(data=b"\x80\x81\x82")
def test_random_bytes_as_manifest_fail_with_one_line(workspace: Path, data: bytes) -> None:
    path = write(workspace / "models.lock", data)

    assert_clean_outcome(invoke("check", path), path)


UNKNOWN_KEYS = st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True).filter(
    lambda k: k not in {"version", "project", "models", "name", "use", "monthly_active_users", "annual_revenue_usd",
                        "distribution", "region", "id", "path", "revision", "lock"}
)


@settings(max_examples=60, deadline=None)
@given(key=UNKNOWN_KEYS, where=st.sampled_from(["top", "project", "entry"]))
@example(key="no", where="top").via("found by hypothesis: YAML 1.1 reads it as False")
@example(key="on", where="entry").via("YAML 1.1 bool")
def test_an_unknown_key_is_named_with_its_line(workspace: Path, key: str, where: str) -> None:
    lines = valid_manifest_text().splitlines(keepends=True)
    at, indent = {"top": (len(lines), ""), "project": (2, "  "), "entry": (7, "    ")}[where]
    lines.insert(at, f"{indent}{key}: 1\n")
    path = write(workspace / "models.lock", "".join(lines))

    assert_input_error(invoke("check", path), path, at + 1, contains=f"unknown key '{key}'")


DUPLICATES = {
    # name: (index to insert at, line inserted, line number of the duplicate)
    "version": (1, "version: 1\n", 2),
    "project.name": (3, "  name: again\n", 4),
    "project.use": (4, "  use: internal\n", 5),
    "project.fact": (5, "  monthly_active_users: 5\n", 6),
    "project": (8, "project: {}\n", 9),
    "models": (8, "models: []\n", 9),
    "entry.path": (8, "    path: ckpt-nc\n", 9),
}


@pytest.mark.parametrize("name", list(DUPLICATES))
def test_a_duplicated_key_is_named_at_its_second_line(workspace: Path, name: str) -> None:
    at, text, line = DUPLICATES[name]
    lines = valid_manifest_text().splitlines(keepends=True)
    lines.insert(at, text)
    path = write(workspace / "models.lock", "".join(lines))

    assert_input_error(invoke("check", path), path, line, contains="duplicate key")


@settings(max_examples=60, deadline=None)
@given(revision=st.one_of(
    st.from_regex(r"[0-9a-f]{7,39}", fullmatch=True),
    st.tuples(st.from_regex(r"[0-9A-F]{39}", fullmatch=True), st.sampled_from("ABCDEF"), st.integers(0, 39)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2]:]),
))
def test_an_abbreviated_or_upper_case_sha_is_an_error_on_its_line(workspace: Path, revision: str) -> None:
    path = write(workspace / "models.lock", valid_manifest_text(f"  - path: ckpt-mit\n  - id: acme/model\n    revision: '{revision}'\n"))

    assert_input_error(invoke("check", path), path, 9, contains="revision")


# --- manifests: explicit hostile documents --------------------------------------------------------

HEAD = "version: 1\nproject:\n  name: reliability\n  use: commercial\n"
HOSTILE_MANIFESTS = {
    # name: (document, line of the error or None for a whole-file problem)
    "empty": ("", None),
    "bom-only": ("\ufeff", None),
    "only-comments": ("# nothing\n", None),
    "list-at-top": ("- version: 1\n", 1),
    "scalar-at-top": ("hello\n", 1),
    "billion-laughs-unknown-key": ("l0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + LAUGHS, 1),
    "billion-laughs-as-models": (HEAD + "l0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + LAUGHS + "models: *l8\n", 5),
    "billion-laughs-in-models-list": (HEAD + "models:\n  - &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
        f"  - &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9)), 6),
    "self-referencing-alias": (HEAD + "models: &m [*m]\n", 5),
    "merge-key": (HEAD + "models:\n  - <<: {path: ckpt-mit}\n", 6),
    "duplicate-entry": (HEAD + "models:\n  - path: ckpt-mit\n  - path: ./ckpt-mit\n", 7),
    "unknown-tag-python": (HEAD + "models:\n  - path: !!python/object/apply:os.system ['true']\n", 6),
    "unknown-tag-scalar": (HEAD + "models:\n  - id: acme/model\n    revision: !!python/name:os.system main\n", 7),
    "bad-binary-tag": (HEAD + "models:\n  - path: !!binary ~~~\n", 6),
    "custom-tag-on-mapping": ("version: 1\nproject: !evil\n  name: reliability\n  use: commercial\nmodels: []\n", 2),
    "custom-tag-on-list": (HEAD + "models: !evil\n  - path: ckpt-mit\n", 5),
    "custom-tag-on-text": (HEAD.replace("name: reliability", "name: !evil reliability") + "models: []\n", 3),
    "verbatim-tag": (HEAD + "models:\n  - !<tag:example.com,2000:model> {path: ckpt-mit}\n", 6),
    "python-tag-on-mapping": (HEAD + "models:\n  - !!python/object:os.system {path: ckpt-mit}\n", 6),
    "tag-under-an-alias": (HEAD + "x: &a !evil [1]\nmodels: *a\n", 5),
    "line-separator": (HEAD.replace("name: reliability", "name: reli\u2028ability") + "models: []\n", 3),
    "tab-indent": (HEAD + "models:\n\t- path: ckpt-mit\n", 6),
    "control-character": (HEAD.replace("reliability", "reli\x07ability") + "models: []\n", 3),
    "huge-string-name": (HEAD.replace("reliability", "x" * 3_000_000) + "models: []\n", 3),
    "too-large": ("# " + "x" * (5 * 1024 * 1024) + "\n", None),
    "deep-flow-nesting": (HEAD + "models: " + "[" * 5000 + "]" * 5000 + "\n", None),
    "deep-block-nesting": (HEAD + "models:\n" + "".join("  " * i + "-\n" for i in range(1, 400)), None),
    # PyYAML's safe constructor raises ValueError / KeyError / OverflowError (not YAMLError) for
    # these typed scalars; a realistic one is an impossible date in an unquoted value.
    "impossible-date": (HEAD + "  monthly_active_users: 2024-13-01\nmodels: []\n", 5),
    "bad-int-tag": (HEAD + "  monthly_active_users: !!int abc\nmodels: []\n", 5),
    "bad-bool-tag": ("version: !!bool maybe\n" + HEAD[11:] + "models: []\n", 1),
    "bad-float-tag": ("version: !!float one\n" + HEAD[11:] + "models: []\n", 1),
    "int-over-4300-digits": (HEAD + "  monthly_active_users: " + "9" * 5000 + "\nmodels: []\n", 5),
    "nul-in-path": (HEAD + 'models:\n  - path: "ckpt\\0mit"\n', 6),
}


@pytest.mark.parametrize("name", list(HOSTILE_MANIFESTS))
def test_hostile_manifest_is_one_line_error(workspace: Path, name: str) -> None:
    text, line = HOSTILE_MANIFESTS[name]
    path = write(workspace / f"{name}.lock", text)

    message = assert_input_error(invoke("check", path), path, line)
    assert len(message) < 500, "the one line stays readable"


def test_non_utf8_manifest_names_the_line(workspace: Path) -> None:
    path = write(workspace / "latin1.lock", (HEAD + "models: []\n# caf\xe9\n").encode("latin-1"))

    assert_input_error(invoke("check", path), path, 6, contains="UTF-8")


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", b""], ids=["bom", "no-bom"])
def test_valid_manifest_with_or_without_bom_is_checked(workspace: Path, prefix: bytes) -> None:
    path = write(workspace / "bom.lock", prefix + valid_manifest_text().encode())

    result = invoke("check", path, "--format", "json")

    assert_no_traceback(result)
    assert result.exit_code == 1                    # ckpt-nc is CC-BY-NC-4.0: denied for commercial use
    verdicts = {c["id"]: c["verdict"] for c in json.loads(result.stdout)["checkpoints"]}
    assert verdicts == {"ckpt-mit": "allowed", "ckpt-nc": "denied"}


def test_deep_nesting_in_a_subprocess_gives_one_line_not_a_crash(workspace: Path) -> None:
    """The real CLI process on 4 MB of '[': no crash (libyaml's composer recurses in C), no traceback."""
    import subprocess
    import sys

    path = write(workspace / "deep.lock", "[" * (4 * 1024 * 1024 - 16))
    proc = subprocess.run([sys.executable, "-m", "licscan", "check", str(path)], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})

    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert proc.stderr.splitlines() == [f"licscan: error: {path}: malformed YAML: nesting too deep"]


# --- policy files ---------------------------------------------------------------------------------

POLICY_DOCS = st.fixed_dictionaries(
    {},
    optional={
        "version": st.one_of(st.just(1), VALUES),
        "fail_on": st.one_of(st.lists(st.sampled_from(["denied", "unknown", "conditional", "conflict", "maybe"]), max_size=5), VALUES),
        "allow": st.one_of(st.fixed_dictionaries({}, optional={
            "licenses": st.one_of(st.lists(st.sampled_from(["mit", "llama3.1"]), max_size=3), VALUES),
            "categories": st.one_of(st.lists(st.sampled_from(["permissive", "bogus"]), max_size=2), VALUES)}), VALUES),
        "deny": st.one_of(st.fixed_dictionaries({}, optional={
            "licenses": st.one_of(st.lists(st.sampled_from(["agpl-3.0", "mit"]), max_size=3), VALUES)}), VALUES),
        "waivers": st.one_of(st.lists(st.one_of(
            st.fixed_dictionaries({"id": st.one_of(st.just("ckpt-nc"), VALUES), "reason": st.just("r"), "approved_by": st.just("a"),
                                   "expires": st.one_of(st.dates(), st.text(max_size=12), VALUES)},
                                  optional={"revision": VALUES, "extra": VALUES}),
            VALUES), max_size=3), VALUES),
        "trust_metadata": st.one_of(st.booleans(), VALUES),
        "unknown": VALUES,
    },
)


@HYPOTHESIS
@given(doc=POLICY_DOCS, flow=st.sampled_from([False, True, None]))
@example(doc={"allow": {"\r": None}}, flow=False)
def test_generated_policies_report_or_fail_with_one_line(workspace: Path, doc, flow) -> None:
    folder = workspace / "policy-project"
    folder.mkdir(exist_ok=True)
    manifest = write(folder / "models.lock", HEAD + "models: []\n")
    policy = write(folder / "licscan.yaml", yaml.safe_dump(doc, sort_keys=False, default_flow_style=flow))

    assert_clean_outcome(invoke("check", manifest), manifest, policy)


# Raw (unquoted) scalars, as people type them: yaml.safe_dump would quote '2025-02-30' and hide it.
RAW_SCALARS = st.one_of(
    st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{1,2}:[0-9]{2}:[0-9]{2}", fullmatch=True),
    st.sampled_from(["yes", "no", "on", "off", "~", "null", "1_000", "0x1F", "0o17", "1:20", ".inf", "-.nan",
                     "!!bool maybe", "!!int abc", "!!float x", "!!timestamp 2024-02-30", "!!str", "!!binary ~~",
                     "9" * 5000, "[a, b]", "{a: 1}", "&x 1", "'2025-02-30'"]),
)


@settings(max_examples=120, deadline=None)
@given(key=st.sampled_from(["expires", "trust_metadata", "version", "fail_on"]), value=RAW_SCALARS)
@example(key="expires", value="2025-02-30")
def test_raw_policy_scalars_report_or_fail_with_one_line(workspace: Path, key: str, value: str) -> None:
    folder = workspace / "raw-policy-project"
    folder.mkdir(exist_ok=True)
    manifest = write(folder / "models.lock", HEAD + "models:\n  - path: ckpt\n")
    ckpt = folder / "ckpt"
    if not ckpt.exists():
        ckpt.mkdir()
        shutil.copyfile(TEXTS / "mit.txt", ckpt / "LICENSE")
    waiver = f"waivers:\n  - id: ckpt\n    reason: test\n    approved_by: someone\n    expires: {value}\n"
    text = waiver if key == "expires" else f"{key}: {value}\n"
    policy = write(folder / "licscan.yaml", text)

    result = invoke("check", manifest)

    assert_clean_outcome(result, manifest, policy)
    if result.exit_code == 2:
        line = 5 if key == "expires" else 1
        assert result.stderr.startswith(f"licscan: error: {policy}:{line}: "), result.stderr


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("waivers:\n  - id: ckpt-nc\n    reason: r\n    approved_by: a\n    expires: 2025-02-30\n", 5),
        ("waivers:\n  - id: ckpt-nc\n    reason: r\n    approved_by: a\n    expires: 2025-01-01T25:00:00\n", 5),
        ("trust_metadata: !!bool nope\n", 1),
        ("version: " + "9" * 5000 + "\n", 1),
        ("fail_on: [denied]\n", 1),
        ("fail_on: [denied, unknown]\nfail_on: [denied, unknown]\n", 2),
        ("allow: {categories: [bogus]}\n", 1),
        ("deny: {licenses: [mit]}\nallow: {licenses: [mit]}\n", 2),
        ("waivers: {id: x}\n", 1),
        ("- a\n", 1),
        (b"\x80\x81", 1),
        ("allow:\n  licenses: !evil [mit]\n", 2),
        ("waivers:\n  - !!python/object/new:os.system\n    id: ckpt-nc\n", 2),
    ],
    ids=["impossible-date", "impossible-time", "bad-bool-tag", "int-over-4300-digits", "fail-on-without-unknown",
         "duplicate-key", "unknown-category", "allowed-and-denied", "waivers-not-a-list", "not-a-mapping", "not-utf8",
         "custom-tag", "python-tag-on-a-waiver"],
)
def test_hostile_policy_is_one_line_error(workspace: Path, text, line) -> None:
    folder = workspace / "bad-policy-project"
    folder.mkdir(exist_ok=True)
    manifest = write(folder / "models.lock", HEAD + "models: []\n")
    policy = write(folder / "licscan.yaml", text)

    assert_input_error(invoke("check", manifest), policy, line)


def test_missing_policy_file_given_on_the_command_line(workspace: Path) -> None:
    manifest = write(workspace / "plain.lock", HEAD + "models: []\n")
    missing = workspace / "no-such-policy.yaml"

    assert_input_error(invoke("check", manifest, "--policy", missing), missing, contains="not found")


# --- model cards and license files in local folders -------------------------------------------------


def checkpoint(tmp_path: Path, card: str | bytes | None, files: dict[str, str | bytes] | None = None) -> Path:
    """A project with one checkpoint folder 'ckpt'; returns the manifest."""
    project = tmp_path / "project"
    folder = project / "ckpt"
    folder.mkdir(parents=True)
    if card is not None:
        write(folder / "README.md", card)
    for name, data in (files or {}).items():
        write(folder / name, data)
    return write(project / "models.lock", HEAD + "models:\n  - path: ckpt\n")


def check_one(manifest: Path) -> tuple[Result, dict]:
    result = invoke("check", manifest, "--format", "json")
    assert_no_traceback(result)
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    (checkpoint_json,) = json.loads(result.stdout)["checkpoints"]
    assert result.exit_code == (1 if checkpoint_json["failed"] else 0)
    return result, checkpoint_json


def reasons(checkpoint_json: dict) -> str:
    """Everything the JSON report says about a checkpoint, as one text to search for a note."""
    return json.dumps(checkpoint_json, ensure_ascii=False)


MIT_CARD = "---\nlicense: mit\n---\n# A checkpoint\n"


UNKNOWN = {"unknown"}
PROSE = {"conditional", "unknown"}    # a license named in the card's prose only: never enough for allowed


@pytest.mark.parametrize(
    ("card", "verdicts", "expected_note"),
    [
        ("---\nlicense: [mit\n---\n# body\n", UNKNOWN, "front matter is not valid YAML"),
        ("---\n- mit\n- apache-2.0\n---\n# body\n", UNKNOWN, "front matter is not a mapping"),
        ("---\nlicense: mit\n# the closing marker is missing\n", PROSE, None),
        ("---\nlicense: &a [*a]\n---\n", UNKNOWN, "unexpected type"),
        ("---\nlicense: [mit, 3]\n---\n", UNKNOWN, "unexpected type"),
        ("---\nlicense: {id: mit}\n---\n", UNKNOWN, "unexpected type"),
        ("---\nl0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + LAUGHS + "license: *l8\n---\n", UNKNOWN, "unexpected type"),
        ("---\n" + "[" * 5000 + "\n---\n", UNKNOWN, "nested too deeply"),
        ("---\nlicense: !!python/object/apply:os.system ['true']\n---\n", UNKNOWN, "front matter is not valid YAML"),
        # typed scalars PyYAML cannot construct: ValueError / KeyError rather than a YAMLError
        ("---\nlicense: 2024-13-01\n---\n", UNKNOWN, None),
        ("---\nlicense: !!int abc\n---\n", UNKNOWN, None),
        ("---\nlicense: !!bool maybe\n---\n", UNKNOWN, None),
        ("---\nlicense: " + "9" * 5000 + "\n---\n", UNKNOWN, None),
    ],
    ids=["unterminated-flow", "list-not-mapping", "no-closing-marker", "self-alias", "mixed-list", "mapping",
         "billion-laughs", "deep-nesting", "python-tag", "impossible-date", "bad-int-tag", "bad-bool-tag", "huge-int"],
)
def test_malformed_front_matter_without_license_file_is_a_clear_unknown(tmp_path: Path, card: str, verdicts, expected_note) -> None:
    _, result = check_one(checkpoint(tmp_path, card))

    assert result["verdict"] in verdicts and result["failed"] == (result["verdict"] == "unknown"), result["reasons"]


@pytest.mark.parametrize(
    ("card", "expected_note"),
    [
        ("---\nlicense: [mit\n---\n# body\n", "front matter is not valid YAML"),
        ("---\n- mit\n- apache-2.0\n---\n# body\n", "front matter is not a mapping"),
        ("---\nlicense: [mit, 3]\n---\n", "unexpected type"),
        ("---\n" + "[" * 5000 + "\n---\n", "nested too deeply"),
    ],
    ids=["unterminated-flow", "list-not-mapping", "mixed-list", "deep-nesting"],
)
def test_why_a_card_could_not_be_read_is_in_the_json_report(tmp_path: Path, card: str, expected_note: str) -> None:
    """'no license declared in the card' is not the whole truth when the card's front matter is broken."""
    _, result = check_one(checkpoint(tmp_path, card))

    assert expected_note in reasons(result), f"the report does not say why: {result['reasons']}"


def test_license_list_in_card_takes_the_most_restrictive(tmp_path: Path) -> None:
    _, result = check_one(checkpoint(tmp_path, "---\nlicense: [mit, cc-by-nc-4.0]\n---\n"))

    assert result["verdict"] == "denied"                  # commercial use: CC-BY-NC decides
    assert set(result["license"]["applies"]) >= {"mit", "cc-by-nc-4.0"}


@pytest.mark.parametrize(
    ("encoding", "text_file", "license_id"),
    [
        ("utf-16", "mit.txt", "mit"),                       # with a BOM
        ("utf-16-le", "mit.txt", "mit"),                    # no BOM (Windows editors)
        ("utf-16-be", "apache-2.0.txt", "apache-2.0"),
        ("utf-8-sig", "cc-by-nc-4.0.txt", "cc-by-nc-4.0"),
        ("latin-1", "minimax-model-license.txt", "minimax-model-license"),   # its '©' is a Latin-1 byte
        ("cp1252", "cc-by-nc-4.0.txt", "cc-by-nc-4.0"),     # curly quotes as Windows-1252 bytes
    ],
)
def test_real_license_in_other_encodings_is_identified(tmp_path: Path, encoding: str, text_file: str, license_id: str) -> None:
    data = corpus(text_file).encode(encoding)
    _, result = check_one(checkpoint(tmp_path, None, {"LICENSE": data}))

    assert result["license"]["id"] == license_id
    assert result["license"]["detected"] == [license_id]


def test_license_on_one_line_is_identified(tmp_path: Path) -> None:
    one_line = " ".join(corpus("mit.txt").split())
    _, result = check_one(checkpoint(tmp_path, MIT_CARD, {"LICENSE": one_line}))

    assert (result["license"]["id"], result["verdict"]) == ("mit", "allowed")


def test_one_megabyte_single_line_of_filler_is_unknown(tmp_path: Path) -> None:
    line = (FILLER_LINE.strip() + " ") * (1024 * 1024 // len(FILLER_LINE))
    _, result = check_one(checkpoint(tmp_path, None, {"LICENSE": line}))

    assert result["verdict"] == "unknown" and result["license"]["id"] == "unknown"


def test_html_only_card_with_a_real_license_is_identified(tmp_path: Path) -> None:
    paragraphs = [p.strip() for p in corpus("mit.txt").split("\n\n") if p.strip()]
    html = "<html><head><title>card</title><style>p {}</style></head><body><h1>Model</h1>" + "".join(
        f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    _, result = check_one(checkpoint(tmp_path, html))

    assert result["license"]["id"] == "mit"


def test_html_only_card_without_license_is_unknown(tmp_path: Path) -> None:
    html = "<html><body><h1>Model</h1><p>Weights for a demo.</p><div><script>alert(1)</script></div></body></html>"
    _, result = check_one(checkpoint(tmp_path, html))

    assert result["verdict"] == "unknown"


# Unreadable license evidence: the card's metadata says MIT, but the LICENSE file cannot be read.
# The Hub source marks such evidence incomplete (never 'allowed' on metadata alone, README "Failure
# behaviour"); a local folder must not be weaker.
UNREADABLE_LICENSES = {
    "random-bytes": bytes(range(256)) * 40,
    "all-nul": b"\x00" * 4096,
    "real-text-with-nul-bytes": corpus("mit.txt").encode().replace(b"\n\n", b"\n\x00\n"),
    "png-header": b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200),
}


@pytest.mark.parametrize("name", list(UNREADABLE_LICENSES))
def test_unreadable_license_file_is_never_allowed_on_card_metadata(tmp_path: Path, name: str) -> None:
    _, result = check_one(checkpoint(tmp_path, MIT_CARD, {"LICENSE": UNREADABLE_LICENSES[name]}))

    if result["license"]["detected"] == ["mit"]:
        return                                   # read through the NUL bytes: judged on the real MIT text
    assert "LICENSE" in reasons(result)
    assert result["verdict"] != "allowed", f"unreadable LICENSE, yet allowed on card metadata: {result['reasons']}"


def test_unreadable_card_is_never_allowed(tmp_path: Path) -> None:
    """README.md is binary: whatever it declares is unknown, so MIT in LICENSE alone cannot allow."""
    _, result = check_one(checkpoint(tmp_path, bytes(range(256)) * 16, {"LICENSE": corpus("mit.txt")}))

    assert "README.md" in reasons(result)
    assert result["verdict"] != "allowed", result["reasons"]


def test_license_file_without_read_permission(tmp_path: Path) -> None:
    manifest = checkpoint(tmp_path, MIT_CARD, {"LICENSE": corpus("mit.txt")})
    license_file = manifest.parent / "ckpt" / "LICENSE"
    license_file.chmod(0)
    try:
        _, result = check_one(manifest)
    finally:
        license_file.chmod(0o644)
    if os.geteuid() == 0:
        # root reads it anyway: the verdict then rests on the actual text, which is MIT.
        assert result["license"]["detected"] == ["mit"] and result["verdict"] == "allowed"
    else:
        assert "cannot read" in reasons(result)
        assert result["verdict"] != "allowed"


@pytest.fixture(scope="module")
def fifty_megabytes(tmp_path_factory) -> Path:
    """A 50 MB LICENSE: MIT, then ~50 MB of labelled filler, then the CC-BY-NC-4.0 text at the end."""
    project = tmp_path_factory.mktemp("big") / "project"
    folder = project / "ckpt"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: mit\n---\n", encoding="utf-8")
    filler = FILLER_LINE.encode() * 4096
    with open(folder / "LICENSE", "wb") as handle:
        handle.write(corpus("mit.txt").encode() + b"\n")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(filler)
        handle.write(b"\n" + corpus("cc-by-nc-4.0.txt").encode())
    return write(project / "models.lock", HEAD + "models:\n  - path: ckpt\n")


def test_fifty_megabyte_license_gives_a_verdict_in_bounded_memory(fifty_megabytes: Path) -> None:
    manifest, _ = parse_manifest(fifty_megabytes)
    scanner = Scanner(options=Options(jobs=1, lineage=False))
    tracemalloc.start()
    try:
        report = scanner.run(manifest)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    (result,) = report.results
    assert result.verdict in ("allowed", "conditional", "denied", "unknown")
    (license_file,) = [f for f in result.evidence.files if f.name == "LICENSE"]
    assert license_file.size == (fifty_megabytes.parent / "ckpt" / "LICENSE").stat().st_size   # hashed in full
    assert peak < 200 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_license_text_beyond_what_is_read_is_not_ignored(fifty_megabytes: Path) -> None:
    """The CC-BY-NC text at the end of the 50 MB LICENSE is never classified; the run must not
    conclude 'allowed' (MIT) from the first part as if it had read the whole file."""
    _, result = check_one(fifty_megabytes)

    assert result["verdict"] != "allowed", result["reasons"]


def test_hostile_safetensors_header_is_reported_not_raised(tmp_path: Path) -> None:
    header = b"[" * 100_000 + b"]" * 100_000          # valid JSON, nested beyond Python's recursion limit
    _, result = check_one(checkpoint(tmp_path, MIT_CARD, {"LICENSE": corpus("mit.txt"),
                                                          "model.safetensors": struct.pack("<Q", len(header)) + header}))

    assert "model.safetensors" in reasons(result)


# --- paths ----------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    (folder / "ok").mkdir(parents=True)
    shutil.copyfile(TEXTS / "mit.txt", folder / "ok" / "LICENSE")
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copyfile(TEXTS / "mit.txt", outside / "LICENSE")
    return folder


def manifest_with(project: Path, entry: str) -> tuple[Path, int]:
    """Manifest whose second entry is `entry`; returns the path and that entry's line."""
    return write(project / "models.lock", HEAD + f"models:\n  - path: ok\n  - path: {entry}\n"), 7


@pytest.mark.parametrize("entry", ["../outside", "../../" * 20 + "etc", "/etc", "ok/../../outside"])
def test_path_escaping_the_project_is_an_error_on_its_line(project: Path, entry: str) -> None:
    path, line = manifest_with(project, entry)

    assert_input_error(invoke("check", path), path, line, contains="outside the project")


def test_symlink_to_outside_the_project_is_an_error_on_its_line(project: Path) -> None:
    (project / "link").symlink_to(project.parent / "outside", target_is_directory=True)
    path, line = manifest_with(project, "link")

    assert_input_error(invoke("check", path), path, line, contains="outside the project")


def test_symlink_loop_is_an_error_on_its_line(project: Path) -> None:
    (project / "loop-a").symlink_to(project / "loop-b")
    (project / "loop-b").symlink_to(project / "loop-a")
    path, line = manifest_with(project, "loop-a")

    assert_input_error(invoke("check", path), path, line, contains="loop-a")


def test_file_instead_of_folder_is_an_error_on_its_line(project: Path) -> None:
    shutil.copyfile(TEXTS / "mit.txt", project / "LICENSE.txt")
    path, line = manifest_with(project, "LICENSE.txt")

    assert_input_error(invoke("check", path), path, line, contains="not a folder")


def test_missing_folder_is_an_error_on_its_line(project: Path) -> None:
    path, line = manifest_with(project, "no-such-folder")

    assert_input_error(invoke("check", path), path, line, contains="does not exist")


def test_folder_without_read_permission(project: Path) -> None:
    locked = project / "locked"
    locked.mkdir()
    shutil.copyfile(TEXTS / "cc-by-nc-4.0.txt", locked / "LICENSE")
    locked.chmod(0)
    path, line = manifest_with(project, "locked")
    try:
        result = invoke("check", path, "--format", "json")
    finally:
        locked.chmod(0o755)
    if os.geteuid() == 0:
        # Running as root, mode 000 does not stop reads: licscan then reads the real text and must
        # judge it (CC-BY-NC: denied for commercial use), not skip the folder or pass it.
        assert_no_traceback(result)
        assert result.exit_code == 1
        by_id = {c["id"]: c for c in json.loads(result.stdout)["checkpoints"]}
        assert by_id["locked"]["license"]["id"] == "cc-by-nc-4.0" and by_id["locked"]["verdict"] == "denied"
    else:
        assert_input_error(result, path, line, contains="not readable")


def test_license_symlinked_from_outside_the_project_is_not_read(project: Path) -> None:
    """A checkpoint folder inside the project whose LICENSE is a symlink to a file outside it:
    the outside file must not become evidence (LocalSource reads 'never outside' the project)."""
    folder = project / "linked"
    folder.mkdir()
    (folder / "LICENSE").symlink_to(project.parent / "outside" / "LICENSE")
    path, _ = manifest_with(project, "linked")

    result = invoke("check", path, "--format", "json")

    assert_no_traceback(result)
    if result.exit_code == 2:
        return                                              # refusing the entry is also fail-closed
    by_id = {c["id"]: c for c in json.loads(result.stdout)["checkpoints"]}
    outside_sha = __import__("hashlib").sha256((project.parent / "outside" / "LICENSE").read_bytes()).hexdigest()
    assert outside_sha not in json.dumps(by_id["linked"]), "a file outside the project was read as evidence"
    assert by_id["linked"]["verdict"] != "allowed"


def test_entry_line_is_reported_for_the_failing_entry_among_many(project: Path) -> None:
    entries = "".join("  - path: ok\n" if i == 0 else f"  - id: acme/model-{i}\n" for i in range(6))
    path = write(project / "models.lock", HEAD + "models:\n" + entries + "  - path: ../outside\n")

    assert_input_error(invoke("check", path), path, 12, contains="'../outside'")


# --- commit shas, and lines that hold what the error names --------------------------------------------


@settings(max_examples=60, deadline=None)
@given(sha=st.one_of(
    st.from_regex(r"[0-9]{40}", fullmatch=True),                       # digits only: a YAML int when plain
    st.from_regex(r"0[0-7]{39}", fullmatch=True),                      # a YAML 1.1 octal when plain
    st.from_regex(r"0b[01]{38}", fullmatch=True),                      # a YAML 1.1 binary int when plain
    st.from_regex(r"[0-9a-f]{40}", fullmatch=True),
), quoting=st.sampled_from(["", "'", '"']))
def test_a_full_sha_of_any_hex_digits_is_a_valid_revision(workspace: Path, pytestconfig, sha: str, quoting: str) -> None:
    path = write(workspace / "sha.lock", valid_manifest_text(f"  - id: acme/model\n    revision: {quoting}{sha}{quoting}\n"))
    tally(pytestconfig, "generated full commit shas")
    event("digits only" if sha.isdigit() else "with letters")

    manifest, warnings = parse_manifest(path)

    assert manifest.entries[0].revision == sha and isinstance(manifest.entries[0].revision, str)
    assert warnings == ()                                  # a full commit: pinned, nothing to warn about


def test_a_short_number_as_revision_is_still_an_error(workspace: Path) -> None:
    path = write(workspace / "short.lock", valid_manifest_text("  - id: acme/model\n    revision: 1234567\n"))

    assert_input_error(invoke("check", path), path, 8, contains="revision 1234567 reads as a number")


# (name, document, the text the cited line must hold); the file is models.lock unless the
# document is given as (manifest, policy), then the error is the policy's.
CITED = {
    "unknown-key": (HEAD + "models:\n  - path: ckpt-mit\n    bogus: 1\n", "bogus: 1"),
    "unknown-key-crlf": ((HEAD + "models:\n  - path: ckpt-mit\n    bogus: 1\n").replace("\n", "\r\n"), "bogus: 1"),
    "unknown-key-after-lone-cr": (HEAD + "# a comment\rmodels:\n  - path: ckpt-mit\n    bogus: 1\n", "bogus: 1"),
    "duplicate-key": (HEAD + "  name: again\nmodels: []\n", "name: again"),
    "abbreviated-sha": (HEAD + "models:\n  - id: acme/model\n    revision: 'abc1234'\n", "abc1234"),
    "upper-case-sha": (HEAD + "models:\n  - id: acme/model\n    revision: '" + "ABCDEF0123" * 4 + "'\n", "ABCDEF0123"),
    "number-revision": (HEAD + "models:\n  - id: acme/model\n    revision: 1234567\n", "1234567"),
    "not-a-repo-id": (HEAD + "models:\n  - id: not-a-repo\n", "not-a-repo"),
    "wrong-use": (HEAD.replace("use: commercial", "use: sometimes") + "models: []\n", "sometimes"),
    "wrong-type": (HEAD + "  monthly_active_users: many\nmodels: []\n", "many"),
    "bad-lock-digest": (HEAD + "models:\n  - path: ckpt-mit\n    lock:\n      license: mit\n      files:\n        LICENSE: xyz\n", "LICENSE: xyz"),
    "custom-tag": (HEAD + "models:\n  - path: ckpt-mit\n    lock: !evil\n      license: mit\n", "!evil"),
    "line-separator-in-a-comment": ("version: 1  # one\u2028two\n" + HEAD[11:] + "models: []\n", "\u2028"),
    "policy-bad-date": ((HEAD + "models: []\n", "waivers:\n  - id: ckpt-nc\n    reason: r\n    approved_by: a\n    expires: 2025-02-30\n"),
                        "2025-02-30"),
    "policy-custom-tag": ((HEAD + "models: []\n", "version: 1\n\nallow:\n  licenses: !evil [mit]\n"), "!evil"),
    "policy-unknown-key": ((HEAD + "models: []\n", "# policy\nallow:\n  licence: [mit]\n"), "licence"),
}


@pytest.mark.parametrize("name", list(CITED))
def test_the_cited_line_holds_the_offending_text(workspace: Path, name: str) -> None:
    document, offending = CITED[name]
    folder = workspace / f"cited-{name}"
    folder.mkdir()
    if isinstance(document, tuple):
        write(folder / "models.lock", document[0])
        path = write(folder / "licscan.yaml", document[1])
        text = document[1]
    else:
        path = write(folder / "models.lock", document)
        text = document

    message = assert_input_error(invoke("check", folder / "models.lock"), path)
    line = int(message.removeprefix(f"licscan: error: {path}:").split(":", 1)[0])
    lines = re.split(r"\r\n|\r|\n", text)           # as an editor counts them
    assert 1 <= line <= len(lines), f"line {line} does not exist ({len(lines)} lines): {message}"
    assert offending in lines[line - 1], f"line {line} is {lines[line - 1]!r}: {message}"


# --- classify: bounded reads, never blocking -----------------------------------------------------------


def test_classify_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "LICENSE"
    os.mkfifo(fifo)                       # nobody ever writes: opening it for reading would block

    assert_input_error(invoke("classify", fifo), fifo, contains="is a FIFO (named pipe), not a regular file")


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "directory", "symlink-to-device"])
def test_classify_refuses_what_is_not_a_regular_file(tmp_path: Path, target: str) -> None:
    if target == "directory":
        path = tmp_path
    elif target == "symlink-to-device":
        path = tmp_path / "LICENSE"
        path.symlink_to("/dev/zero")
    else:
        path = Path(target)
    kind = "a directory" if target == "directory" else "a character device"

    assert_input_error(invoke("classify", path), path, contains=f"is {kind}, not a regular file")


@pytest.mark.parametrize("size", [1024**3, 4 * 1024 * 1024 + 1])
def test_classify_refuses_a_file_over_four_mebibytes_without_reading_it(tmp_path: Path, size: int) -> None:
    big = tmp_path / "LICENSE"
    with big.open("wb") as stream:        # sparse: takes no disk, reads as NUL bytes
        stream.truncate(size)

    tracemalloc.start()
    try:
        result = invoke("classify", big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert_input_error(result, big, contains=f"is {size:,} bytes, over the 4 MiB limit: too large to be a license text")
    assert peak < 64 * 1024 * 1024, f"peak {peak:,} bytes: the file was read"


def test_classify_reads_a_license_of_exactly_four_mebibytes(tmp_path: Path) -> None:
    mit = corpus("mit.txt")
    path = tmp_path / "LICENSE"
    path.write_text(mit + FILLER_LINE * ((4 * 1024 * 1024 - len(mit.encode())) // len(FILLER_LINE)), encoding="utf-8")
    with path.open("ab") as stream:
        stream.write(b"\n" * (4 * 1024 * 1024 - path.stat().st_size))
    assert path.stat().st_size == 4 * 1024 * 1024

    result = invoke("classify", "--json", path)

    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["license"] == "mit"


def test_one_bad_file_among_several_prints_nothing(tmp_path: Path) -> None:
    good = write(tmp_path / "LICENSE", corpus("mit.txt"))
    fifo = tmp_path / "PIPE"
    os.mkfifo(fifo)

    assert_input_error(invoke("classify", good, fifo), fifo, contains="FIFO")


def test_a_manifest_from_a_fifo_nobody_writes_to_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "models.lock"
    os.mkfifo(fifo)

    assert_input_error(invoke("check", fifo), fifo, 1, contains="manifest is empty")


@pytest.mark.parametrize("target", ["/dev/zero", "directory"])
def test_a_manifest_that_is_a_device_or_directory_is_refused(tmp_path: Path, target: str) -> None:
    path = tmp_path if target == "directory" else Path(target)

    assert_input_error(invoke("check", path), path, contains="not a regular file")


def test_deep_flow_nesting_is_refused_before_the_yaml_parser_recurses_and_a_real_card_is_not():
    from licscan.sources.common import MAX_FLOW_NESTING, split_card

    # a real model-index block (nesting 5) reads as before; one level past the limit is refused
    card = (Path(__file__).resolve().parent.parent / "examples" / "models" / "whisper-small" / "README.md").read_text(encoding="utf-8")
    data, _, problems = split_card(card)
    assert data.get("license") == "mit" and problems == ()
    hostile = "---\nlicense: mit\ntags: " + "[" * (MAX_FLOW_NESTING + 1) + "]" * (MAX_FLOW_NESTING + 1) + "\n---\nbody\n"
    assert split_card(hostile) == ({}, "body\n", ("model card front matter is nested too deeply",))
