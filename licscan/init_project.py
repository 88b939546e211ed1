"""``licscan init``: starter ``models.lock`` and ``licscan.yaml``; ``check --discover``: manifest gaps.

Both files are written with every key explained in comments, and are checked by parsing them with
the same strict readers ``licscan check`` uses before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .discover import Discovery, Reference, discover, relative_display
from .errors import InputError
from .model import Manifest
from .output import write_atomic
from .policy import POLICY_FILE
from .rules import CATEGORIES, USES

MANIFEST_FILE = "models.lock"

# The policy example shown (commented out) in the starter licscan.yaml; tests load it uncommented.
POLICY_EXAMPLE = """\
allow:
  licenses: [apache-2.0, mit]       # rule ids, as listed by `licscan rules`
  categories: [permissive]          # turns 'conditional' into 'allowed' (obligations still apply);
                                    # an allow list never overrides 'denied'
deny:
  licenses: [agpl-3.0]
  categories: [non-commercial]      # always 'denied', whatever the use
waivers:                            # accept one specific checkpoint despite its verdict
  - id: acme/internal-research-model
    revision: "0123456789abcdef0123456789abcdef01234567"   # only this commit (or lock the manifest:
                                    # a waiver applies only to evidence a lock record or revision pins)
    reason: "Evaluation only, never shipped; see LEGAL-123"
    approved_by: "legal@acme.example"
    expires: 2027-06-30             # ISO date; an expired waiver is not applied
trust_metadata: []                  # [{id: ORG/NAME, reason: ...}]: judge a gated repo on its card metadata
"""


@dataclass(frozen=True)
class Written:
    manifest: Path
    policy: Path
    entries: int          # Hub ids written as manifest entries
    unpinned: int         # of which without a usable revision


def write_starter(
    directory: str | Path,
    discovered: Discovery | Iterable[Reference] = (),
    use: str = "commercial",
    force: bool = False,
) -> Written:
    """Write ``models.lock`` and ``licscan.yaml`` in ``directory``.

    Raises InputError when either file exists (unless ``force``), when ``use`` is not a known use, or
    when the folder does not exist. Nothing is written unless both files can be.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError("folder does not exist", directory)
    if use not in USES:
        raise InputError(f"unknown use '{use}' (expected one of: {', '.join(USES)})")
    manifest_path, policy_path = directory / MANIFEST_FILE, directory / POLICY_FILE
    if not force:
        for path in (manifest_path, policy_path):
            if path.exists():
                raise InputError("already exists; not overwritten (use --force to replace it)", path)
    references = tuple(discovered.references if isinstance(discovered, Discovery) else discovered)
    manifest_text, entries, unpinned = starter_manifest(directory, references, use)
    policy_text = starter_policy()
    _validate(manifest_text, policy_text, directory)
    write_atomic(manifest_path, manifest_text)
    write_atomic(policy_path, policy_text)
    return Written(manifest_path, policy_path, entries, unpinned)


def starter_manifest(directory: Path, references: Sequence[Reference], use: str) -> tuple[str, int, int]:
    """The text of a starter manifest, the number of entries, and how many lack a revision."""
    name = (directory.resolve().name or "my-project")[:200]
    lines = [
        "# licscan model manifest: every AI model checkpoint this project uses, with the project's intended",
        "# use. `licscan check models.lock` fails (exit 1) when a checkpoint's license does not allow that use.",
        "# Written by `licscan init`; review it, then commit it next to licscan.yaml.",
        "",
        _comment("version: 1", "manifest format version; this licscan reads version 1"),
        "",
        "project:",
        _comment(f"  name: {_quote(name)}", "shown in reports"),
        _comment(f"  use: {use}", "how you use the models: " + " | ".join(USES)),
        "  # Optional facts, checked against license thresholds (Llama: 700M monthly active users,",
        "  # Stability: USD 1M annual revenue, ...). When a license needs one and it is missing, the",
        "  # verdict is 'conditional' and the report names the fact to confirm.",
        "  # monthly_active_users: 250000",
        "  # annual_revenue_usd: 800000",
        _comment("  # distribution: saas", "internal | saas | on-device | redistribute-weights"),
        _comment("  # region: EU", "for regional terms (e.g. Llama 3.2+ multimodal in the EU)"),
        "",
        "# One entry per checkpoint:",
        "#   - id: owner/name               a Hugging Face Hub repo id",
        "#     revision: <40-character commit sha>   pin it: `main` can change under you",
        "#   - path: models/my-checkpoint   or a local checkpoint folder (README.md, LICENSE*), relative to",
        "#                                  this file",
    ]
    groups = _group(references)
    entries = unpinned = 0
    if not groups:
        lines += [
            "models: []",
            "# Nothing was discovered. Add entries like:",
            "#   - id: meta-llama/Llama-3.1-8B-Instruct",
            '#     revision: "0e9e39f249a16976918f6564b8830bc894c89659"',
        ]
        return "\n".join(lines) + "\n", 0, 0
    lines.append("models:")
    for repo_id, refs in groups:
        places = ", ".join(f"{relative_display(r.file, directory)}:{r.line}" for r in refs[:3])
        if len(refs) > 3:
            places += f" and {len(refs) - 3} more"
        if not _valid_entry(repo_id, None, directory):
            lines.append(f"  # skipped {repo_id!r} (used at {places}): not a valid Hub repo id for a manifest")
            continue
        entries += 1
        lines.append(f"  # used at {places}")
        lines.append(f"  - id: {_quote(repo_id)}")
        revisions = list(dict.fromkeys(r.revision for r in refs if r.revision))
        usable = [rev for rev in revisions if _valid_entry(repo_id, rev, directory)]
        if usable:
            lines.append(f"    revision: {_quote(usable[0])}")
            if len(revisions) > 1:
                lines.append(f"    # the code uses several revisions: {', '.join(revisions)}; one entry checks one revision")
            if len(usable[0]) != 40:
                lines.append("    # a branch or tag can move: pin the full commit sha (`licscan lock`)")
        else:
            unpinned += 1
            if revisions:
                lines.append(f"    # the code uses revision {', '.join(revisions)}, which a manifest cannot take as written")
            lines.append("    # no revision: pin one with `licscan lock` (or add revision: <40-character commit sha>)")
    return "\n".join(lines) + "\n", entries, unpinned


def starter_policy() -> str:
    example = "\n".join(f"# {line}" if line else "#" for line in POLICY_EXAMPLE.splitlines())
    return (
        "# licscan policy: how `licscan check` judges the checkpoints in models.lock (this folder).\n"
        "# Written by `licscan init`. Without this file, licscan uses the same defaults.\n"
        "\n"
        "version: 1                          # policy format version\n"
        "\n"
        "# Verdicts that fail `licscan check` (exit 1). 'denied' and 'unknown' are required: licscan fails\n"
        "# closed, so a license it cannot fetch, read or match is never accepted. Add 'conditional' to also\n"
        "# stop on licenses with thresholds or obligations someone must confirm, and 'conflict' to stop\n"
        "# when a model card's metadata and its license files disagree.\n"
        "fail_on: [denied, unknown]\n"
        "\n"
        "# Optional: allow and deny lists by license id or category (categories:\n"
        f"# {', '.join(CATEGORIES)}),\n"
        "# waivers for specific checkpoints, and trust_metadata. Example:\n"
        f"{example}\n"
    )


def missing_from_manifest(manifest: Manifest | Iterable[Manifest], discovered: Discovery | Iterable[Reference]) -> tuple[Reference, ...]:
    """References to Hub checkpoints that no Hub entry of the manifest(s) declares.

    Repo ids compare case-insensitively (the Hub resolves them so). Revisions are not compared: the
    manifest pins what is checked; the code may load another revision of a declared checkpoint.
    """
    manifests = [manifest] if isinstance(manifest, Manifest) else list(manifest)
    declared = {entry.ref.lower() for m in manifests for entry in m.entries if entry.kind == "hub"}
    references = discovered.references if isinstance(discovered, Discovery) else tuple(discovered)
    return tuple(ref for ref in references if ref.repo_id.lower() not in declared)


def discover_check(manifest_paths: Sequence[str | Path], sources: Sequence[str | Path]) -> tuple[bool, list[str]]:
    """For ``licscan check --discover SRC``: (failed, lines for stderr).

    Fails when the code uses a Hub checkpoint that no manifest declares. Calls whose repo id is not a
    string constant, and files that could not be scanned, are warnings: licscan cannot know them.
    """
    from .manifest import parse_manifest

    manifests = [parse_manifest(Path(p))[0] for p in manifest_paths]
    found = discover(*sources)
    missing = missing_from_manifest(manifests, found)
    names = ", ".join(str(p) for p in manifest_paths)
    lines = []
    for ref in missing:
        lines.append(f"{ref.file}:{ref.line}: {ref.repo_id} is used here ({ref.how}) but is not in {names}")
    for item in found.unresolved:
        lines.append(f"warning: {item.describe()}; not resolvable, check by hand that its checkpoint is in the manifest")
    for problem in found.problems:
        where = f"{problem.file}:{problem.line}" if problem.line else problem.file
        lines.append(f"warning: {where}: not scanned: {problem.message}")
    if missing:
        ids = sorted({r.repo_id for r in missing}, key=str.lower)
        lines.append(f"licscan: {len(ids)} checkpoint(s) used in the code but missing from the manifest: {', '.join(ids)}")
    else:
        lines.append(f"licscan: discover: {found.summary()}; all declared in the manifest")
    return bool(missing), lines


def init_project(directory: str | Path, sources: Sequence[str | Path], use: str, force: bool) -> tuple[Written, Discovery | None, list[str]]:
    """For ``licscan init``: discover (when sources are given), write both files, and report lines."""
    found = discover(*sources) if sources else None
    written = write_starter(directory, found or (), use=use, force=force)
    lines = []
    if found is not None:
        lines.append(f"discover: {found.summary()}")
        for item in found.unresolved:
            lines.append(f"  not resolvable: {item.describe()}")
        for problem in found.problems:
            where = f"{problem.file}:{problem.line}" if problem.line else problem.file
            lines.append(f"  not scanned: {where}: {problem.message}")
    unpinned = f", {written.unpinned} without a pinned revision" if written.unpinned else ""
    lines.append(f"wrote {written.manifest} ({written.entries} checkpoint(s){unpinned})")
    lines.append(f"wrote {written.policy}")
    lines.append(f"next: review both files, then run `licscan check {written.manifest}`")
    return written, found, lines


def _group(references: Iterable[Reference]) -> list[tuple[str, list[Reference]]]:
    groups: dict[str, tuple[str, list[Reference]]] = {}
    for ref in references:
        groups.setdefault(ref.repo_id.lower(), (ref.repo_id, []))[1].append(ref)
    return sorted(groups.values(), key=lambda item: item[0].lower())


def _comment(text: str, comment: str) -> str:
    return f"{text}{' ' * max(1, 36 - len(text))}# {comment}"


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML): never read as a number or bool."""
    return json.dumps(value, ensure_ascii=False)


def _valid_entry(repo_id: str, revision: str | None, directory: Path) -> bool:
    """Whether the manifest reader accepts this entry: the same rules, not a copy of them."""
    from .manifest import parse_manifest_text

    entry = {"id": repo_id, **({"revision": revision} if revision is not None else {})}
    document = json.dumps({"version": 1, "project": {"name": "x", "use": "commercial"}, "models": [entry]})
    try:
        parse_manifest_text(document, "<starter>", directory)
    except InputError:
        return False
    return True


def _validate(manifest_text: str, policy_text: str, directory: Path) -> None:
    """Parse both texts with the real readers before writing: a starter that licscan rejects is a bug."""
    import tempfile

    from .manifest import parse_manifest_text
    from .policy import load_policy

    parse_manifest_text(manifest_text, str(directory / MANIFEST_FILE), directory)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / POLICY_FILE
        path.write_text(policy_text, encoding="utf-8")
        load_policy(path, Path(scratch))
