"""A card's Markdown tables as far as licenses go: the rows whose License column gives the weights' license
("| Weights | CC BY-NC 4.0 |") and the rows of tables that list datasets (their licenses are the data's)."""

from __future__ import annotations

import re
import threading

from ...base_tables import MODEL_COLUMN
from ...lazy_regex import lazy
from ...model_names import names_another_model, plain_name, title_names
from ...normalize import MAX_CLASSIFY_CHARS
from ..card_words import CardWords, load_card_words

# "license" starting a word ("License:", "licensed", "Licencia"), not inside a repo name ("...-nolicense-GGUF"),
# and the Chinese and Japanese words for a license ("## 许可证", "ライセンス")
LICENSE_WORD = lazy(r"(?<![a-z])licen[cs]|(?<![a-z])lizenz|许可|授权协议|ライセンス|利用規約|라이선스|라이센스", re.IGNORECASE, first_chars=True)

# A Markdown table: a header row, a delimiter row ("|---|:---:|"), then rows with a "|" in each.
_TABLE_DELIMITER = lazy(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
# What a table row is about, in the cells beside its license: "| Weights | CC BY-NC 4.0 |", "| Model checkpoints | ... |"
_WEIGHTS_CELL = lazy(r"\b(?:weights?|models?|checkpoints?|parameters)\b", re.IGNORECASE)
# A column of models the card's model came from or was compared with: "| Base model | License |"
_ANOTHER_MODEL = lazy(r"\b(?:base|original|parent|upstream|teacher|reference|baselines?|compared)\b", re.IGNORECASE)


# A lead-in that compares ("We compare with the strongest open model of the same size:", "## Baselines", "vs.")
_COMPARING = lazy(r"\bcompar\w*|\bversus\b|\bvs\b\.?|\bbaselines?\b|\bother models?\b", re.IGNORECASE)
# Results lead into a table of other models when they head it ("## Benchmarks", "**Leaderboard**") or the line before it
# ends on a colon ("Results on standard benchmarks:"); a sentence saying the model "performs strongly on standard
# benchmarks" leads into nothing (review19)
_RESULTS = lazy(r"\bbenchmarks?\b|\bleaderboard", re.IGNORECASE)


def _compares(lead: str) -> bool:
    """Whether the lines that lead into a table (its heading, the sentence before it) say it compares models."""
    return bool(_COMPARING.search(lead)) or any(
        _RESULTS.search(line) and (line.lstrip().startswith("#") or line.rstrip().endswith((":", "：")) or len(line.split()) <= 4)
        for line in lead.splitlines())


_LINK_TARGET = lazy(r"\]\([^)\n]*\)")


def _tables(body: str) -> list[tuple[list[str], list[str]]]:
    """Each Markdown table of the card as (its header's cells, its rows)."""
    return [(header, rows) for header, rows, _ in _tables_led_in(body)]


def _tables_led_in(body: str) -> list[tuple[list[str], list[str], str]]:
    """Each Markdown table of the card as (its header's cells, its rows, the two lines before it that are not
    blank, line by line: its heading or the sentence that leads into it)."""
    if not has_a_table_mark(body):
        return []
    lines = body[:MAX_CLASSIFY_CHARS].splitlines()
    # the lead's words, not its links' targets ("[![](button.png)](https://huggingface.co/exbert/?model=bert-base-uncased)"
    # names no base model before a table)
    return [(_cells(header), rows, _LINK_TARGET.sub("]", "\n".join([line for line in lines[max(0, at - 6):at] if line.strip()][-2:])))
            for at, header, rows in _table_blocks(lines)]


def has_a_table_mark(body: str) -> bool:
    """Whether the part of the body licscan reads has a "|": without one it has no table (_table_blocks takes a header
    line only where it holds a "|"), and every reader of tables here finds nothing in it, so each returns before it
    splits the body into lines and reads its title (most cards have no table: 4 readers asked it of each; speed15)."""
    return "|" in body[:MAX_CLASSIFY_CHARS]


def _table_blocks(lines: list[str]) -> list[tuple[int, str, list[str]]]:
    """Each Markdown table among ``lines``: (the index of its header line, that line, its rows after the delimiter)."""
    out: list[tuple[int, str, list[str]]] = []
    index = 0
    while index + 1 < len(lines):
        if "|" not in lines[index] or not _TABLE_DELIMITER.match(lines[index + 1]):
            index += 1
            continue
        at, rows = index, []
        index += 2
        while index < len(lines) and "|" in lines[index]:
            rows.append(lines[index])
            index += 1
        out.append((at, lines[at], rows))
    return out


def weights_table_rows(body: str) -> list[tuple[str, str]]:
    """(the License column's cell, the row) of each row, in a table with a "License" column, whose other cells
    name the weights or the model: "| Component | License |" ... "| Weights | CC BY-NC 4.0 |". The row
    itself need not say "license": the header does, and a table's only row under a "Model" column is the model's.
    Rows about code, data or other things are not these."""
    if not has_a_table_mark(body):
        return []
    words = load_card_words()
    out: list[tuple[str, str]] = []
    own = _own_name(body)
    for header, rows, lead in _tables_led_in(body):
        column = next((i for i, cell in enumerate(header) if LICENSE_WORD.search(cell)), None)
        if column is None:
            continue
        # a table of one model under a "Model" column ("| Model | License |" ... "| Foo-7B | CC-BY-NC |") gives the
        # license of the model the card is about; a table of several lists its siblings' too, and one a comparison
        # leads into ("We compare with the strongest open model of the same size:", "## Baseline") another model's
        about = " ".join(c for i, c in enumerate(header) if i != column)
        one_model = (len(rows) == 1 and bool(_WEIGHTS_CELL.search(about)) and not _ANOTHER_MODEL.search(about)
                     and not words.is_trap(about) and not _ANOTHER_MODEL.search(lead) and not _compares(lead))
        for row in rows:
            cells = _cells(row)
            subject = " ".join(cell for i, cell in enumerate(cells) if i != column)
            # a row naming the card's own model by its title ("# Acme-7B" ... "| Acme-7B | CC BY-NC 4.0 |") gives its
            # license, in a table of its siblings too (acc20)
            names_it = own is not None and any(_name_key(cell) == own for i, cell in enumerate(cells) if i != column)
            if column < len(cells) and cells[column] and (one_model or names_it or _WEIGHTS_CELL.search(subject)) \
                    and not words.is_trap(row):
                out.append((cells[column], row.strip()[:200]))
    return out


_TITLE = lazy(r"^#[ \t]+(.+)$", re.MULTILINE)
_MARKUP = lazy(r"\[([^\]\n]*)\]\([^)\n]*\)|[*_`]")


def _name_key(text: str) -> str:
    """A model's name as compared: link text for the link, no emphasis, case and spaces ignored, without the owner."""
    return "".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split()).lower().rsplit("/", 1)[-1]


def _own_name(body: str) -> str | None:
    """The card's own model as its first heading names it ("# Acme-7B"), when it is a name (no spaces in it: "# Model
    Card for Acme" is no name), or None."""
    title = _TITLE.search(body[:MAX_CLASSIFY_CHARS])
    words = _MARKUP.sub(lambda m: m.group(1) or "", title.group(1)).strip() if title else ""
    return _name_key(words) if words and len(words.split()) == 1 and len(words) >= 3 else None


_HEADING = lazy(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*)$", re.MULTILINE)
# A line that is only a label, bold or ending on a colon ("**License**", "__License:__", "License:"): it heads what
# follows it as a heading would
_LABEL = lazy(r"^[ \t]{0,3}(?:(?:\*\*|__)([^*_\n]{1,60}?)[ \t]*:?[ \t]*(?:\*\*|__)|([^\s|:<>#*`][^\n|:<>#*`]{0,39}?)[ \t]*[:：])[ \t]*:?[ \t]*$",
              re.MULTILINE)
# What a section of terms is headed by: a license ("## License", "**Model License**") or terms ("## Terms of use")
_TERMS_WORD = lazy(r"(?<![a-z])licen[cs]|(?<![a-z])lizenz|许可|授权协议|ライセンス|利用規約|\bterms\b|\busage policy\b", re.IGNORECASE,
                   first_chars=True)


def _heads(body: str) -> list[tuple[int, int, str]]:
    """Each heading and label line of the card, in order, as (where it starts, its level, its words): a label is of
    level 7, below any heading."""
    found = [(h.start(), len(h.group(1)), h.group(2)) for h in _HEADING.finditer(body)]
    # a line ending on a colon is a label when it stands alone, after a blank line, in a few words: not a line of a
    # license text's paragraph ("            with the Licensed Material:")
    found += [(m.start(), 7, m.group(1) or m.group(2)) for m in _LABEL.finditer(body)
              if m.group(1) or (len(m.group(2).split()) <= 4 and _after_a_blank_line(body, m.start()))]
    return sorted(found)


def _after_a_blank_line(body: str, start: int) -> bool:
    before = body[max(0, start - 200):start].rstrip(" \t")
    return not before.strip() or bool(re.search(r"\n[ \t]*\n$", before))


# The last bodies read without their data sections, with the card words they were read with: a card's body is read so
# by without_pasted_license_text, CardBodyText and holds_a_license_text in turn (2,054 readings of 1,000 cards; speed14).
# The answer is a function of the body and the card words alone; bounded, each entry holding its words (never an id).
_RECENT_BODIES = 8
_recent_bodies: dict[str, tuple[CardWords, str]] = {}
_recent_lock = threading.Lock()


def without_data_sections(body: str) -> str:
    """The card body without the sections a heading says are about data ("### Training Dataset", "#### Unnamed
    Dataset", "## Evaluation data"), down to the next heading of their level or above: the examples sentence-transformers
    cards show there ("* Samples: | <code>Redistribution and use in source and binary forms ...") are data, not the
    card's license text (acc20: sajaa45/sbert_finetuned_licenses, trained to tell licenses apart). A heading or label
    that says license ends such a section at any level: a license text pasted under a "**License**" label or a "###
    License" heading after "## Training Data" is the card's (review20 F3)."""
    words = load_card_words()
    known = _recent_bodies.get(body)
    if known is not None and known[0] is words:
        return known[1]
    kept_body = _without_data_sections(body, words)
    with _recent_lock:
        if len(_recent_bodies) >= _RECENT_BODIES:
            _recent_bodies.pop(next(iter(_recent_bodies)), None)
        _recent_bodies[body] = (words, kept_body)
    return kept_body


def _without_data_sections(body: str, words: CardWords) -> str:
    kept, cut_level, at = [], 0, 0
    for start, level, title in _heads(body):
        says_license = bool(LICENSE_WORD.search(title))
        if cut_level and level > cut_level and not says_license:
            continue
        if cut_level:
            at, cut_level = start, 0
        if level <= 6 and words.is_trap(title) and not says_license:   # not "## License and training data"
            kept.append(body[at:start])
            cut_level = level
    kept.append("" if cut_level else body[at:])
    return "".join(kept)


def terms_sections(body: str) -> list[str]:
    """The sections of the card a heading or label says are its license or terms ("## License", "**License**",
    "## Terms of use"), each down to the next heading of its level or above (a label's: to the next heading or label)."""
    heads = _heads(body[:MAX_CLASSIFY_CHARS])
    return [body[start:_section_end(body, heads, index)] for index, (start, _, title) in enumerate(heads) if _TERMS_WORD.search(title)]


def anchored_section(body: str, anchor: str) -> str | None:
    """The words under the heading an in-page link ("[协议](#协议)") names, down to the next heading of its level or
    above, or None when the card has no such heading. The heading's anchor is written as GitHub and the Hub write it:
    lower case, punctuation out, spaces as hyphens."""
    heads = [(h.start(), len(h.group(1)), h.group(2)) for h in _HEADING.finditer(body[:MAX_CLASSIFY_CHARS])]
    for index, (start, _, title) in enumerate(heads):
        if re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-") == anchor.strip().lower():
            line_end = body.find("\n", start)
            return body[line_end if line_end != -1 else len(body):_section_end(body, heads, index)]
    return None


def _section_end(body: str, heads: list[tuple[int, int, str]], index: int) -> int:
    """Where the section of ``heads[index]`` ends: at the next heading of its level or above (for a label, level 7: the
    next heading or label), else where licscan stops reading."""
    level = heads[index][1]
    return next((start for start, other, _ in heads[index + 1:] if other <= level), min(len(body), MAX_CLASSIFY_CHARS))


def dataset_table_rows(body: str) -> set[str]:
    """The rows of tables whose first column lists datasets ("| Dataset | License |"): their licenses are the data's."""
    if not has_a_table_mark(body):
        return set()
    words = load_card_words()
    return {row for header, rows in _tables(body) if header and words.is_trap(header[0]) for row in rows}


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


# A column heading or a row's label that says its cells name the model this one was made from: "| Base model | Quant |",
# "| Base | Aya Expanse 8B |", "**Base Model**", "Finetuned from:" (review24)
_BASE_LABEL = lazy(r"(?:base|parent|original|foundation|source)(?:[ _-]?models?)?|fine[- ]?tuned from(?: model)?|based on|"
                   r"basis|基础模型|基座模型|底座模型|ベースモデル", re.IGNORECASE)


def _label(cell: str) -> str:
    return _MARKUP.sub(lambda m: m.group(1) or "", cell).strip().rstrip(":：").strip()


def base_table_cells(body: str, own_names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(the table's words quoted, the cell) for each cell a table gives as the model's base: a two-cell row labelled
    "Base" or "Base model" ("| Base | Aya Expanse 8B |", also as a table's header), and the cell under a "Base model"
    column when the table is about this model: its only row, or the row naming it by its title or ``own_names`` (a
    list of the publisher's models, "| LegalOne-8B | 8B | Qwen3-8B-Base |"). Not a table a comparison or results lead
    into, nor a row of the compared models: their bases are theirs."""
    if not has_a_table_mark(body):
        return []
    own = {_name_key(name) for name in own_names if name} | ({_own_name(body)} - {None})
    # the names the card's title gives it ("# Model Card for Acme-7B", "# Acme-7B: a chat model", acc60)
    titled = {key for key in own if key} | {_name_key(name) for name in title_names(body[:MAX_CLASSIFY_CHARS]) if name}
    out: list[tuple[str, str]] = []
    for header, rows, lead in _tables_led_in(body):
        if _compares(lead) or _ANOTHER_MODEL_LEAD.search(lead):
            continue
        for cells in (header, *map(_cells, rows)):
            filled = [cell for cell in cells if cell]
            if len(filled) == 2 and _BASE_LABEL.fullmatch(_label(filled[0])) and not _BASE_LABEL.fullmatch(_label(filled[1])):
                out.append((f"| {filled[0]} | {filled[1]} |", filled[1]))
        column = next((i for i, cell in enumerate(header) if _BASE_LABEL.fullmatch(_label(cell))), None)
        if column is None or len([cell for cell in header if cell]) == 2 and column == 0:
            continue   # a two-cell header labelled "Base" is a row of its own ("| Base model | openai/gpt-oss-20b |")
        models = next((i for i, cell in enumerate(header) if i != column and MODEL_COLUMN.fullmatch(_label(cell))), None)
        for row in rows:
            cells = _cells(row)
            names_it = any(_name_key(cell) in own for i, cell in enumerate(cells) if i != column)
            if len(rows) == 1 and models is not None and models < len(cells) and not names_it \
                    and _another_model(cells[models], titled) and not _BASE_LEAD.search(lead):
                continue   # "## Related models" / "| acme/Acme-Cmd-35B | CohereForAI/c4ai-command-r-v01 |": a sibling's base (acc57)
            if column < len(cells) and cells[column] and (len(rows) == 1 or names_it):
                out.append((f"| {' | '.join(header)} | ... {row.strip()[:200]}", cells[column]))
    return out


# A lead saying the table gives this model's base ("## Base model", "### Lineage"); the column of the models its rows are
# about ("| Model | Base model |") is base_tables.MODEL_COLUMN
_BASE_LEAD = lazy(r"\b(?:base[ _-]?(?:model|checkpoint)s?|lineage|fine-?tuned from|parent model)\b", re.IGNORECASE)


def _another_model(cell: str, own: set[str]) -> bool:
    """Whether a model column's cell is clearly about another model than this one: a repo id (or a link to one) whose
    name neither holds one of this model's names nor is held in one. A name written bare ("| Acme-7B |" under
    "# Introduction") or "acme/acme-7b-chat" under "# Model Card for Acme-7B" is this model written differently (acc60;
    a sibling's row is known by a lead saying so: _ANOTHER_MODEL_LEAD)."""
    ids = [text for text in (*_LINK_URL.findall(cell), _MARKUP.sub(lambda m: m.group(1) or "", cell)) if "/" in text]
    names = {plain_name(text.strip().rstrip("/").rsplit("/", 1)[-1]) for text in ids} - {""}
    return names_another_model(names, {plain_name(key) for key in own})


_LINK_URL = lazy(r"\[[^\]\n]*\]\(([^)\s]*)\)")
# (acc60: "## Related models", "### See also" lead into a list of other models too)
_ANOTHER_MODEL_LEAD = lazy(r"\b(?:other|compared|baselines?|siblings?|family|series|collection|related|see also)\b",
                           re.IGNORECASE)


# A Hub model's page in a link ("https://huggingface.co/bigscience/bloomz-p3"), not a dataset's or a Space's
# (the repo's page itself: a link to a file in it, ".../blob/main/LICENSE", is to terms, not to a model of the table)
_HUB_MODEL_PAGE = lazy(r"huggingface\.co/(?!datasets/|spaces/)([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)(?![\w.-]|/(?:blob|resolve|raw)/)")


def other_models_rows(body: str, own_id: str) -> set[str]:
    """The rows of a model family's table that are about other models than this one: a table in groups, each led by a
    row whose first cell alone has words ("| Multitask finetuned on P3. Released for research purposes only. | | |"),
    where this model is linked in one group: the other groups' rows, their lead rows' words included, say nothing of it
    (bigscience/bloomz-560m's card, shared by the whole BLOOMZ & mT0 family). Nothing when the model is in no group
    (a copy under another name): then every row may be about it."""
    if not has_a_table_mark(body):
        return set()
    own = own_id.strip("/").lower()
    own_name = own.rsplit("/", 1)[-1]
    out: set[str] = set()
    for _, header, table_rows in _table_blocks(body[:MAX_CLASSIFY_CHARS].splitlines()):
        groups: list[list[str]] = []
        for row in (header, *table_rows):
            cells = _cells(row)
            if (len(cells) >= 3 and cells[0] and not any(cells[1:])) or not groups:
                groups.append([])
            groups[-1].append(row)
        if len(groups) < 2:
            continue
        linked = [{m.lower() for row in group for m in _HUB_MODEL_PAGE.findall(row)} for group in groups]
        holding = [any(repo == own or repo.rsplit("/", 1)[-1] == own_name for repo in repos) for repos in linked]
        if any(holding):
            # a group linking no model ("| All models in this table are for non-commercial use only. | | |" as the last
            # row) and a lead row speaking of every model ("All models below are released for research purposes only.")
            # are about this one too (review40)
            out.update(row for group, holds, repos in zip(groups, holding, linked, strict=True) if repos and not holds
                       for row in group if not _EVERY_MODEL.search(row))
    return out


_EVERY_MODEL = lazy(r"\b(?:all|every|each|any|entire|whole)\b|\bthis table\b|\bthe following\b", re.IGNORECASE)
