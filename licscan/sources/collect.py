"""The one evidence collector: which files of a checkpoint are read, and what is missing.

A source only lists the checkpoint's files (with their sizes when it knows them) and fetches one
file to a local path. Everything else is decided here, the same for a local folder, the Hub online
and the Hub cache offline:

* the files considered: the model card (top-level ``README.md``), every license-like file at
  any depth (``common.is_evidence_name``), and the files of the checkpoint the card's links call its
  license or terms, whatever their names ("[Model Terms](docs/weights.md)": ``common.linked_terms_files``),
  read after the card, under the same cap;
* the order: the card first, then by depth, then by path;
* the cap: at most MAX_EVIDENCE_BYTES bytes are read per checkpoint, each file counting at least
  MIN_FILE_CHARGE (so a repository of thousands of tiny files is bounded too). A file that does not
  fit is not fetched, and is named as unread: the evidence is incomplete;
* completeness: any file that could not be fetched, read, decoded or wholly classified makes the
  evidence incomplete, with a problem that starts with the file's name. The card counts by its body
  (the text after its front matter, which every card strategy reads up to MAX_CLASSIFY_CHARS): a
  front matter of 700 KB of evaluation results is parsed on its own, but a body cut at that bound may
  hide a restriction after a long table (``reader.card_cut``). So does a file whose words licscan,
  reading it as Markdown or HTML, would not see (``reader.hidden_problems``: after a '<!--' never
  closed; inside a comment of a plain-text file);
* lineage configs: when the card was read, or the repo has no card, the top-level ``config.json``,
  ``adapter_config.json`` (and those of subfolders, "checkpoint-500/", at most MAX_ADAPTER_CONFIGS) and
  ``mergekit_config.yml``, ``mergekit_moe_config.yml`` (common.LINEAGE_CONFIGS) are read too, at most MAX_CONFIG_BYTES each, for the base
  models they name (model.ConfigLineage), beside a card's ``base_model`` too: a LoRA's config may name another
  base than its card, a merge card often names one parent only. So are the models a mergekit or LazyMergekit card lists as
  merged and its "### Configuration" block (card_parents.py). They are not license evidence: one that is
  larger, not JSON or names nothing is passed over; one that could not be fetched, or a mergekit config (or
  card block) that is not valid YAML, leaves the evidence incomplete (the base it names is not known). So are the
  other files where tools record a base (lineage_files.py: a diffusers model_index.json and its components' configs,
  top-level YAML files read by their shape, an Ollama Modelfile's FROM and LICENSE);
* a license-named archive ("LICENSE-weights.zip") is not read, and leaves the evidence incomplete.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..lazy_regex import lazy
from ..model import MERGE_CARD_KEY, MERGE_TAG_KEY, CardMetadata, ConfigLineage, EvidenceFile
from ..normalize import MAX_CLASSIFY_CHARS
from .card_parents import bases_declared_elsewhere, merge_card_models, merge_tag_models
from .common import (
    CARD_NAME,
    MAX_SIZE_READ_FOR_WHAT_IT_HOLDS,
    card_metadata,
    holds_license_words,
    is_evidence_name,
    linked_terms_files,
    read_for_what_it_holds,
    repository_path,
    split_card,
)
from .common import MAX_FILES_READ_FOR_WHAT_THEY_HOLD as MAX_FILES_READ_FOR_WHAT_THEY_HOLD
from .lineage_files import MAX_CONFIG_BYTES as MAX_CONFIG_BYTES  # a lineage config larger than this is passed over
from .lineage_files import config_lineage, lineage_configs, lineage_files
from .listing import Fetch as Fetch
from .listing import Listed as Listed
from .listing import is_license_archive
from .reader import TooLarge, card_cut, hidden_problems, read_evidence_file, unread_problems

if TYPE_CHECKING:
    from ..rules import KnowledgeBase

MAX_EVIDENCE_BYTES = 64 * 1024 * 1024   # read per checkpoint, card and license-like files together
MIN_FILE_CHARGE = 64 * 1024             # what each file counts against that, however small
MAX_NAMED_UNREAD = 20                   # files named one per line when over the cap; the rest counted
MAX_LINKED_FILES = 16                   # files the card's links call its terms, read whatever their names
# Words of a license or of terms: a guide without any of them ("Use a temperature of 0.7. Do not rely on the model for
# medical advice"; "The authors are not liable for any damages arising from its use") holds no license text and grants,
# conditions or forbids nothing a license would (a restriction in it, "for research purposes only", is read all the same).
_LICENSE_OR_TERMS_WORDS = lazy(
    r"\b(?:licen[cs]\w*|sublicens\w*|grant\w*|permi(?:t|ts|tted|ssions?)|rights?|(?:re)?distribut\w*|royalt\w*|agree\w*|terms?|"
    r"conditions?|(?:non-?)?commercial\w*|prohibit\w*|forbid\w*|restrict\w*|must|shall|may\s+(?:not|only)|copyright\w*|"
    # terms in plain words (review32: "Personal projects only. Selling this model is not okay.", "No business use")
    # (not "personal information", "business inquiries": review34)
    r"(?:re)?sell\w*|(?:business|personal|hobby|private)\s+(?:use|usage|purposes?|projects?|only)|in\s+a\s+business|"
    r"not\s+(?:allowed|okay|ok)|"
    r"attribution|lizenz\w*|licencia\w*|licença\w*)\b|"
    r"许可|許可|授权|授權|协议|協議|条款|條款|禁止|不得|商业|商業|商用|版权|版權|規約|ライセンス|라이선스|라이센스|약관|상업|금지",
    re.IGNORECASE)


@dataclass(frozen=True)
class Collected:
    files: tuple[EvidenceFile, ...]
    problems: tuple[str, ...]
    complete: bool
    card: CardMetadata
    card_body: str
    card_read: bool                      # README.md was read (else the card came from the fallback, if any)
    config_lineage: tuple[ConfigLineage, ...] = ()
    notes: tuple[str, ...] = ()          # how files were read, no problem (files left unread past a cap)




def plan(listing: Iterable[Listed], kb: KnowledgeBase | None = None) -> tuple[list[Listed], list[Listed]]:
    """(files to read, in order; files that do not fit under MAX_EVIDENCE_BYTES). ``kb``: the run's knowledge base,
    whose licenses a top-level file may be named after (common.is_evidence_name; licscan's own when None)."""
    wanted = {item.name: item for item in listing if item.name == CARD_NAME or is_evidence_name(item.name, kb)}
    ordered = sorted(wanted.values(), key=lambda item: (item.name != CARD_NAME, item.name.count("/"), item.name))
    to_read: list[Listed] = []
    over: list[Listed] = []
    budget = MAX_EVIDENCE_BYTES
    for item in ordered:
        charge = max(item.size or 0, MIN_FILE_CHARGE)
        if charge > budget:
            over.append(item)
            continue
        budget -= charge
        to_read.append(item)
    return to_read, over


def collect(
    listing: Iterable[Listed],
    fetch: Fetch,
    *,
    card_fallback: Mapping[str, Any] | None = None,
    lookup: Callable[[str], Listed | None] | None = None,
    kb: KnowledgeBase | None = None,
) -> Collected:
    """Read what ``plan`` selects through ``fetch``; report every file that was not read.

    ``card_fallback``: card metadata to use when README.md is listed but could not be read (the
    Hub's cardData for a gated repository); the evidence stays incomplete all the same.
    ``lookup``: a file of the checkpoint that is not in ``listing`` (a local folder lists only the
    files it knows to collect), or None when it has no such file.
    ``kb``: the run's knowledge base (plan).
    """
    listing = list(listing)
    to_read, over = plan(listing, kb)
    files: list[EvidenceFile] = []
    problems: list[str] = []
    complete = True
    budget = MAX_EVIDENCE_BYTES

    def read_item(item: Listed) -> None:
        nonlocal budget, complete
        got = _fetch_and_read(fetch, item.name, budget)
        if isinstance(got, str):
            problems.append(got)
            complete = False
            return
        budget -= max(got.size, MIN_FILE_CHARGE)
        files.append(got)

    for item in to_read:
        read_item(item)
    held, held_problems, budget, held_notes = _read_for_what_they_hold(listing, fetch, budget, kb)
    files.extend(held)
    if held_problems:
        problems.extend(held_problems)
        complete = False
    card_file = next((f for f in files if f.name == CARD_NAME), None)
    if card_file is not None:
        data, body, card_problems = split_card(card_file.text)
        cut = card_cut(card_file, body)
        if cut:
            problems.append(cut)
            complete = False
        link = data.get("license_link") if isinstance(data, dict) else None
        linked_file = repository_path(link) if isinstance(link, str) else None
        called_terms = linked_terms_files(body[:MAX_CLASSIFY_CHARS], MAX_LINKED_FILES)
        for item in _linked_files(called_terms, listing, {item.name for item in (*to_read, *over)}, lookup, linked_file):
            if max(item.size or 0, MIN_FILE_CHARGE) > budget:
                over.append(item)
            else:
                read_item(item)
        # a guide the card itself calls the license or terms ("governed by the [Model License](USAGE.md)",
        # `license_link: USAGE.md`) is read as a license file is, matched as a text, not only for restrictions (review26),
        # when its words could be a license or terms; one the card's link calls its "usage policy" or "license and usage
        # notes" that holds only advice or a disclaimer of liability (review29) stays a guide, read for restrictions, as
        # no unknown license. `license_link` names the license whatever the file says.
        files[:] = [replace(f, role="license") if f.role == "use-guide" and (f.name == linked_file or (
                        f.name in called_terms and _LICENSE_OR_TERMS_WORDS.search(f.text))) else f for f in files]
    else:
        data, body, card_problems = dict(card_fallback or {}), "", ()
        if not any(item.name == CARD_NAME for item in listing):
            problems.append(f"no {CARD_NAME} (model card)")
            # "readme.md": the Hub shows no card for it, and licscan does not read it as one; its words may still
            # be the publisher's terms ("license: cc-by-nc-4.0"), so the evidence is incomplete, not merely card-less
            for item in listing:
                if item.name.lower() == CARD_NAME.lower():
                    problems.append(f"{item.name}: a model card must be named {CARD_NAME} exactly; not read (rename it)")
                    complete = False
    for item in listing:
        if is_license_archive(item.name, kb):
            # named as a license file is, it may hold the weights' terms: what they are is not known
            problems.append(f"{item.name}: an archive, which licscan cannot read; the license it holds is not known (extract it)")
            complete = False
    for item in over[:MAX_NAMED_UNREAD]:
        size = f"{item.size:,} bytes; " if item.size is not None else ""
        problems.append(f"{item.name}: {size}{_over_cap_reason()}")
    if len(over) > MAX_NAMED_UNREAD:
        rest = over[MAX_NAMED_UNREAD:]
        problems.append(f"{len(rest):,} more license-like files not read for the same reason, from {rest[0].name} to {rest[-1].name}")
    if over:
        complete = False
    unread = [*unread_problems(files), *hidden_problems(files)]
    if unread:
        problems.extend(unread)
        complete = False
    card = card_metadata(data, card_problems)
    if not card.base_models:
        card = replace(card, base_models=bases_declared_elsewhere(data, card.tags))
    lineage: list[ConfigLineage] = []
    # A repo with no card at all: its config.json is all that says what the weights came from. One whose
    # card could not be read (gated) is not asked for more files.
    no_card = card_file is None and not any(item.name == CARD_NAME for item in listing)
    if card_file is not None or no_card:
        # read beside a card's base_model too: a LoRA's config may name another base than its card, a merge
        # card often names one parent only
        for item in lineage_configs(listing):
            named = config_lineage(item, fetch)
            if isinstance(named, str):
                problems.append(named)
                complete = False
            else:
                lineage.extend(named)
        more = lineage_files(listing, fetch)
        lineage.extend(more.lineage)
        files.extend(more.files)
        problems.extend(more.problems)
        held_notes.extend(more.notes)
        complete = complete and not more.problems
        merged = merge_card_models(body, mergekit_tagged=any(tag.lower() == "mergekit" for tag in card.tags))
        if isinstance(merged, str):
            problems.append(merged)
            complete = False
        else:
            listed = {value.lower() for value in merged}
            lineage.extend(ConfigLineage(CARD_NAME, MERGE_CARD_KEY, value) for value in merged)
            lineage.extend(ConfigLineage(CARD_NAME, MERGE_TAG_KEY, repo) for repo in merge_tag_models(card.tags)
                           if repo.lower() not in listed)
    return Collected(
        files=tuple(files),
        problems=tuple(problems),
        complete=complete,
        card=card,
        card_body=body,
        card_read=card_file is not None,
        config_lineage=tuple(lineage),
        notes=tuple(held_notes),
    )


_BINARY = "binary file, not a license text; not read"


def _read_for_what_they_hold(listing: list[Listed], fetch: Fetch, budget: int,
                             kb: KnowledgeBase | None = None) -> tuple[list[EvidenceFile], list[str], int, list[str]]:
    """The small text files not collected by their names that hold a license's words at their start ("WEIGHTS.md",
    "by-nc.txt", "legal/weights.txt": common.read_for_what_it_holds), as license files read for their text; at most
    MAX_FILES_READ_FOR_WHAT_THEY_HOLD, those whose names speak of weights, a model, terms, use or a license first
    ("WEIGHTS.md" before nine "FAQ.md", "a1.txt": acc54, review53), then by depth and name; with the problems met, the
    budget left and a note of how many were left unread past the cap (a docs-heavy repository is not incomplete for it).
    One that could not be fetched or read is a problem (it may hold the weights' terms); one without such words is no
    evidence."""
    candidates = sorted((item for item in listing if read_for_what_it_holds(item.name, item.size, kb)),
                        key=lambda item: (not _SAYS_WHAT_IT_HOLDS.search(item.name.rpartition("/")[2]),
                                          item.name.count("/"), item.name))
    held: list[EvidenceFile] = []
    problems: list[str] = []
    left = candidates[MAX_FILES_READ_FOR_WHAT_THEY_HOLD:]
    notes = [f"{len(left):,} more small text file{'s' if len(left) > 1 else ''} not read for a license's words past the "
             f"cap of {MAX_FILES_READ_FOR_WHAT_THEY_HOLD} ({', '.join(item.name for item in left[:3])}"
             f"{', ...' if len(left) > 3 else ''})"] if left else []
    for item in candidates[:MAX_FILES_READ_FOR_WHAT_THEY_HOLD]:
        if max(item.size or 0, MIN_FILE_CHARGE) > budget:
            break
        got = _fetch_and_read(fetch, item.name, budget)
        if isinstance(got, str):
            if not got.endswith(_BINARY):
                problems.append(got)   # a binary file ("tokenizer", "spiece") is no license text
            continue
        budget -= max(got.size, MIN_FILE_CHARGE)
        if got.size <= MAX_SIZE_READ_FOR_WHAT_IT_HOLDS and holds_license_words(got.text):
            held.append(replace(got, role="license", read_for_its_text=True))
    return held, problems, budget, notes


# A file's name that says it may hold the weights' terms: read first among those read for what they hold
_SAYS_WHAT_IT_HOLDS = lazy(r"weight|model|terms|legal|use|licen|agreement|eula|copying|notice", re.IGNORECASE)


def _fetch_and_read(fetch: Fetch, name: str, budget: int) -> EvidenceFile | str:
    """A file of the checkpoint fetched and read within ``budget`` bytes, or the problem met."""
    found = fetch(name)
    if isinstance(found, str):
        return found
    try:
        return read_evidence_file(found, name, budget)
    except TooLarge:
        # The listing under-stated the size (or the file grew): bounded all the same.
        return f"{name}: {_over_cap_reason()}"


def _linked_files(named: list[str], listing: list[Listed], planned: set[str],
                  lookup: Callable[[str], Listed | None] | None, license_link: str | None = None) -> list[Listed]:
    """The files of the checkpoint the card's links call its license or terms (``named``: linked_terms_files of its
    body) and its metadata's ``license_link``, a path in the repository, not already read by name."""
    listed = {item.name: item for item in listing}
    out = []
    if license_link is not None and license_link != CARD_NAME and license_link not in named:
        named = [license_link, *named]
    for name in named:
        item = listed.get(name) or (lookup(name) if lookup is not None and name not in listed else None)
        # a link to a file the checkpoint does not have is the prose strategy's to report ("points to LICENSE.md,
        # which the checkpoint does not have")
        if item is not None and name not in planned:
            out.append(item)
    return out


def _over_cap_reason() -> str:
    return (f"not read: licscan reads at most {MAX_EVIDENCE_BYTES // (1024 * 1024)} MiB of license files per checkpoint "
            f"(each file counting at least {MIN_FILE_CHARGE // 1024} KiB) and this one does not fit")
