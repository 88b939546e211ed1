"""Reading ``models.lock``: strict, line-numbered, nothing guessed."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from . import yamlnodes
from .errors import InputError
from .lazy_regex import lazy
from .model import LockedFile, LockRecord, Manifest, ManifestEntry, Project, is_commit_sha
from .rules import USES

DISTRIBUTIONS = ("internal", "saas", "on-device", "redistribute-weights")
# owner/name, each part starting with a letter or digit; huggingface_hub's validate_repo_id (2.x) refuses more
# (_HUB_REFUSES): a part ending in '-' or '.' (its REPO_ID_REGEX puts a word boundary at each end), '--' or '..'
# anywhere, a name ending in '.git'. Each is refused here so that a manifest never reaches it with an id it raises on.
# huggingface_hub's own rule (validate_repo_id): each part starts with a letter, digit or "_" ("huggingtweets/_lukeharris"
# is a real model), at most 96 characters
_REPO_ID = lazy(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,95}/[A-Za-z0-9_][A-Za-z0-9_.\-]{0,95}$")
_HUB_REFUSES = lazy(r"[-.]/|[-.]$|--|\.\.|\.git$")
_SHA256 = lazy(r"^[0-9a-f]{64}$")
_REVISION = lazy(r"^[A-Za-z0-9][A-Za-z0-9_./\-]{0,199}$")

TOP_KEYS = ("version", "project", "models")
PROJECT_KEYS = ("name", "use", "monthly_active_users", "annual_revenue_usd", "distribution", "region")
ENTRY_KEYS = ("id", "path", "revision", "lock")
LOCK_KEYS = ("license", "files", "card_license_sha256", "card_words_sha256", "base_models", "applies", "confirmed")


def parse_manifest(path: Path) -> tuple[Manifest, tuple[str, ...]]:
    """Parse and validate a manifest. Returns the manifest and warnings (e.g. unpinned revisions)."""
    from .remembered_manifests import parsed

    shown = str(path)
    text = yamlnodes.read_text(path, shown)
    manifest = parsed(text, shown, path, lambda: _from_doc(yamlnodes.compose(text, shown), path))
    return manifest, unpinned_warnings(manifest)


def parse_manifest_text(text: str, shown: str, base_dir: Path) -> Manifest:
    doc = yamlnodes.compose(text, shown)
    return _from_doc(doc, base_dir / "models.lock")


def _from_doc(doc: yamlnodes.Doc, path: Path) -> Manifest:
    r = yamlnodes.Reader(doc)
    if doc.root is None:
        raise InputError("manifest is empty (expected 'version: 1', 'project' and 'models')", doc.path, 1)
    top = r.mapping(doc.root, "the manifest", TOP_KEYS)
    version = r.scalar(r.required(top, "version", doc.root, "the manifest"))
    if version != 1 or isinstance(version, bool):
        raise r.fail(top["version"][1], f"unsupported manifest version {version!r} (this licscan reads version 1)")
    project = _project(r, r.required(top, "project", doc.root, "the manifest"))
    models_node = r.required(top, "models", doc.root, "the manifest")
    entries: list[ManifestEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for item in r.sequence(models_node, "models"):
        entry = _entry(r, item)
        key = (entry.kind, entry.ref if entry.kind == "hub" else str(Path(entry.ref)))
        if key in seen:
            raise r.fail(item, f"duplicate entry '{entry.ref}' (first at line {seen[key]})")
        seen[key] = entry.line
        entries.append(entry)
    return Manifest(path=doc.path, project=project, entries=tuple(entries), base_dir=str(path.parent))


def _project(r: yamlnodes.Reader, node: yaml.Node) -> Project:
    f = r.mapping(node, "project", PROJECT_KEYS)
    return Project(
        name=r.string(r.required(f, "name", node, "project"), "project.name", max_len=200),
        use=r.string(r.required(f, "use", node, "project"), "project.use", choices=USES),
        monthly_active_users=r.optional(f, "monthly_active_users", lambda n: r.integer(n, "project.monthly_active_users")),
        annual_revenue_usd=r.optional(f, "annual_revenue_usd", lambda n: r.integer(n, "project.annual_revenue_usd")),
        distribution=r.optional(f, "distribution", lambda n: r.string(n, "project.distribution", choices=DISTRIBUTIONS)),
        region=r.optional(f, "region", lambda n: r.string(n, "project.region", max_len=64).upper()),
    )


def _entry(r: yamlnodes.Reader, node: yaml.Node) -> ManifestEntry:
    f = r.mapping(node, "a model entry", ENTRY_KEYS)
    line = yamlnodes.line_of(node) or 0
    if "id" in f and "path" in f:
        raise r.fail(node, "a model entry has both 'id' and 'path'; give one")
    if "id" not in f and "path" not in f:
        raise r.fail(node, "a model entry needs 'id' (a Hub repo id) or 'path' (a local folder)")
    lock = r.optional(f, "lock", lambda n: _lock(r, n))
    if "id" in f:
        repo_id = r.string(f["id"][1], "id", max_len=200)
        problem = repo_id_problem(repo_id)
        if problem:
            raise r.fail(f["id"][1], problem)
        revision = r.optional(f, "revision", lambda n: read_revision(r, n))
        return ManifestEntry(ref=repo_id, kind="hub", line=line, revision=revision, lock=lock)
    if "revision" in f:
        raise r.fail(f["revision"][0], "'revision' applies to Hub entries ('id'), not to a local 'path'")
    local = r.string(f["path"][1], "path", max_len=1024)
    return ManifestEntry(ref=local, kind="local", line=line, lock=lock)


def read_revision(r: yamlnodes.Reader, node: yaml.Node) -> str:
    """A revision as written: a full commit sha (digits-only ones included), a branch or a tag."""
    value = r.scalar(node)
    if isinstance(node, yaml.ScalarNode) and node.style in ("", None) and is_commit_sha(node.value):
        # A full sha of digits only (or '0b' and binary digits) reads as a YAML number, but written
        # plainly it can only mean the commit: take the text as written.
        return str(node.value)
    if isinstance(value, int) and not isinstance(value, bool):
        # An unquoted all-digit sha prefix reads as a number: the user meant text, and it is not a full commit.
        raise r.fail(node, f"revision {node.value} reads as a number; quote it, and give the full 40-character commit sha")
    revision = r.string(node, "revision", max_len=200)
    problem = revision_problem(revision)
    if problem:
        raise r.fail(node, problem)
    return revision


def repo_id_problem(repo_id: str) -> str | None:
    """Why REPO_ID is not a Hub repo id licscan accepts, or None (shared by the manifest and ``scan``)."""
    if not _REPO_ID.match(repo_id):
        if _REPO_ID.match("/".join(part[:96] for part in repo_id.split("/", 1))):
            # some early Hub repositories have longer names, which huggingface_hub refuses to fetch
            return (f"'{repo_id}' is not a Hub repo id huggingface_hub can fetch: a part is longer than 96 characters "
                    "(vendor the checkpoint and list it by path)")
        return f"'{repo_id}' is not a Hub repo id (expected 'owner/name')"
    refused = hub_refuses(repo_id)
    if refused:
        return f"'{repo_id}' is not a Hub repo id: {refused} (a Hub repo id is 'owner/name', letters, digits, '-', '_' and '.')"
    return None


def hub_refuses(repo_id: str) -> str | None:
    """What huggingface_hub refuses in an id of licscan's form before asking the Hub (its validate_repo_id raises,
    which nothing can report as a problem of one checkpoint), or None."""
    refused = _HUB_REFUSES.search(repo_id)
    return f"the Hub refuses {_REFUSED_WHY.get(refused.group(), 'a part ending in - or .')}" if refused else None


_REFUSED_WHY = {"--": "'--'", "..": "'..'", ".git": "a name ending in '.git'"}


def revision_problem(revision: str) -> str | None:
    """Why REVISION is not a commit sha, branch or tag licscan accepts, or None."""
    if not _REVISION.match(revision):
        return f"revision '{revision}' is not a commit sha, branch or tag name"
    if re.fullmatch(r"[0-9a-fA-F]{7,39}", revision):
        return f"revision '{revision}' looks like an abbreviated commit; give the full 40-character sha"
    if re.fullmatch(r"[0-9a-fA-F]{40}", revision) and not is_commit_sha(revision):
        return f"revision '{revision}' is an upper-case commit sha; give it in lower case"
    return None


def _lock(r: yamlnodes.Reader, node: yaml.Node) -> LockRecord:
    f = r.mapping(node, "lock", LOCK_KEYS)
    files: list[LockedFile] = []
    if "files" in f:
        file_fields = r.mapping(f["files"][1], "lock.files", None)
        for name, (_key_node, value_node) in file_fields.items():
            digest = r.string(value_node, f"lock.files.{name}")
            if not _SHA256.match(digest):
                raise r.fail(value_node, f"lock.files.{name} must be a sha256 hex digest")
            files.append(LockedFile(name, digest))
    card_sha, words_sha = (_digest(r, f, key) for key in ("card_license_sha256", "card_words_sha256"))
    return LockRecord(
        license=r.string(r.required(f, "license", node, "lock"), "lock.license"),
        files=tuple(files),
        card_license_sha256=card_sha,
        card_words_sha256=words_sha,
        base_models=r.optional(f, "base_models", lambda n: r.strings(n, "lock.base_models"), ()),
        applies=r.optional(f, "applies", lambda n: r.strings(n, "lock.applies"), ()),
        confirmed=r.optional(f, "confirmed", lambda n: r.boolean(n, "lock.confirmed"), True),
    )


def _digest(r: yamlnodes.Reader, f: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> str | None:
    digest: str | None = r.optional(f, key, lambda n: r.string(n, f"lock.{key}"))
    if digest is not None and not _SHA256.match(digest):
        raise r.fail(f[key][1], f"lock.{key} must be a sha256 hex digest")
    return digest


def unpinned_warnings(manifest: Manifest) -> tuple[str, ...]:
    """One warning per kind of unpinned revision: 25 unpinned checkpoints are one line with a
    count and the list, not 25 lines that bury the report."""
    hub = [entry for entry in manifest.entries if entry.kind == "hub"]
    unpinned = [entry for entry in hub if entry.revision is None]
    moving = [entry for entry in hub if entry.revision and not is_commit_sha(entry.revision)]
    warnings = []
    if len(unpinned) == 1:
        (entry,) = unpinned
        warnings.append(f"{manifest.path}:{entry.line}: {entry.ref} has no revision; the Hub's main branch can change under you "
                        "(run 'licscan lock' to pin it)")
    elif unpinned:
        warnings.append(f"{manifest.path}: {len(unpinned)} checkpoints have no revision; the Hub's main branch can change under you "
                        f"(run 'licscan lock' to pin them): {_listed(unpinned)}")
    if len(moving) == 1:
        (entry,) = moving
        warnings.append(f"{manifest.path}:{entry.line}: {entry.ref} revision '{entry.revision}' is a branch or tag, not a commit; pin the full sha")
    elif moving:
        warnings.append(f"{manifest.path}: {len(moving)} checkpoints name a branch or tag, not a commit; pin the full sha: "
                        + ", ".join(f"{e.ref}@{e.revision} (line {e.line})" for e in moving))
    return tuple(warnings)


def _listed(entries: list[ManifestEntry]) -> str:
    return ", ".join(f"{entry.ref} (line {entry.line})" for entry in entries)
