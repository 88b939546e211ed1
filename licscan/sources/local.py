"""Checkpoint folders on disk: the same evidence as on the Hub, read from the file system."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Evidence, ManifestEntry
from .weights import declared_license
from .common import CARD_NAME, MAX_EVIDENCE_FILES, card_metadata, is_evidence_name, read_evidence_file, split_card, unread_problems


MAX_WEIGHT_FILES = 16


class LocalSource:
    """Reads ``path:`` entries relative to the manifest's folder, never outside it."""

    name = "local"

    def __init__(self, base_dir: Path, manifest_path: str):
        self.base_dir = base_dir.resolve()
        self.manifest_path = manifest_path

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
        problems: list[str] = []
        unreadable = False          # a file that should be evidence could not be read: fail closed
        files = []
        card_data, card_body, card_problems = {}, "", ()
        names = sorted(child.name for child in folder.iterdir() if is_evidence_name(child.name))
        if len(names) > MAX_EVIDENCE_FILES:
            problems.append(f"{len(names)} license-like files; only the first {MAX_EVIDENCE_FILES} were read")
            unreadable = True
        if not (folder / CARD_NAME).is_file():
            problems.append(f"no {CARD_NAME} (model card) in the folder")
        for name in ([CARD_NAME] if (folder / CARD_NAME).is_file() else []) + names[:MAX_EVIDENCE_FILES]:
            path = folder / name
            if not self._inside(path):
                problems.append(f"{name}: links outside the project folder; not read")
                unreadable = True
                continue
            if not path.is_file():
                continue
            found = read_evidence_file(path, name)
            if isinstance(found, str):
                problems.append(found)
                unreadable = True
                continue
            files.append(found)
            if name == CARD_NAME:
                card_data, card_body, card_problems = split_card(found.text)
        truncated = unread_problems(files)
        problems.extend(truncated)
        weight_licenses = []
        weight_files = sorted(p for p in folder.iterdir() if p.suffix in (".gguf", ".safetensors") and p.is_file() and self._inside(p))
        for path in weight_files[:MAX_WEIGHT_FILES]:
            declared, problem = declared_license(path)
            if problem:
                problems.append(problem)
            elif declared:
                weight_licenses.append((path.name, declared))
        return Evidence(
            entry=entry,
            source="local",
            weight_licenses=tuple(weight_licenses),
            revision=None,
            card=card_metadata(card_data, card_problems),
            card_body=card_body,
            files=tuple(files),
            complete=not (unreadable or truncated),
            problems=tuple(problems),
        )

    def _inside(self, path: Path) -> bool:
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return True   # a broken link is reported when it is read
        return resolved == self.base_dir or self.base_dir in resolved.parents
