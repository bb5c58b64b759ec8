"""The yearly report as a PDF: ReportLab with the embedded DejaVu fonts, as the certificates and action plans."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accreditation.pdf.fonts import register_fonts
from accreditation.reports.content import Report

CHART_REGIONS = 25  # the best-engaged regions drawn; the table lists every one


def _table(header: list[str], rows: list[list[str]], sans: str, bold: str, cell: ParagraphStyle) -> Table:
    data = [[Paragraph(escape(text), cell) for text in header]]
    data += [[Paragraph(escape(text), cell) for text in row] for row in rows]
    table = Table(data, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), bold),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _chart(report: Report, sans: str) -> Drawing:
    shown = report.chart[:CHART_REGIONS]
    height = 14 * len(shown) + 30
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 45 * mm, 15, 110 * mm, height - 25
    chart.data = [[round(share * 100, 1) for _, share in reversed(shown)]]
    chart.categoryAxis.categoryNames = [name for name, _ in reversed(shown)]
    chart.categoryAxis.labels.fontName = sans
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
    chart.valueAxis.labels.fontName = sans
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#1f5f8b")
    drawing.add(chart)
    return drawing


def report_pdf(report: Report) -> bytes:
    sans, bold, _serif, _serif_bold = register_fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=18, leading=22, spaceAfter=4)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=13, leading=17, spaceBefore=10, spaceAfter=4)
    text = ParagraphStyle("text", fontName=sans, fontSize=10, leading=14, spaceAfter=4)
    cell = ParagraphStyle("cell", fontName=sans, fontSize=8.5, leading=11)
    story = [
        Paragraph(escape(report.title), title),
        Paragraph(escape(report.subtitle), text),
        Spacer(1, 3 * mm),
        Paragraph(escape(_("Key figures")), heading),
        _table([_("Figure"), _("Value")], [list(pair) for pair in report.figures], sans, bold, cell),
        Paragraph(escape(_("Engagement by region")), heading),
    ]
    if report.chart:
        story += [
            Paragraph(escape(_("Share of the registry's schools that started, in per cent")), text),
            _chart(report, sans),
        ]
    story.append(_table(report.region_header, report.region_rows, sans, bold, cell))
    story.append(Paragraph(escape(_("Weakest criteria")), heading))
    if report.weakest_rows:
        story.append(_table(report.weakest_header, report.weakest_rows, sans, bold, cell))
    else:
        story.append(Paragraph(escape(_("Too few self-assessments to say which criteria are weakest.")), text))
    story.append(Paragraph(escape(_("Training coverage")), heading))
    story += [Paragraph(escape(line), text) for line in report.training_lines]
    if report.training_rows:
        story.append(_table(report.training_header, report.training_rows, sans, bold, cell))
    if report.incident_rows:
        story.append(Paragraph(escape(_("Incidents recorded by the schools")), heading))
        story.append(_table(report.incident_header, report.incident_rows, sans, bold, cell))
    story.append(Paragraph(escape(_("Methods")), heading))
    story += [Paragraph(escape(line), text) for line in report.methods]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=report.title,
        author="Safe School Accreditation",
    )
    document.build(story)
    return buffer.getvalue()
