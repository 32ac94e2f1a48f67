"""A visit to check: a Paris shop with coordinates, its auditor, and API helpers."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest

from audit.models import Audit, Location, Organization, User
from tests.factories import SMALL_ANSWERS

PARIS = (48.8566, 2.3522)


@dataclass
class Visit:
    """The shop, its organisation, an auditor, a consultant and the API as each."""

    org: Organization
    shop: Location
    auditor: User
    consultant: User
    factory: Any
    api: Any

    def audit(self, auditor: User | None = None, **fields: Any) -> Audit:
        """A new audit of the shop, assigned to `auditor` (the visit's auditor by default)."""
        fields.setdefault("version", self.version)
        fields.setdefault("location", self.shop)
        return self.factory.audit(auditor=auditor or self.auditor, **fields)

    @property
    def version(self):
        if not hasattr(self, "_version"):
            self._version = self.factory.checklist()
        return self._version

    def as_auditor(self, auditor: User | None = None):
        return self.api(auditor or self.auditor)

    def checkin(self, audit: Audit, lat: float, lon: float, accuracy: float = 15, **kw):
        return self.as_auditor(kw.pop("auditor", None)).post(
            f"/audits/{audit.id}/checkin",
            json={"latitude": lat, "longitude": lon, "accuracy_m": accuracy},
        )

    def answer(self, audit: Audit, answers: dict | None = None, auditor: User | None = None):
        response = self.as_auditor(auditor).patch(
            f"/audits/{audit.id}/answers", json=answers or SMALL_ANSWERS
        )
        assert response.status_code == 200, response.get_json()

    def upload(self, audit: Audit, data: bytes, auditor: User | None = None, **form: str):
        response = self.as_auditor(auditor).post(
            f"/audits/{audit.id}/photos",
            data={"file": (io.BytesIO(data), "p.jpg"), "touchpoint": "greeting", **form},
            content_type="multipart/form-data",
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def submit(self, audit: Audit, auditor: User | None = None) -> list[dict]:
        """Submit, then the flags as the consultant reads them."""
        response = self.as_auditor(auditor).post(f"/audits/{audit.id}/submit")
        assert response.status_code == 200, response.get_json()
        return self.flags(audit)

    def flags(self, audit: Audit) -> list[dict]:
        response = self.api(self.consultant).get(f"/audits/{audit.id}/flags")
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert body["total"] == len(body["items"])
        return body["items"]

    def visited(self, audit: Audit, answers: dict | None = None, auditor: User | None = None):
        """Checked in at the door and answered: a visit nothing is wrong with (but time)."""
        assert self.checkin(audit, *PARIS, auditor=auditor).status_code == 201
        self.answer(audit, answers, auditor)


def kinds(flags: list[dict]) -> set[str]:
    """The kinds of the flags."""
    return {f["kind"] for f in flags}


@pytest.fixture
def visit(factory, api) -> Visit:
    """The Paris shop of acme with its auditor and a consultant."""
    org = factory.organization("acme")
    shop = factory.location(
        org, name="Rivoli", timezone="Europe/Paris", latitude=PARIS[0], longitude=PARIS[1]
    )
    return Visit(
        org=org,
        shop=shop,
        auditor=factory.user("auditor"),
        consultant=factory.user("consultant"),
        factory=factory,
        api=api,
    )
