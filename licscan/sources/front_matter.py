"""A model card's front matter as the Hub reads it: ``split_card`` (the YAML block, bounded and never raising, with the
keys an author wrote that YAML or the Hub would drop: duplicate keys, keys in another case or spelling, keys a YAML
merge brings in) and ``card_metadata`` (the license fields licscan reads from it)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from .. import yamlnodes
from ..lazy_regex import lazy
from ..model import CardMetadata
from .access_gate import access_gate_problems, access_gate_text

MAX_FRONT_MATTER_CHARS = 256 * 1024   # characters of card front matter parsed as YAML
# Real cards nest a few levels (3 at most in the 213 real cards of benchmarks/); the YAML composer recurses per
# level and takes over a second to reach Python's recursion limit on "[[[[...", so deeper is refused first.
MAX_FLOW_NESTING = 64


def split_card(text: str) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    """Split a model card into (front matter, body, problems). Never raises on a hostile card."""
    normalized = text.lstrip("\ufeff")
    # As huggingface_hub reads a card (repocard.REGEX_YAML_BLOCK): blank lines or spaces may come
    # before the opening '---', and the Hub shows that metadata; so must licscan.
    match = re.match(r"\A\s*---[ \t]*(?:\r\n|\r|\n)(.*?)(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|\Z)", normalized, re.DOTALL)
    if not match:
        return {}, normalized, ()
    body = normalized[match.end():]
    front = match.group(1)
    known = _READ.get(front)
    if known is None:
        known = _read_front_matter(front)
        if len(front) <= _READ_CHARS_KEPT // 64 and known[1] is not _NESTED_TOO_DEEPLY_HERE:
            if _read_chars[0] + len(front) > _READ_CHARS_KEPT:
                _READ.clear()
                _read_chars[0] = 0
            _READ[front] = known
            _read_chars[0] += len(front)
    data, problems = known
    # a copy of the mapping: what is in it is shared by every card with this front matter (collect only reads it)
    return dict(data), body, problems


# What a front matter reads as, by its text: cards of one family or publisher (quantisations, a model's sizes) often
# share theirs word for word, and a manifest lists many of them. Bounded by the characters kept.
_READ: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {}
_READ_CHARS_KEPT = 8 * 1024 * 1024
_read_chars = [0]
_NESTED_TOO_DEEPLY_HERE = ("model card front matter is nested too deeply",)


def _read_front_matter(front: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """(front matter, problems) of the YAML block between the card's '---' lines: split_card's answer, which depends
    on nothing else."""
    problems: list[str] = []
    if len(front) > MAX_FRONT_MATTER_CHARS:
        kept = _keys_licscan_reads(front)
        if kept is None or len(kept) > MAX_FRONT_MATTER_CHARS:
            return {}, (f"model card front matter is larger than {MAX_FRONT_MATTER_CHARS:,} characters; not read",)
        front = kept
    if _flow_nesting(front) > MAX_FLOW_NESTING:
        return {}, ("model card front matter is nested too deeply",)
    try:
        # yamlnodes.safe_load: yaml.safe_load's result, faster, and never libyaml's C composer,
        # which recurses on the C stack and crashes the process on deep nesting.
        data = yamlnodes.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return {}, (f"model card front matter is not valid YAML{where}",)
    except RecursionError:
        # how deep Python may recurse depends on the caller's stack: not remembered (split_card)
        return {}, _NESTED_TOO_DEEPLY_HERE
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        # PyYAML raises these for values it cannot build (an impossible date, "!!int abc").
        return {}, (f"model card front matter has a value that cannot be read ({type(exc).__name__})",)
    if data is None:
        return {}, ()
    if not isinstance(data, dict):
        problems.append("model card front matter is not a mapping")
        return {}, tuple(problems)
    for key, lines, values in _duplicate_keys(front):
        # YAML keeps the last of two equal keys, as the Hub does; a reader of the file may take the first.
        # Which the author meant is not known: every value of `license` and `base_model` applies.
        shown = ", ".join(f"line {line}: {repr(value)[:80]}" for line, value in zip(lines, values, strict=True))
        if key in _UNION_KEYS and any(isinstance(v, (str, list)) for v in values):
            data = {**data, key: list(dict.fromkeys(item for v in values for item in (v if isinstance(v, list) else [v])
                                                    if isinstance(item, str)))}
            problems.append(f"model card front matter gives '{key}' {len(lines)} times ({shown}); YAML and the Hub "
                            "keep the last, a reader may take the first: all of them are read")
        else:
            problems.append(f"model card front matter gives '{key}' {len(lines)} times ({shown}); the last is read, "
                            "as the Hub reads it")
    data, hidden = _license_keys_the_hub_does_not_read(front, data)
    return data, tuple(problems) + hidden


def _keys_licscan_reads(front: str) -> str | None:
    """The top-level entries of a long front matter that licscan reads (license, base model, tags, access
    gate), each with the lines below it: what makes a front matter long is its `model-index` of evaluation
    results (embedding models' run to 600,000 characters), which licscan never reads. Another top-level
    key ends an entry; a block mapping's keys start at the beginning of a line. None when a license or base
    key is written in a way this does not find (quoted, indented, in a flow mapping): then nothing is read,
    as before, rather than a part."""
    front = front.replace("\r\n", "\n").replace("\r", "\n")
    starts = list(_TOP_LEVEL_ENTRY.finditer(front))
    kept = []
    for index, match in enumerate(starts):
        key = (match.group(1) or match.group(2) or match.group(3)).lower()
        if key.startswith(("license", "licence", "base_model", "extra_gated")) or key == "tags" or _MODEL_LICENSE_KEY.fullmatch(key):
            end = starts[index + 1].start() if index + 1 < len(starts) else len(front)
            kept.append(front[match.start():end].rstrip("\n") + "\n")
    read = "".join(kept)
    # a key indented under another is that entry's data (a widget's example text quoting "license: ..."), which the Hub
    # does not read as the card's either; a merge ("<<: *defaults") or a flow mapping could bring one to the top level
    if _MERGE_OR_FLOW.search(front) or _KEY_UNREAD_HERE.search(front) \
            or len(_LICENSE_KEY_AT_LINE_START.findall(read)) != len(_LICENSE_KEY_AT_LINE_START.findall(front)):
        return None
    return read


# a key licscan reads (license, base model, access gate, tags) at the start of a line, quoted or not: a top-level key, or
# one a multi-line scalar hides there
_LICENSE_KEY_AT_LINE_START = lazy(r"""^["']?(?:licen[cs]e\w*|base_model\w*|extra_gated\w*|tags|(?:model|weights?)[_-]?licen[cs]es?)["']?"""
                                  r"[ \t]*:", re.IGNORECASE | re.MULTILINE)
# The license of the model under a key of its own spelling (review29: 'model_license: cc-by-nc-4.0', 'license_model:',
# 'weights_license:' beside 'license: apache-2.0'): the Hub shows only `license`, a reader takes these for the weights'
# license too. A key for something else ('code_license:', 'dataset_license:') is not the model's.
_MODEL_LICENSE_KEY = lazy(r"(?:model|weights?)[_-]?licen[cs]es?|licen[cs]es?[_-](?:model|weights?)", re.IGNORECASE)
# A top-level key of a card's block mapping ("license: mit" at the start of a line), bare or quoted ('"extra_gated_prompt":
# ...', "'license': other": YAML reads them as the bare key, review22)
_TOP_LEVEL_ENTRY = lazy(r"""^(?:"([A-Za-z_][\w.-]*)"|'([A-Za-z_][\w.-]*)'|([A-Za-z_][\w.-]*))[ \t]*:(?=[ \t]|$)""", re.MULTILINE)
# A top-level key whose name it cannot tell without YAML: a double-quoted one with an escape ("licen\\u0073e"), an
# explicit key ("? license")
_KEY_UNREAD_HERE = lazy(r"""^(?:"[^"\n]*\\|\?(?:[ \t]|$))""", re.MULTILINE)
# A YAML merge key, a front matter that is a flow mapping or sequence rather than a block mapping, or a block mapping
# whose keys are all indented (its first key does not start a line)
_MERGE_OR_FLOW = lazy(r"<<[ \t]*:|\A\s*[{\[]|\A(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]+[^\s#]")
_UNION_KEYS = ("license", "base_model")
_LICENSE_KEYS = frozenset({"license", "license_name", "license_link", "base_model", "base_model_relation"})


def _license_keys_the_hub_does_not_read(front: str, data: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """License keys the Hub does not read though the author wrote them: a key in another case ('License:
    cc-by-nc-4.0' beside 'license: apache-2.0': YAML keys are case-sensitive) and a key a YAML merge ('<<:
    {license: cc-by-nc-4.0}') brings where the card's own key hides it. Which the author meant is not known:
    as for a key given twice, every value of `license` and `base_model` is read, and the card has a problem."""
    problems: list[str] = []
    merged = dict(data)

    def read_also(key: str, value: Any, said: str) -> None:
        if key in _UNION_KEYS and isinstance(value, (str, list)):
            had = [item for v in (merged.get(key),) if v is not None for item in (v if isinstance(v, list) else [v])
                   if isinstance(item, str)]
            union = list(dict.fromkeys([*had, *(item for item in (value if isinstance(value, list) else [value])
                                                if isinstance(item, str))]))
            if union == had:
                return   # the same value again: nothing the Hub does not show
            merged[key] = union
            problems.append(f"{said}; all the values of '{key}' are read")
        elif key not in merged:
            merged[key] = value
            problems.append(f"{said}; licscan reads it as '{key}'")
        elif merged[key] != value:
            problems.append(f"{said}; the card's own '{key}' is read")

    for key in [k for k in data if isinstance(k, str) and k != _as_read(k) and _as_read(k) in _LICENSE_KEYS
                and not _placeholder(data[k])]:
        line = next((front.count("\n", 0, m.start()) + 2 for m in _TOP_LEVEL_ENTRY.finditer(front)
                     if (m.group(1) or m.group(2) or m.group(3)) == key), None)
        where = f"line {line}" if line is not None else "by a YAML merge key"
        why = (f"YAML keys are case-sensitive, and it is not '{key.lower()}'" if key.lower() == _as_read(key)
               else "it reads the model's license from 'license' only" if _MODEL_LICENSE_KEY.fullmatch(key)
               else f"it reads '{_as_read(key)}', spelt so")
        read_also(_as_read(key), data[key], f"model card front matter gives '{key}' ({where}: {repr(data[key])[:80]}), a key "
                                            f"the Hub does not read: {why}")
    if re.search(r"^<<[ \t]*:", front, re.MULTILINE):
        for key, value, line in _merged_license_keys(front):
            if key in data and value != data[key]:
                read_also(key, value, f"model card front matter merges '{key}': {repr(value)[:80]} in with a YAML merge key "
                                      f"(line {line}), which the card's own '{key}': {repr(data[key])[:80]} overrides, so the Hub "
                                      "does not show it")
    return merged, tuple(problems)


def _as_read(key: str) -> str:
    """The license key an author meant: the key in lower case, "licence" (the British spelling, 'licence:
    cc-by-nc-4.0') as the Hub's "license", "licenses" as "license" (csebuetnlp/mT5_multilingual_XLSum's
    'licenses: - cc-by-nc-sa-4.0', the plural cards of 2021 wrote), and a key naming the model's or the weights' license
    ('model_license', 'license_model', 'weights_license') as "license"."""
    read = key.lower().replace("licence", "license")
    return "license" if read == "licenses" or _MODEL_LICENSE_KEY.fullmatch(read) else read


def _placeholder(value: Any) -> bool:
    """A value that is the key's own name: TRL's card template writes 'licence: license' on every card it makes
    (SteveHong1901/dpo-clean), a key the Hub does not read holding no license."""
    return isinstance(value, str) and value.strip().lower() in ("license", "licence", "licenses", "licences")


def _merged_license_keys(front: str) -> list[tuple[str, Any, int]]:
    """(key, value, the card's line of the merge key) for each license key that a top-level YAML merge key
    ('<<: *defaults', '<<: [*a, {license: mit}]') brings into the front matter, before the card's own keys override it."""
    try:
        loader = yaml.SafeLoader(front)
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    out: list[tuple[str, Any, int]] = []
    seen: set[int] = set()
    pending = [(value, key.start_mark.line + 2) for key, value in root.value if key.tag == "tag:yaml.org,2002:merge"]
    while pending:
        node, line = pending.pop(0)
        if id(node) in seen or len(seen) > 1000:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            pending.extend((item, line) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    pending.append((value, line))
                elif isinstance(key, yaml.ScalarNode) and str(key.value).lower() in _LICENSE_KEYS:
                    try:
                        out.append((str(key.value).lower(), loader.construct_object(value, deep=True), line))
                    except (yaml.YAMLError, RecursionError, ValueError, TypeError, KeyError, OverflowError):
                        continue
    return out


def _duplicate_keys(front: str) -> list[tuple[str, list[int], list[Any]]]:
    """License keys the front matter gives more than once: (key, the card's line of each (the opening
    '---' is line 1), the value each gives, read from its own lines)."""
    # a quoted key is the same key to YAML ("'license': cc-by-nc-4.0" after "license: apache-2.0")
    starts = list(_TOP_LEVEL_ENTRY.finditer(front))
    seen: dict[str, list[int]] = {}
    for index, match in enumerate(starts):
        key = match.group(1) or match.group(2) or match.group(3)
        if key in _LICENSE_KEYS:
            seen.setdefault(key, []).append(index)
    out = []
    for key, indexes in seen.items():
        if len(indexes) < 2:
            continue
        values = []
        for index in indexes:
            end = starts[index + 1].start() if index + 1 < len(starts) else len(front)
            try:
                piece = yamlnodes.safe_load(front[starts[index].start():end])
            except (yaml.YAMLError, RecursionError, ValueError, TypeError, KeyError, OverflowError):
                piece = None
            values.append(piece.get(key) if isinstance(piece, dict) else None)
        out.append((key, [front.count("\n", 0, starts[i].start()) + 2 for i in indexes], values))
    return out


def _flow_nesting(front: str) -> int:
    """The deepest nesting of [ and { (brackets inside quoted strings counted too: only an
    overestimate, and no real card comes near the limit with them)."""
    depth = deepest = 0
    for bracket in re.sub(r"[^\[\]{}]+", "", front):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def card_metadata(data: Mapping[str, Any] | None, problems: tuple[str, ...] = ()) -> CardMetadata:
    """License-relevant fields of a card, tolerant of the shapes found on the Hub."""
    data = data or {}
    found = list(problems)

    def text_list(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),) if value.strip() else ()
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value if v.strip())
        found.append(f"card field '{key}' has an unexpected type ({type(value).__name__})")
        return ()

    def text(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value).strip() or None
        found.append(f"card field '{key}' has an unexpected type ({type(value).__name__})")
        return None

    found.extend(access_gate_problems(data))
    return CardMetadata(
        licenses=tuple(v.lower() for v in text_list("license")),
        license_name=text("license_name"),
        license_link=text("license_link"),
        base_models=tuple(part for value in text_list("base_model") for part in _joined_repo_ids(value)),
        base_model_relation=text("base_model_relation"),
        tags=text_list("tags"),
        eu_disallowed=data.get("extra_gated_eu_disallowed") is True,
        problems=tuple(found),
        access_gate=access_gate_text(data),
    )


# "mistralai/Mistral-7B-v0.1, facebook/musicgen-small" as one string: two repo ids joined by a comma are two bases
_BASE_PART = lazy(r"(?:https?://(?:www\.)?(?:huggingface\.co|hf\.co)/)?[A-Za-z0-9][\w.\-]{0,95}/[A-Za-z0-9][\w.\-]{0,95}/?",
                        re.IGNORECASE)


def _joined_repo_ids(value: str) -> tuple[str, ...]:
    """A base_model value as the bases it names: split at its commas when every part is a repo id or a Hub link
    (each then a base of its own); else the value whole (one that is no repo id is a card problem)."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) > 1 and all(_BASE_PART.fullmatch(part) for part in parts):
        return tuple(dict.fromkeys(parts))
    return (value,)
