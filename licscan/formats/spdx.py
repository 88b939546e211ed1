"""An SPDX 2.3 document (JSON or tag-value), built and validated with spdx-tools.

One package per checkpoint. ``licenseDeclared`` is what the model card's metadata declares,
``licenseConcluded`` is licscan's classification; licenses outside the SPDX list are
``LicenseRef-…`` with their verbatim reference text as extracted licensing info. The document is
validated with ``validate_full_spdx_document`` before it is written; an invalid one is an error,
never output.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Report, Result
from ..rules import KnowledgeBase, LicenseRule, names_no_license
from ..safetext import inert_report
from .common import license_display, one_line, revision_of

if TYPE_CHECKING:
    # license_expression (spdx-tools' license parser) ships no py.typed marker.
    from license_expression import LicenseExpression  # type: ignore[import-untyped]
    from spdx_tools.spdx.model.document import Document
    from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

    # A package's declared or concluded license, and the words licscan adds about it.
    LicenseField = tuple[LicenseExpression | SpdxNoAssertion, str | None]

HUB_URL = "https://huggingface.co"
NAMESPACE_BASE = "https://spdx.org/spdxdocs/licscan"
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]+")


class SpdxInvalid(InputError):
    """The SPDX document failed validation; carries every message spdx-tools gave."""

    def __init__(self, messages: list[str], path: str | None = None):
        self.messages = messages
        shown = "; ".join(messages[:5]) + (f"; … {len(messages) - 5} more" if len(messages) > 5 else "")
        super().__init__(f"the SPDX document is not valid, nothing was written: {shown}", path)


def render(report: Report, *, tag_value: bool = False, kb: KnowledgeBase, **_: object) -> str:
    report = inert_report(report)   # card and file text is never trusted (safetext.py)
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    document = build_document(report, kb)
    messages = validate_full_spdx_document(document)
    if messages:
        raise SpdxInvalid([m.validation_message for m in messages], report.manifest_path)
    stream = io.StringIO()
    if tag_value:
        from spdx_tools.spdx.writer.tagvalue.tagvalue_writer import write_document_to_stream as write_tv

        write_tv(document, stream, validate=False)
        return stream.getvalue()
    from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream as write_json

    write_json(document, stream, validate=False)
    return stream.getvalue().rstrip("\n") + "\n"


def spdx_id(value: str) -> str:
    """``SPDXRef-`` and the value with everything but letters, digits, '.' and '-' made '-'."""
    cleaned = _ID_UNSAFE.sub("-", value).strip("-.") or "checkpoint"
    return f"SPDXRef-{cleaned}"


def text_field(value: str) -> str:
    """Free text for an SPDX text field; tag-value ends a text block at the first '</text>'."""
    return value.replace("</text>", "</ text>").replace("<text>", "< text>")


def line_field(value: str) -> str:
    return text_field(one_line(value))


def build_document(report: Report, kb: KnowledgeBase) -> Document:
    # spdx_tools.spdx.model re-exports these without __all__, so strict mypy wants the defining modules.
    from spdx_tools.spdx.model.actor import Actor, ActorType
    from spdx_tools.spdx.model.document import CreationInfo, Document
    from spdx_tools.spdx.model.package import ExternalPackageRef, ExternalPackageRefCategory, Package
    from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

    refs: dict[str, LicenseRule] = {}     # LicenseRef-… used -> its rule
    packages: list[Package] = []
    ids: dict[str, str] = {}              # checkpoint key -> package SPDX id
    taken: set[str] = {"SPDXRef-DOCUMENT"}
    for result in report.results:
        base = spdx_id(result.entry.ref)
        pid, n = base, 1
        while pid in taken:
            n += 1
            pid = f"{base}-{n}"
        taken.add(pid)
        ids[_key(result)] = pid

        revision = revision_of(result)
        hub = result.entry.kind == "hub"
        location: str | SpdxNoAssertion = SpdxNoAssertion()
        if hub:
            location = f"{HUB_URL}/{result.entry.ref}/tree/{revision}" if revision else f"{HUB_URL}/{result.entry.ref}"
        external: list[ExternalPackageRef] = []
        if hub:
            purl = f"pkg:huggingface/{result.entry.ref}" + (f"@{revision}" if revision else "")
            external.append(ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", purl))
        declared, declared_note = _declared(result, kb, refs)
        concluded, concluded_note = _concluded(result, kb, refs)
        packages.append(
            Package(
                spdx_id=pid,
                name=line_field(result.entry.ref),
                download_location=location,
                version=line_field(revision) if revision else None,
                supplier=SpdxNoAssertion(),
                files_analyzed=False,
                homepage=f"{HUB_URL}/{result.entry.ref}" if hub else None,
                license_concluded=concluded,
                license_declared=declared,
                license_comment=text_field(" ".join(x for x in (concluded_note, declared_note) if x)) or None,
                copyright_text=SpdxNoAssertion(),
                comment=text_field(_comment(result, report)),
                external_references=external,
            )
        )

    relationships = [
        Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, ids[_key(r)]) for r in report.results
    ]
    hub_ids = {r.entry.ref: ids[_key(r)] for r in report.results if r.entry.kind == "hub"}
    for result in report.results:
        child = ids[_key(result)]
        seen: set[str] = set()
        for ancestor in _lineage(result):
            parent = hub_ids.get(ancestor)
            if parent and parent != child and parent not in seen:
                seen.add(parent)
                relationships.append(Relationship(child, RelationshipType.DESCENDANT_OF, parent))

    project = report.project
    creation = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id="SPDXRef-DOCUMENT",
        name=line_field(f"licscan report for {project.name}"),
        document_namespace=namespace(report),
        creators=[Actor(ActorType.TOOL, f"licscan-{report.licscan_version}")],
        created=_created(report.generated),
        creator_comment=text_field(
            f"licscan {report.licscan_version}, rules {report.rules_version}; manifest {report.manifest_path}; "
            f"project {one_line(project.name)}, declared use {project.use}."
        ),
    )
    return Document(
        creation,
        packages=packages,
        relationships=relationships,
        extracted_licensing_info=[_extracted(ref, rule, kb) for ref, rule in sorted(refs.items())],
    )


def namespace(report: Report) -> str:
    """Deterministic and unique per report: manifest path, generation time and a hash of the content."""
    from .json_format import report_dict

    content = json.dumps(report_dict(report), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256("\x00".join((report.manifest_path, report.generated, content)).encode("utf-8")).hexdigest()
    name = _ID_UNSAFE.sub("-", report.project.name).strip("-.") or "project"
    return f"{NAMESPACE_BASE}/{name}-{digest[:32]}"


def _key(result: Result) -> str:
    return f"{result.entry.kind}\x00{result.entry.ref}\x00{result.entry.line}"


def _created(generated: str) -> datetime:
    try:
        moment = datetime.fromisoformat(generated.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"report time '{generated}' is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)


def _expression(ids: list[str]) -> LicenseExpression:
    # spdx_tools.common ships no py.typed marker (only spdx_tools.spdx does).
    from spdx_tools.common.spdx_licensing import spdx_licensing  # type: ignore[import-untyped]

    return spdx_licensing.parse(" AND ".join(ids))


def _spdx_for(rule: LicenseRule, refs: dict[str, LicenseRule]) -> str:
    if not rule.is_spdx_listed:
        refs.setdefault(rule.spdx, rule)
    return rule.spdx


def _declared(result: Result, kb: KnowledgeBase, refs: dict[str, LicenseRule]) -> LicenseField:
    """The card's metadata mapped through the rules; NOASSERTION when nothing (or something unknown) is declared."""
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

    declared = result.classification.declared
    if not declared:
        return SpdxNoAssertion(), "The model card declares no license."
    rules = [kb.get(d) for d in declared]
    unknown = [d for d, rule in zip(declared, rules, strict=True) if rule is None]
    if unknown:
        names = ", ".join(f"'{one_line(u)}'" for u in unknown)
        if all(map(names_no_license, unknown)):
            return SpdxNoAssertion(), f"The model card's license field holds {names}, which names no license."
        return SpdxNoAssertion(), f"The model card declares {names}, which licscan does not know."
    ids = list(dict.fromkeys(_spdx_for(rule, refs) for rule in rules if rule is not None))
    return _expression(ids), None


def _concluded(result: Result, kb: KnowledgeBase, refs: dict[str, LicenseRule]) -> LicenseField:
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

    c = result.classification
    note = f"licscan: {one_line(c.basis)}."
    if c.license_id == "unknown":
        return SpdxNoAssertion(), note
    if c.modified_from:
        return SpdxNoAssertion(), f"{note} The text is a modified copy of {c.modified_from}; it needs legal review."
    rule = kb.get(c.license_id)
    if rule is None:
        return SpdxNoAssertion(), f"{note} licscan has no rule for {c.license_id}."
    others = [x for x in dict.fromkeys(c.candidates) if x not in (c.license_id, "unknown")]
    if others:
        note += f" Also applies: {', '.join(others)}; the most restrictive license decides."
    if "unknown" in c.candidates:
        note += " A license that licscan does not know also applies."
    return _expression([_spdx_for(rule, refs)]), note


def _extracted(ref: str, rule: LicenseRule, kb: KnowledgeBase) -> ExtractedLicensingInfo:
    from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo

    comment = None
    text = None
    if rule.texts:
        path = kb.text_path(rule.texts[0])
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = None
        if text is not None and len(rule.texts) > 1:
            comment = f"licscan also knows these versions of the text: {', '.join(rule.texts[1:])}."
    if not text or not text.strip():
        text = f"licscan has no verbatim text for {rule.name} ({rule.id}); see the licensor's published terms."
        comment = "No verbatim license text is bundled with licscan for this license."
    return ExtractedLicensingInfo(
        license_id=ref,
        extracted_text=text_field(text),
        license_name=line_field(rule.name),
        comment=comment,
    )


def _lineage(result: Result) -> list[str]:
    ancestors = [a.repo_id for a in getattr(result, "ancestors", ())]
    return list(dict.fromkeys([*result.lineage, *ancestors]))


def _comment(result: Result, report: Report) -> str:
    c = result.classification
    state = "fails the policy" if result.failed else ("waived" if result.waiver_applied else "passes the policy")
    text = (
        f"licscan verdict for {report.project.use} use: {result.verdict} ({state}). "
        f"License {license_display(result)}, category {c.category}, confidence {c.confidence:.2f}. "
        f"Manifest {report.manifest_path} line {result.entry.line}."
    )
    if result.reasons:
        text += " Why: " + "; ".join(result.reasons) + "."
    if result.obligations:
        text += " Obligations: " + ", ".join(dict.fromkeys(f"{o.license_id}:{o.id}" for o in result.obligations)) + "."
    if result.facts_to_confirm:
        text += " Confirm: " + "; ".join(result.facts_to_confirm) + "."
    return one_line(text)
