"""The frozen records that flow through the pipeline.

manifest -> sources -> classify -> evaluate -> formats. Each stage takes the previous stage's
records and returns its own; nothing flows backwards.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from .vocabulary import Category, FileRole, MatchStatus, Verdict

VERDICTS: tuple[Verdict, ...] = ("allowed", "conditional", "denied", "unknown")
# Worse verdicts sort later; "unknown" fails closed like "denied".
VERDICT_SEVERITY: dict[Verdict, int] = {"allowed": 0, "conditional": 1, "unknown": 2, "denied": 3}


# --- manifest -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    """The project a manifest checks for: its name, its declared use and the facts license conditions ask about."""

    name: str
    use: str
    monthly_active_users: int | None = None
    annual_revenue_usd: int | None = None
    distribution: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class LockedFile:
    """A license file ``licscan lock`` pinned, by name and SHA-256."""

    name: str
    sha256: str


@dataclass(frozen=True)
class LockRecord:
    """What ``licscan lock`` pinned for one checkpoint, checked again by ``licscan check``."""

    license: str                      # the checkpoint's own license id, "modified ID" for a modified text
    files: tuple[LockedFile, ...]
    card_license_sha256: str | None = None
    base_models: tuple[str, ...] = ()
    applies: tuple[str, ...] = ()     # every license that applied (inherited ones included); () in old locks
    confirmed: bool = True            # False when the license rested on metadata or words to review (< 0.9)
    card_words_sha256: str | None = None   # the card's quoted license statements (drift.card_words_digest)


@dataclass(frozen=True)
class ManifestEntry:
    """One checkpoint the manifest lists: a Hub repo or a local folder, where it is written, what the lock pinned."""

    ref: str                    # Hub repo id, or the path exactly as written in the manifest
    kind: str                   # "hub" | "local"
    line: int                   # line of the entry in the manifest, for messages and SARIF
    revision: str | None = None
    lock: LockRecord | None = None

    @property
    def is_pinned(self) -> bool:
        return self.revision is not None and is_commit_sha(self.revision)


@dataclass(frozen=True)
class Manifest:
    """A parsed ``models.lock``: the project and its checkpoints."""

    path: str
    project: Project
    entries: tuple[ManifestEntry, ...]
    base_dir: str


def is_commit_sha(value: str) -> bool:
    return len(value) == 40 and all(c in "0123456789abcdef" for c in value)


# --- sources ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardMetadata:
    """License-relevant fields from a model card's YAML front matter (or the Hub's cardData)."""

    licenses: tuple[str, ...] = ()
    license_name: str | None = None
    license_link: str | None = None
    base_models: tuple[str, ...] = ()
    base_model_relation: str | None = None
    tags: tuple[str, ...] = ()
    eu_disallowed: bool = False
    problems: tuple[str, ...] = ()
    access_gate: str = ""     # the words of the Hub access gate (extra_gated_* fields), terms as the card's are

    @property
    def declares_license(self) -> bool:
        return bool(self.licenses or self.license_name)


@dataclass(frozen=True)
class EvidenceFile:
    """A file a source read for a checkpoint (a card, a license text, a notice), with its text and role."""

    name: str
    sha256: str
    size: int
    text: str          # decoded text (possibly truncated to the classification limit)
    role: FileRole
    truncated: bool = False   # only the first part was classified (the hash covers the whole file)
    # read for what it holds, not for its name (sources/common.read_for_what_it_holds): evidence only if it is a license
    read_for_its_text: bool = False


@dataclass(frozen=True)
class ConfigLineage:
    """A base model a checkpoint's machine-readable files name (read beside the card's ``base_model`` too: a
    LoRA's config may name another base than its card): a PEFT ``adapter_config.json``'s
    ``base_model_name_or_path``, written by the library that trained the adapter, declares its base; so do a
    GGUF header's ``general.base_model.N`` and mergekit's records of a merge; a ``config.json``'s
    ``_name_or_path`` (the model it was loaded from) is evidence of lineage, as the card's prose is, and a Hub
    repo id there is followed as an undeclared base (base_ids.config_base_ids)."""

    file: str                 # "adapter_config.json" | "config.json" | "mergekit_config.yml" | "x.gguf" | "README.md"
    key: str                  # "base_model_name_or_path" | "_name_or_path" | "model" | GGUF_BASE_KEY | MERGE_CARD_KEY | MERGE_TAG_KEY
    value: str

    @property
    def declares_base(self) -> bool:
        """A record of the model this one was made from, written by the tool that made it: an adapter's
        base (a Hub repo id, or a local path that names the base's family at most), a GGUF header's
        ``general.base_model.N``, every model a mergekit config or the mergekit card's list merged. Only a
        ``config.json``'s ``_name_or_path`` (the model the weights were loaded from) is not."""
        return self.key in (ADAPTER_BASE_KEY, MERGED_MODEL_KEY, GGUF_BASE_KEY, MERGE_CARD_KEY, MERGE_TAG_KEY)


ADAPTER_BASE_KEY = "base_model_name_or_path"
MERGED_MODEL_KEY = "model"   # mergekit_config.yml's
GGUF_BASE_KEY = "general.base_model"           # a GGUF header's general.base_model.N.repo_url (or .organization .name)
MERGE_CARD_KEY = "models included in the merge"  # the card mergekit writes: its list and its "### Configuration" block
MERGE_TAG_KEY = "tags naming models merged"      # a merge card's tags that are models' Hub repo ids (LazyMergekit's)


@dataclass(frozen=True)
class Evidence:
    """Everything a source could find about one checkpoint."""

    entry: ManifestEntry
    source: str                               # "hub" | "local" | "cache"
    revision: str | None                      # resolved commit for Hub checkpoints
    card: CardMetadata
    card_body: str = ""
    files: tuple[EvidenceFile, ...] = ()
    gated: bool = False
    complete: bool = True                     # False when a file could not be fetched
    problems: tuple[str, ...] = ()            # why evidence is missing or partial
    fetch_failed: bool = False                # nothing usable was obtained at all
    weight_licenses: tuple[tuple[str, str], ...] = ()   # (weight file, license its header declares)
    config_lineage: tuple[ConfigLineage, ...] = ()      # base models config files, weight headers, mergekit's card name
    notes: tuple[str, ...] = ()               # informational: how files were read (not a problem: complete stays)

    @property
    def base_models(self) -> tuple[str, ...]:
        """The base models declared: the card's ``base_model``, and every base the tools that made the
        checkpoint recorded (an adapter's config, a GGUF header, a mergekit config or mergekit's card),
        even beside a card that names another: each is followed."""
        recorded = tuple(c.value for c in self.config_lineage if c.declares_base)
        return tuple(dict.fromkeys([*self.card.base_models, *recorded]))

    @property
    def shows_a_license_of_its_own(self) -> bool:
        """Whether the checkpoint shows a license of its own, asked of the evidence before it is classified (the
        pipeline decides from it which bases to fetch), so of what is there, not what was identified: any metadata
        license value (a bare "other" too), name or link, any file beside the card (a use guide or the card's
        translation aside). evaluate's own_license and verdict_rules.declares_no_license ask it of the
        classification, each differently, on purpose: see there."""
        card = self.card
        return bool(card.licenses or card.license_name or card.license_link
                    or any(f.role not in ("card", "use-guide") for f in self.files))

    @property
    def base_model_relation(self) -> str | None:
        if any(c.key in (MERGED_MODEL_KEY, MERGE_CARD_KEY, MERGE_TAG_KEY) for c in self.config_lineage):
            return "merge"
        if self.card.base_models:
            return self.card.base_model_relation
        if not self.base_models:
            return None
        return "quantized" if all(c.key == GGUF_BASE_KEY for c in self.config_lineage if c.declares_base) else "adapter"


# --- classify -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextMatch:
    """The result of matching one text against the reference texts."""

    rule_id: str | None
    status: MatchStatus
    score: float                              # 0..1, share of the reference found in order
    runner_up: str | None = None
    runner_up_score: float = 0.0
    differences: tuple[str, ...] = ()         # human-readable differing passages
    also_found: tuple[str, ...] = ()          # use policies found in the same text
    also_licenses: tuple[str, ...] = ()       # other licenses whose text is in another part of the text
    also_modified: tuple[str, ...] = ()       # ... found there altered (the text needs review)
    unexplained: str = ""                     # words outside every license and policy found (quoted)
    unexplained_terms: bool = False           # ... and they grant, restrict or condition something
    also_named: tuple[str, ...] = ()          # licenses only named there ("licensed under CC-BY-NC-4.0")


@dataclass(frozen=True)
class FileFinding:
    """What matching one evidence file against the reference texts found."""

    file: str
    sha256: str
    role: FileRole
    match: TextMatch


@dataclass(frozen=True)
class Classification:
    """The license(s) the classifier decided for one checkpoint, how, and on what evidence."""

    license_id: str                           # governing license (or "unknown")
    category: Category
    confidence: float
    basis: str                                # how it was decided, one sentence
    declared: tuple[str, ...] = ()            # ids from card metadata
    detected: tuple[str, ...] = ()            # ids from license texts
    modified_from: str | None = None          # set when the governing text is a modified known license
    use_policies: tuple[str, ...] = ()
    findings: tuple[FileFinding, ...] = ()
    conflicts: tuple[str, ...] = ()           # the evidence disagrees, or says what licscan cannot check
    candidates: tuple[str, ...] = ()          # every license id that applies (most restrictive decides)
    notes: tuple[str, ...] = ()               # informational: how files were read, words to confirm
    components: tuple[str, ...] = ()          # licenses of bundled components a NOTICE lists: never the weights'
    # terms the card's own License line gives that licscan does not know ("## License\n\nProprietary", "TBD"): the
    # checkpoint states terms of its own, so it does not take on its bases' licenses in their place
    own_terms: tuple[str, ...] = ()


# --- evaluate -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiver:
    """A policy's waiver: a checkpoint accepted by a person, for a reason, until a date."""

    checkpoint: str
    reason: str
    approved_by: str
    expires: str                      # ISO date
    revision: str | None = None
    line: int | None = None
    # the local folder the id names, read relative to the policy file and written as the manifest's own path
    # entries are (relative to its folder); None for a waiver read from no file: the id as the manifest writes it
    folder: str | None = None

    def expired(self, today: str) -> bool:
        return self.expires < today  # ISO dates compare as text

    def covers(self, entry: ManifestEntry) -> bool:
        """Whether this waiver was written for ``entry``: a Hub checkpoint by its repo id, a local folder by
        where the id leads from the policy file (a root policy's "models/demo" is not services/b/models/demo)."""
        if entry.kind != "local":
            return self.checkpoint == entry.ref
        return (self.folder or posixpath.normpath(self.checkpoint)) == posixpath.normpath(entry.ref)


@dataclass(frozen=True)
class Ancestor:
    """A base model in a checkpoint's lineage, with the license it passes down."""

    repo_id: str
    relation: str                             # finetune | adapter | merge | quantized | base (unstated)
    depth: int                                # 1 = direct base model
    license_id: str                           # "unknown" when it could not be determined
    category: Category
    revision: str | None = None
    via: str | None = None                    # the checkpoint that names this one as its base
    problem: str | None = None                # why the ancestor could not be checked, or a cycle
    missing: tuple[str, ...] = ()             # what of its evidence was not read (gated, cut off, ...)
    named_by: str | None = None               # a base_model value that is no Hub repo (a local path) whose
                                              # words name this license's family: applies, never confirmed
    undeclared: str | None = None             # where a base the metadata does not declare is named ("config.json
                                              # '_name_or_path'"), for it and its own bases: its license joins,
                                              # but is not inherited in place of a declaration; unreadable, it
                                              # leaves the checkpoint at best conditional, never unknown
    passes_on: bool = False                   # it declares no license of its own: the license is its own bases',
                                              # passed on (lineage._under_its_bases)


@dataclass(frozen=True)
class Obligation:
    """Something a license asks of whoever uses the checkpoint, with the section that says so."""

    license_id: str
    id: str
    summary: str
    section: str


@dataclass(frozen=True)
class Result:
    """One checkpoint's verdict under the project's use, with the reasons, obligations and lineage behind it."""

    entry: ManifestEntry
    evidence: Evidence
    classification: Classification
    verdict: Verdict
    reasons: tuple[str, ...]
    obligations: tuple[Obligation, ...] = ()
    facts_to_confirm: tuple[str, ...] = ()
    lineage: tuple[str, ...] = ()             # ancestor repo ids, nearest first
    ancestors: tuple[Ancestor, ...] = ()
    failed: bool = False                      # counts against the exit status under the policy
    drift: tuple[str, ...] = ()               # what changed since `licscan lock` recorded the checkpoint
    waiver: Waiver | None = None              # the waiver that accepted (or, expired, failed to accept) it
    waiver_applied: bool = False
    # The checkpoint's own classification, before inherited licenses: ``classification`` is the
    # headline (the most restrictive license that applies), this is what the lock records.
    own_classification: Classification | None = None

    @property
    def own(self) -> Classification:
        return self.own_classification or self.classification


@dataclass(frozen=True)
class Report:
    """Everything one ``licscan check`` found: a result per checkpoint, the warnings and the summary."""

    manifest_path: str
    project: Project
    results: tuple[Result, ...]
    licscan_version: str
    rules_version: str
    generated: str                            # ISO 8601 UTC, fixed by SOURCE_DATE_EPOCH
    warnings: tuple[str, ...] = ()
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(result.failed for result in self.results)
