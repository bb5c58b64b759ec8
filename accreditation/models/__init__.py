"""Database models, one module per group of tables. Import from here."""

from accreditation.models.account import AccountMailRequest, Invitation, SignInFailure
from accreditation.models.api_token import ApiToken
from accreditation.models.application import (
    Application,
    ApplicationAssessor,
    ApplicationModule,
    OutboxJob,
    TransitionRecord,
)
from accreditation.models.assessment import (
    ActionTick,
    Answer,
    SelfAssessment,
    Snapshot,
    SnapshotAnswer,
    SnapshotDocument,
)
from accreditation.models.assessor_quality import (
    AssessorAccreditation,
    CalibrationExercise,
    CalibrationInvitation,
    CalibrationJudgment,
    ModerationSample,
    SchoolFeedback,
    TrainingCredit,
)
from accreditation.models.certificate import Certificate
from accreditation.models.compliance import ComplianceDuty
from accreditation.models.document import Document, DocumentCriterion, DocumentFile
from accreditation.models.geography import Country, Region
from accreditation.models.health_check import HealthCheck
from accreditation.models.idempotency import IdempotencyKey
from accreditation.models.incident import Incident
from accreditation.models.network import Network, NetworkDocument, NetworkLead, NetworkMessage, NetworkSchool
from accreditation.models.onboarding import OnboardingJob
from accreditation.models.regional_index import RegionalIndexCounts
from accreditation.models.reminder import Delivery, Reminder
from accreditation.models.review import AssessorAssignment, AssessorConflict, Judgment, Review, SiteVisit
from accreditation.models.school import Membership, School
from accreditation.models.statistics import StateStayCount
from accreditation.models.survey import (
    SurveyAudience,
    SurveyComment,
    SurveyCount,
    SurveyResponse,
    SurveySnapshotResult,
    SurveyWindow,
)
from accreditation.models.training import StaffCount, TrainingRecord
from accreditation.models.user import AssessorLanguage, RoleGrant, User
from accreditation.models.yearly_report import YearlyReport

__all__ = [
    "AccountMailRequest",
    "AssessorAccreditation",
    "CalibrationExercise",
    "CalibrationInvitation",
    "CalibrationJudgment",
    "ModerationSample",
    "SchoolFeedback",
    "TrainingCredit",
    "ApiToken",
    "AssessorAssignment",
    "AssessorConflict",
    "Judgment",
    "Review",
    "SiteVisit",
    "SnapshotDocument",
    "SnapshotAnswer",
    "Snapshot",
    "SelfAssessment",
    "DocumentFile",
    "DocumentCriterion",
    "Document",
    "Answer",
    "ActionTick",
    "Certificate",
    "ComplianceDuty",
    "Delivery",
    "Reminder",
    "Application",
    "ApplicationAssessor",
    "ApplicationModule",
    "AssessorLanguage",
    "Country",
    "HealthCheck",
    "IdempotencyKey",
    "Incident",
    "Invitation",
    "Membership",
    "Network",
    "NetworkDocument",
    "NetworkLead",
    "NetworkMessage",
    "NetworkSchool",
    "OnboardingJob",
    "OutboxJob",
    "Region",
    "RegionalIndexCounts",
    "RoleGrant",
    "School",
    "SignInFailure",
    "StateStayCount",
    "SurveyAudience",
    "SurveyComment",
    "SurveyCount",
    "SurveyResponse",
    "SurveySnapshotResult",
    "SurveyWindow",
    "StaffCount",
    "TrainingRecord",
    "TransitionRecord",
    "User",
    "YearlyReport",
]
