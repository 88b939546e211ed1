"""One rule file of the knowledge base: the records a rule is made of, the vocabularies it is checked
against (categories, uses, grants), and reading one file into a validated ``LicenseRule``.

Joining the rule files into a knowledge base, and looking licenses up in it, is ``licscan/rules.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import yaml

from . import yamlnodes
from .errors import InputError
from .lazy_regex import lazy

Fields = dict[str, tuple[yaml.Node, yaml.Node]]   # a YAML mapping's keys: (key node, value node)


CATEGORIES_FILE = "categories.yaml"   # in the shipped rules folder; not a rule file


@dataclass(frozen=True)
class LicenseCategory:
    id: str
    rank: int        # how restrictive: 0 least; the most restrictive license is the headline
    meaning: str


def load_categories(path: Path | None = None) -> tuple[LicenseCategory, ...]:
    """The categories of rules/categories.yaml, in the file's order (the order to decide in)."""
    path = path or default_dirs()[0] / CATEGORIES_FILE
    doc = yamlnodes.load(path, str(path))
    r = yamlnodes.Reader(doc)
    if doc.root is None:
        raise InputError("categories file is empty", path)
    top = r.mapping(doc.root, "the categories file", ("version", "categories"))
    if r.scalar(r.required(top, "version", doc.root, "the categories file")) != 1:
        raise r.fail(top["version"][1], "unsupported categories file version (this licscan reads version 1)")
    categories: list[LicenseCategory] = []
    for node in r.sequence(r.required(top, "categories", doc.root, "the categories file"), "categories"):
        f = r.mapping(node, "a category", ("id", "rank", "meaning"))
        category = LicenseCategory(
            id=r.string(r.required(f, "id", node, "category"), "id", max_len=64),
            rank=r.integer(r.required(f, "rank", node, "category"), "rank"),
            meaning=r.string(r.required(f, "meaning", node, "category"), "meaning"),
        )
        if any(c.id == category.id or c.rank == category.rank for c in categories):
            raise r.fail(node, f"category '{category.id}' repeats an id or a rank of another category")
        categories.append(category)
    return tuple(categories)


USES = ("commercial", "internal", "research", "non-commercial")
GRANTS = ("allowed", "conditional", "denied")
# A rule that is deliberately `category: unknown` (the Hub's bare `cc`: family member and version unstated)
# answers every use with this, so the verdict fails closed; its `unknown_reason` says why.
UNDETERMINED = "unknown"
FACTS = ("monthly_active_users", "annual_revenue_usd")
KINDS = ("license", "use-policy")
# Where a rule's knowledge came from, as `licscan rules` shows it: licscan's own rules/, the project's
# `rules_dir` (policy), or the license catalog (a rule the catalog builds sets origin="catalog").
ORIGINS = ("licscan", "project", "catalog")
_ID = re.compile(r"^[a-z0-9][a-z0-9.+\-]*$")
_SPDX = re.compile(r"^(LicenseRef-[A-Za-z0-9.\-]+|[A-Za-z0-9.\-+]+)$")
_LINK = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")

_RULE_KEYS = (
    "id", "name", "spdx", "kind", "category", "hub_ids", "aliases", "texts", "use_policies",
    "supersedes_text_of", "replaceable", "use", "thresholds", "obligations", "restrictions", "notes",
    "family", "links", "unknown_reason",
)
# A replaceable passage is a name; more words than this in its place is a change of terms, not a name.
MAX_REPLACEMENT_WORDS = 12


@dataclass(frozen=True)
class Threshold:
    fact: str
    limit: int
    section: str
    summary: str


@dataclass(frozen=True)
class Replaceable:
    """A passage of the reference text that faithful copies change (the organisation named in
    BSD-3 clause 3), as the SPDX license templates' ``<<var>>`` parts. In its place a copy may put,
    in at most ``max_words`` words, one of the ``generic`` names ("the copyright holder") or the
    holder its own copyright line names; anything else is a difference."""

    text: str
    max_words: int
    reason: str
    generic: tuple[str, ...] = ()
    optional: bool = False      # a copy may also leave it out (a title line)


@dataclass(frozen=True)
class Term:
    """An obligation or a restriction, with the section of the text it comes from."""

    id: str
    summary: str
    section: str
    regions: tuple[str, ...] = ()
    effect: str = "conditional"


@dataclass(frozen=True)
class LicenseRule:
    id: str
    name: str
    spdx: str
    kind: str
    category: str
    hub_ids: tuple[str, ...]
    aliases: tuple[str, ...]
    texts: tuple[str, ...]
    use_policies: tuple[str, ...]
    supersedes_text_of: tuple[str, ...]
    use: tuple[tuple[str, str], ...]
    thresholds: tuple[Threshold, ...]
    obligations: tuple[Term, ...]
    restrictions: tuple[Term, ...]
    notes: str
    source: str
    replaceable: tuple[Replaceable, ...] = ()
    family: str = ""                 # versions of one license line ("tencent-hunyuan", "llama"): names an unseen revision
    links: tuple[str, ...] = ()      # vendor URLs of the license, as cards give them in `license_link`
    unknown_reason: str = ""         # only for `category: unknown`: why no answer can be given
    origin: str = "licscan"          # where the knowledge came from: one of ORIGINS

    def grant_for(self, use: str) -> str:
        return dict(self.use)[use]

    @property
    def is_spdx_listed(self) -> bool:
        return not self.spdx.startswith("LicenseRef-")


class KnownRules(Protocol):
    """What a project rule is checked against: licscan's knowledge base (rules.KnowledgeBase, which is
    built from this module's records and so is not imported here)."""

    # read-only, as on the frozen KnowledgeBase
    @property
    def rules(self) -> tuple[LicenseRule, ...]: ...

    @property
    def texts_dir(self) -> Path: ...

    def __hash__(self) -> int: ...   # the texts it holds are remembered per knowledge base

    def by_name(self, name: str, *, catalog: bool = False) -> LicenseRule | None: ...

    def by_link(self, url: str) -> LicenseRule | None: ...

    def text_path(self, filename: str) -> Path: ...


def default_dirs() -> tuple[Path, Path]:
    """Rules and texts shipped with licscan: inside the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent
    installed = (package / "_rules", package / "_license_texts")
    if installed[0].is_dir():
        return installed
    return package.parent / "rules", package.parent / "license_texts"


# Read once, at import: every rule file and policy is checked against them.
CATEGORIES_PATH = default_dirs()[0] / CATEGORIES_FILE
CATEGORY_LIST = load_categories(CATEGORIES_PATH)
CATEGORIES = tuple(category.id for category in CATEGORY_LIST)
CATEGORY_RANK = {category.id: category.rank for category in CATEGORY_LIST}


def name_key(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def _refuse_redefinition(r: yamlnodes.Reader, fields: Fields, known: KnownRules, spdx: str,
                         links: tuple[str, ...], texts: tuple[str, ...]) -> None:
    """A project rule's names, links and text files must not be licscan's: a name that already means a
    licscan rule would be silently ignored (or worse, change what a card's declaration means)."""
    for key, names in (("spdx", (spdx,)), ("hub_ids", r.optional(fields, "hub_ids", lambda n: r.strings(n, "hub_ids"), ())),
                       ("aliases", r.optional(fields, "aliases", lambda n: r.strings(n, "aliases"), ()))):
        for name in names:
            taken = known.by_name(name)
            if taken is not None:
                raise r.fail(fields[key][1], f"{key} '{name}' already names licscan's rule '{taken.id}'; a project rule may not redefine it")
    for link in links:
        taken = known.by_link(link)
        if taken is not None:
            raise r.fail(fields["links"][1], f"link '{link}' is already licscan's rule '{taken.id}'")
    for name in texts:
        if (known.texts_dir / name).exists():
            raise r.fail(fields["texts"][1], f"reference text '{name}' has the name of one of licscan's texts; rename yours")
        path = Path(r.doc.path).parent / name
        same = _known_texts(known).get(_text_key(path.read_bytes())) if path.is_file() else None
        if same is not None:
            raise r.fail(fields["texts"][1], f"reference text '{name}' is licscan's {same[1]} (rule '{same[0]}'): a project rule "
                                             f"may not redefine a licscan license; allow or waive it in the policy instead")
        held = _held_whole(known, path.read_bytes()) if path.is_file() else None
        if held is not None:
            # a licscan text plus a sentence would be matched exactly as the project's license, and the license it
            # holds never named (review39: CC BY-NC 4.0 + "Acme addendum: ..." was "acme-model-license, allowed")
            raise r.fail(fields["texts"][1], f"reference text '{name}': its text contains licscan's {held[0]} text whole "
                                             f"({held[1]}); a project rule may not absorb a license licscan knows: keep only "
                                             f"your own terms in its text, and allow or waive {held[0]} in the policy")


def _text_key(data: bytes) -> bytes:
    """Two files that differ only in spacing are one text to the matcher."""
    import hashlib

    return hashlib.sha256(b" ".join(data.split())).digest()


# a copyright line is a copy's own ("Copyright (c) 2024 Acme"), not the license's terms
_COPYRIGHT_LINE = lazy(r"(?im)^[^\w\n]*copyright\b.*$")   # compiled on first use: most runs load no project rule


def _words(data: bytes) -> str:
    """A text's words as the matcher reads them (rendered, lower-case), copyright lines left out, space-delimited."""
    from .normalize import decode, tokens

    text = decode(data)[0] or ""
    return " " + " ".join(tokens(_COPYRIGHT_LINE.sub("", text))) + " "


@lru_cache(maxsize=4)
def _known_words(known: KnownRules) -> tuple[tuple[str, str, str], ...]:
    return tuple((rule.id, name, words) for rule in known.rules for name in rule.texts
                 if (words := _words(known.text_path(name).read_bytes())).count(" ") > 20)


def _held_whole(known: KnownRules, data: bytes) -> tuple[str, str] | None:
    """The licscan license (id, text file) whose text, every word in order, a project text contains."""
    words = _words(data)
    return next(((rule_id, name) for rule_id, name, known_words in _known_words(known) if known_words in words), None)


@lru_cache(maxsize=4)
def _known_texts(known: KnownRules) -> dict[bytes, tuple[str, str]]:
    return {_text_key(known.text_path(name).read_bytes()): (rule.id, name) for rule in known.rules for name in rule.texts}


def parse_rule(path: Path, texts_dir: Path, known: KnownRules | None = None) -> LicenseRule:
    """One rule file, validated; ``known``: licscan's rules, which a project rule may not redefine."""
    doc = yamlnodes.load(path, str(path))
    r = yamlnodes.Reader(doc)
    if doc.root is None:
        raise InputError("rule file is empty", path)
    root = doc.root
    fields = r.mapping(root, "a rule", _RULE_KEYS)

    def req(key: str) -> yaml.Node:
        return r.required(fields, key, root, "rule")

    rule_id = r.string(req("id"), "id")
    if not _ID.match(rule_id):
        raise r.fail(fields["id"][1], f"id '{rule_id}' must be lower-case letters, digits, '.', '+' or '-'")
    if path.stem != rule_id:
        raise r.fail(fields["id"][1], f"id '{rule_id}' must match the file name '{path.name}'")
    if known is not None and any(rule.id == rule_id for rule in known.rules):
        raise r.fail(fields["id"][1], f"id '{rule_id}' is a licscan rule: a project rule may not redefine it "
                                      f"(give yours its own id, e.g. 'acme-{rule_id}')")
    spdx = r.string(req("spdx"), "spdx")
    if not _SPDX.match(spdx):
        raise r.fail(fields["spdx"][1], f"spdx '{spdx}' is neither an SPDX id nor LicenseRef-…")
    kind = r.optional(fields, "kind", lambda n: r.string(n, "kind", choices=KINDS), "license")
    category = r.string(req("category"), "category", choices=CATEGORIES)
    unknown_reason = r.optional(fields, "unknown_reason", lambda n: r.string(n, "unknown_reason"), "")
    if (category == "unknown") != bool(unknown_reason):
        raise r.fail(fields["category"][1], "category 'unknown' needs an unknown_reason, and only it may have one")
    family = r.optional(fields, "family", lambda n: r.string(n, "family"), "")
    if family and not _ID.match(family):
        raise r.fail(fields["family"][1], f"family '{family}' must be kebab-case like an id")
    links = r.optional(fields, "links", lambda n: r.strings(n, "links"), ())
    for link in links:
        if not _LINK.match(link):
            raise r.fail(fields["links"][1], f"link '{link}' is not an http(s) URL")
    texts = r.optional(fields, "texts", lambda n: r.strings(n, "texts"), ())
    if known is not None:
        _refuse_redefinition(r, fields, known, spdx, links, texts)
    if category == "unknown" and texts:
        raise r.fail(fields["texts"][1], "a rule of category 'unknown' has no reference text (a text would identify the license)")
    for name in texts:
        if "/" in name or "\\" in name or not (texts_dir / name).is_file():
            raise r.fail(fields["texts"][1], f"reference text '{name}' not found in {texts_dir.name}/")
    use_node = req("use")
    use_fields = r.mapping(use_node, "use", USES)
    use = []
    for key in USES:
        if key not in use_fields:
            raise r.fail(use_node, f"use is missing '{key}' (give all of: {', '.join(USES)})")
        grants = (UNDETERMINED,) if category == "unknown" else GRANTS
        use.append((key, r.string(use_fields[key][1], f"use.{key}", choices=grants)))

    def threshold(node: yaml.Node) -> Threshold:
        f = r.mapping(node, "a threshold", ("fact", "limit", "section", "summary"))
        return Threshold(
            fact=r.string(r.required(f, "fact", node, "threshold"), "fact", choices=FACTS),
            limit=r.integer(r.required(f, "limit", node, "threshold"), "limit"),
            section=str(r.scalar(r.required(f, "section", node, "threshold"))),
            summary=r.string(r.required(f, "summary", node, "threshold"), "summary"),
        )

    def term(node: yaml.Node) -> Term:
        f = r.mapping(node, "a term", ("id", "summary", "section", "regions", "effect"))
        term_id = r.string(r.required(f, "id", node, "term"), "id")
        if not _ID.match(term_id):
            raise r.fail(f["id"][1], f"term id '{term_id}' must be kebab-case")
        return Term(
            id=term_id,
            summary=r.string(r.required(f, "summary", node, "term"), "summary"),
            section=str(r.scalar(r.required(f, "section", node, "term"))),
            regions=r.optional(f, "regions", lambda n: r.strings(n, "regions"), ()),
            effect=r.optional(f, "effect", lambda n: r.string(n, "effect", choices=GRANTS), "conditional"),
        )

    def replaceable(node: yaml.Node) -> Replaceable:
        f = r.mapping(node, "a replaceable passage", ("text", "max_words", "generic", "optional", "reason"))
        max_words = r.optional(f, "max_words", lambda n: r.integer(n, "max_words"), 8)
        if not 1 <= max_words <= MAX_REPLACEMENT_WORDS:
            raise r.fail(f["max_words"][1], f"max_words must be 1 to {MAX_REPLACEMENT_WORDS}")
        return Replaceable(
            text=r.string(r.required(f, "text", node, "replaceable passage"), "text"),
            max_words=max_words,
            reason=r.string(r.required(f, "reason", node, "replaceable passage"), "reason"),
            generic=r.optional(f, "generic", lambda n: r.strings(n, "generic"), ()),
            optional=r.optional(f, "optional", lambda n: r.boolean(n, "optional"), False),
        )

    def terms(key: str) -> tuple[Term, ...]:
        found: tuple[Term, ...] = r.optional(fields, key, lambda n: tuple(term(x) for x in r.sequence(n, key)), ())
        return found

    return LicenseRule(
        id=rule_id,
        name=r.string(req("name"), "name"),
        spdx=spdx,
        kind=kind,
        category=category,
        hub_ids=r.optional(fields, "hub_ids", lambda n: r.strings(n, "hub_ids"), ()),
        aliases=r.optional(fields, "aliases", lambda n: r.strings(n, "aliases"), ()),
        texts=texts,
        use_policies=r.optional(fields, "use_policies", lambda n: r.strings(n, "use_policies"), ()),
        supersedes_text_of=r.optional(fields, "supersedes_text_of", lambda n: r.strings(n, "supersedes_text_of"), ()),
        use=tuple(use),
        thresholds=r.optional(fields, "thresholds", lambda n: tuple(threshold(x) for x in r.sequence(n, "thresholds")), ()),
        obligations=terms("obligations"),
        restrictions=terms("restrictions"),
        notes=r.optional(fields, "notes", lambda n: r.string(n, "notes", max_len=20000), ""),
        source=str(path),
        replaceable=r.optional(fields, "replaceable", lambda n: tuple(replaceable(x) for x in r.sequence(n, "replaceable")), ()),
        family=family,
        links=links,
        unknown_reason=unknown_reason,
    )
