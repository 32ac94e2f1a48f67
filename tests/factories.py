"""Build any record in one call, committed, with sensible defaults."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from werkzeug.security import generate_password_hash

from audit.extensions import db
from audit.models import (
    Audit,
    ChecklistVersion,
    Location,
    Organization,
    Photo,
    ReviewPhrase,
    User,
)

PASSWORD = "password123"
# Production hashes with Werkzeug's default scrypt (~0.15 s a hash, by design). Tests build
# hundreds of users and sign in as often, so they share one hash made with a cheap scrypt
# cost; verification reads the cost from the hash, so sign-ins are cheap too.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
ROOT = Path(__file__).resolve().parent.parent

SMALL_CHECKLIST = """\
id: {slug}
title: Small store visit
touchpoints:
  - key: greeting
    name: Greeting
    stage: purchase
    channel: in_store
    photos: {{min: 0, max: 3}}
    criteria:
      - {{key: greeted, text: Was the shopper greeted?, pillar: people, type: yes_no}}
      - {{key: warmth, text: How warm was the greeting?, pillar: people, type: scale,
          show_if: {{criterion: greeted, equals: yes}}}}
  - key: tills
    name: Tills
    stage: purchase
    channel: in_store
    criteria:
      - {{key: wait, text: Minutes waited, pillar: process, type: number,
          bands: [{{max: 5, score: 1}}, {{max: 10, score: 0.5}}]}}
      - {{key: notes, text: Anything else?, pillar: product, type: text}}
"""

# A complete set of answers to SMALL_CHECKLIST (tests override single keys).
SMALL_ANSWERS = {"greeted": "yes", "warmth": 4, "wait": 7, "notes": "Busy afternoon"}

_seq = itertools.count(1)


class Factory:
    """Test data builders; every method commits so HTTP requests see the rows."""

    def organization(self, slug: str | None = None, **fields: Any) -> Organization:
        n = next(_seq)
        slug = slug or f"org-{n}"
        org = Organization(slug=slug, name=fields.pop("name", slug.title()), **fields)
        return self._save(org)

    def location(self, organization: Organization | None = None, **fields: Any) -> Location:
        n = next(_seq)
        organization = organization or self.organization()
        fields.setdefault("name", f"Store {n}")
        fields.setdefault("city", "Lyon")
        return self._save(Location(organization=organization, **fields))

    def user(
        self,
        role: str = "consultant",
        email: str | None = None,
        organization: Organization | None = None,
        **fields: Any,
    ) -> User:
        n = next(_seq)
        if role == "client" and organization is None:
            organization = self.organization()
        user = User(
            email=email or f"{role}{n}@example.test",
            name=fields.pop("name", f"{role.title()} {n}"),
            role=role,
            organization=organization,
            **fields,
        )
        user.password_hash = PASSWORD_HASH
        return self._save(user)

    def checklist(self, source: str | None = None, slug: str | None = None) -> ChecklistVersion:
        from audit.services.checklists import save_checklist_version

        source = source or SMALL_CHECKLIST.format(slug=slug or f"small-{next(_seq)}")
        version = save_checklist_version(source, None)
        db.session.commit()
        return version

    def audit(
        self,
        *,
        auditor: User | None = None,
        location: Location | None = None,
        version: ChecklistVersion | None = None,
        status: str = "assigned",
        answers: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Audit:
        """An audit, optionally answered and moved straight to `status`."""
        from audit.services.scores import refresh_score

        audit = Audit(
            auditor=auditor or self.user("auditor"),
            location=location or self.location(),
            checklist_version=version or self.checklist(),
            status=status,
            **fields,
        )
        audit.organization_id = audit.location.organization_id
        db.session.add(audit)
        db.session.flush()
        for key, value in (answers or {}).items():
            from audit.models import Answer

            db.session.add(Answer(audit=audit, criterion_key=key, value=value))
        db.session.flush()
        db.session.refresh(audit)
        refresh_score(audit)
        return self._save(audit)

    def photo(self, audit: Audit, touchpoint_key: str = "greeting", **fields: Any) -> Photo:
        """A photo row of a touchpoint; its files exist only if `sha256` names stored ones."""
        fields.setdefault("sha256", "a" * 64)
        fields.setdefault("content_type", "image/jpeg")
        fields.setdefault("width", 800)
        fields.setdefault("height", 600)
        fields.setdefault("byte_size", 1000)
        return self._save(Photo(audit=audit, touchpoint_key=touchpoint_key, **fields))

    def phrase(self, text: str, organization: Organization | None = None) -> ReviewPhrase:
        """A phrase of the reviewers' comment library (global without an organisation)."""
        return self._save(ReviewPhrase(text=text, organization=organization))

    @staticmethod
    def _save(obj):
        db.session.add(obj)
        db.session.commit()
        return obj
