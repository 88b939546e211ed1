"""What each command does (check, report, scan, lock, diff, classify, config, rules), kept out of
cli.py so ``licscan --help`` imports nothing heavy. cli.py parses the options and calls run_*."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict, final

import click

from . import compiled_patterns

# before .manifest imports PyYAML (and the commands tomllib and html.parser): the patterns they compile at import
# are made from the regex store (~6 ms a run, PyYAML's reader pattern alone ~5)
compiled_patterns.seed_re_cache()

from .errors import InputError  # noqa: E402
from .exit_status import EXIT_OK, EXIT_VIOLATION, gate_status  # noqa: E402
from .manifest import repo_id_problem, revision_problem  # noqa: E402
from .model import Manifest, ManifestEntry, Project, Report  # noqa: E402
from .output import write_atomic  # noqa: E402
from .vocabulary import MatchStatus  # noqa: E402

if TYPE_CHECKING:
    # imported where they run: this module must stay cheap to import
    from .pipeline import Scanner
    from .policy_records import Policy
    from .rules import KnowledgeBase


def _render(report: Report, fmt: str, verbose: bool, to_terminal: bool, kb: KnowledgeBase) -> str:
    """The report in FMT; KB is the knowledge base the report was judged with (license names)."""
    from .formats import renderer

    if fmt == "terminal":
        from .formats.terminal import render, use_colour

        return render(report, colour=to_terminal and use_colour(sys.stdout), verbose=verbose)
    return renderer(fmt)(report, kb=kb)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


def _scanner(offline: bool | None, jobs: int, lineage: bool = True, quiet: bool = False) -> Scanner:
    from .pipeline import Options, Scanner

    # HF_ENDPOINT is read here, at run time, as well as by huggingface_hub at import.
    endpoint = os.environ.get("HF_ENDPOINT", "").rstrip("/") or None
    return Scanner(options=Options(jobs=jobs, offline=offline or None, progress=not quiet, lineage=lineage, endpoint=endpoint))


def run_check(manifests: Sequence[Path], *, fmt: str, output: Path | None, verbose: bool, offline: bool | None, jobs: int,
              policy_path: Path | None, gate: bool, lineage: bool = True, quiet: bool = False) -> int:
    from .manifest import parse_manifest
    from .policy import load_policy

    if len(manifests) > 1 and (output is not None or fmt != "terminal"):
        raise InputError(f"--format {fmt} and --output take one manifest at a time (a {fmt} document describes one manifest)")
    parsed: list[tuple[Manifest, tuple[str, ...], Policy]] = []
    for path in manifests:
        manifest, warnings = parse_manifest(path)
        policy = load_policy(policy_path, Path(manifest.base_dir))
        parsed.append((manifest, warnings, policy))
    scanner = _scanner(offline, jobs, lineage, quiet)
    reports: list[Report] = []
    rendered: list[str] = []
    for manifest, warnings, policy in parsed:
        report = scanner.run(manifest, policy, warnings + policy.warnings_for(manifest))
        reports.append(report)
        rendered.append(_render(report, fmt, verbose, output is None, scanner.kb))
    _emit("".join(rendered), output)
    if output is not None and fmt != "terminal":
        click.echo(f"licscan: wrote {fmt} report to {output}", err=True)
    return gate_status(reports) if gate else EXIT_OK


def scan_manifest(repo_id: str, revision: str | None, use: str, base_dir: Path) -> Manifest:
    """The one-entry manifest ``licscan scan`` judges, checked as a manifest's entry would be."""
    shown = "<command line>"
    problem = repo_id_problem(repo_id) or (revision_problem(revision) if revision else None)
    if problem:
        raise InputError(problem, shown, 1)
    entry = ManifestEntry(ref=repo_id, kind="hub", line=1, revision=revision or None)
    return Manifest(path=shown, project=Project(name="scan", use=use), entries=(entry,), base_dir=str(base_dir))


def run_scan(repo_id: str, *, revision: str | None, use: str, fmt: str, output: Path | None, verbose: bool, offline: bool | None,
             policy_path: Path | None, quiet: bool = False) -> int:
    from .policy import load_policy
    from .policy_records import Policy

    manifest = scan_manifest(repo_id, revision, use, Path.cwd())
    # A single checkpoint has no project folder: only a policy named with --policy applies.
    policy = load_policy(policy_path, Path.cwd()) if policy_path else Policy()
    scanner = _scanner(offline, 1, quiet=quiet)
    report = scanner.run(manifest, policy)
    _emit(_render(report, fmt, verbose, output is None, scanner.kb), output)
    return gate_status([report])


def run_config(manifest_path: Path, policy_path: Path | None) -> int:
    from .manifest import parse_manifest
    from .policy import load_policy

    manifest, _ = parse_manifest(manifest_path)
    base_dir = Path(manifest.base_dir)
    policy = load_policy(policy_path, base_dir)
    if policy_path is not None:
        origin = f"{policy_path} (named with --policy)"
    elif policy.path is None:
        origin = f"none found beside {manifest_path} or in a parent folder up to the repository root: licscan's defaults apply"
    else:
        # load_policy found it (find_policy, from base_dir resolved): no second search
        where = "beside the manifest" if Path(policy.path).parent == base_dir.resolve() else "in a parent folder"
        origin = f"{policy.path} ({'[tool.licscan] table, ' if policy.path.endswith('pyproject.toml') else ''}{where})"

    def source(key: str) -> str:
        # only a policy read from a file (which has a path) sets keys
        return policy.path if key in policy.keys_set and policy.path is not None else "default"

    def items(values: Sequence[str]) -> str:
        return ", ".join(values) if values else "(none)"

    lines = [
        f"policy: {origin}",
        f"fail_on: {items(policy.fail_on)}    [{source('fail_on')}]",
        f"allow.licenses: {items(policy.allow_licenses)}    [{source('allow')}]",
        f"allow.categories: {items(policy.allow_categories)}    [{source('allow')}]",
        f"deny.licenses: {items(policy.deny_licenses)}    [{source('deny')}]",
        f"deny.categories: {items(policy.deny_categories)}    [{source('deny')}]",
        f"waivers: {len(policy.waivers)}    [{source('waivers')}]",
    ]
    lines += [f"  - {w.checkpoint} until {w.expires} ({w.approved_by}): {w.reason}" for w in policy.waivers]
    lines.append(f"trust_metadata: {len(policy.trust_metadata)}    [{source('trust_metadata')}]")
    lines += [f"  - {t.checkpoint}: {t.reason}" for t in policy.trust_metadata]
    own = [r.id for r in policy.knowledge_base().rules if r.origin == "project"] if policy.rules_dir else []
    own_shown = f" ({len(own)} project rules: " + ", ".join(own) + ")" if own else ""
    lines.append(f"rules_dir: {policy.rules_dir or '(none)'}{own_shown}    [{source('rules_dir')}]")
    lines.append(f"clarify: {len(policy.clarify)}    [{source('clarify')}]")
    lines += [f"  - {c.checkpoint} {c.file} sha256 {c.sha256[:12]}… is {c.license} ({c.approved_by}): {c.reason}" for c in policy.clarify]
    click.echo("\n".join(lines))
    return EXIT_OK


MAX_CLASSIFY_BYTES = 4 * 1024 * 1024   # the longest license text licscan knows (GPL-3.0) is 35 KB


@final   # final, so that `"runner_up" in row` tells the two rows apart
class BinaryRow(TypedDict):
    """``licscan classify --json`` for a file that is not text."""

    file: str
    license: Literal["unknown"]
    status: Literal["unknown"]
    category: Literal["unknown"]
    score: float
    note: str


@final
class MatchRow(TypedDict):
    """``licscan classify --json`` for a text: what it matched (see TextMatch)."""

    file: str
    license: str | None
    status: MatchStatus
    category: str                 # a rule's category (rules.py reads it as a string)
    kind: str | None
    score: float
    runner_up: str | None
    runner_up_score: float
    differences: list[str]
    also_found: list[str]
    also_licenses: list[str]
    also_modified: list[str]
    unexplained: str | None
    unexplained_terms: bool
    also_named: list[str]
    source: Literal["catalog", "licscan"]


def run_classify(paths: Sequence[Path], *, as_json: bool) -> int:
    from .boundedread import read_bounded
    from .classify import Classifier
    from .normalize import decode
    from .rules import load_knowledge_base
    from .safetext import inert_value

    kb = load_knowledge_base()
    classifier = Classifier(kb)
    rows: list[BinaryRow | MatchRow] = []
    for path in paths:
        # Fail closed: a longer file is refused whole rather than judged on its head, whose
        # verdict could miss terms further down. Checked before any output, so nothing is printed.
        data = read_bounded(path, MAX_CLASSIFY_BYTES, what="a license file", too_large=": too large to be a license text")
        text, encoding = decode(data)
        if text is None:
            rows.append({"file": str(path), "license": "unknown", "status": "unknown", "category": "unknown", "score": 0.0,
                         "note": "binary file"})
            continue
        match = classifier.classify_text(text)
        if match.status != "exact":
            from .catalog import identify_text

            match = identify_text(text, match, kb)
        rule = kb.get(match.rule_id) if match.rule_id else None
        rows.append({
            "file": str(path),
            "license": match.rule_id if match.status != "unknown" else "unknown",
            "status": match.status,
            "category": rule.category if rule and match.status != "unknown" else "unknown",
            "kind": rule.kind if rule else None,
            "score": match.score,
            "runner_up": match.runner_up,
            "runner_up_score": match.runner_up_score,
            "differences": list(match.differences),
            "also_found": list(match.also_found),
            "also_licenses": list(match.also_licenses),
            "also_modified": list(match.also_modified),
            "unexplained": match.unexplained or None,
            "unexplained_terms": match.unexplained_terms,
            "also_named": list(match.also_named),
            "source": "catalog" if rule is not None and rule.source == "catalog" else "licscan",
        })
    rows = inert_value(rows)   # a quoted passage can carry terminal control sequences (safetext.py)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    for row in rows:
        if row["status"] == "unknown":
            nearest = f" (nearest: {row['runner_up']} {row['runner_up_score']:.3f})" if "runner_up" in row and row["runner_up"] else ""
            click.echo(f"{row['file']}: unknown{nearest}")
            continue
        label = row["license"] if row["status"] == "exact" else f"modified {row['license']}"
        also = [*row["also_licenses"], *(f"an altered copy of {x}" for x in row["also_modified"]),
                *(f"the name of {x}" for x in row["also_named"]), *row["also_found"]]
        extra = f"; also contains {', '.join(also)}" if also else ""
        click.echo(f"{row['file']}: {label} [{row['category']}] score {row['score']:.3f}{extra}")
        if row["source"] == "catalog":
            from .catalog import load_catalog

            catalog = load_catalog()
            assert catalog is not None and row["license"] is not None   # a catalog rule matched the text
            click.echo(f"    {catalog.licenses[row['license']].identified()}")
        for difference in row["differences"]:
            click.echo(f"    {difference}")
        if row["unexplained"]:
            what = "terms outside the license" if row["unexplained_terms"] else "words outside the license (review them)"
            click.echo(f"    {what}: “{row['unexplained']}”")
    return EXIT_OK


def text_sources(kb: KnowledgeBase) -> dict[str, str]:
    """Where each reference text was copied from, by file name, as license_texts/SOURCES.tsv
    records it: "repository path @ commit"."""
    sources_file = kb.texts_dir / "SOURCES.tsv"
    if not sources_file.is_file():
        return {}
    rows = sources_file.read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    found: dict[str, str] = {}
    for line in rows[1:]:
        # not strict: a row may stop before the last columns (read with .get below)
        row = dict(zip(header, line.split("\t"), strict=False))
        if row.get("id"):
            commit = row.get("commit", "-")
            pinned = f" @ {commit[:12]}" if commit not in ("", "-") else ""
            found[f"{row['id']}.txt"] = f"{row.get('source_repo', '?')} {row.get('path', '?')}{pinned}"
    return found


def run_rules(*, markdown: bool, catalog: bool = False, policy_path: Path | None = None) -> int:
    from .catalog import catalog_only, load_catalog
    from .policy import load_policy
    from .rules import load_knowledge_base

    # the table of docs/licenses.md is licscan's own knowledge; a listing includes the project's (its policy's rules_dir)
    kb = load_knowledge_base() if markdown else load_policy(policy_path, Path.cwd()).knowledge_base()
    if catalog:
        return _catalog_rules(kb)
    sources = text_sources(kb)
    licenses = sorted(kb.rules, key=lambda r: (r.kind, r.category, r.id))
    if markdown:
        click.echo("| id | name | category | SPDX | commercial | internal | thresholds | reference text (source) |")
        click.echo("|---|---|---|---|---|---|---|---|")
        for r in licenses:
            if r.kind != "license":
                continue
            thresholds = "; ".join(f"{t.fact.replace('_', ' ')} ≤ {t.limit:,}" for t in r.thresholds) or "–"
            texts = ", ".join(f"{t} (`{sources.get(t, 'source not recorded')}`)" for t in r.texts) or "metadata only"
            click.echo(f"| `{r.id}` | {r.name} | {r.category} | `{r.spdx}` | {r.grant_for('commercial')} | {r.grant_for('internal')} "
                       f"| {thresholds} | {texts} |")
        policies = [r for r in licenses if r.kind == "use-policy"]
        click.echo("")
        click.echo("Use policies (obligations passed on with their license): " + ", ".join(f"`{r.id}`" for r in policies))
        found = load_catalog()
        if found is not None:
            click.echo("")
            click.echo(f"Plus {len(catalog_only(kb))} licenses known only from the license catalog (the ScanCode LicenseDB, "
                       f"`licensedcode-data` {found.version}; CC-BY-4.0), answered conservatively: `licscan rules --catalog` lists them.")
        return EXIT_OK
    for r in licenses:
        click.echo(f"{r.id:<40} {r.kind:<11} {r.category:<18} commercial: {r.grant_for('commercial'):<12} {r.origin:<8} {r.name}")
        for text in r.texts:
            click.echo(f"    text {text} from {sources.get(text, 'a source not recorded in SOURCES.tsv')}")
    origins = {origin: sum(1 for r in licenses if r.origin == origin) for origin in dict.fromkeys(r.origin for r in licenses)}
    counts = ", ".join(f"{n} from {origin}" + (f" ({rules_dir_of(kb)})" if origin == "project" else "") for origin, n in origins.items())
    click.echo(f"\n{len(licenses)} rules ({counts}), rules version {kb.version}; each reference text's source is in "
               f"{kb.texts_dir / 'SOURCES.tsv'}")
    found = load_catalog()
    if found is None:
        click.echo("license catalog (licensedcode-data) not installed: licenses licscan has no rule for are unknown")
    else:
        click.echo(f"{len(catalog_only(kb))} more licenses known only from the catalog ('licscan rules --catalog' lists them)\n{found.credit}")
    return EXIT_OK


def _catalog_rules(kb: KnowledgeBase) -> int:
    """The catalog licenses no licscan rule describes, with the answer licscan derives for each."""
    from .catalog import catalog_only, load_catalog

    found = load_catalog()
    if found is None:
        raise InputError("the license catalog (PyPI licensedcode-data) is not installed")
    entries = catalog_only(kb)
    for entry in entries:
        rule = found.rule(entry)
        click.echo(f"{rule.id:<40} {rule.category:<11} commercial: {rule.grant_for('commercial'):<12} "
                   f"{entry.spdx:<36} [{entry.scancode_category}] {entry.name}")
    click.echo(f"\n{len(entries)} licenses known only from the catalog (a licscan rule decides for the others)")
    click.echo(found.credit)
    return EXIT_OK


def rules_dir_of(kb: KnowledgeBase) -> str:
    return ", ".join(sorted({str(Path(r.source).parent) for r in kb.rules if r.origin == "project"}))


def run_lock(manifest_path: Path, *, jobs: int, lineage: bool) -> int:
    from .lock import lock_manifest
    from .manifest import parse_manifest
    from .policy import load_policy

    manifest, _warnings = parse_manifest(manifest_path)
    policy = load_policy(None, Path(manifest.base_dir))
    report = _scanner(False, jobs, lineage).run(manifest, policy)
    trusted = tuple(t.checkpoint for t in policy.trust_metadata)
    for line in lock_manifest(manifest, list(report.results), trusted):
        click.echo(f"locked {line}")
    click.echo(f"licscan: wrote {manifest_path}", err=True)
    return EXIT_OK


def run_diff(old: Path, new: Path, *, as_json: bool) -> int:
    from dataclasses import asdict

    from .lock import diff_manifests
    from .manifest import parse_manifest
    from .model import VERDICT_SEVERITY
    from .policy import load_policy

    old_manifest, _ = parse_manifest(old)
    new_manifest, _ = parse_manifest(new)
    # judged as `check` judges the new manifest: under the policy beside it (the old one is often a pipe)
    policy = load_policy(None, Path(new_manifest.base_dir))
    changes = diff_manifests(old_manifest, new_manifest, policy.knowledge_base(), policy)
    worse = [
        c for c in changes
        if c.new_verdict is not None and VERDICT_SEVERITY[c.new_verdict] > VERDICT_SEVERITY.get(c.old_verdict or "allowed", 0)
        and VERDICT_SEVERITY[c.new_verdict] >= VERDICT_SEVERITY["unknown"]
    ]
    if as_json:
        click.echo(json.dumps({"changes": [asdict(c) for c in changes], "worse": [c.checkpoint for c in worse]}, indent=2))
    else:
        shown = [c for c in changes if c.what != "unchanged"]
        if not shown:
            click.echo("no license, category, verdict or revision changes")
        for c in shown:
            if c.what == "added":
                click.echo(f"+ {c.checkpoint}: {c.new_license} ({c.new_category}), {c.new_verdict}")
            elif c.what == "removed":
                click.echo(f"- {c.checkpoint}: was {c.old_license} ({c.old_category}), {c.old_verdict}")
            elif c.what == "revision":
                click.echo(f"~ {c.checkpoint}: revision {str(c.old_revision)[:12]} -> {str(c.new_revision)[:12]}, "
                           f"license unchanged ({c.new_license})")
            else:
                flag = "; the license text is now a modified copy (needs legal review)" if c.became_modified else ""
                click.echo(f"~ {c.checkpoint}: {c.old_license} ({c.old_category}, {c.old_verdict}) "
                           f"-> {c.new_license} ({c.new_category}, {c.new_verdict}){flag}")
    return EXIT_VIOLATION if worse else EXIT_OK
