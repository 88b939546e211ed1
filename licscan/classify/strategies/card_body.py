"""A license text pasted into the model card's body: evidence only when (nearly) all of it is there."""

from __future__ import annotations

import re
import threading

from ...lazy_regex import lazy
from ...matcher import Matcher
from ...matcher.alignment import clip
from ...model import Evidence, FileFinding, TextMatch
from ...normalize import MAX_CLASSIFY_CHARS, tokens
from ..candidates import PROSE_CONFIDENCE, Candidate, EvidenceStrategy, Reading, Remark, SoFar
from ..card_words import load_card_words
from .card_tables import LICENSE_WORD, without_data_sections
from .license_sections import MODEL_OR_SAME, said_of_something_else
from .prose import SENTENCE_END
from .texts import read_finding

# A license text found inside a card body must be this complete to count as evidence.
CARD_BODY_MIN_SCORE = 0.9
# A run of the card's lines that is, word for word, this share of a reference text at least is that text pasted in
PASTED_MIN_SHARE = 0.5
# A run of the card's lines that is, word for word, this many words at least of the part of a license's text that tells
# how to apply it is its notice (Apache's appendix notice is 86 words, the GPL's 104)
NOTICE_MIN_WORDS = 30


# The last card bodies matched, without their data sections, with the matcher that matched them: a card's body is matched
# by without_pasted_license_text, then by CardBodyText (and holds_a_license_text) as the same text, and the matcher
# remembers no text under SETTINGS.memo_min_chars (most cards: the benchmark's 1,000 were each matched twice; speed15).
# The answer is a function of the matcher and the text alone; bounded, each entry holding its matcher (never an id).
_RECENT_MATCHES = 8
_recent_matches: dict[str, tuple[Matcher, TextMatch]] = {}
_recent_lock = threading.Lock()


def body_match(matcher: Matcher, body: str) -> TextMatch:
    """``matcher.match(body)``, remembered for the last few bodies."""
    known = _recent_matches.get(body)
    if known is not None and known[0] is matcher:
        return known[1]
    found = matcher.match(body)
    with _recent_lock:
        if len(_recent_matches) >= _RECENT_MATCHES:
            _recent_matches.pop(next(iter(_recent_matches)), None)
        _recent_matches[body] = (matcher, found)
    return found


class CardBodyText(EvidenceStrategy):
    name = "card body text"
    # reads the card as the whole text it holds; the other strategies read its words without a license text pasted in
    reads_the_card_as_a_text = True

    def read(self, evidence: Evidence, so_far: SoFar) -> Reading:
        if not evidence.card_body.strip():
            return Reading(self.name)
        body = without_data_sections(evidence.card_body)
        if not body.strip():
            return Reading(self.name)
        match = body_match(self.matcher, body)
        if match.rule_id and match.score >= CARD_BODY_MIN_SCORE:
            card = next((f for f in evidence.files if f.role == "card"), None)
            finding = FileFinding("README.md", card.sha256 if card else "", "card", match)
            # a text its heading or lead-in gives to something else ("The tokenizer files are taken from OpenAI's whisper
            # repository, under the following license:" over MIT's text) is that part's license, not the weights' (review70 51)
            pasted = _pasted_runs(*_words_of_lines(body), self.matcher.reference_words(match.rule_id), PASTED_MIN_SHARE)
            governing = not pasted or _given_to_the_model(body.splitlines(), min(pasted), notice=False)
            candidates, remarks = read_finding(self.kb, finding, governing=governing)
            return Reading(self.name, (finding,), tuple(candidates), tuple(remarks), reads_texts=True)
        stated = notice_stated(self.matcher, body, match) if match.rule_id else None
        if stated is not None and match.rule_id:
            if stated[2]:
                # the notice at the head of a code example's file ("# Licensed under the Apache License, Version 2.0 ..." in a
                # fenced block) is that code's license, not the weights': no part of a text, and no license either
                return Reading(self.name, reads_texts=True)
            if not _given_to_the_model(body.splitlines(), stated[3], notice=True):
                # the notice under "## Code license", "## Acknowledgements" or after "The preprocessing script ... is
                # distributed under:" is that part's (review70 50, 69, 70): reported, the weights' license left unsaid
                return Reading(self.name, candidates=(Candidate(match.rule_id, "prose", "component", PROSE_CONFIDENCE,
                                                                f"README.md holds the {match.rule_id} notice of another part "
                                                                f"than the weights: “{clip(stated[0].split(), 20)}”"),),
                               reads_texts=True)
            # the license's notice: the card says the work is under that license, as its prose naming it would
            return Reading(self.name, candidates=(Candidate(match.rule_id, "prose", "governs", PROSE_CONFIDENCE,
                                                 f"README.md states the {match.rule_id} notice: “{clip(stated[0].split(), 20)}”"),),
                           reads_texts=True)
        if match.rule_id:
            # most of a license's text in the card, but not all of it: which terms apply is unsettled
            return Reading(self.name, remarks=(Remark("unsettled", f"README.md contains {match.score:.0%} of the {match.rule_id} text"),),
                           reads_texts=True)
        return Reading(self.name)


def holds_a_license_text(matcher: Matcher, body: str) -> bool:
    """Whether the card body holds most of a license's text (CardBodyText finds a text or part of one in it)."""
    body = without_data_sections(body)
    return bool(body.strip()) and body_match(matcher, body).rule_id is not None


def without_pasted_license_text(matcher: Matcher, body: str) -> str:
    """The card body without the lines of a license text pasted into it, when the card holds that text exactly
    (CardBodyText reads it as that license): its sentences are that license's own terms, not claims the card makes
    about the weights. Apache 2.0's appendix line 'distributed under the License is distributed on an "AS IS" BASIS'
    puts the weights under no license "License is distributed" (review37). The lines blanked are each run of lines
    whose words are, word for word and in order, a passage of one of that license's reference texts, at least half of
    it (blank lines and lines without words, a code fence's marks, are passed over and kept). What else the card says,
    before, after or between (a heading, a lead-in, a filled-in copyright line, a sentence of its own), is read as
    before, but for a lead-in that gives the text to another part (_without_lead_in_of_another_part); a text copied with
    changes (a modified copy) is not exact, and is read line by line as before (that lead-in set aside too)."""
    if not body.strip():
        return body
    data_kept = without_data_sections(body)
    match = body_match(matcher, data_kept) if data_kept.strip() else None
    if match is not None and match.status == "partial":
        # the license's notice, pasted as it tells its users to (its "How to apply" part): the card's words without it,
        # and without a lead-in that gives it to another part
        stated = notice_stated(matcher, body, match)
        if stated is None:
            return body
        rest = stated[1].splitlines(keepends=True)
        return "".join(_without_lead_in_of_another_part(rest, stated[3]))
    if match is None or not match.rule_id or match.score < CARD_BODY_MIN_SCORE:
        return body
    lines = body[:MAX_CLASSIFY_CHARS].splitlines(keepends=True)
    # each line's words joined once, and a run's words kept joined as it grows: the test of a run is the same
    # (' '.join of the run's words, between spaces, in the reference's words joined so), without joining the whole
    # run again at each line it grows by (speed14)
    blanked = _pasted_runs(*_words_of_lines(body), matcher.reference_words(match.rule_id), PASTED_MIN_SHARE)
    if not blanked:
        return body
    lines = _without_lead_in_of_another_part(lines, min(blanked))
    if match.status != "exact":
        return "".join(lines) + body[MAX_CLASSIFY_CHARS:]   # a modified copy's lines are read, only such a lead-in is not
    return _blanked(lines, blanked) + body[MAX_CLASSIFY_CHARS:]


def notice_stated(matcher: Matcher, body: str, match: TextMatch) -> tuple[str, str, bool, int] | None:
    """When the part of a license the card holds (a "partial" match) is that license's notice, pasted as it tells its
    users to (the Apache License's "Licensed under the Apache License, Version 2.0 (the "License"); you may not use
    this file except in compliance with the License. ...", the GPL's "This program is free software ..."), as prose or
    in a fence: (the words of the notice, the card body without them, whether all its lines are in a fenced block, the
    index of its first line).
    The notice is each run of the card's lines
    that is, word for word, a passage of NOTICE_MIN_WORDS words at least of the part of one of the license's reference
    texts that tells how to apply it (Matcher.how_to_apply_words: read from the texts, never a copy of the notice
    written here); it is the part found only if the card without those lines holds no part of any license's text.
    A notice on a line with words of the card's own, or changed, is no such run: the part stays unsettled."""
    if match.status != "partial" or not match.rule_id:
        return None
    applying = matcher.how_to_apply_words(match.rule_id)
    if not applying:
        return None
    lines = body[:MAX_CLASSIFY_CHARS].splitlines(keepends=True)
    said, joined = _words_of_lines(body)
    blanked = _pasted_runs(said, joined, applying, 0.0, least_words=NOTICE_MIN_WORDS)
    if not blanked:
        return None
    rest = _blanked(lines, blanked) + body[MAX_CLASSIFY_CHARS:]
    data_kept = without_data_sections(rest)
    if data_kept.strip() and body_match(matcher, data_kept).rule_id:
        return None
    return " ".join(joined[index] for index in sorted(blanked)), rest, blanked <= _lines_of_code_examples(lines), min(blanked)


def _places(reference: str, line: str) -> list[int]:
    """Where ``line`` (a line's words between spaces) ends in ``reference`` (its last space), at each place it occurs."""
    found, at = [], reference.find(line)
    while at >= 0:
        found.append(at + len(line) - 1)
        at = reference.find(line, at + 1)
    return found


def _words_of_lines(body: str) -> tuple[list[list[str]], list[str]]:
    """Each line's words (none for a blank line), and them joined, over the body's first MAX_CLASSIFY_CHARS characters."""
    said = [tokens(line) if line.strip() else [] for line in body[:MAX_CLASSIFY_CHARS].splitlines(keepends=True)]
    return said, [" ".join(words) for words in said]


# A heading's marks ("## **License**")
_HEADING_MARKS = lazy(r"^[\s#*_>]+|[\s#*_:]+$")
# A heading that joins the License to something else ("## License and training data", "## Data & License"): a License
# section that also speaks of it, not that thing's license (a text under it is still the card's, test_acc20_reading)
_LICENSE_AND_MORE = lazy(r"\blicen[cs]\w*\s*(?:and|&|,|/|\+)\s*\w|\w\s*(?:and|&|,|/|\+)\s*licen[cs]", re.IGNORECASE)


def _given_to_the_model(lines: list[str], first: int, *, notice: bool) -> bool:
    """Whether the card gives the license text or notice pasted from line ``first`` on to the model: neither the heading
    above it nor its lead-in (_lead_in) names another part of the repository and not the model ("## Code license", "##
    Third-party licenses", "The tokenizer files are taken from OpenAI's whisper repository, under the following license:",
    "We reuse the data loader of the Acme toolkit, which carries this notice:"). A notice, a few lines a file's header
    carries, says so only under a License heading too (not "## Acknowledgements", nor none): a license's full text in the
    card is its terms wherever it stands."""
    heading, lead = _heading_above(lines, first), _lead_in(lines, first)
    if heading and _of_another_part(heading) and not _LICENSE_AND_MORE.search(heading):
        return False
    if lead is not None and _of_another_part(lead[1]):
        return False
    return not notice or bool(heading and LICENSE_WORD.search(heading))


def _of_another_part(said: str) -> bool:
    return said_of_something_else(load_card_words(), said) and not MODEL_OR_SAME.search(said)


def _heading_above(lines: list[str], first: int) -> str:
    """The words of the heading above line ``first`` (its marks taken off), or "" when none is."""
    return next((_HEADING_MARKS.sub("", line) for line in reversed(lines[:first]) if line.lstrip().startswith("#")), "")


def _lead_in(lines: list[str], first: int) -> tuple[int, str] | None:
    """(the index of the line right before line ``first``, blank lines passed over, in its section; that line's last
    sentence), or None when a heading or nothing is before it."""
    for index in range(first - 1, -1, -1):
        if lines[index].lstrip().startswith("#"):
            return None
        if lines[index].strip():
            return index, next((s for s in reversed(SENTENCE_END.split(lines[index].strip())) if s.strip()), "")
    return None


def _without_lead_in_of_another_part(lines: list[str], first: int) -> list[str]:
    """The lines with the lead-in of the text from line ``first`` on blanked, when it gives that text to another part
    ("Inference code (MIT):", "The tokenizer files are taken from ..., under the following license:"): it says which
    license that part is under, as the text does, not the weights' (review70 72: read alone, "Inference code (MIT)" stood
    in as the card's license)."""
    lead = _lead_in(lines, first)
    if lead is None or not lead[1].strip() or not _of_another_part(lead[1]):
        return lines
    index, sentence = lead
    at = lines[index].rfind(sentence)
    if at < 0:
        return lines
    return [*lines[:index], lines[index][:at] + " " * len(sentence) + lines[index][at + len(sentence):], *lines[index + 1:]]


def _lines_of_code_examples(lines: list[str]) -> set[int]:
    """The indexes of the lines inside a fenced code block (between its ``` or ~~~ marks) that is not under a License
    heading: a code example's lines ("## License" then a fenced notice is the card's own statement)."""
    inside, under_a_license_heading, out = False, False, set()
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
        elif inside:
            if not under_a_license_heading:
                out.add(index)
        elif line.lstrip().startswith("#"):
            under_a_license_heading = bool(LICENSE_WORD.search(line))
    return out


def _blanked(lines: list[str], blanked: set[int]) -> str:
    """The lines, those ``blanked`` emptied (their line breaks kept)."""
    return "".join("\n" if index in blanked and line.endswith("\n") else "" if index in blanked else line
                   for index, line in enumerate(lines))


def _pasted_runs(said: list[list[str]], joined: list[str], references: list[tuple[str, ...]], share: float, *,
                 least_words: int = 0) -> set[int]:
    """The lines of each run of lines whose words are, word for word and in order, a passage of one of the
    ``references``: at least ``share`` of that reference's words and ``least_words`` words (blank lines and lines
    without words, a code fence's marks, are passed over and kept)."""
    blanked: set[int] = set()
    for words in references:
        reference, needed = f" {' '.join(words)} ", max(share * len(words), least_words)
        start = 0
        while start < len(said):
            # where the run so far ends in the reference (the space after it), at each place it occurs there: a line
            # extends the run where the reference goes on with it, checked there alone (speed20: the run was joined
            # and searched for in the whole reference again at each line it grew by, ~2.6 ms a card holding a license)
            ends: list[int] = []
            run_words = 0
            in_run: list[int] = []
            at = start
            while at < len(said):
                if said[at]:
                    line = f" {joined[at]} "
                    ends = ([end + len(line) - 1 for end in ends if reference.startswith(line, end)] if run_words
                            else _places(reference, line))
                    if not ends:
                        break
                    run_words += len(said[at])
                    in_run.append(at)
                at += 1
            if run_words >= needed:
                blanked.update(in_run)
            # the next run starts at the line that ended this one (a heading before a text ends a run of one word)
            start = at if in_run else at + 1
    return blanked
