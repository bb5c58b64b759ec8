"""The yearly report as an OpenDocument text (ODT) a ministry can edit: a zip of ``mimetype`` (first, stored),
``META-INF/manifest.xml``, ``styles.xml`` and ``content.xml`` with headings, paragraphs and tables (ODF 1.2)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from flask_babel import gettext as _

from accreditation.reports.content import Report

MIMETYPE = "application/vnd.oasis.opendocument.text"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS} office:version="1.2"><office:styles>'
    '<style:style style:name="Heading_1" style:family="paragraph"><style:text-properties fo:font-size="18pt" '
    'fo:font-weight="bold"/></style:style>'
    '<style:style style:name="Heading_2" style:family="paragraph"><style:text-properties fo:font-size="13pt" '
    'fo:font-weight="bold"/></style:style>'
    "</office:styles></office:document-styles>"
)


def _heading(text: str, level: int) -> str:
    return f'<text:h text:style-name="Heading_{level}" text:outline-level="{level}">{escape(text)}</text:h>'


def _paragraph(text: str) -> str:
    return f"<text:p>{escape(text)}</text:p>"


def _table(name: str, header: list[str], rows: list[list[str]]) -> str:
    def row(cells: list[str]) -> str:
        return (
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string">{_paragraph(cell)}</table:table-cell>' for cell in cells
            )
            + "</table:table-row>"
        )

    columns = f'<table:table-column table:number-columns-repeated="{len(header)}"/>'
    body = "".join(row(cells) for cells in rows)
    return (
        f'<table:table table:name="{escape(name)}">{columns}'
        f"<table:table-header-rows>{row(header)}</table:table-header-rows>{body}</table:table>"
    )


def report_odt(report: Report) -> bytes:
    parts = [
        _heading(report.title, 1),
        _paragraph(report.subtitle),
        _heading(_("Key figures"), 2),
        _table("figures", [_("Figure"), _("Value")], [list(pair) for pair in report.figures]),
        _heading(_("Engagement by region"), 2),
        _table("regions", report.region_header, report.region_rows),
        _heading(_("Weakest criteria"), 2),
        _table("weakest", report.weakest_header, report.weakest_rows)
        if report.weakest_rows
        else _paragraph(_("Too few self-assessments to say which criteria are weakest.")),
        _heading(_("Training coverage"), 2),
        *(_paragraph(line) for line in report.training_lines),
        *([_table("training", report.training_header, report.training_rows)] if report.training_rows else []),
        *(
            [
                _heading(_("Incidents recorded by the schools"), 2),
                _table("incidents", report.incident_header, report.incident_rows),
            ]
            if report.incident_rows
            else []
        ),
        _heading(_("Methods"), 2),
        *(_paragraph(line) for line in report.methods),
    ]
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.2">'
        f"<office:body><office:text>{''.join(parts)}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("styles.xml", STYLES, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
