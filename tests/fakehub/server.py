"""A local fake of the Hugging Face Hub HTTP API (stdlib only, plus PyYAML).

It serves the repositories described as data under ``tests/fakehub/repos/<owner>/<name>/`` (a
``repo.yaml`` plus the file contents, see ``repos/README.md``) on 127.0.0.1, by default on the
FIXED port 8765 (cassette URIs contain the port). It is used to record the vcrpy cassettes in
``tests/cassettes/`` and, live on an ephemeral port, by ``tests/test_fakehub.py``.

Run it on its own::

    python -m tests.fakehub.server                  # http://127.0.0.1:8765
    python -m tests.fakehub.server --port 0 --latency-ms 50

or in-process::

    from tests.fakehub import FakeHub, running
    with running(port=0) as hub:                    # or FakeHub(...).start() / .stop()
        HfApi(endpoint=hub.endpoint, token=False).model_info("mistralai/Mistral-7B-v0.1")

Endpoints (what huggingface_hub 2.4 calls; see shared notes, section 1.3)
------------------------------------------------------------------------
* ``GET /api/models/{repo}`` and ``GET /api/models/{repo}/revision/{rev}`` -> model info JSON (``id``,
  ``sha``, ``siblings``, ``cardData`` parsed from the README front matter at that commit, ``gated``,
  ``private``, ``disabled``, ``tags`` with the ``license:``/``base_model:`` tags the Hub adds, ...).
  ``?blobs=true`` adds sizes/blob ids/LFS info to ``siblings``; ``?expand=x&expand=y`` returns only
  those fields (``baseModels`` is only computed when asked for, as on the Hub).
* ``GET /api/models/{repo}/tree/{rev}[/{path}]?recursive=...`` -> list of files/folders (one page).
* ``HEAD|GET /{repo}/resolve/{rev}/{file}`` -> the file, with ``X-Repo-Commit``, ``ETag`` (git blob
  sha1 for regular files, sha256 plus ``X-Linked-Etag``/``X-Linked-Size`` for LFS placeholders),
  ``Content-Length``; ``Range: bytes=N-[M]`` answers 206 (huggingface_hub resumes with it).
* Errors carry ``X-Error-Code``/``X-Error-Message`` and a JSON ``{"error": ...}`` body:
  RepoNotFound 404 (unknown repo), RepoNotFound 401 (private repo without a valid token),
  RevisionNotFound 404, EntryNotFound 404 (with ``X-Repo-Commit``), GatedRepo 401 (download from a
  gated repo without a token) or 403 (token not approved for it), "Access to this resource is
  disabled." 403 (``disabled: true``), 401 "Invalid credentials" for an unknown token.
  Unlike the real Hub, an unknown repo answers 404 even without a token (the Hub says 401 there so
  that private repos do not leak); the status is what licscan's messages depend on.
* Tokens: ``Authorization: Bearer hf_fakehub_token`` is valid and approved for every gated repo;
  ``hf_fakehub_unapproved`` is valid but approved for none. Pass ``tokens=`` to change that.

Fault injection
---------------
``hub.inject(path_regex, actions, method=None)`` queues faults for the requests whose path (without
the query) matches ``re.search(path_regex, path)`` and, if given, whose method matches. Each matching
request consumes the next action, in order; once the list is used up, requests are served normally.
Actions:

* ``429``, ``500``, ``502``, ``503`` (any int, or its string): that status with a JSON error body and
  no ``X-Error-Code``; ``"429:retry-after=2"`` adds ``Retry-After: 2``;
  ``{"status": 429, "headers": {...}, "body": "..."}`` for full control.
* ``"reset"``: the connection is reset (RST) before any response.
* ``"timeout"`` / ``"hang"`` / ``"hang:SECONDS"``: the server waits (default 1 s), then closes the
  connection without a response. A client whose read timeout is shorter sees a timeout; one without
  a timeout (huggingface_hub's default) sees "server disconnected".
* ``"truncate"``: the headers announce the full ``Content-Length`` but only half the body is sent,
  then the connection is closed.
* ``"redirect"``, ``"redirect:307"``, ``"redirect:302:/some/path"``: a redirect (default 302) to the
  same URL (the follow-up request is served normally, the fault being used up) or to the given path.
* ``"delay:MS"``: wait MS milliseconds, then serve normally.

``hub.set_latency(ms)`` (or ``FakeHub(latency_ms=...)``/``--latency-ms``) delays every request.
``hub.clear_faults()`` drops pending faults; ``hub.requests`` logs ``(method, path?query)``.
The same controls exist over HTTP for an out-of-process server (not subject to faults or latency):
``POST /_fakehub/faults`` ``{"path": regex, "actions": [...], "method": null}``,
``DELETE /_fakehub/faults``, ``PUT /_fakehub/latency`` ``{"ms": N}``, ``GET /_fakehub/requests``,
``DELETE /_fakehub/requests``.

vcrpy records only complete responses: status faults (429, 5xx, redirects, delays) replay from a
cassette; reset, hang and truncate raise in the client while recording, leave no interaction behind,
and so can only be tested live against this server.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import yaml

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
PORT_ENV = "FAKEHUB_PORT"
REPOS_DIR = Path(__file__).resolve().parent / "repos"
VALID_TOKEN = "hf_fakehub_token"
UNAPPROVED_TOKEN = "hf_fakehub_unapproved"
DEFAULT_TOKENS: dict[str, Any] = {VALID_TOKEN: "*", UNAPPROVED_TOKEN: ()}
# A fixed Date header keeps re-recorded cassettes byte-stable.
FIXED_HTTP_DATE = "Thu, 01 Jan 2026 00:00:00 GMT"
LFS_POINTER_SIZE = 134
TEXT_SUFFIXES = {"", ".md", ".txt", ".json", ".yaml", ".yml", ".py", ".jinja"}


def _wait(seconds: float) -> None:
    """Sleep without time.sleep, which the test fixtures replace with a no-op."""
    if seconds > 0:
        threading.Event().wait(seconds)


# --- repositories, loaded from repos/<owner>/<name>/repo.yaml ------------------------------------


@dataclass(frozen=True)
class RepoFile:
    path: str
    content: bytes
    lfs: bool = False

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def git_oid(self) -> str:
        return hashlib.sha1(b"blob %d\0" % len(self.content) + self.content).hexdigest()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def etag(self) -> str:
        return self.sha256 if self.lfs else self.git_oid


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    title: str
    files: Mapping[str, RepoFile]

    def card_data(self) -> dict[str, Any] | None:
        readme = self.files.get("README.md")
        return _front_matter(readme.content) if readme is not None else None


@dataclass
class Repo:
    id: str
    private: bool = False
    gated: bool | str = False
    disabled: bool = False
    tags: list[str] = field(default_factory=list)
    pipeline_tag: str | None = None
    library_name: str | None = None
    created_at: str = "2024-01-01T00:00:00.000Z"
    branches: dict[str, str] = field(default_factory=dict)
    commits: dict[str, Commit] = field(default_factory=dict)

    def resolve(self, revision: str) -> Commit | None:
        """A branch name, a full commit sha, or an unambiguous sha prefix (7+ hex digits)."""
        if revision in self.branches:
            return self.commits[self.branches[revision]]
        if revision in self.commits:
            return self.commits[revision]
        if re.fullmatch(r"[0-9a-f]{7,39}", revision):
            found = [c for sha, c in self.commits.items() if sha.startswith(revision)]
            if len(found) == 1:
                return found[0]
        return None


def _front_matter(content: bytes) -> dict[str, Any] | None:
    text = content.decode("utf-8", errors="replace").lstrip("\ufeff")
    # huggingface_hub's REGEX_YAML_BLOCK: whitespace may precede the opening '---'
    match = re.match(r"\A\s*---[ \t]*(?:\r\n|\r|\n)(.*?)(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|\Z)", text, re.DOTALL)
    if not match:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _placeholder(repo_id: str, name: str) -> bytes:
    return f"fakehub placeholder for {repo_id}/{name}: stands in for a large LFS file\n".encode()


def load_repo(repo_dir: Path, repo_id: str) -> Repo:
    spec = yaml.safe_load((repo_dir / "repo.yaml").read_text(encoding="utf-8")) or {}
    if not isinstance(spec, dict):
        raise ValueError(f"{repo_dir / 'repo.yaml'}: not a mapping")
    commits: dict[str, Commit] = {}
    for item in spec.get("commits") or ():
        sha = str(item["sha"])
        if not re.fullmatch(r"[0-9a-f]{40}", sha):
            raise ValueError(f"{repo_id}: commit {sha!r} is not 40 lower-case hex digits")
        files: dict[str, RepoFile] = {}
        for name, source in (item.get("files") or {}).items():
            if source is None:   # a large weight file: served as a short LFS placeholder
                files[name] = RepoFile(name, _placeholder(repo_id, name), lfs=True)
            else:
                files[name] = RepoFile(name, (repo_dir / str(source)).read_bytes())
        commits[sha] = Commit(sha, str(item.get("date", "2024-01-01T00:00:00.000Z")), str(item.get("title", "")), files)
    branches = {str(k): str(v) for k, v in (spec.get("branches") or {}).items()}
    for branch, sha in branches.items():
        if sha not in commits:
            raise ValueError(f"{repo_id}: branch {branch} points at unknown commit {sha}")
    gated = spec.get("gated", False)
    if gated not in (False, "auto", "manual"):
        raise ValueError(f"{repo_id}: gated must be false, auto or manual, not {gated!r}")
    return Repo(
        id=repo_id,
        private=bool(spec.get("private", False)),
        gated=gated,
        disabled=bool(spec.get("disabled", False)),
        tags=[str(t) for t in spec.get("tags") or ()],
        pipeline_tag=spec.get("pipeline_tag"),
        library_name=spec.get("library_name"),
        created_at=str(spec.get("created_at", "2024-01-01T00:00:00.000Z")),
        branches=branches,
        commits=commits,
    )


def load_renames(root: Path | str = REPOS_DIR) -> dict[str, str]:
    """``renames.yaml`` beside the repositories: old repo id -> the id the Hub moved it to. The Hub answers a
    request for a moved repo with a 307 to the same path under the new id (huggingface_hub follows it: see
    ../shared/notes/huggingface-hub-and-formats.md, 1.3); the canonical repos of 2024 ("bert-base-uncased" ->
    "google-bert/bert-base-uncased", huggingface/transformers#28795) are such moves, ids with no owner."""
    path = Path(root) / "renames.yaml"
    if not path.is_file():
        return {}
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(old).lower(): str(new) for old, new in loaded.items()}


def load_repos(root: Path | str = REPOS_DIR) -> dict[str, Repo]:
    root = Path(root)
    repos = {}
    for spec in sorted(root.glob("*/*/repo.yaml")):
        repo_id = f"{spec.parent.parent.name}/{spec.parent.name}"
        repos[repo_id] = load_repo(spec.parent, repo_id)
    return repos


# --- what the Hub answers --------------------------------------------------------------------


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float))]
    return []


def _hub_tags(repo: Repo, card: Mapping[str, Any] | None) -> list[str]:
    card = card or {}
    tags = list(repo.tags) + _as_list(card.get("tags"))
    tags += [f"license:{lic}" for lic in _as_list(card.get("license"))]
    relation = card.get("base_model_relation")
    for base in _as_list(card.get("base_model")):
        if isinstance(relation, str):
            tags.append(f"base_model:{relation}:{base}")
        tags.append(f"base_model:{base}")
    tags.append("region:us")
    return list(dict.fromkeys(tags))


def _base_models(card: Mapping[str, Any] | None) -> dict[str, Any] | None:
    bases = _as_list((card or {}).get("base_model"))
    if not bases:
        return None
    relation = (card or {}).get("base_model_relation")
    if not isinstance(relation, str):
        relation = "merge" if len(bases) > 1 else "finetune"
    return {"relation": relation, "models": [{"id": b} for b in bases]}


def model_info_json(repo: Repo, commit: Commit, *, blobs: bool = False, expand: list[str] | None = None) -> dict[str, Any]:
    card = commit.card_data()
    siblings: list[dict[str, Any]] = []
    for name in sorted(commit.files):
        f = commit.files[name]
        entry: dict[str, Any] = {"rfilename": name}
        if blobs:
            entry.update(size=f.size, blobId=f.git_oid)
            if f.lfs:
                entry["lfs"] = {"size": f.size, "sha256": f.sha256, "pointerSize": LFS_POINTER_SIZE}
        siblings.append(entry)
    info: dict[str, Any] = {
        "_id": hashlib.sha1(repo.id.encode()).hexdigest()[:24],
        "id": repo.id,
        "modelId": repo.id,
        "author": repo.id.split("/")[0],
        "sha": commit.sha,
        "lastModified": commit.date,
        "createdAt": repo.created_at,
        "private": repo.private,
        "disabled": repo.disabled,
        "gated": repo.gated,
        "downloads": 0,
        "likes": 0,
        "library_name": repo.library_name,
        "tags": _hub_tags(repo, card),
        "pipeline_tag": repo.pipeline_tag,
        "cardData": card,
        "siblings": siblings,
        "spaces": [],
        "usedStorage": sum(f.size for f in commit.files.values()),
    }
    for key in ("library_name", "pipeline_tag", "cardData"):
        if info[key] is None:
            del info[key]
    if expand:
        info["baseModels"] = _base_models(card)
        return {"_id": info["_id"], "id": repo.id, **{k: info[k] for k in expand if k in info and info[k] is not None}}
    return info


def tree_json(commit: Commit, path: str, recursive: bool) -> list[dict[str, Any]] | None:
    prefix = path.strip("/") + "/" if path.strip("/") else ""
    entries: dict[str, dict[str, Any]] = {}
    for name in sorted(commit.files):
        if not name.startswith(prefix):
            continue
        rest = name[len(prefix):]
        if not recursive and "/" in rest:
            folder = prefix + rest.split("/", 1)[0]
            oid = hashlib.sha1(("tree:" + folder).encode()).hexdigest()
            entries.setdefault(folder, {"type": "directory", "oid": oid, "size": 0, "path": folder})
            continue
        if recursive:
            parts = rest.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                folder = prefix + "/".join(parts[:i])
                oid = hashlib.sha1(("tree:" + folder).encode()).hexdigest()
                entries.setdefault(folder, {"type": "directory", "oid": oid, "size": 0, "path": folder})
        f = commit.files[name]
        entry: dict[str, Any] = {"type": "file", "oid": f.git_oid, "size": f.size, "path": name}
        if f.lfs:
            entry["lfs"] = {"oid": f.sha256, "size": f.size, "pointerSize": LFS_POINTER_SIZE}
        entries[name] = entry
    if prefix and not entries:
        return None
    return [entries[k] for k in sorted(entries)]


# --- faults ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    kind: str                      # status | reset | hang | truncate | redirect | delay
    status: int = 0
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    seconds: float = 0.0
    location: str | None = None


def parse_fault(action: Any) -> Fault:
    """Turn one documented action (int, str or dict) into a Fault; raise ValueError otherwise."""
    if isinstance(action, bool):
        raise ValueError(f"unknown fault action {action!r}")
    if isinstance(action, int):
        return Fault("status", status=action)
    if isinstance(action, Mapping):
        if "redirect" in action:
            return Fault("redirect", status=int(action.get("status", 302)), location=action["redirect"])
        if "delay_ms" in action:
            return Fault("delay", seconds=float(action["delay_ms"]) / 1000)
        if "hang" in action:
            return Fault("hang", seconds=float(action["hang"]))
        if "status" in action:
            headers = tuple((str(k), str(v)) for k, v in (action.get("headers") or {}).items())
            return Fault("status", status=int(action["status"]), headers=headers, body=action.get("body"))
        raise ValueError(f"unknown fault action {action!r}")
    if isinstance(action, str):
        text = action.strip().lower()
        if text == "reset":
            return Fault("reset")
        if text == "truncate":
            return Fault("truncate")
        if text in ("timeout", "hang"):
            return Fault("hang", seconds=1.0)
        if text.startswith("hang:"):
            return Fault("hang", seconds=float(text.split(":", 1)[1]))
        if text.startswith("delay:"):
            return Fault("delay", seconds=float(text.split(":", 1)[1]) / 1000)
        if text == "redirect" or text.startswith("redirect:"):
            parts = action.strip().split(":", 2)
            status = int(parts[1]) if len(parts) > 1 and parts[1] else 302
            return Fault("redirect", status=status, location=parts[2] if len(parts) > 2 else None)
        match = re.fullmatch(r"(\d{3})(?::retry-after=(\d+))?", text)
        if match:
            headers = (("Retry-After", match.group(2)),) if match.group(2) else ()
            return Fault("status", status=int(match.group(1)), headers=headers)
    raise ValueError(f"unknown fault action {action!r}")


@dataclass
class _Rule:
    pattern: re.Pattern[str]
    method: str | None
    actions: deque[Fault]


# --- the server --------------------------------------------------------------------------------


class FakeHub:
    """The fake Hub: repositories, tokens, faults and latency, plus the HTTP server serving them."""

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int | None = None,
        *,
        repos_dir: Path | str = REPOS_DIR,
        tokens: Mapping[str, Any] | None = None,
        latency_ms: float = 0,
    ):
        self.host = host
        self.port = int(os.environ.get(PORT_ENV, DEFAULT_PORT)) if port is None else int(port)
        self.repos_dir = Path(repos_dir)
        self.repos = load_repos(self.repos_dir)
        self.renames = load_renames(self.repos_dir)
        self.tokens = dict(DEFAULT_TOKENS if tokens is None else tokens)
        self.latency_ms = float(latency_ms)
        self.requests: list[tuple[str, str]] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FakeHub:
        if self._httpd is not None:
            return self
        self._httpd = _Server((self.host, self.port), _Handler, self)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=f"fakehub:{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.close_connections()   # keep-alive connections would otherwise outlive the server
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- controls --

    def inject(self, path: str, actions: Any, *, method: str | None = None) -> None:
        """Queue faults for requests whose path matches ``path`` (a regex); see the module doc."""
        if isinstance(actions, (str, int, Mapping)):
            actions = [actions]
        faults = deque(parse_fault(a) for a in actions)
        with self._lock:
            self._rules.append(_Rule(re.compile(path), method.upper() if method else None, faults))

    def clear_faults(self) -> None:
        with self._lock:
            self._rules.clear()

    def pending_faults(self) -> int:
        with self._lock:
            return sum(len(rule.actions) for rule in self._rules)

    def set_latency(self, ms: float) -> None:
        self.latency_ms = float(ms)

    def set_fault_rate(self, rate: float, actions: Any = ("503",), seed: int = 0) -> None:
        """Give each request (not already given a queued fault) this chance of failing with one of
        ``actions``, drawn from a seeded generator so a load run can be repeated."""
        import random

        with self._lock:
            self._fault_rate = float(rate)
            self._fault_choices = [parse_fault(a) for a in ([actions] if isinstance(actions, (str, int)) else actions)]
            self._fault_random = random.Random(seed)

    def reload(self) -> None:
        self.repos = load_repos(self.repos_dir)

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for rule in self._rules:
                if rule.actions and (rule.method in (None, method)) and rule.pattern.search(path):
                    fault = rule.actions.popleft()
                    self._rules = [r for r in self._rules if r.actions]
                    return fault
            rate = getattr(self, "_fault_rate", 0.0)
            if rate and self._fault_random.random() < rate:
                return self._fault_random.choice(self._fault_choices)
        return None

    # -- routing --

    def route(self, method: str, path: str, query: Mapping[str, list[str]], headers: Mapping[str, str]) -> _Response:
        segments = path.split("/")[1:]
        moved = self._moved(segments)
        if moved is not None:
            location = moved + (f"?{urlencode(query, doseq=True)}" if query else "")
            return _Response(307, {"Location": location}, b"")
        if len(segments) >= 4 and segments[0] == "api" and segments[1] == "models":
            repo_id = f"{unquote(segments[2])}/{unquote(segments[3])}"
            rest = segments[4:]
            repo, denied = self._access(repo_id, headers, download=False)
            if denied is not None:
                return denied
            assert repo is not None
            if not rest or rest == [""]:
                return self._model_info(repo, "main", query)
            if rest[0] == "revision" and len(rest) == 2:
                return self._model_info(repo, unquote(rest[1]), query)
            if rest[0] == "tree" and len(rest) >= 2:
                sub = "/".join(unquote(s) for s in rest[2:])
                return self._tree(repo, unquote(rest[1]), sub, query)
            return _error(404, None, "Not Found")
        if len(segments) >= 5 and segments[2] == "resolve":
            repo_id = f"{unquote(segments[0])}/{unquote(segments[1])}"
            repo, denied = self._access(repo_id, headers, download=True)
            if denied is not None:
                return denied
            assert repo is not None
            return self._resolve(repo, unquote(segments[3]), unquote("/".join(segments[4:])), headers)
        return _error(404, None, "Not Found")

    def _moved(self, segments: list[str]) -> str | None:
        """The path under a moved repo's new id, for a model-info, tree or file request naming its old id (with or
        without an owner); None otherwise."""
        if not self.renames:
            return None
        api = segments[:2] == ["api", "models"]
        at = 2 if api else 0
        for size in (1, 2):
            old = "/".join(unquote(s) for s in segments[at:at + size]).lower()
            rest = segments[at + size:]
            verb = rest[0] if rest else ""
            known = (not rest or verb in ("revision", "tree", "")) if api else verb == "resolve"
            if len(segments) >= at + size and old in self.renames and known:
                return "/" + "/".join([*segments[:at], self.renames[old], *rest])
        return None

    def _access(self, repo_id: str, headers: Mapping[str, str], *, download: bool) -> tuple[Repo | None, _Response | None]:
        auth = headers.get("Authorization") or ""
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        if token is not None and token not in self.tokens:
            return None, _error(401, None, "Invalid credentials in Authorization header")
        # The Hub matches repo ids case-insensitively ("meta-llama/llama-3.2-1b-instruct" is
        # meta-llama/Llama-3.2-1B-Instruct: huggingface_hub#2090, #1453), answering with the repo's own id.
        repo = self.repos.get(repo_id) or next((r for key, r in self.repos.items() if key.lower() == repo_id.lower()), None)
        if repo is None:
            return None, _error(404, "RepoNotFound", "Repository not found")
        if repo.private and token is None:
            return None, _error(401, "RepoNotFound", "Repository not found")
        if repo.disabled:
            return None, _error(403, None, "Access to this resource is disabled.")
        if download and repo.gated:
            approved = self.tokens.get(token) if token is not None else None
            if token is None:
                return None, _error(
                    401,
                    "GatedRepo",
                    f"Access to model {repo_id} is restricted. You must have access to it and be authenticated "
                    "to access it. Please log in.",
                )
            if approved != "*" and repo.id not in (approved or ()):
                return None, _error(
                    403,
                    "GatedRepo",
                    f"Access to model {repo_id} is restricted and you are not in the authorized list. "
                    f"Visit {self.endpoint}/{repo_id} to ask for access.",
                )
        return repo, None

    def _model_info(self, repo: Repo, revision: str, query: Mapping[str, list[str]]) -> _Response:
        commit = repo.resolve(revision)
        if commit is None:
            return _error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        blobs = (query.get("blobs") or ["false"])[0].lower() in ("1", "true")
        expand = query.get("expand") or None
        return _json(200, model_info_json(repo, commit, blobs=blobs, expand=expand))

    def _tree(self, repo: Repo, revision: str, sub: str, query: Mapping[str, list[str]]) -> _Response:
        commit = repo.resolve(revision)
        if commit is None:
            return _error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        recursive = (query.get("recursive") or ["false"])[0].lower() in ("1", "true")
        entries = tree_json(commit, sub, recursive)
        if entries is None:
            return _error(404, "EntryNotFound", f"{sub} does not exist on \"{revision}\"", commit=commit.sha)
        return _json(200, entries)

    def _resolve(self, repo: Repo, revision: str, filename: str, headers: Mapping[str, str]) -> _Response:
        commit = repo.resolve(revision)
        if commit is None:
            return _error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        f = commit.files.get(filename)
        if f is None:
            return _error(404, "EntryNotFound", "Entry not found", commit=commit.sha)
        suffix = Path(filename).suffix.lower()
        out = {
            "Content-Type": "text/plain; charset=utf-8" if suffix in TEXT_SUFFIXES and not f.lfs else "application/octet-stream",
            "ETag": f'"{f.etag}"',
            "X-Repo-Commit": commit.sha,
            "Accept-Ranges": "bytes",
        }
        if f.lfs:
            out["X-Linked-Etag"] = f'"{f.sha256}"'
            out["X-Linked-Size"] = str(f.size)
        body = f.content
        status = 200
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", (headers.get("Range") or "").strip())
        if match:
            start = int(match.group(1))
            end = int(match.group(2)) if match.group(2) else f.size - 1
            if start >= f.size:
                return _Response(416, {"Content-Range": f"bytes */{f.size}"}, b"")
            end = min(end, f.size - 1)
            body = f.content[start : end + 1]
            out["Content-Range"] = f"bytes {start}-{end}/{f.size}"
            status = 206
        return _Response(status, out, body)


@dataclass
class _Response:
    status: int
    headers: dict[str, str]
    body: bytes


def _json(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> _Response:
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=str).encode()
    return _Response(status, {"Content-Type": "application/json; charset=utf-8", **(headers or {})}, body)


def _error(status: int, code: str | None, message: str, *, commit: str | None = None) -> _Response:
    headers = {"X-Error-Message": message}
    if code:
        headers["X-Error-Code"] = code
    if commit:
        headers["X-Repo-Commit"] = commit
    return _json(status, {"error": message}, headers)


_REASONS = {429: "Too Many Requests", 500: "Internal Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type, hub: FakeHub):
        self.hub = hub
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    # Send small responses at once: with Nagle on, each body waits for a delayed ACK (~40 ms).
    disable_nagle_algorithm = True
    protocol_version = "HTTP/1.1"
    server_version = "fakehub/1"
    sys_version = ""
    timeout = 30          # idle keep-alive connections end after this
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if os.environ.get("FAKEHUB_VERBOSE"):
            super().log_message(format, *args)

    def date_time_string(self, timestamp: float | None = None) -> str:
        return FIXED_HTTP_DATE

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    # -- plumbing --

    def _dispatch(self, method: str) -> None:
        hub = self.server.hub
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        if split.path.startswith("/_fakehub/"):
            self._send(self._control(method, split.path, raw_body), method)
            return
        with hub._lock:
            hub.requests.append((method, self.path))
        _wait(hub.latency_ms / 1000)
        fault = hub.take_fault(method, split.path)
        if fault is not None and fault.kind == "delay":
            _wait(fault.seconds)
            fault = None
        if method not in ("GET", "HEAD"):
            response = _error(405, None, "Method Not Allowed")
        else:
            query = parse_qs(split.query, keep_blank_values=True)
            response = hub.route(method, split.path, query, self.headers)
        if fault is None:
            self._send(response, method)
        else:
            self._fault(fault, response, method)

    def _send(self, response: _Response, method: str, *, body_limit: int | None = None) -> None:
        self.send_response(response.status)
        headers = dict(response.headers)
        headers.setdefault("Content-Length", str(len(response.body)))
        headers.setdefault("X-Request-Id", "fakehub-" + hashlib.sha1(f"{method} {self.path}".encode()).hexdigest()[:12])
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if method != "HEAD" and response.body:
            self.wfile.write(response.body if body_limit is None else response.body[:body_limit])
        self.wfile.flush()

    def _fault(self, fault: Fault, response: _Response, method: str) -> None:
        if fault.kind == "status":
            reason = _REASONS.get(fault.status, "Injected fault")
            message = fault.body if fault.body is not None else f"{fault.status} {reason} (fakehub fault injection)"
            self._send(_json(fault.status, {"error": message}, dict(fault.headers)), method)
        elif fault.kind == "redirect":
            location = fault.location or self.path
            self._send(_Response(fault.status, {"Location": location}, b""), method)
        elif fault.kind == "hang":
            _wait(fault.seconds)
            self.close_connection = True
        elif fault.kind == "truncate" and method != "HEAD" and len(response.body) > 1:
            self._send(response, method, body_limit=len(response.body) // 2)
            self.close_connection = True
        else:   # reset, or truncate with nothing to truncate
            self._reset()

    def _reset(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            os.close(self.connection.detach())   # closing with SO_LINGER 0 sends an RST

    def _control(self, method: str, path: str, raw_body: bytes) -> _Response:
        hub = self.server.hub
        try:
            payload = json.loads(raw_body or b"null")
            if path == "/_fakehub/faults" and method == "POST":
                hub.inject(payload["path"], payload["actions"], method=payload.get("method"))
                return _json(200, {"pending": hub.pending_faults()})
            if path == "/_fakehub/faults" and method == "DELETE":
                hub.clear_faults()
                return _json(200, {"pending": 0})
            if path == "/_fakehub/faults" and method == "GET":
                return _json(200, {"pending": hub.pending_faults()})
            if path == "/_fakehub/latency" and method == "PUT":
                hub.set_latency(float(payload["ms"]))
                return _json(200, {"ms": hub.latency_ms})
            if path == "/_fakehub/requests" and method == "GET":
                with hub._lock:
                    return _json(200, [list(r) for r in hub.requests])
            if path == "/_fakehub/requests" and method == "DELETE":
                with hub._lock:
                    hub.requests.clear()
                return _json(200, [])
            if path == "/_fakehub/reload" and method == "POST":
                hub.reload()
                return _json(200, sorted(hub.repos))
        except (KeyError, TypeError, ValueError) as exc:
            return _error(400, None, f"bad control request: {exc}")
        return _error(404, None, "Not Found")


@contextlib.contextmanager
def running(host: str = DEFAULT_HOST, port: int | None = None, **kwargs: Any) -> Iterator[FakeHub]:
    """``with running(port=0) as hub:`` starts a FakeHub in a thread and stops it afterwards."""
    hub = FakeHub(host, port, **kwargs)
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakehub.server", description="Serve the fake Hugging Face Hub.")
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default %(default)s; keep it on loopback)")
    parser.add_argument("--port", type=int, default=None, help=f"port (default ${PORT_ENV} or {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--repos", default=str(REPOS_DIR), help="directory of <owner>/<name>/repo.yaml (default: the test data)")
    parser.add_argument("--latency-ms", type=float, default=0, help="delay every request by this many milliseconds")
    args = parser.parse_args(argv)
    hub = FakeHub(args.host, args.port, repos_dir=args.repos, latency_ms=args.latency_ms)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    hub.start()
    print(f"fake Hub serving {len(hub.repos)} repositories on {hub.endpoint} (Ctrl-C to stop)", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
