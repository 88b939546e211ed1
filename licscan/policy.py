"""The project's policy file (``licscan.yaml``): allow and deny lists, fail_on, waivers.

Modelled on cargo-deny's licenses check: one file, validated as strictly as the manifest.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from . import catalog as _catalog  # noqa: F401 - registers the license catalog as the knowledge base's fallback
from . import yamlnodes
from .errors import InputError
from .manifest import read_revision
from .model import Waiver

# the records, also importable from here as they always were
from .policy_records import Clarification as Clarification
from .policy_records import LicenseReference as LicenseReference
from .policy_records import Policy as Policy
from .policy_records import TrustedMetadata as TrustedMetadata
from .rule_file import name_key
from .rules import CATEGORIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

POLICY_FILE = "licscan.yaml"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("denied", "unknown", "conditional", "conflict")
_KEYS = ("version", "fail_on", "allow", "deny", "waivers", "trust_metadata", "rules_dir", "clarify")
_LIST_KEYS = ("licenses", "categories")
_WAIVER_KEYS = ("id", "revision", "reason", "approved_by", "expires")
_TRUST_KEYS = ("id", "reason")
_CLARIFY_KEYS = ("id", "path", "file", "sha256", "license", "reason", "approved_by")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
TRUST_FORM = "trust_metadata:\n  - id: ORG/NAME\n    reason: why its card metadata is trusted"


def find_policy(base_dir: Path) -> Path | None:
    """The policy that applies to a manifest in ``base_dir``: the nearest ``licscan.yaml``, or
    ``pyproject.toml`` with a ``[tool.licscan]`` table, in ``base_dir`` or a parent folder up to
    the git repository root. Outside a repository only ``base_dir`` itself is looked at, so a
    stray file higher up (a home folder, /tmp) never governs a project by accident."""
    start = base_dir.resolve()
    chain = [start, *start.parents]
    root = next((i for i, folder in enumerate(chain) if (folder / ".git").exists()), None)
    folders = chain[: root + 1] if root is not None else [start]
    for folder in folders:
        yaml_file = folder / POLICY_FILE
        pyproject = folder / PYPROJECT
        in_pyproject = pyproject.is_file() and _pyproject_table(pyproject) is not None
        if yaml_file.is_file() and in_pyproject:
            raise InputError(f"two policies in one folder: {yaml_file} and [tool.licscan] in {pyproject}; keep one", yaml_file)
        if yaml_file.is_file():
            return yaml_file
        if in_pyproject:
            return pyproject
    return None


def load_policy(path: Path | None, base_dir: Path) -> Policy:
    """The policy for a manifest in ``base_dir``: ``path``, else the one ``find_policy`` finds."""
    if path is None:
        path = find_policy(base_dir)
        if path is None:
            return Policy()
    return _with_waiver_folders(_load_policy(path), path, base_dir)


def _with_waiver_folders(policy: Policy, path: Path, base_dir: Path) -> Policy:
    """Each waiver's id read as a folder relative to the policy file, as rules_dir is, and written as the
    manifest in ``base_dir`` writes its path entries: a root policy's waiver for "services/a/models/demo"
    waives service a's "models/demo", and its "models/demo" waives no service's folder of that name."""
    if not policy.waivers:
        return policy
    policy_dir, manifest_dir = path.resolve().parent, base_dir.resolve()
    return replace(policy, waivers=tuple(
        replace(w, folder=posixpath.normpath(Path(os.path.relpath(policy_dir / w.checkpoint, manifest_dir)).as_posix()))
        for w in policy.waivers))


def _load_policy(path: Path) -> Policy:
    if path.name == PYPROJECT and path.is_file():
        table = _pyproject_table(path)
        if table is None:
            raise InputError("has no [tool.licscan] table", path)
        header_line, values = table
        try:
            policy = _parse(yamlnodes.compose(json.dumps(values, default=str), str(path)), path)
        except InputError as exc:
            # The table was re-read as YAML: its own line numbers mean nothing in pyproject.toml.
            raise InputError(f"[tool.licscan]: {exc.message}", path, header_line) from None
        policy = replace(policy, waivers=tuple(replace(w, line=header_line) for w in policy.waivers),
                         clarify=tuple(replace(c, line=header_line) for c in policy.clarify),
                         license_references=tuple(replace(x, line=header_line) for x in policy.license_references))
        return check_license_ids(policy)
    return check_license_ids(_parse(yamlnodes.load(path, str(path)), path))


def check_license_ids(policy: Policy) -> Policy:
    """Every license id the policy names must be one licscan knows (its rules, the project's rules_dir,
    and whatever else ``KnowledgeBase.get`` answers for), or another exact name of one (an SPDX id such
    as "Apache-2.0"; in allow and clarify also a Hub id or alias), which is rewritten to licscan's id:
    exit 2 with a suggestion otherwise. Loading the knowledge base here also validates the project's
    rule files before anything runs."""
    if not (policy.rules_dir or policy.license_references):
        return policy
    kb = policy.knowledge_base()
    canonical: dict[str, str] = {}
    for ref in policy.license_references:
        if kb.get(ref.license) is not None:
            continue
        # another exact name of one license: its SPDX id ("Apache-2.0"), Hub id or alias. The id it
        # becomes must mean that same license (a ScanCode key may be another license's licscan id), and a
        # deny entry takes SPDX ids only: a family's Hub id or alias names one version of it, and a deny
        # narrower than the words meant would pass the others.
        named = kb.by_name(ref.license, catalog=True)
        same = kb.get(named.id) if named is not None else None
        if named is not None and same is not None and same.name == named.name and (
                ref.key != "deny.licenses" or name_key(named.spdx) == name_key(ref.license)):
            if ref.key == "allow.licenses" and _names_a_version_the_rule_does_not(ref.license, named.id, named.spdx, named.name):
                # an alias such as "gfdl-1.2" leads to a rule that covers every version (licscan cannot
                # tell them apart); allowing it would allow versions the policy never named
                raise InputError(f"{ref.key}: '{ref.license}' names one version, but licscan's '{named.id}' "
                                 f"({named.name}) covers every version: allow '{named.id}' if that is meant", policy.path, ref.line)
            canonical[ref.license] = named.id
            continue
        guess = kb.suggest(ref.license)
        hint = f"did you mean '{guess}'?" if guess else "'licscan rules' lists the ids it knows"
        raise InputError(f"{ref.key}: '{ref.license}' is not a license licscan knows ({hint})", policy.path, ref.line)
    return _with_canonical_ids(policy, canonical) if canonical else policy


_VERSION = re.compile(r"\d+(?:\.\d+)*")


def _names_a_version_the_rule_does_not(written: str, *rule_names: str) -> bool:
    """True when ``written`` names a version ("gfdl-1.2", "v1") none of the rule's names carries.
    "2" and "2.0" are one version."""

    def versions(name: str) -> set[str]:
        return {re.sub(r"(?:\.0)+$", "", v) for v in _VERSION.findall(name)}

    named = versions(written)
    return bool(named) and not any(named & versions(name) for name in rule_names)


def _with_canonical_ids(policy: Policy, canonical: dict[str, str]) -> Policy:
    """The policy with each license named by another of its names written as licscan's id, so the
    verdict rules, which compare ids, see the license the policy means."""

    def ids(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(canonical.get(value, value) for value in values))

    return replace(policy, allow_licenses=ids(policy.allow_licenses), deny_licenses=ids(policy.deny_licenses),
                   clarify=tuple(replace(c, license=canonical.get(c.license, c.license)) for c in policy.clarify),
                   license_references=tuple(replace(r, license=canonical.get(r.license, r.license)) for r in policy.license_references))


def _pyproject_table(path: Path) -> tuple[int, dict[str, object]] | None:
    """``(line of the [tool.licscan] header, its values)``, or None when pyproject.toml has none."""
    text = yamlnodes.read_text(path)
    if "licscan" not in text:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the place in the message: "(at line 3, column 9)" or "(at end of document)".
        at = re.search(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$", str(exc))
        problem = str(exc)[: at.start()] if at else str(exc)
        line = (int(at.group(1)) if at.group(1) else text.count("\n") + (not text.endswith("\n"))) if at else None
        raise InputError(f"malformed TOML: {problem}", path, line) from None
    table = data.get("tool", {}).get("licscan") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise InputError("[tool.licscan] must be a table", path)
    header = re.search(r"^[ \t]*\[tool\.licscan\]", text, re.MULTILINE)
    line = text[: header.start()].count("\n") + 1 if header else None
    return line or 1, table


def _parse(doc: yamlnodes.Doc, path: Path) -> Policy:
    r = yamlnodes.Reader(doc)
    if doc.root is None:
        return Policy(path=str(path))
    top = r.mapping(doc.root, "the policy", _KEYS)
    if "version" in top and r.scalar(top["version"][1]) != 1:
        raise r.fail(top["version"][1], "unsupported policy version (this licscan reads version 1)")

    references: list[LicenseReference] = []

    def lists(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if key not in top:
            return (), ()
        f = r.mapping(top[key][1], key, _LIST_KEYS)
        licenses = r.optional(f, "licenses", lambda n: r.strings(n, f"{key}.licenses"), ())
        if licenses:
            nodes = r.sequence(f["licenses"][1], f"{key}.licenses")
            references.extend(LicenseReference(x, f"{key}.licenses", yamlnodes.line_of(n)) for x, n in zip(licenses, nodes, strict=True))
        categories = r.optional(f, "categories", lambda n: r.strings(n, f"{key}.categories"), ())
        for category in categories:
            if category not in CATEGORIES:
                raise r.fail(f["categories"][1], f"unknown category '{category}' in {key}.categories (expected one of: {', '.join(CATEGORIES)})")
        return licenses, categories

    fail_on = r.optional(top, "fail_on", lambda n: r.strings(n, "fail_on"), ("denied", "unknown"))
    for item in fail_on:
        if item not in FAIL_ON:
            raise r.fail(top["fail_on"][1], f"fail_on entry '{item}' must be one of: {', '.join(FAIL_ON)}")
    if "unknown" not in fail_on or "denied" not in fail_on:
        # Failing closed is not optional: a waiver is the way to accept a specific checkpoint.
        raise r.fail(top["fail_on"][1], "fail_on must include 'denied' and 'unknown'; use a waiver to accept a specific checkpoint")
    allow_licenses, allow_categories = lists("allow")
    deny_licenses, deny_categories = lists("deny")
    both = set(allow_licenses) & set(deny_licenses) or set(allow_categories) & set(deny_categories)
    if both:
        raise r.fail(top["allow"][1], f"'{sorted(both)[0]}' is both allowed and denied")
    waivers = []
    if "waivers" in top:
        for node in r.sequence(top["waivers"][1], "waivers"):
            f = r.mapping(node, "a waiver", _WAIVER_KEYS)
            waivers.append(_waiver(r, node, f))
    trust = _trusted(r, top["trust_metadata"][1]) if "trust_metadata" in top else ()
    rules_dir = None
    if "rules_dir" in top:
        # relative to the policy file, as a path in a manifest is relative to the manifest
        rules_dir = str((path.parent / r.string(top["rules_dir"][1], "rules_dir")).resolve())
        if not Path(rules_dir).is_dir():
            raise r.fail(top["rules_dir"][1], f"rules_dir '{r.scalar(top['rules_dir'][1])}' is not a folder")
    clarify = _clarify(r, top["clarify"][1]) if "clarify" in top else ()
    references += [LicenseReference(c.license, "clarify.license", c.line) for c in clarify]
    return Policy(
        keys_set=tuple(top),
        fail_on=tuple(fail_on),
        allow_licenses=allow_licenses,
        deny_licenses=deny_licenses,
        allow_categories=allow_categories,
        deny_categories=deny_categories,
        waivers=tuple(waivers),
        trust_metadata=trust,
        path=str(path),
        rules_dir=rules_dir,
        clarify=clarify,
        license_references=tuple(references),
    )


def _clarify(r: yamlnodes.Reader, node: yaml.Node) -> tuple[Clarification, ...]:
    entries = []
    seen: set[tuple[str, str]] = set()
    for item in r.sequence(node, "clarify"):
        f = r.mapping(item, "a clarify entry", _CLARIFY_KEYS)
        if ("id" in f) == ("path" in f):
            raise r.fail(item, "a clarify entry names its checkpoint with one of 'id' (a Hub repo) or 'path' (a local folder)")
        key = "id" if "id" in f else "path"
        checkpoint = r.string(f[key][1], key)
        file = r.string(r.required(f, "file", item, "clarify entry"), "file")
        if (checkpoint, file) in seen:
            raise r.fail(item, f"{checkpoint} {file} is clarified twice")
        seen.add((checkpoint, file))
        sha_node = r.required(f, "sha256", item, "clarify entry")
        # the source text: a hash of decimal digits alone would otherwise be read as a number
        sha256 = str(sha_node.value).strip().lower() if isinstance(sha_node, yaml.ScalarNode) else r.string(sha_node, "sha256")
        if not _SHA256.match(sha256):
            raise r.fail(f["sha256"][1], "sha256 must be the file's 64 hex digits (sha256sum FILE)")
        entries.append(Clarification(
            checkpoint=checkpoint, kind="hub" if key == "id" else "local", file=file, sha256=sha256,
            license=r.string(r.required(f, "license", item, "clarify entry"), "license"),
            reason=r.string(r.required(f, "reason", item, "clarify entry"), "reason"),
            approved_by=r.string(r.required(f, "approved_by", item, "clarify entry"), "approved_by"),
            line=yamlnodes.line_of(item),
        ))
    return tuple(entries)


def _trusted(r: yamlnodes.Reader, node: yaml.Node) -> tuple[TrustedMetadata, ...]:
    """``trust_metadata`` names each trusted checkpoint with a reason; the old ``true`` (every checkpoint,
    no reason) is refused with the new form, ``false`` still means nothing is trusted."""
    if isinstance(node, yaml.ScalarNode):
        value = r.scalar(node)
        if value is False or value is None:
            return ()
        if value is True:
            raise r.fail(node, "trust_metadata: true is no longer accepted: name each checkpoint whose card metadata "
                               "you trust, with a reason (" + TRUST_FORM.replace("\n", " ") + ")")
    entries = []
    seen: set[str] = set()
    for item in r.sequence(node, "trust_metadata"):
        f = r.mapping(item, "a trust_metadata entry", _TRUST_KEYS)
        checkpoint = r.string(r.required(f, "id", item, "trust_metadata entry"), "id")
        if checkpoint in seen:
            raise r.fail(item, f"{checkpoint} is listed twice in trust_metadata")
        seen.add(checkpoint)
        reason = r.string(r.required(f, "reason", item, "trust_metadata entry"), "reason")
        entries.append(TrustedMetadata(checkpoint, reason, yamlnodes.line_of(item)))
    return tuple(entries)


def _waiver(r: yamlnodes.Reader, node: yaml.Node, f: dict[str, tuple[yaml.Node, yaml.Node]]) -> Waiver:
    expires_node = r.required(f, "expires", node, "waiver")
    value = r.scalar(expires_node)
    if isinstance(value, date):
        expires = value.isoformat()
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            expires = date.fromisoformat(value).isoformat()
        except ValueError:
            raise r.fail(expires_node, f"expires '{value}' is not a real date") from None
    else:
        raise r.fail(expires_node, "expires must be an ISO date (YYYY-MM-DD)")
    return Waiver(
        checkpoint=r.string(r.required(f, "id", node, "waiver"), "id"),
        reason=r.string(r.required(f, "reason", node, "waiver"), "reason"),
        approved_by=r.string(r.required(f, "approved_by", node, "waiver"), "approved_by"),
        expires=expires,
        revision=r.optional(f, "revision", lambda n: read_revision(r, n)),
        line=yamlnodes.line_of(node),
    )


