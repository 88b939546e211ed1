"""Licenses a card's lines about licensing name: a line that says "license" (a table row "| Weights license |
CC BY-NC 4.0 |", "**License:** ..."), any line of a "License" section, a table row about the weights under a
"License" column; and which of them say their license of nothing else (the checkpoint's own, as its metadata
would) or of the model beside something else (a question the words leave open).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ...lazy_regex import lazy, prefiltered
from ...matcher import Matcher
from ...normalize import MAX_CLASSIFY_CHARS, tokens
from ...rules import KnowledgeBase
from ..card_words import CardWords, load_card_words
from ..memo import Memo
from .card_links import LINK as _LINK
from .card_links import linked_rules, words_of_line
from .card_tables import LICENSE_WORD, dataset_table_rows, weights_table_rows
from .denied_licenses import without_denied_licenses
from .license_line_sentences import (
    LICENSE_LINE_SENTENCES,
    NAME_ONLY_WORDS,
    license_line_sentence,
    named_in_words,
    without_reason,
)
from .license_sections import (
    LICENSE_LABEL,
    kind_of_license_line,
    lines_of_sections,
)
from .prose import SENTENCE_END, prose_licenses

# A field of a citation or a package's metadata, perhaps not a line about the model's license: TRL's BibTeX entry every TRL-trained
# model's card copies ("@software{vonwerra2020trl, ... license = {Apache-2.0}, ...}": TRL's license; round 46's
# vigneshn-codes/finetuned_model took it for its own), a pyproject's `license = "MIT"`, a Python `license="mit"` argument
_A_FIELD_ASSIGNED = lazy(r"[^\S\n]*[\w.]*licen[cs]e\s*=\s*[{\"'(\[]", re.IGNORECASE)


def license_lines(kb: KnowledgeBase, matcher: Matcher, body: str) -> list[tuple[str, str]]:
    """Licenses named on a card's lines about licensing: a line that says "license" (a table row
    "| Weights license | CC BY-NC 4.0 |", "**License**: ...") or any line of a "License" section,
    in its words or by a link ("[Gemma Terms of Use](https://ai.google.dev/gemma/terms)": the link's
    text names it, or its URL is a vendor's license page a rule lists), and a table row about the weights
    under a "License" column ("| Weights | CC BY-NC 4.0 |")."""
    found: list[tuple[str, str]] = []
    in_section = False
    words = load_card_words()
    body = labels_with_their_values(kb, matcher, body)
    dataset_rows = dataset_table_rows(body)
    for line in body[:MAX_CLASSIFY_CHARS].splitlines():
        if line.lstrip().startswith("#"):
            in_section = bool(LICENSE_WORD.search(line))
        if not (in_section or LICENSE_WORD.search(line)) or line in dataset_rows:
            continue
        stated = without_reason(matcher, words, words_of_line(kb, line))   # it may ask the matcher: only of lines about licensing
        if not words.is_trap(stated):
            named = _line_licenses(kb, matcher, stated)
            if _A_FIELD_ASSIGNED.match(line):
                # a field may be another work's (TRL's citation): it gives no permissive license, but one that restricts
                # is kept, a field of the model's own metadata or citation as it may be (`licence = "CC-BY-NC-4.0"`, review67)
                named = tuple(rule_id for rule_id in named if (rule := kb.get(rule_id)) is None or rule.category != "permissive")
            found.extend((rule_id, line.strip()[:200]) for rule_id in named)
    for cell, row in weights_table_rows(body):
        found.extend((rule_id, row) for rule_id in _line_licenses(kb, matcher, cell))
    return found


# The licenses a license line names, by knowledge base, matcher and line (memo.py)
LINE_LICENSES: Memo[tuple[str, ...]] = Memo()


def _line_licenses(kb: KnowledgeBase, matcher: Matcher, line: str) -> tuple[str, ...]:
    """The licenses a line names in its words, then by its links."""
    return LINE_LICENSES.get((kb, matcher, line), line, lambda: (
        *named_in_words(matcher, line), *(rule.id for rule in linked_rules(kb, line, by_text=True))))


# A line that is a license label and nothing else: "License:", "**License**", "License" alone (what "<p>License:</p>",
# "<div><b>License</b></div>" or a "<dt>License</dt>" render as); a heading is a License section's, read as such. The
# marks before the label are on its own line (whitespace but a newline, ``[^\S\n]``): the same matches of a line, and
# of a body whether there is one (a run crossing newlines begins at a line start too, and the label only after it), but
# ``[\s>*_-]*`` made a body's search quadratic in its runs of blank lines (a license text blanked by
# without_pasted_license_text leaves one per line: ~17 ms a card of 400, three searches a card; speed14)
_LABEL_ALONE = prefiltered(r"^(?:[^\S\n]|[>*_-])*((?:(?:model|weights?)\s+)?(?:licen[cs]es?|licen[cs]ing|lizenz|licencia|许可证?|ライセンス)"
                           r"(?:\s+type)?)[\s*_]*[:：]?[\s*_]*$", re.IGNORECASE | re.MULTILINE)


# A verb that makes a line a sentence, not a name ("BY" and "under" are words of names: "CC BY-NC 4.0")
_A_SENTENCES_VERB = lazy(r"\b(?:is|are|was|were|be|licen[cs]ed|released|provided|see|refer|applies|apply|covers?)\b", re.IGNORECASE)


def labels_with_their_values(kb: KnowledgeBase, matcher: Matcher, body: str) -> str:
    """The body with each line that is a license label alone ("License:", "**License**", "License") joined to the line
    after it, past blank lines, when that line is a license's name and nothing more ("CC BY-NC 4.0", "[CC BY-NC
    4.0](...)"): "License:\n\nCC BY-NC 4.0", "<p>License:</p><p>CC BY-NC 4.0</p>" and "<dt>License</dt><dd>CC BY-NC
    4.0</dd>" state the license as "License: CC BY-NC 4.0" does (review40). A line after it that says more (a sentence,
    a heading, a table's row) is left as it was."""
    if not _LABEL_ALONE.search(body[:MAX_CLASSIFY_CHARS]):
        return body
    lines = body[:MAX_CLASSIFY_CHARS].split("\n")
    for at, line in enumerate(lines):
        label = _LABEL_ALONE.match(line)
        if label is None:
            continue
        value_at = next((index for index in range(at + 1, min(len(lines), at + 6)) if lines[index].strip()), None)
        if value_at is None:
            continue
        value = lines[value_at].strip()
        named = _LINK.sub(r"\1", words_of_line(kb, value))
        if (value.startswith(("#", "|")) or _LABEL_ALONE.match(value) or len(tokens(named)) > NAME_ONLY_WORDS
                or _A_SENTENCES_VERB.search(named) or not matcher.named_licenses(tokens(named))):
            continue
        lines[at] = f"{label.group(1)}: {value}"
        lines[value_at] = ""
    return "\n".join(lines) + body[MAX_CLASSIFY_CHARS:]


# acc43: a heading of a section about data ("## Training data", "### Dataset", "## Datasets used", "## Dataset license").
# acc45 (review47): a heading whose words are ABOUT data, nothing else: "## Training Data Sources", "## 3. Data", not a name
# with "Data" in it ("# Synthetic-Data-Generator-7B"), nor one about the model or its license beside the data ("## Model
# and data license", "## Data and license", "## Using your own data": the line under it is read as before)
_DATA_HEADING = lazy(r"^[^\S\n]*#+(?:[^\w\n]|[\d_])*(?:(?:the|our)\s+)?(?:(?:pre-?|post-?|continued\s+)?training\s+|fine-?tuning\s+|"
                     r"instruction(?:[\s-]+tuning)?\s+|evaluation\s+|eval\s+|sft\s+|rlhf\s+|dpo\s+|synthetic\s+|source\s+)?"
                     r"(?:data|datasets?|data\s+sets?|corpus|corpora)"
                     r"(?:\s+(?:sources?|used|mix(?:ture)?|composition|collection|description|details|overview|summary|statistics|"
                     r"licen[cs]es?|licensing|information|info))?[^\w\n]*$", re.IGNORECASE | re.MULTILINE)
# What ends a section about data besides a heading: a bold label opening a line of its own, not a list's item
# ("**License**", "**License**: CC BY-NC 4.0", "**Usage:**"), which starts another topic, or a horizontal rule (acc45)
_TOPIC_LABEL = lazy(r"^[^\S\n]*>?[^\S\n]*(?:\*\*[^*\n]{1,60}\*\*|__[^_\n]{1,60}__)|^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# A line that says what it says of the model ("License: CC BY-NC 4.0 (applies to the model)"): the model's, wherever it is
_THE_MODEL_WORD = lazy(r"\b(?:models?|weights?|checkpoints?|parameters)\b", re.IGNORECASE)
# A label of the data's license: "Dataset license:", "**Data License:**", "Training data license:"
_DATA_LABEL = lazy(r"^[\s>*_|#-]*(?:training\s+)?(?:data(?:set)?s?|corpus)\s+licen[cs]e[\s*_]*[:：|]", re.IGNORECASE)
# A label's value that scopes each license it names in parentheses: "Apache 2.0 (model), CC BY-NC 4.0 (data)"
_SCOPED_ITEM = lazy(r"\s*(?P<name>[^,;()\n]{2,80}?)\s*\((?P<scope>[^()\n]{1,40})\)\s*")
_SCOPED_SEPARATOR = lazy(r"[,;/+]|\band\b|&", re.IGNORECASE)
# acc45 (review47): a scope that mentions the model, its weights or checkpoints anywhere is the model's part ("(model and
# data)", "(weights, due to the data)", "(model & tokenizer)"); a scope sets a part aside only when it names nothing but
# things other than the model ("(code)", "(training data)", "(code and data)", "(demo)", "(docs)"). Any other scope
# ("(inherited from the training data)", "(v1)") leaves the line as it was.
_OTHER_THING = (r"(?:(?:the|our|all|any)\s+)?(?:(?:training|inference|evaluation|fine-?tuning|source|example|sample)\s+)?"
                r"(?:code|codebase|source\s+code|scripts?|software|data|datasets?|data\s+sets?|corpus|corpora|demos?|"
                r"docs|documentation)")
# (acc79, review70: "only" said of them, "(code only)", "(only the code)")
_ONLY_OTHER_THINGS = lazy(rf"(?:only\s+)?{_OTHER_THING}(?:\s*(?:,|&|/|\+|\band\b|,\s*and\b)\s*{_OTHER_THING})*(?:\s+only)?", re.IGNORECASE)


def _scoped_licenses(value: str) -> list[tuple[str, str]] | None:
    """(the name, its scope) of each item of a label's value written "NAME (scope), NAME (scope)" or "NAME (scope)", or None
    when the value is not all such items."""
    items: list[tuple[str, str]] = []
    at = 0
    while at < len(value):
        item = _SCOPED_ITEM.match(value, at)
        if item is None:
            return None
        items.append((item.group("name").strip(" *_`"), item.group("scope").strip()))
        at = item.end()
        if at < len(value):
            separator = _SCOPED_SEPARATOR.match(value, at)
            if separator is None:
                return None
            at = separator.end()
    # (acc79, review70: one item too, "License = Apache-2.0 (code only)": a license of the code alone leaves the weights' unsaid)
    return items or None


_WeightsLines = tuple[str, tuple[tuple[str, str], ...]]
# The last answer, by the knowledge base and matcher themselves and the body: CardProse and LicenseLineQualifiers (acc66) ask
# it of the same card body one after the other (as split_remembered does for the prose and weights strategies' splits)
_last_weights_lines: tuple[object, object, str, _WeightsLines] = (None, None, "", ("", ()))


def lines_for_the_weights(kb: KnowledgeBase, matcher: Matcher, body: str) -> _WeightsLines:
    """_lines_for_the_weights, the last body's answer remembered."""
    global _last_weights_lines
    last = _last_weights_lines
    if last[0] is not kb or last[1] is not matcher or (last[2] is not body and last[2] != body):
        last = _last_weights_lines = (kb, matcher, body, _lines_for_the_weights(kb, matcher, body))
    return last[3]


def _lines_for_the_weights(kb: KnowledgeBase, matcher: Matcher, body: str) -> _WeightsLines:
    """The card body as far as the weights' license goes, and (the line, what it gives instead) for each line or part
    of a line set aside (acc43):

    - a license label line in a section about data ("## Training data" over "License: CC BY-NC 4.0"), or one that
      labels the data's license ("Dataset license: CC BY-NC 4.0"), describes the data, not the weights: it is left out
      (a note says of what it is). acc45: a section whose heading's words are about data and nothing else, down to the
      next heading, a bold label alone ("**License**") or a rule; a line that mentions the model stays the model's;
    - a label line whose value scopes its licenses in parentheses ("License: Apache 2.0 (model), CC BY-NC 4.0 (data)")
      is kept with the model's part alone ("License: Apache 2.0"); the others' parts are notes. A scope that mentions
      the model anywhere is the model's ("(model and data)"); one that names anything but code, data, a demo or docs
      ("(v1)", "(inherited from the training data)", "(original model)") leaves the line as it was (acc45).

    Only label lines: a sentence ("The model weights are released under ...") is read as before wherever it stands."""
    joined = labels_with_their_values(kb, matcher, body)
    if joined is body and not (_DATA_HEADING.search(body[:MAX_CLASSIFY_CHARS]) or _DATA_LABEL.search(body[:MAX_CLASSIFY_CHARS])
                               or "(" in body[:MAX_CLASSIFY_CHARS]):
        return body, ()
    original = body.split("\n")
    lines = joined.split("\n")
    if len(lines) != len(original):   # (labels_with_their_values keeps each line where it was)
        return body, ()
    out = list(original)
    set_aside: list[tuple[str, str]] = []
    data_heading = ""

    def value_line_too(at: int) -> None:
        if lines[at] != original[at]:   # the label's value was on a line of its own: it goes with it
            value_at = next((i for i in range(at + 1, min(len(lines), at + 6)) if original[i].strip() and not lines[i].strip()), None)
            if value_at is not None:
                out[value_at] = ""

    read = 0
    for at, line in enumerate(lines):
        read += len(line) + 1
        if read > MAX_CLASSIFY_CHARS:
            break
        if line.lstrip().startswith("#"):
            # any heading ends a section about data (acc45: a deeper one too, unless it is about data itself)
            data_heading = line.strip() if _DATA_HEADING.match(line) else ""
            continue
        if not line.strip():
            continue
        if _TOPIC_LABEL.match(original[at]):
            data_heading = ""   # "**License**" alone, a rule: another topic (acc45)
        words = _LINK.sub(r"\1", words_of_line(kb, line))
        data_label = _DATA_LABEL.match(words)
        label = data_label or LICENSE_LABEL.match(words)
        if label is None or label.group(0).rstrip().lower().endswith("under") or not _line_licenses(kb, matcher, words):
            continue   # a label, not a sentence ("Released under ..." is read as before)
        # a label of the model's license, or a line that says it is the model's ("(applies to the model)"), is the
        # model's under a data heading too (acc45)
        of_the_model = not data_label and (_MODEL_LABEL.match(words) or _THE_MODEL_WORD.search(words))
        # a table's row under a data heading ("| License | CC BY-NC 4.0 |" beside "| Model | ... |") is read as before
        if data_label or (data_heading and not of_the_model and not line.lstrip().startswith("|")):
            out[at] = ""
            value_line_too(at)
            set_aside.append((original[at].strip()[:200], "the data's license" if data_label
                              else f"the license of the data its section “{data_heading[:80]}” is about"))
            continue
        scoped = _scoped_licenses(words[label.end():].strip())
        if scoped is None or data_label:
            continue
        model = [name for name, scope in scoped if _THE_MODEL_WORD.search(scope)]
        others = [(name, scope) for name, scope in scoped if not _THE_MODEL_WORD.search(scope)]
        if not others or any(not _ONLY_OTHER_THINGS.fullmatch(scope) for _, scope in others):
            continue   # all the model's, or "(v1)", "(inherited from the training data)": the line as it was (acc45)
        out[at] = f"{words[:label.end()]} {', '.join(model)}" if model else ""
        value_line_too(at)
        set_aside.extend((original[at].strip()[:200], f"“{name}” as the license of the {scope}") for name, scope in others)
    if not set_aside:
        return body, ()
    return "\n".join(out), tuple(set_aside)


# A label of the model's own license: "Model license:", "Weights license:"
_MODEL_LABEL = lazy(r"^[\s>*_|#-]*(?:model|weights?)\s+licen[cs]", re.IGNORECASE)


def bare_license_lines(kb: KnowledgeBase, matcher: Matcher, body: str) -> dict[str, str]:
    """The licenses of ``license_lines_read`` said of nothing else (the first of its two answers)."""
    return license_lines_read(kb, matcher, body)[0]


def license_lines_read(kb: KnowledgeBase, matcher: Matcher, body: str) -> tuple[dict[str, str], dict[str, str]]:
    """Licenses a card's license lines name, when the line says of nothing else that it covers it: a line that
    labels the license ("**License:** CC BY-NC 4.0", "| License | CC BY-NC 4.0 |"), or in a "License" section
    a line that is a license's name ("## License\n\n[CC BY-NC 4.0](...)") or says what it is licensed under
    ("This project is licensed under CC BY-NC 4.0."), whose words, section heading and lead-in ("The code is
    released under:") name no code, data, demo, outputs or other model. Such a line states the checkpoint's
    license as the metadata does: {rule id: the line}, the first line of each.

    Second: the licenses of such lines whose own words also name data, code or another model, and the model or its
    weights, or say the license is the same as or inherited from something ("The model weights follow the dataset
    license: CC BY-NC 4.0", "**License:** Code and model: CC BY-NC 4.0", "CC BY-NC 4.0 (same as the training
    data)"), unless what they license is something else ("The training data is licensed under ..."): whether the
    weights are under it the words do not settle, and a gate must not pass them (review 12)."""
    read = _license_lines_walked(kb, matcher, body)
    return dict(read.bare), dict(read.mixed)


class _LicenseLinesRead(NamedTuple):
    bare: dict[str, str]
    mixed: dict[str, str]
    own_names: tuple[tuple[str, str], ...]


# The last card's walk, by its knowledge base, matcher and card words (the objects themselves: a card words' hash
# would hash its every pattern) and body: the prose strategy asks for the license lines and weights_terms for the own
# license names of the same card, one after the other (a tuple: threads may share it)
_last_walk: tuple[object, object, object, str, _LicenseLinesRead] | None = None


def _license_lines_walked(kb: KnowledgeBase, matcher: Matcher, body: str) -> _LicenseLinesRead:
    global _last_walk
    words = load_card_words()
    last = _last_walk
    if last is not None and last[0] is kb and last[1] is matcher and last[2] is words and last[3] == body:
        return last[4]
    read = _walk_license_lines(kb, matcher, words, body)
    _last_walk = (kb, matcher, words, body, read)
    return read


def _walk_license_lines(kb: KnowledgeBase, matcher: Matcher, words: CardWords, body: str) -> _LicenseLinesRead:
    """One walk over the card's lines gives both answers: what ``license_lines_read`` and ``own_license_names``
    say (each line's words, links and first sentence without its reason are read once for both)."""
    found: dict[str, str] = {}
    mixed: dict[str, str] = {}
    own_names: list[tuple[str, str]] = []
    body = labels_with_their_values(kb, matcher, body)
    for line, in_section, heading, lead, labelled_lead, label_heading in lines_of_sections(body):
        linked = _LINK.sub(r"\1", words_of_line(kb, line))
        plain = without_denied_licenses(linked)   # "Apache 2.0 (not CC BY-NC 4.0)" gives Apache
        first: tuple[str, str] | None = None   # the first sentence of plain, and it without its reason
        # outside a License section only a line whose first sentence labels the license names one; a heading that
        # labels it ("## License: Acme Model License") gives only an own license name
        if not label_heading and (in_section or LICENSE_LABEL.match(plain)):
            # sentence by sentence: "CC BY-NC 4.0. For commercial applications, contact us." names the license in the first
            for at, said in enumerate(SENTENCE_END.split(plain)):
                sentence = without_reason(matcher, words, said)
                if at == 0:
                    first = (said, sentence)
                kind, named = LICENSE_LINE_SENTENCES.get(
                    (kb, matcher, heading, lead, sentence, in_section, at == 0), sentence,
                    lambda: license_line_sentence(kb, matcher, words, heading, lead, sentence, in_section, at == 0))  # noqa: B023 (called at once)
                for rule_id in named:
                    (mixed if kind == "mixed" else found).setdefault(rule_id, line.strip()[:200])
        own = _own_license_name(kb, matcher, words, line, linked, first, in_section, heading, labelled_lead)
        if own is not None:
            own_names.append(own)
    return _LicenseLinesRead(found, mixed, tuple(own_names))


# A License section's line that is a license's name and nothing more ("Acme Model License", "[Acme Community
# License v1](https://acme.example/terms)"); "END OF TERMS AND CONDITIONS" of a pasted license text is none
# A License section's line that gives the terms as the publisher's own or as still to come, with no name: "TBD.",
# "Proprietary", "All rights reserved"
_TERMS_WITHOUT_A_NAME = prefiltered(r"[\W_]*(?:tbd|tba|to\s+be\s+(?:determined|decided|announced|confirmed)|coming\s+soon|pending|"
                                    r"proprietary|all\s+rights\s+reserved)[\W_]*$", re.IGNORECASE)
_A_LICENSE_NAME = prefiltered(r"[\W_]*[^\W_][^\n]{0,80}?\b(?:licen[cs]e|agreement|terms\s+of\s+use)(?:\s+v?\d[\d.]*)?[\W_]*$", re.IGNORECASE)


def own_license_names(kb: KnowledgeBase, matcher: Matcher, body: str) -> list[tuple[str, str]]:
    """(what it gives as the license, the line) for each line that gives the checkpoint's own license, said of
    nothing else, and names none licscan knows: a line that labels the license ("**License:** [Acme Model
    License](https://acme.example/license)") or a License section's line that is a license's name ("## License\n\n
    Acme Model License"). Whether what it gives is a license's name the caller judges (weights_terms): beside an
    Apache LICENSE such a line leaves the checkpoint's terms unknown, as "The weights are under ..." does (review13)."""
    return list(_license_lines_walked(kb, matcher, body).own_names)


def _own_license_name(kb: KnowledgeBase, matcher: Matcher, words: CardWords, line: str, plain: str,
                      first: tuple[str, str] | None, in_section: bool, heading: str, lead: str) -> tuple[str, str] | None:
    """What one line gives as the checkpoint's own license (``own_license_names``), and the line; ``plain``: its words
    with links read as their text; ``first``: the first sentence of its words without denied licenses, and that
    sentence without its reason, when the walk read them."""
    said = SENTENCE_END.split(plain, maxsplit=1)[0]
    # without denied licenses the line's words are most often the same: the walk's reading of them is this one's
    sentence = first[1] if first is not None and first[0] == said else without_reason(matcher, words, said)
    label = LICENSE_LABEL.match(sentence)
    if label is None:
        label = _TERMS_LABEL.match(sentence)
        if label is not None and "weight" in label.group(0).lower() and not LICENSE_WORD.search(sentence):
            return None   # "- **Model weights:** [🤗 Hugging Face](...)" says where the weights are, not under what
    if label is not None:
        given = sentence[label.end():]
    elif in_section and (_A_LICENSE_NAME.match(plain) and _a_name(plain) or _TERMS_WITHOUT_A_NAME.match(plain)):
        given = sentence = plain   # "1. TASS Dataset license" is one name, its data's; "## Licence\n\nTBD." gives none yet
    else:
        return None
    if (_line_licenses(kb, matcher, line) or prose_licenses(kb, plain)
            or kind_of_license_line(words, heading, lead, sentence, in_section) != "bare"):
        return None
    return given.strip(" *_|`\"'"), line.strip()[:200]


# The other labels a card's own terms go by than a License label (license_sections.LICENSE_LABEL):
# "- Model weights: [Acme Model License](...)", "**Licença:** ...", "**Terms of Use**: [Terms](https://acme.ai/terms)"
# (Google's Gemma cards link their terms' pages, which the gemma rule lists, review19)
_TERMS_LABEL = prefiltered(r"^[\s>*_|#-]*(?:(?:model\s+)?weights|terms\s+of\s+use|licen[çc]a|licenza|licentie|licencja|lisans"
                           r"|라이선스|라이센스|лицензия)"
                           r"[\s*_]*[:：][\s*_]*", re.IGNORECASE)


def _a_name(line: str) -> bool:
    """A few words, the first capitalised, as a name is written: not a line of a license text pasted in the
    section ("any portion thereof) made available under this Agreement.")."""
    first = line.lstrip(" \t*_>|`\"'-")[:1]
    return (first.isupper() or first.isdigit()) and len(line.split()) <= NAME_ONLY_WORDS and not _A_VERB.search(line)


# A sentence's words, which a name has none of ("The model is provided by Google under the Apache License." is read
# as a statement, by weights_terms)
_A_VERB = lazy(r"\b(?:is|are|was|were|be|under|by|licen[cs]ed|released|provided|see|refer)\b", re.IGNORECASE)
