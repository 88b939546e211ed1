"""The kinds of evidence, one strategy each, in the order they are read: later strategies see what the
earlier ones found (a NOTICE naming a license counts only if no text or metadata already says so).
The order also sets the order of the remarks within each kind (conflicts, notes). Which license decides
does not depend on it: ``decide`` keeps every candidate and the most restrictive wins.
A new kind of evidence is a new strategy here, not a new branch in ``decide``."""

from __future__ import annotations

from .access_gate import AccessGateTerms, AccessGateText
from .base_license_words import WeightsUnderTheBaseLicense
from .card_body import CardBodyText
from .card_terms import CardTerms
from .catalog import CatalogLicenses
from .file_statements import FileStatements
from .license_files import LicenseFiles
from .license_qualifiers import LicenseLineQualifiers
from .lineage_words import LineageWords
from .metadata import CardMetadata
from .policy_notice_files import PolicyAndNoticeFiles
from .prose_and_license_lines import CardProse
from .text_terms import TextTerms
from .translation_metadata import TranslationMetadata
from .use_policy_licenses import UsePolicyLicenses
from .weight_headers import WeightHeaders
from .weights_terms import WeightsUnderUnknownTerms

STRATEGIES = (CardBodyText, AccessGateText, LicenseFiles, PolicyAndNoticeFiles, CardMetadata, CatalogLicenses, UsePolicyLicenses, CardProse,
              WeightsUnderUnknownTerms, FileStatements,
              WeightHeaders, TranslationMetadata, CardTerms, LicenseLineQualifiers, AccessGateTerms, TextTerms, LineageWords,
              WeightsUnderTheBaseLicense)

__all__ = ["STRATEGIES", "AccessGateTerms", "AccessGateText", "CardBodyText",
           "CardMetadata", "CardProse", "CardTerms", "CatalogLicenses", "FileStatements",
           "LicenseFiles", "LicenseLineQualifiers", "LineageWords", "PolicyAndNoticeFiles",
           "TextTerms", "TranslationMetadata", "UsePolicyLicenses", "WeightHeaders",
           "WeightsUnderTheBaseLicense", "WeightsUnderUnknownTerms"]
