"""The action plan as a PDF (A4 portrait): per area, each criterion below its benchmark with the improvement
actions that lead up to it, ticked when done. Texts in the current language; DejaVu embedded covers Cyrillic."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from accreditation.assessment.action_plan import ActionPlan
from accreditation.i18n import local
from accreditation.models.time import utcnow
from accreditation.pdf.fonts import register_fonts

DONE, TO_DO = "\u2611", "\u2610"


def action_plan_pdf(plan: ActionPlan) -> bytes:
    sans, sans_bold, _serif, _serif_bold = register_fonts()
    styles = {
        "title": ParagraphStyle("title", fontName=sans_bold, fontSize=18, leading=22, spaceAfter=4),
        "meta": ParagraphStyle("meta", fontName=sans, fontSize=9.5, leading=13, textColor=colors.HexColor("#4a5563")),
        "area": ParagraphStyle("area", fontName=sans_bold, fontSize=14, leading=18, spaceBefore=10, spaceAfter=4),
        "criterion": ParagraphStyle("criterion", fontName=sans_bold, fontSize=11, leading=14, spaceBefore=6),
        "level": ParagraphStyle("level", fontName=sans, fontSize=9.5, leading=12, textColor=colors.HexColor("#4a5563")),
        "action": ParagraphStyle(
            "action", fontName=sans, fontSize=10.5, leading=14, leftIndent=14, firstLineIndent=-14
        ),
    }
    application = plan.space.application
    framework = plan.space.framework
    story = [
        Paragraph(escape(_("Action plan")), styles["title"]),
        Paragraph(
            escape(
                _(
                    "%(school)s · %(programme)s · framework version %(version)s · %(date)s",
                    school=application.school.name,
                    programme=local(plan.space.programme.name),
                    version=framework.version,
                    date=format_date(utcnow().date(), "long"),
                )
            ),
            styles["meta"],
        ),
        Paragraph(escape(_("%(done)s of %(total)s actions done.", done=plan.done, total=plan.total)), styles["meta"]),
        Spacer(1, 4 * mm),
    ]
    if not plan.areas:
        story.append(
            Paragraph(escape(_("Every criterion is at or above its benchmark: no actions are due.")), styles["meta"])
        )
    for area in plan.areas:
        story.append(Paragraph(escape(local(area.area.title)), styles["area"]))
        for planned in area.criteria:
            criterion = planned.score.criterion
            level = planned.score.level
            where = (
                _("Now at level %(level)s; benchmark %(benchmark)s.", level=level, benchmark=criterion.benchmark)
                if level is not None
                else _("Not answered yet; benchmark %(benchmark)s.", benchmark=criterion.benchmark)
            )
            block = [
                Paragraph(escape(local(criterion.title)), styles["criterion"]),
                Paragraph(escape(where), styles["level"]),
            ]
            block += [
                Paragraph(f"{DONE if item.done else TO_DO} {escape(local(item.action.text))}", styles["action"])
                for item in planned.actions
            ]
            story.append(KeepTogether(block))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Action plan"),
        author=_("Safe School Accreditation"),
        subject=application.school.name,
    )
    document.build(story)
    return buffer.getvalue()
