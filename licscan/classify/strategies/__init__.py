"""The kinds of evidence, one strategy each, in the order they are read: later strategies see what the
earlier ones found (a NOTICE naming a license counts only if no text or metadata already says so).
A new kind of evidence is a new strategy here, not a new branch in ``decide``."""

from __future__ import annotations

from .card_body import CardBodyText
from .file_statements import FileStatements
from .license_files import LicenseFiles
from .metadata import CardMetadata
from .prose import CardProse
from .weight_headers import WeightHeaders

STRATEGIES = (LicenseFiles, CardBodyText, CardMetadata, CardProse, FileStatements, WeightHeaders)

__all__ = ["STRATEGIES", "CardBodyText", "CardMetadata", "CardProse", "FileStatements", "LicenseFiles", "WeightHeaders"]
