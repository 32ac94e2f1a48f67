"""A small world for the corrective-action tests: a checklist with a critical criterion."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from audit.extensions import db
from audit.services.workflow import publish_audit

CRITICAL_CHECKLIST = """\
id: {slug}
title: Store visit with a critical check
touchpoints:
  - key: greeting
    name: Greeting
    photos: {{min: 0, max: 3}}
    criteria:
      - {{key: greeted, text: Was the shopper greeted?, pillar: people, type: yes_no,
          critical: true}}
      - {{key: smile, text: Did the staff smile?, pillar: people, type: yes_no}}
  - key: tills
    name: Tills
    criteria:
      - {{key: wait, text: Minutes waited, pillar: process, type: number,
          bands: [{{max: 5, score: 1}}, {{max: 10, score: 0.5}}]}}
"""
#: Fails `greeted` (critical) and `wait` (12 minutes); `smile` passes.
FAILING = {"greeted": "no", "smile": "yes", "wait": 12}
PASSING = {"greeted": "yes", "smile": "yes", "wait": 2}


class ActionsWorld:
    """acme (a location, a client user) and globex (a client user), a consultant, an auditor."""

    def __init__(self, factory) -> None:
        self.factory = factory
        self.version = factory.checklist(CRITICAL_CHECKLIST.format(slug="critical"))
        self.acme = factory.organization("acme", name="Acme")
        self.globex = factory.organization("globex", name="Globex")
        self.store = factory.location(self.acme, name="Acme Flagship")
        self.other_store = factory.location(self.acme, name="Acme Annex")
        self.consultant = factory.user("consultant", name="Connie Consultant")
        self.auditor = factory.user("auditor")
        self.client_acme = factory.user("client", organization=self.acme, name="Ann Acme")
        self.client_globex = factory.user("client", organization=self.globex)

    def audit(
        self,
        answers: dict[str, Any] | None = None,
        status: str = "approved",
        visited: datetime | None = None,
        location=None,
        wave: str = "W1",
    ):
        """An audit of the critical checklist, answered and in `status` (published through
        the workflow, so its critical failures open actions)."""
        audit = self.factory.audit(
            auditor=self.auditor,
            location=location or self.store,
            version=self.version,
            status="approved" if status == "published" else status,
            answers=FAILING if answers is None else answers,
            visited_at=visited or datetime(2026, 3, 1, 10, tzinfo=UTC),
            wave=wave,
        )
        if status == "published":
            publish_audit(audit, self.consultant)
            db.session.commit()
        return audit
