"""The license knowledge base: rule files from ``rules/`` and their verbatim texts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import yamlnodes
from .errors import InputError

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

    def grant_for(self, use: str) -> str:
        return dict(self.use)[use]

    @property
    def is_spdx_listed(self) -> bool:
        return not self.spdx.startswith("LicenseRef-")


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    rules: tuple[LicenseRule, ...]
    texts_dir: Path
    version: str
    _by_id: dict[str, LicenseRule] = field(init=False, repr=False)
    _by_name: dict[str, LicenseRule] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names: dict[str, LicenseRule] = {}
        for rule in self.rules:
            for name in (rule.id, *rule.hub_ids, *rule.aliases, rule.spdx):
                names.setdefault(_name_key(name), rule)
        object.__setattr__(self, "_by_id", {rule.id: rule for rule in self.rules})
        object.__setattr__(self, "_by_name", names)

    def get(self, rule_id: str) -> LicenseRule | None:
        return self._by_id.get(rule_id)

    def by_name(self, name: str) -> LicenseRule | None:
        """Look up by Hub id, licscan id, alias or SPDX id, ignoring case and spacing."""
        return self._by_name.get(_name_key(name))

    def by_link(self, url: str) -> LicenseRule | None:
        """The rule whose `links` list this vendor URL (scheme, "www.", case of the host and a
        trailing slash or fragment ignored)."""
        wanted = _link_key(url)
        return next((rule for rule in self.rules for link in rule.links if _link_key(link) == wanted), None)

    def text_path(self, filename: str) -> Path:
        return self.texts_dir / filename


def _link_key(url: str) -> str:
    match = re.match(r"^\s*(?:https?://)?(?:www\.)?([^/\s]+)(/[^#?\s]*)?", url)
    if not match:
        return url.strip()
    return match.group(1).lower() + (match.group(2) or "").rstrip("/")


def _name_key(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().lower())


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


def load_knowledge_base(rules_dir: Path | None = None, texts_dir: Path | None = None) -> KnowledgeBase:
    default_rules, default_texts = default_dirs()
    rules_dir = rules_dir or default_rules
    texts_dir = texts_dir or default_texts
    return _load_cached(rules_dir.resolve(), texts_dir.resolve())


@lru_cache(maxsize=4)
def _load_cached(rules_dir: Path, texts_dir: Path) -> KnowledgeBase:
    if not rules_dir.is_dir():
        raise InputError("rules directory not found", rules_dir)
    rules: list[LicenseRule] = []
    seen: dict[str, str] = {}
    files = sorted(path for path in rules_dir.glob("*.yaml") if path.name != CATEGORIES_FILE)
    for path in files:
        rule = _parse_rule(path, texts_dir)
        if rule.id in seen:
            raise InputError(f"duplicate rule id '{rule.id}' (also in {seen[rule.id]})", path)
        seen[rule.id] = path.name
        rules.append(rule)
    by_id = {rule.id: rule for rule in rules}
    for rule in rules:
        for ref in (*rule.use_policies, *rule.supersedes_text_of):
            if ref not in by_id:
                raise InputError(f"rule '{rule.id}' refers to unknown rule '{ref}'", rule.source)
        for ref in rule.use_policies:
            if by_id[ref].kind != "use-policy":
                raise InputError(f"rule '{rule.id}' lists '{ref}' under use_policies but it is not a use-policy", rule.source)
    # The categories' ranks decide which license heads a report: they are part of the knowledge base's version.
    version = _rules_version([*files, CATEGORIES_PATH], texts_dir)
    return KnowledgeBase(tuple(rules), texts_dir, version)


def _rules_version(files: list[Path], texts_dir: Path) -> str:
    """A content hash, so a report says exactly which knowledge base judged it."""
    import hashlib

    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    sources = texts_dir / "SOURCES.tsv"
    if sources.is_file():
        digest.update(sources.read_bytes())
    return digest.hexdigest()[:12]


def _parse_rule(path: Path, texts_dir: Path) -> LicenseRule:
    doc = yamlnodes.load(path, str(path))
    r = yamlnodes.Reader(doc)
    if doc.root is None:
        raise InputError("rule file is empty", path)
    fields = r.mapping(doc.root, "a rule", _RULE_KEYS)

    def req(key: str):
        return r.required(fields, key, doc.root, "rule")

    rule_id = r.string(req("id"), "id")
    if not _ID.match(rule_id):
        raise r.fail(fields["id"][1], f"id '{rule_id}' must be lower-case letters, digits, '.', '+' or '-'")
    if path.stem != rule_id:
        raise r.fail(fields["id"][1], f"id '{rule_id}' must match the file name '{path.name}'")
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

    def threshold(node) -> Threshold:
        f = r.mapping(node, "a threshold", ("fact", "limit", "section", "summary"))
        return Threshold(
            fact=r.string(r.required(f, "fact", node, "threshold"), "fact", choices=FACTS),
            limit=r.integer(r.required(f, "limit", node, "threshold"), "limit"),
            section=str(r.scalar(r.required(f, "section", node, "threshold"))),
            summary=r.string(r.required(f, "summary", node, "threshold"), "summary"),
        )

    def term(node) -> Term:
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

    def replaceable(node) -> Replaceable:
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

    def terms(key: str):
        return r.optional(fields, key, lambda n: tuple(term(x) for x in r.sequence(n, key)), ())

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
