"""What a project's policy says, as records (read by policy.py from licscan.yaml or pyproject.toml): allow
and deny lists, fail_on, waivers, trusted metadata, clarifications, and the questions the pipeline asks
of them."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Manifest, ManifestEntry, Result, Waiver
from .rules import KnowledgeBase


@dataclass(frozen=True)
class TrustedMetadata:
    """An opt-in: judge this checkpoint on its card metadata when its files cannot all be read."""

    checkpoint: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class Clarification:
    """A legal team's reading of one file of one checkpoint, as cargo-deny's ``clarify``: while the file
    has this sha256, it is the text of ``license``. A changed file makes it stale (then the file is
    classified as usual); it never makes missing evidence complete."""

    checkpoint: str          # the manifest entry: a Hub repo id, or a local path as the manifest writes it
    kind: str                # "hub" (given as id) | "local" (given as path)
    file: str
    sha256: str
    license: str
    reason: str
    approved_by: str
    line: int | None = None


@dataclass(frozen=True)
class LicenseReference:
    """A license id the policy names (allow, deny, clarify), where it names it: checked against what
    licscan knows, so a typo is an error rather than an entry that silently matches nothing."""

    license: str
    key: str
    line: int | None = None


@dataclass(frozen=True)
class Policy:
    """What the project's policy file says; the defaults fail closed."""

    fail_on: tuple[str, ...] = ("denied", "unknown")
    allow_licenses: tuple[str, ...] = ()
    deny_licenses: tuple[str, ...] = ()
    allow_categories: tuple[str, ...] = ()
    deny_categories: tuple[str, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    trust_metadata: tuple[TrustedMetadata, ...] = ()   # checkpoints judged on metadata when evidence is incomplete
    path: str | None = None
    keys_set: tuple[str, ...] = ()    # the keys the policy file sets (the rest are defaults)
    rules_dir: str | None = None      # the project's own rule files and texts (absolute)
    clarify: tuple[Clarification, ...] = ()
    license_references: tuple[LicenseReference, ...] = ()

    def knowledge_base(self) -> KnowledgeBase:
        """licscan's rules, joined by the project's own when the policy names a rules_dir."""
        from .rules import load_knowledge_base

        return load_knowledge_base(project_dir=Path(self.rules_dir) if self.rules_dir else None)

    def clarifications_for(self, entry: ManifestEntry) -> tuple[Clarification, ...]:
        return tuple(c for c in self.clarify if c.checkpoint == entry.ref and c.kind == entry.kind)

    def trust_for(self, checkpoint: str) -> TrustedMetadata | None:
        return next((t for t in self.trust_metadata if t.checkpoint == checkpoint), None)

    def unused_allow_entries(self, results: Sequence[Result]) -> tuple[str, ...]:
        """Allow entries that matched nothing: stale, like waivers for removed checkpoints."""
        applied_ids = {i for r in results for i in (*r.classification.candidates, *(a.license_id for a in r.ancestors))}
        applied_categories = {r.classification.category for r in results} | {a.category for r in results for a in r.ancestors}
        unused = [f"license {i}" for i in self.allow_licenses if i not in applied_ids]
        unused += [f"category {c}" for c in self.allow_categories if c not in applied_categories]
        stale = [f"{self.path}: stale allow entry: {item} matched no checkpoint" for item in unused]
        # a trusted repo may be a checkpoint or one of its base models
        seen = {r.entry.ref for r in results} | {a.repo_id for r in results for a in r.ancestors}
        stale += [f"{self.path}:{t.line}: stale trust_metadata entry: {t.checkpoint} is neither a checkpoint nor a base model here"
                  for t in self.trust_metadata if t.checkpoint not in seen]
        return tuple(stale)

    def warnings_for(self, manifest: Manifest) -> tuple[str, ...]:
        """Stale entries: waivers for checkpoints that are not in the manifest."""
        refs = {entry.ref for entry in manifest.entries}
        warnings = []
        for waiver in self.waivers:
            if any(waiver.covers(entry) for entry in manifest.entries):
                continue
            same_name = next((e for e in manifest.entries
                              if e.kind == "local" and posixpath.normpath(e.ref) == posixpath.normpath(waiver.checkpoint)), None)
            where = ""
            if same_name is not None and self.path is not None:
                # a root policy's "models/demo" is its own folder's, not each service's "models/demo"
                written = Path(os.path.relpath(Path(manifest.base_dir).resolve() / same_name.ref, Path(self.path).resolve().parent)).as_posix()
                where = (f" (a waiver's path is relative to the policy file: {waiver.checkpoint} is not this manifest's "
                         f"{same_name.ref}; write {written} to waive that one)")
            warnings.append(f"{self.path}:{waiver.line}: stale waiver: {waiver.checkpoint} is not in {manifest.path}{where}")
        for clarification in self.clarify:
            if clarification.checkpoint not in refs:
                warnings.append(f"{self.path}:{clarification.line}: stale clarify entry: {clarification.checkpoint} is not in {manifest.path}")
        return tuple(warnings)
