"""Make a PDF or a DOCX of a verbatim license text, as a fake Hub repository's license file.

    python -m tests.fakehub.make_documents pdf license_texts/cc-by-nc-4.0.txt \
        tests/fakehub/repos/acme/pdf-license-model/LICENSE.pdf
    python -m tests.fakehub.make_documents docx license_texts/mit.txt \
        tests/fakehub/repos/acme/docx-license-model/LICENSE.docx

The documents are committed; this script says how they were made, and makes the same bytes again.

* PDF: fpdf2 (not a licscan or test dependency), the text laid out line by line, unchanged, in
  DejaVu Sans (Debian's fonts-dejavu-core), embedded so that the curly quotes of the original
  survive; a tab (the font has no glyph for it) is set as spaces. The creation date is fixed.
* DOCX: the smallest WordprocessingML package Word opens (content types, relationships, one
  document part), one paragraph per line of the text, written with zipfile at a fixed date.
"""

from __future__ import annotations

import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def make_pdf(text: str, target: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=timezone.utc))
    pdf.set_title(target.name)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=9)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 4.5, line.expandtabs(4), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)


def make_docx(text: str, target: Path) -> None:
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in text.splitlines()
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS), ("word/document.xml", document)):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data.encode("utf-8"))


if __name__ == "__main__":
    kind, source, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    {"pdf": make_pdf, "docx": make_docx}[kind](source.read_text(encoding="utf-8"), target)
