"""All models, importable from one place (Alembic needs them registered)."""

from audit.models.actions import (
    PENDING_STATUSES,
    ActionChange,
    ActionEvidence,
    ActionStatus,
    CorrectiveAction,
)
from audit.models.audits import EDITABLE_STATUSES, Answer, Audit, AuditEvent, AuditStatus
from audit.models.base import Base
from audit.models.checklists import Checklist, ChecklistVersion
from audit.models.integrity import AuditFlag, Checkin, TouchpointOpening
from audit.models.notifications import MailDelivery, MailOptOut, Notification
from audit.models.organizations import Location, Organization
from audit.models.photos import AudioClip, Photo
from audit.models.programmes import Programme, ProgrammeVisit
from audit.models.review import ReviewPhrase
from audit.models.rollups import ScoreRollup, ScoreRollupPart
from audit.models.users import ApiToken, PasswordLink, Role, User, UserSession

__all__ = [
    "PENDING_STATUSES",
    "ActionChange",
    "ActionEvidence",
    "ActionStatus",
    "CorrectiveAction",
    "EDITABLE_STATUSES",
    "Answer",
    "AudioClip",
    "ApiToken",
    "Audit",
    "AuditEvent",
    "AuditFlag",
    "AuditStatus",
    "Base",
    "Checkin",
    "Checklist",
    "ChecklistVersion",
    "Location",
    "MailDelivery",
    "MailOptOut",
    "Notification",
    "Organization",
    "PasswordLink",
    "Photo",
    "Programme",
    "ProgrammeVisit",
    "ReviewPhrase",
    "Role",
    "ScoreRollup",
    "ScoreRollupPart",
    "TouchpointOpening",
    "User",
    "UserSession",
]
