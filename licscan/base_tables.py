"""The base a table in a card names: a "Base model" column whose rows give one base, or the row of a table of models
that is this checkpoint (base_ids.labelled_base_ids reads it beside the "Base model:" labels, on a card with a license of
its own: a fine-tune carries its base's terms whatever its card declares)."""

from __future__ import annotations

import re

from .base_labels import BASE_LABEL_VALUE, ENGLISH_BASE_LABEL, label_value
from .lazy_regex import lazy
from .model_names import names_another_model, plain_name

_TABLE_ROW = lazy(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_CELL_MARKUP = lazy(r"[*_`]+")
_TABLE_LABEL_CELLS: dict[str, re.Pattern[str]] = {}
_TABLE_VALUE_CELL = lazy(rf"{BASE_LABEL_VALUE}\s*\)?", re.IGNORECASE)


# A table's column of the models its rows are about ("| Model | Base model |"), and a row's words that make it this one's
MODEL_COLUMN = lazy(r"(?:models?|model (?:name|id|repo)|names?|checkpoints?|模型|模型名称)", re.IGNORECASE)
_THIS_MODEL = lazy(r"\b(?:this (?:model|checkpoint|repo(?:sitory)?)|ours|you are here)\b", re.IGNORECASE)
_ROW_LINK = lazy(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")
# a heading over the table saying it gives this model's base ("## Base model", "### Model lineage")
_BASE_HEADING = lazy(r"^#{1,6}[ \t]+[^\n]*\b(?:base[ _-]?(?:model|checkpoint)s?|lineage|fine-?tuned from|parent model)\b",
                     re.IGNORECASE | re.MULTILINE)
_HEADING = lazy(r"^#{1,6}[ \t]", re.MULTILINE)
# a heading over a table saying its rows are other models than this one ("## Related models", "### See also", acc60;
# "## Baselines", "### Comparison"): words about models, not any "family", "series" or "collection" ("## Time series
# support", "## Family-friendly outputs", "## Training on our data collection" head this model's own table, review58)
_OTHER_HEADING = lazy(r"^#{2,6}[ \t]+[^\n]*(?:\b(?:related|others?|similar|sibling|more)[ \t]+(?:models?|checkpoints?|variants?|"
                      r"versions?|releases?)\b|\bsiblings?\b|\bsee also\b|\bmodel[ \t]+(?:family|series|collection|zoo)\b|"
                      r"\b(?:family|series|collection)[ \t]+of[ \t]+models\b|\bothers\b|\bbaselines?\b|\bcompar\w*)", re.IGNORECASE | re.MULTILINE)


def _row_model(cell: str, own_plain: set[str]) -> str:
    """What a table row's model cell says of this checkpoint: "self" (its own name, a link or repo id ending in it, or
    "(this model)"), "copy" (a name that starts with its own: its quantised or converted copy), else "other"."""
    if _THIS_MODEL.search(cell):
        return "self"
    link = _ROW_LINK.search(cell)
    text = link.group("text") if link else cell
    names = {plain_name(text.rsplit("/", 1)[-1])}
    if link:
        names.add(plain_name(link.group("url").rstrip("/").rsplit("/", 1)[-1]))
    if names & own_plain:
        return "self"
    return "copy" if any(name and own and name.startswith(own) for name in names for own in own_plain) else "other"


def _clearly_other(cell: str, own_plain: set[str]) -> bool:
    """Whether a table's only row is clearly about another model than this one: its model cell is a repo id (or links
    one) whose name neither holds one of this checkpoint's names nor is held in one ("acme/acme-7b-chat" is Acme-7B
    written differently, acc60). A name written bare ("Acme-7B" under "# Introduction") is this model's."""
    if _THIS_MODEL.search(cell):
        return False
    link = _ROW_LINK.search(cell)
    ids = [text for text in ((link.group("text"), link.group("url")) if link else (cell,)) if "/" in text]
    return names_another_model({plain_name(text.rstrip("/").rsplit("/", 1)[-1]) for text in ids} - {""}, own_plain)


def table_column_bases(body: str, foreign: str, own_plain: set[str] | None = None) -> list[tuple[str, bool, str]]:
    """The base a table names under a "Base model" (or "Base checkpoint") column when its rows give one: "| Base model |
    Parameters |" / "|---|---|" / "| acme/secret-nc-7b | 7B |" (review54: only "| Base model | org/X |" rows were read), or
    rows that all give the same base. A table whose rows give several lists other models' bases (a model zoo): none is
    this one's. A table with a column of the models its rows are about ("| Model | Base model |") gives the base of the
    row that is this checkpoint ("| acme/Acme-7B | org/X |", "| **Acme-7B** (this model) | org/X |") when the other rows
    are models made from it ("| acme/Acme-7B-GGUF | acme/Acme-7B |"), or the one base of rows that are it and its copies;
    rows about other models only ("## Related models", acc57: a sibling's base) give none, unless a heading over the table
    says it gives this model's base (in a zoo of siblings, DeepSeek-R1's distills, its row is read as the zoo is: none).
    ``own_plain``: this checkpoint's names (_plain)."""
    if "|" not in body or not _TABLE_ROW.search(body):
        return []
    label = _TABLE_LABEL_CELLS.get(foreign)
    if label is None:
        labels = f"{ENGLISH_BASE_LABEL}|{foreign}" if foreign else ENGLISH_BASE_LABEL
        label = _TABLE_LABEL_CELLS[foreign] = re.compile(rf"(?:{labels})(?:\s*\(?(?:id|repo|hub id)\)?)?", re.IGNORECASE)
    found = []
    lines = body.splitlines()
    at = 0
    while at < len(lines):
        if not _TABLE_ROW.fullmatch(lines[at]):
            at += 1
            continue
        end = at
        while end < len(lines) and _TABLE_ROW.fullmatch(lines[end]):
            end += 1
        rows = [[_CELL_MARKUP.sub("", cell).strip() for cell in line.strip().strip("|").split("|")] for line in lines[at:end]]
        rows = [row for row in rows if any(row)]   # a blank row is no model's (review55)
        start = at
        at = end
        if len(rows) < 3 or not all(set(cell) <= set(":- ") for cell in rows[1]):
            continue   # a header, its rule and rows
        header = rows[0]
        models = next((column for column, cell in enumerate(header) if MODEL_COLUMN.fullmatch(cell)), None)
        for column, cell in enumerate(header):
            if not label.fullmatch(cell):
                continue
            body_rows = rows[2:]
            if models is not None and models != column and own_plain is not None:
                kinds = [_row_model(row[models], own_plain) if models < len(row) else "other" for row in body_rows]
                headings = [m.start() for m in _HEADING.finditer("\n".join(lines[:start]))]
                under_base = bool(headings) and _BASE_HEADING.match("\n".join(lines[:start]), headings[-1]) is not None
                under_other = bool(headings) and not under_base \
                    and _OTHER_HEADING.match("\n".join(lines[:start]), headings[-1]) is not None
                if under_other:
                    # "## Related models" / "| Acme-7B-Cmd-35B | ... |": a name that starts with this one's is a sibling's
                    kinds = ["other" if kind == "copy" else kind for kind in kinds]
                if len(body_rows) == 1 and kinds[0] != "self":
                    # its only row is this model unless clearly another's (acc60: "# Model Card for Acme-7B" over
                    # "| acme/acme-7b-chat | org/X |" or "| Acme-7B | org/X |" is this model's base)
                    if not under_base and (under_other or _clearly_other(body_rows[0][models] if models < len(body_rows[0]) else "", own_plain)):
                        continue
                    kinds = ["self"]
                family = all(kind == "self" or (column < len(row) and _row_model(row[column], own_plain) == "self")
                             for row, kind in zip(body_rows, kinds, strict=True))
                if "self" in kinds and family:
                    # its row, the others models made from it ("| acme/Acme-7B-GGUF | acme/Acme-7B |"); in a
                    # zoo of siblings with bases of their own (DeepSeek-R1's distills) its row is read as the zoo is
                    body_rows = [row for row, kind in zip(body_rows, kinds, strict=True) if kind == "self"]
                elif not under_base and any(kind == "other" for kind in kinds):
                    continue   # rows about other models ("| acme/Acme-Cmd-35B | CohereForAI/c4ai-command-r-v01 |")
            hits = [_TABLE_VALUE_CELL.fullmatch(row[column]) if column < len(row) else None for row in body_rows]
            values = [label_value(hit) for hit in hits if hit is not None]
            if len(values) == len(hits) and len({repo.lower() for repo, *_ in values}) == 1:
                # one row, or rows that all give the same base (the model and its quantised sibling: review55)
                repo, _, _, bare = values[0]
                found.append((repo, bare, f"| {cell} | ... | {body_rows[0][column]} |"))
    return found
