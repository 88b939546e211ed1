"""Fuzzy matching of a text against the verbatim reference texts.

The package along its seams: ``index`` (the references prepared once and the search for the few a
text is closest to) with ``cache`` (their tokens on disk), ``alignment`` (where a text departs from a
reference), ``notices`` (copyright lines), ``names`` (license names in running text), ``matching``
(the Matcher: which license a text is, and what else it holds), ``vocabulary`` (every word list),
``settings`` (every tunable) and ``records`` (what passes between them).
"""

from __future__ import annotations

from .cache import reference_cache_dir
from .matching import Matcher
from .records import Aligned, Comparison, Reference, Span
from .settings import SETTINGS, MatcherSettings
from .vocabulary import states_terms

# Another license found at this coverage in its own passage of the text applies too (classify reads it).
OTHER_LICENSE = SETTINGS.other_license

__all__ = [
    "OTHER_LICENSE", "SETTINGS", "Aligned", "Comparison", "Matcher", "MatcherSettings", "Reference", "Span",
    "reference_cache_dir", "states_terms",
]
