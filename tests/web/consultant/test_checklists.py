"""The checklist library: editor save, validation by line, preview, versions, diff, copy."""

from __future__ import annotations

import io

from audit.extensions import db
from audit.models import Audit
from audit.services.checklists import get_version
from tests.factories import SMALL_CHECKLIST

SOURCE = SMALL_CHECKLIST.format(slug="shop")
BROKEN = SOURCE.replace("pillar: process", "pillar: proces")  # line 18


def test_save_new_checklist_then_new_version_with_author(client, consultant):
    response = client.post("/consultant/checklists/new", data={"source": SOURCE})
    assert response.status_code == 302 and response.headers["Location"].endswith("/shop")
    edited = SOURCE.replace("Small store visit", "Store visit v2")
    assert (
        client.post("/consultant/checklists/shop/edit", data={"source": edited}).status_code == 302
    )
    assert get_version("shop").version == 2
    page = client.get("/consultant/checklists/shop").get_data(as_text=True)
    assert "Cora Consultant" in page and "v1" in page and "v2" in page


def test_invalid_save_shows_problems_on_their_lines_and_keeps_the_text(client, consultant):
    response = client.post("/consultant/checklists/new", data={"source": BROKEN})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    line = BROKEN.splitlines().index(next(x for x in BROKEN.splitlines() if "proces," in x)) + 1
    assert f'class="line-error" data-line="{line}"' in page
    assert f"line {line}" in page and "proces" in page
    assert "Small store visit" in page  # the text is still in the editor
    assert get_version("shop") is None


def test_validate_endpoint_answers_problems_as_json(client, consultant, world):
    ok = client.post("/consultant/checklists/validate", json={"source": SOURCE}).get_json()
    assert ok == {
        "ok": True,
        "problems": [],
        "warnings": [],
        "id": "shop",
        "title": "Small store visit",
        "next_version": 2,
    }
    bad = client.post("/consultant/checklists/validate", json={"source": BROKEN}).get_json()
    assert bad["ok"] is False
    assert bad["problems"][0]["line"] == 18 and "pillar" in bad["problems"][0]["path"]
    syntax = client.post("/consultant/checklists/validate", json={"source": "id: [x"}).get_json()
    assert syntax["ok"] is False and syntax["problems"][0]["line"] >= 1
    nothing = client.post("/consultant/checklists/validate", data={}).get_json()
    assert nothing["ok"] is False


def test_preview_renders_the_auditors_form(client, consultant):
    response = client.post("/consultant/checklists/preview", json={"source": SOURCE})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Was the shopper greeted?" in page and 'type="number"' in page and "Tills" in page
    bad = client.post("/consultant/checklists/preview", json={"source": BROKEN})
    assert bad.status_code == 422 and "line 18" in bad.get_data(as_text=True)


def test_diff_between_versions(client, consultant, world, factory):
    factory.checklist(SOURCE.replace("Minutes waited", "Minutes in the queue"))
    page = client.get("/consultant/checklists/shop/diff?from=1&to=2").get_data(as_text=True)
    assert 'class="diff-del">-' in page and "Minutes waited" in page
    assert 'class="diff-add">+' in page and "Minutes in the queue" in page
    same = client.get("/consultant/checklists/shop/diff?from=2&to=2").get_data(as_text=True)
    assert "identical" in same
    assert client.get("/consultant/checklists/shop/diff?from=9").status_code == 404
    assert client.get("/consultant/checklists/nope/diff").status_code == 404


def test_duplicate_opens_the_editor_on_a_copy(client, consultant, world):
    response = client.post(
        "/consultant/checklists/shop/duplicate", data={"slug": "shop-copy", "title": "Copy: shop"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "id: shop-copy" in page and "title: &#34;Copy: shop&#34;" in page
    assert get_version("shop-copy") is None  # nothing saved until the consultant saves
    taken = client.post(
        "/consultant/checklists/shop/duplicate", data={"slug": "shop"}, follow_redirects=True
    )
    assert "a checklist with this id exists" in taken.get_data(as_text=True)


def test_upload_a_yaml_file(client, consultant):
    response = client.post(
        "/consultant/checklists/new",
        data={"source": "", "upload": (io.BytesIO(SOURCE.encode()), "shop.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert get_version("shop").version == 1
    bad = client.post(
        "/consultant/checklists/new",
        data={"source": "", "upload": (io.BytesIO(b"\xff\xfe\xfa"), "x.yaml")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "not UTF-8" in bad.get_data(as_text=True)


def test_editing_a_checklist_leaves_assigned_audits_and_scores_alone(
    client, consultant, world, factory
):
    audit = factory.audit(
        location=world["location"],
        version=world["version"],
        status="submitted",
        answers={"greeted": "no", "wait": 7},
    )
    score, overall = audit.score, audit.overall
    heavier = SOURCE.replace("type: yes_no}", "type: yes_no, weight: 10}")
    client.post("/consultant/checklists/shop/edit", data={"source": heavier})
    assert get_version("shop").version == 2
    client.post(f"/consultant/audits/{audit.id}/approve", data={"confirm": "1"})
    db.session.expire_all()
    audit = db.session.get(Audit, audit.id)
    assert audit.checklist_version.version == 1
    assert (audit.score, audit.overall) == (score, overall)
