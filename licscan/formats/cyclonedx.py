"""A CycloneDX 1.6 JSON BOM, built with cyclonedx-python-lib (an optional extra).

The project is the BOM's subject; each checkpoint is a ``machine-learning-model`` component that it
depends on. Licenses carry CycloneDX's acknowledgement: ``declared`` for the model card's metadata,
``concluded`` for licscan's classification. Licenses outside the SPDX list are named, with the
verbatim reference text licscan ships. licscan's verdict, reasons and obligations are properties in
the ``licscan:`` namespace.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Report, Result
from ..rules import KnowledgeBase, LicenseRule
from ..safetext import inert_report
from .common import license_display, one_line, revision_of

if TYPE_CHECKING:
    # cyclonedx-python-lib is an optional extra, imported only when this format renders.
    from cyclonedx.model import Property
    from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement

EXTRA_HINT = "pip install 'licscan[cyclonedx]' (or: pip install cyclonedx-python-lib)"


def _require() -> None:
    try:
        import cyclonedx  # noqa: F401
        import packageurl  # noqa: F401
    except ImportError:
        raise InputError(f"the cyclonedx format needs cyclonedx-python-lib, which is not installed: {EXTRA_HINT}") from None


def render(report: Report, *, kb: KnowledgeBase, **_: object) -> str:
    report = inert_report(report)   # card and file text is never trusted (safetext.py)
    _require()
    from cyclonedx.model import AttachedText, Property
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement
    from cyclonedx.model.tool import ToolRepository
    from cyclonedx.output.json import JsonV1Dot6
    from packageurl import PackageURL

    texts: dict[str, str | None] = {}

    def license_for(rule: LicenseRule, acknowledgement: LicenseAcknowledgement, with_text: bool) -> DisjunctiveLicense:
        if rule.is_spdx_listed:
            return DisjunctiveLicense(id=rule.spdx, acknowledgement=acknowledgement)
        if rule.id not in texts:
            texts[rule.id] = _text(rule, kb)
        text = texts[rule.id] if with_text else None
        return DisjunctiveLicense(
            name=rule.name,
            text=AttachedText(content=text) if text else None,
            acknowledgement=acknowledgement,
        )

    project = report.project
    subject = Component(
        name=project.name,
        type=ComponentType.APPLICATION,
        bom_ref="licscan-project",
        properties=[Property(name="licscan:use", value=project.use)],
    )
    components: list[Component] = []
    refs: set[str] = {"licscan-project"}
    for index, result in enumerate(report.results, 1):
        c = result.classification
        revision = revision_of(result)
        ref = f"checkpoint-{index}"
        refs.add(ref)
        licenses: list[DisjunctiveLicense] = []
        concluded = kb.get(c.license_id) if c.license_id != "unknown" and not c.modified_from else None
        if concluded is not None:
            # the verbatim text (for licenses outside the SPDX list) goes with the concluded license only
            licenses.append(license_for(concluded, LicenseAcknowledgement.CONCLUDED, with_text=True))
        for declared in dict.fromkeys(c.declared):
            rule = kb.get(declared)
            licenses.append(
                license_for(rule, LicenseAcknowledgement.DECLARED, with_text=concluded is None)
                if rule is not None
                else DisjunctiveLicense(name=one_line(declared), acknowledgement=LicenseAcknowledgement.DECLARED)
            )
        purl = None
        if result.entry.kind == "hub":
            namespace, _slash, name = result.entry.ref.partition("/")
            purl = PackageURL(type="huggingface", namespace=namespace, name=name, version=revision)
        components.append(
            Component(
                name=result.entry.ref,
                type=ComponentType.MACHINE_LEARNING_MODEL,
                bom_ref=ref,
                version=revision,
                purl=purl,
                licenses=_unique(licenses),
                properties=_properties(result, report, Property),
            )
        )
    bom = Bom(
        components=components,
        serial_number=_serial(report),
        metadata=BomMetaData(
            component=subject,
            tools=ToolRepository(
                components=[Component(name="licscan", type=ComponentType.APPLICATION, version=report.licscan_version)]
            ),
            timestamp=_timestamp(report.generated),
            properties=[
                Property(name="licscan:version", value=report.licscan_version),
                Property(name="licscan:rules-version", value=report.rules_version),
                Property(name="licscan:manifest", value=report.manifest_path),
                Property(name="licscan:passed", value="true" if not report.failed else "false"),
            ],
        ),
    )
    bom.register_dependency(subject, components)
    text = JsonV1Dot6(bom).output_as_string(indent=2)
    _validate(text)
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def _unique(licenses: list[DisjunctiveLicense]) -> list[DisjunctiveLicense]:
    seen: set[tuple[str | None, str | None, LicenseAcknowledgement | None]] = set()
    out: list[DisjunctiveLicense] = []
    for item in licenses:
        key = (item.id, item.name, item.acknowledgement)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _properties(result: Result, report: Report, property_type: type[Property]) -> list[Property]:
    c = result.classification
    props = [
        ("licscan:verdict", result.verdict),
        ("licscan:failed", "true" if result.failed else "false"),
        ("licscan:license", license_display(result)),
        ("licscan:category", c.category),
        ("licscan:confidence", f"{c.confidence:.4f}"),
        ("licscan:manifest-line", str(result.entry.line)),
    ]
    props += [("licscan:reason", r) for r in result.reasons]
    props += [("licscan:obligation", f"{o.license_id}:{o.id} ({o.section}) {o.summary}") for o in result.obligations]
    props += [("licscan:fact-to-confirm", f) for f in result.facts_to_confirm]
    props += [("licscan:base-model", b) for b in result.lineage]
    if result.waiver is not None:
        w = result.waiver
        state = "applied" if result.waiver_applied else "not applied"
        props.append(("licscan:waiver", f"{state}; approved by {w.approved_by}; expires {w.expires}; {w.reason}"))
    return [property_type(name=name, value=one_line(value)) for name, value in props]


def _text(rule: LicenseRule, kb: KnowledgeBase) -> str | None:
    if not rule.texts:
        return None
    try:
        return kb.text_path(rule.texts[0]).read_text(encoding="utf-8")
    except OSError:
        return None


def _serial(report: Report) -> uuid.UUID:
    from .json_format import report_dict

    content = json.dumps(report_dict(report), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(f"{report.manifest_path}\x00{report.generated}\x00{content}".encode()).digest()
    return uuid.UUID(bytes=digest[:16], version=5)


def _timestamp(generated: str) -> datetime:
    moment = datetime.fromisoformat(generated.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _validate(text: str) -> None:
    """Validate against the CycloneDX 1.6 schema when the validation extra (jsonschema) is present."""
    try:
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator

        validator = JsonStrictValidator(SchemaVersion.V1_6)
    except Exception:  # noqa: BLE001 - validation needs optional packages; the BOM is still built by the library
        return
    try:
        error = validator.validate_str(text)
    except Exception:  # noqa: BLE001 - MissingOptionalDependencyException and friends
        return
    if error is not None:
        raise InputError(f"the CycloneDX BOM is not valid, nothing was written: {error}")
