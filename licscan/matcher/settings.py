"""The matcher's tunables, in one frozen object (askalono keeps its thresholds together the same way).

Every threshold, size and limit the matcher reads is a field of ``SETTINGS``; each field says why it
has its value. Immutable, so that no caller changes the answers of another by assigning to it (a
variant is ``SETTINGS._replace(tie=0.01)``). A named tuple rather than a frozen dataclass: the same
guarantees, and about 2 ms less at import (a frozen dataclass of 20 fields generates and compiles its
methods when the module loads).
"""

from __future__ import annotations

from typing import NamedTuple


class MatcherSettings(NamedTuple):
    # A text whose best reference coverage is at least `exact` (and has no material difference) is that license.
    exact: float = 0.985
    # The score of a copy that differs only in ways that change no term (benign.py: a URL's form, a date,
    # the acceptance sentence, an article): the license, just below a copy word for word.
    benign_score: float = 0.99
    # A partial copy (issue 14): a passage of the text holding at least `partial_min_words` 3-grams of one
    # reference, and `partial_text_share` of the text's own, with no change inside it, while at least
    # `partial_missing` of the reference is missing before or after it. Less is not recognisable; a copy
    # missing less is a modified copy (a clause removed), not a part.
    partial_min_words: int = 30
    partial_text_share: float = 0.5
    partial_missing: float = 0.2
    partial_candidates: int = 4
    # Below `modified` the text is not a version of any known license: it is unknown, not the nearest guess.
    modified: float = 0.60
    # References this close to the best are ties; the one that explains more of the text wins.
    tie: float = 0.004
    # How far below the best a reference that contains the best one may score and still be chosen: what
    # a faithful copy may change (a copyright line of ~10 words, a replaced name) costs a short license
    # (BSD: ~200 words) up to ~0.06 of its score.
    contenders: float = 0.08
    # A superset whose words beyond the license it contains are this much in the text is what the text is.
    superset_extra: float = 0.5
    # Another license found at this coverage in its own passage of the text applies too.
    other_license: float = 0.90
    other_license_passes: int = 8
    # A text with this many words outside its license is searched for other licenses and policies too.
    unexplained_words: int = 20
    # Words outside every license and policy found, from this many on, are reported: terms licscan cannot
    # check may hide in any wording, so the reader decides (classify: needs review; with words that grant,
    # restrict or condition, vocabulary.TERMS_OUTSIDE, unknown). Copyright lines, license names with the
    # words around them and repeats of the license's own text (its title) are not counted.
    unexplained_min_words: int = 3
    # References whose 3-gram containment is below this are not aligned at all.
    prefilter: float = 0.30
    max_aligned: int = 5
    shingle: int = 3
    # The pre-filter first estimates every reference's share on `sample` to 2 x `sample` of its 3-grams
    # (all of them for a reference with fewer than 2 x `sample`): on 128 3-grams the estimate is within
    # ~0.045 (one standard deviation) of the true share.
    sample: int = 128
    # References whose share is then counted exactly (all their 3-grams); the best `max_aligned` are aligned.
    shortlist: int = 8
    # Runs of hits further apart than this belong to different passages (e.g. a card and its license).
    cluster_gap: int = 150
    # Results of match() kept per Matcher for texts seen again (one LICENSE file in many repositories),
    # least recently used first out. Short texts (most model card bodies) are quick to match and rarely
    # repeat: they are not kept, so that they cannot push the license texts out.
    memo_min_chars: int = 1_000
    memo_entries: int = 1_024
    memo_chars: int = 8_000_000
    # Bump when the tokens a reference text gives can change for a reason the cache key does not see.
    cache_format: int = 3
    # A copyright line names its holder in at most this many words besides "(c)", years and filler.
    max_holder_words: int = 8


SETTINGS = MatcherSettings()
