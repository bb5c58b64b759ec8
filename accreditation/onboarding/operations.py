"""Onboarding jobs: create one from an uploaded file, and run it (check every row, import the schools, invite
their admins), committing the counts as it goes so that its page shows the progress.

A run is resumable: the schools are written in chunks, each committed with ``rows_written``, and the invitations
in chunks counted by ``invitations_done``; a retried task starts after the last committed chunk (re-importing a
school only updates it). A chunk of invitations interrupted between its commit and its e-mails is invited again
on retry, which replaces the earlier invitations (only the newest link works).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import joinedload

from accreditation.accounts.invitations import invite_school_admin, send_invitation_mail
from accreditation.accounts.users import AccountError
from accreditation.extensions import db
from accreditation.i18n import language_of
from accreditation.imports.schools_csv import (
    ImportFileError,
    ImportPlan,
    RowProblem,
    SchoolRow,
    apply_plan,
    decode,
    parse_plan,
    read_header,
)
from accreditation.joints import current_joints
from accreditation.mail import MailError
from accreditation.models import OnboardingJob, School, User
from accreditation.models.onboarding import JobStatus
from accreditation.models.time import utcnow

INLINE_MAX_ROWS = 500  # larger files run in the background
INLINE_MAX_INVITATIONS = 50  # ... and so do files that invite more schools than this
WRITE_CHUNK = 2000
INVITE_CHUNK = 200
LOOKUP_CHUNK = 1000
SENDER = "onboarding job"  # the task sender that runs a job in the background (``accreditation.tasks.onboarding``)


def may_onboard(user: User) -> bool:
    return user.is_admin or user.is_coordinator


def create_job(user: User, filename: str, content: bytes, skip_invalid: bool) -> OnboardingJob:
    """A queued job for an uploaded file; ImportFileError when the file as a whole is unusable (not UTF-8, empty,
    a required column missing). Decides whether it runs in the background. Flushes, never commits."""
    text = decode(content)
    reader, position = read_header(text)
    rows = sum(1 for values in reader if any(value.strip() for value in values))
    if not rows:
        raise ImportFileError(_("the file has a header but no rows"))
    background = rows > INLINE_MAX_ROWS or ("email" in position and rows > INLINE_MAX_INVITATIONS)
    job = OnboardingJob(
        created_by_id=user.id,
        filename=(filename or "schools.csv")[:200],
        content=text,
        skip_invalid=skip_invalid,
        in_background=background,
        status=JobStatus.QUEUED.value,
        total_rows=rows,
        problems=[],
        notes=[],
    )
    db.session.add(job)
    db.session.flush()
    return job


def visible_job(job_id: int, user: User) -> OnboardingJob | None:
    """The job, for the person who uploaded it (or an admin); None otherwise."""
    job = db.session.get(OnboardingJob, job_id)
    if job is None or not (user.is_admin or job.created_by_id == user.id):
        return None
    return job


def recent_jobs(user: User, count: int = 10) -> list[OnboardingJob]:
    query = select(OnboardingJob).where(OnboardingJob.created_by_id == user.id)
    return list(db.session.scalars(query.order_by(OnboardingJob.id.desc()).limit(count)))


def plan_for(text: str, user: User) -> ImportPlan:
    """The import plan of the file with the person's scope checked: a row for a region they do not coordinate,
    or for an existing school in such a region, is a bad row like any other."""
    plan = parse_plan(text)
    problems = list(plan.problems)
    in_scope = []
    for row in plan.rows:
        if user.coordinates(row.country, row.region):
            in_scope.append(row)
        else:
            problems.append(RowProblem(row.line, _("region %(region)s is outside your scope", region=row.region)))
    rows = []
    existing = _existing_regions(in_scope)
    for row in in_scope:
        found = existing.get((row.country, row.national_id.lower()))
        if found is not None and not user.coordinates(row.country, found):
            message = _(
                "school %(id)s exists already, in region %(region)s outside your scope",
                id=row.national_id,
                region=found,
            )
            problems.append(RowProblem(row.line, message))
        else:
            rows.append(row)
    return ImportPlan(rows, sorted(problems, key=lambda problem: problem.line))


def _existing_regions(rows: list[SchoolRow]) -> dict[tuple[str, str], str]:
    """The current region of each existing school the rows name, by (country, lower-case national_id)."""
    found: dict[tuple[str, str], str] = {}
    keys = sorted({(row.country, row.national_id.lower()) for row in rows})
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        query = select(School.country_code, func.lower(School.national_id), School.region_code).where(
            tuple_(School.country_code, func.lower(School.national_id)).in_(chunk)
        )
        found.update({(country, nid): region for country, nid, region in db.session.execute(query)})
    return found


def run_job(job_id: int) -> OnboardingJob | None:
    """Run (or resume) the job: check, import, invite. Commits after each step; a finished job is left alone."""
    job = db.session.get(OnboardingJob, job_id)
    if job is None or job.finished:
        return job
    user = db.session.get(User, job.created_by_id) if job.created_by_id else None
    if user is None or not user.active or not may_onboard(user):
        return _fail(job, _("The person who uploaded the file can no longer add schools; nothing was imported."))
    with force_locale(language_of(user)):  # the problems found are kept in the words of who reads them
        return _run_job(job, user)


def _run_job(job: OnboardingJob, user: User) -> OnboardingJob:
    if job.started_at is None:
        job.started_at = utcnow()
    _set_status(job, JobStatus.CHECKING)
    try:
        plan = plan_for(job.content, user)
    except ImportFileError as error:
        return _fail(job, str(error))
    job.problems = [[problem.line, problem.reason] for problem in plan.problems]
    job.good_rows = len(plan.rows)
    invitees = [row for row in plan.rows if row.email]
    job.invitations_total = len(invitees)
    if plan.problems and not job.skip_invalid:
        message = ngettext(
            "%(num)d bad row; nothing was imported. Correct it, or choose to import the good rows only.",
            "%(num)d bad rows; nothing was imported. Correct them, or choose to import the good rows only.",
            len(plan.problems),
        )
        return _fail(job, message)
    _set_status(job, JobStatus.IMPORTING)
    _write_schools(job, plan.rows)
    _set_status(job, JobStatus.INVITING)
    _invite_admins(job, user, invitees)
    job.status = JobStatus.DONE.value
    job.content = ""  # the file is not kept once imported
    job.finished_at = utcnow()
    db.session.commit()
    return job


def fail_job(job_id: int, message: str) -> None:
    """Mark a job that cannot run (e.g. its task gave up) as failed, with ``message``."""
    job = db.session.get(OnboardingJob, job_id)
    if job is not None and not job.finished:
        _fail(job, message)


def _set_status(job: OnboardingJob, status: JobStatus) -> None:
    job.status = status.value
    db.session.commit()


def _fail(job: OnboardingJob, message: str) -> OnboardingJob:
    job.status = JobStatus.FAILED.value
    job.error = message
    job.content = ""
    job.finished_at = utcnow()
    db.session.commit()
    return job


def _write_schools(job: OnboardingJob, rows: list[SchoolRow]) -> None:
    for start in range(job.rows_written, len(rows), WRITE_CHUNK):
        chunk = rows[start : start + WRITE_CHUNK]
        result = apply_plan(chunk)
        job.schools_created += result.created
        job.schools_updated += result.updated
        job.rows_written = start + len(chunk)
        db.session.commit()


def _invite_admins(job: OnboardingJob, user: User, rows: list[SchoolRow]) -> None:
    for start in range(job.invitations_done, len(rows), INVITE_CHUNK):
        chunk = rows[start : start + INVITE_CHUNK]
        schools = _schools_of(chunk)
        issued, notes = [], []
        for row in chunk:
            school = schools.get((row.country, row.national_id.lower()))
            if school is None:  # cannot happen after the import; said rather than hidden
                notes.append([row.line, _("the school was not found; no invitation was sent")])
            elif not school.is_verified:
                notes.append([row.line, _("the school is not verified yet; no invitation was sent")])
            else:
                try:
                    issued.append((row, *invite_school_admin(school, user, row.email)))
                except AccountError as refused:
                    notes.append([row.line, str(refused)])
        db.session.commit()
        sent = failed = 0
        for row, invitation, token in issued:
            try:
                send_invitation_mail(invitation, token, user)
                sent += 1
            except MailError:
                current_app.logger.exception("onboarding job %s: could not e-mail %s", job.id, row.email)
                notes.append([row.line, _("the invitation to %(email)s could not be e-mailed", email=row.email)])
                failed += 1
        job.invitations_sent += sent
        job.invitations_failed += failed
        job.invitations_skipped += len(chunk) - len(issued)
        job.invitations_done = start + len(chunk)
        job.notes = [*job.notes, *notes]
        db.session.commit()


def _schools_of(rows: Iterable[SchoolRow]) -> dict[tuple[str, str], School]:
    keys = sorted({(row.country, row.national_id.lower()) for row in rows})
    query = (
        select(School)
        .where(tuple_(School.country_code, func.lower(School.national_id)).in_(keys))
        .options(joinedload(School.memberships))
    )
    return {(school.country_code, school.national_id.lower()): school for school in db.session.scalars(query).unique()}


def send_to_worker(job_id: int) -> None:
    """Queue the job's task (call after the commit that stored the job); a broker that is down fails now, not later."""
    current_joints().sender(SENDER)(job_id)
