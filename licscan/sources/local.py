"""Checkpoint folders on disk: the same evidence as on the Hub, read from the file system."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Evidence, ManifestEntry
from .collect import Listed, collect
from .listing import is_collected_name
from .weights import read_weight_headers, skipped_problem, weight_files

if TYPE_CHECKING:
    from ..rules import KnowledgeBase


class LocalSource:
    """Reads ``path:`` entries relative to the manifest's folder, never outside it."""

    name = "local"

    def __init__(self, base_dir: Path, manifest_path: str, kb: KnowledgeBase | None = None):
        """``kb``: the run's knowledge base, whose licenses a top-level file may be named after (licscan's own when None)."""
        self.base_dir = base_dir.resolve()
        self.manifest_path = manifest_path
        self.kb = kb

    def folder(self, entry: ManifestEntry) -> Path:
        where = (self.manifest_path, entry.line)
        try:
            # Containment first: whether something exists outside the project is none of our business.
            folder = (self.base_dir / entry.ref).resolve(strict=False)
            if folder != self.base_dir and self.base_dir not in folder.parents:
                raise InputError(f"model folder '{entry.ref}' is outside the project folder {self.base_dir}", *where)
            folder = folder.resolve(strict=True)
        except FileNotFoundError:
            raise InputError(f"model folder '{entry.ref}' does not exist", *where) from None
        except (RuntimeError, OSError, ValueError) as exc:
            raise InputError(f"model folder '{entry.ref}' cannot be resolved ({exc})", *where) from None
        if not folder.is_dir():
            raise InputError(f"'{entry.ref}' is not a folder", *where)
        try:
            next(folder.iterdir(), None)
        except PermissionError:
            raise InputError(f"model folder '{entry.ref}' is not readable (permission denied)", *where) from None
        except OSError as exc:
            raise InputError(f"model folder '{entry.ref}' cannot be listed ({exc.strerror or exc})", *where) from None
        return folder

    def fetch(self, entry: ManifestEntry) -> Evidence:
        folder = self.folder(entry)
        unlistable: list[str] = []
        listing = list(_walk(folder, unlistable, self.kb))

        def fetch_file(name: str) -> Path | str:
            path = folder / name
            if not self._inside(path):
                return f"{name}: links outside the project folder; not read"
            return path

        def lookup(name: str) -> Listed | None:
            # a file the card links to as its terms, whatever its name (_walk lists only license-like names)
            path = folder / name
            if not self._inside(path):
                return None
            try:
                found = os.stat(path)
            except (OSError, ValueError):
                return None
            return Listed(name, found.st_size) if stat.S_ISREG(found.st_mode) else None

        collected = collect(listing, fetch_file, lookup=lookup, kb=self.kb)
        problems = [*collected.problems, *unlistable]
        skipped: list[tuple[str, Path]] = []
        headers = read_weight_headers(weight_files(folder, self._inside, skipped), skipped)
        problems.extend(headers.problems)
        # the headers past the caps may declare another license or base: the evidence is incomplete, as for a
        # license file over the evidence cap
        unread_headers = skipped_problem(list(headers.unread))
        if unread_headers is not None:
            problems.append(unread_headers)
        return Evidence(
            entry=entry,
            source="local",
            weight_licenses=headers.licenses,
            revision=None,
            card=collected.card,
            card_body=collected.card_body,
            notes=collected.notes,
            files=collected.files,
            config_lineage=(*collected.config_lineage, *headers.bases),
            complete=collected.complete and not unlistable and unread_headers is None,
            problems=tuple(problems),
        )

    def _inside(self, path: Path) -> bool:
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return True   # a broken link is reported when it is read
        return resolved == self.base_dir or self.base_dir in resolved.parents


def _walk(folder: Path, errors: list[str], kb: KnowledgeBase | None = None) -> Iterator[Listed]:
    """The card, license-like and lineage config files under the folder as (path relative to it, size), like a Hub
    repository's listing. Symlinked folders are not followed (a loop, or a way out of the project);
    .git is not part of a checkpoint. A subfolder that cannot be listed is recorded in ``errors``."""
    def unlistable(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(folder).as_posix() if exc.filename else "?"
        errors.append(f"{where}/: cannot be listed ({exc.strerror or exc}); license files in it are not read")

    for root, dirs, names in os.walk(folder, onerror=unlistable):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        base = Path(root).relative_to(folder)
        for name in names:
            relative = (base / name).as_posix()
            if not is_collected_name(relative, kb):
                continue
            try:
                size = os.stat(os.path.join(root, name)).st_size
            except OSError:
                size = None        # a broken link: reported when it is read
            yield Listed(relative, size)
