"""Account refusals are domain errors: the one handler of the pages and of the API answers them with their status,
so a view catches one only to show its message beside a field."""

from __future__ import annotations

from accreditation.accounts.invitations import AlreadyAccepted, NoSuchInvitation
from accreditation.accounts.members import MayNotRemove, NoSuchMember
from accreditation.accounts.staff import NotYoursToManage
from accreditation.accounts.users import AccountError
from accreditation.accounts.verification import AlreadyDecided, ReasonRequired
from accreditation.applications.errors import http_status
from workflows import WorkflowError


def test_account_refusals_are_domain_errors_with_their_status():
    statuses = {
        AccountError: 422,
        ReasonRequired: 422,
        NotYoursToManage: 403,
        MayNotRemove: 403,
        NoSuchMember: 404,
        NoSuchInvitation: 404,
        AlreadyDecided: 409,
        AlreadyAccepted: 409,
    }
    for kind, status in statuses.items():
        error = kind("Not possible.")
        assert isinstance(error, WorkflowError), kind
        assert (http_status(error), error.reasons) == (status, ["Not possible."]), kind
