"""Photo uploads name a criterion (checked against the checklist) and a kind."""

from __future__ import annotations

import pytest

from tests.images import image_bytes
from tests.web.auditor.helpers import upload

JPEG = image_bytes("JPEG", (64, 48))


def test_a_photo_of_a_criterion_and_a_receipt(api, auditor, phone_audit):
    client = api(auditor)
    response = upload(client, phone_audit.id, JPEG, touchpoint="shop", criterion="clean")
    assert response.status_code == 201, response.json
    assert response.json["criterion"] == "clean" and response.json["kind"] == "general"
    receipt = upload(client, phone_audit.id, JPEG, touchpoint="shop", kind="receipt")
    assert receipt.json["kind"] == "receipt" and receipt.json["criterion"] is None
    alone = upload(client, phone_audit.id, JPEG, touchpoint="", criterion="price")
    assert alone.status_code == 201 and alone.json["touchpoint"] == "shop"


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"touchpoint": "shop", "criterion": "nope"}, "criterion"),
        ({"touchpoint": "shop", "criterion": "polite"}, "criterion"),  # of another touchpoint
        ({"touchpoint": "shop", "kind": "selfie"}, "kind"),
    ],
)
def test_a_bad_criterion_or_kind_is_422(api, auditor, phone_audit, form, field):
    response = upload(api(auditor), phone_audit.id, JPEG, **form)
    assert response.status_code == 422
    assert response.json["error"]["details"][0]["field"] == field
