"""The checklist library through the API: YAML in, versions, problems by line."""

from __future__ import annotations

from tests.factories import SMALL_CHECKLIST

YAML = {"Content-Type": "application/yaml"}


def post_yaml(client_api, text: str, content_type: str = "application/yaml"):
    return client_api.post(
        "/checklists", data=text.encode(), headers={"Content-Type": content_type}
    )


def test_upload_then_new_version_then_read(as_consultant):
    source = SMALL_CHECKLIST.format(slug="shop")
    first = post_yaml(as_consultant, source)
    assert first.status_code == 201
    assert first.get_json()["id"] == "shop" and first.get_json()["version"] == 1
    second = post_yaml(as_consultant, source.replace("Small store visit", "Shop v2"), "text/yaml")
    assert second.get_json()["version"] == 2
    latest = as_consultant.get("/checklists/shop").get_json()
    assert latest["version"] == 2 and latest["title"] == "Shop v2"
    assert [t["key"] for t in latest["touchpoints"]] == ["greeting", "tills"]
    old = as_consultant.get("/checklists/shop?version=1").get_json()
    assert old["title"] == "Small store visit"
    text = as_consultant.get("/checklists/shop.yaml?version=1")
    assert text.status_code == 200 and text.mimetype == "text/yaml"
    assert text.get_data(as_text=True) == source
    listing = as_consultant.get("/checklists").get_json()
    assert listing["total"] == 1 and listing["items"][0]["version"] == 2


def test_wrong_content_type_is_415(as_consultant):
    response = as_consultant.post("/checklists", json={"id": "x"})
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"


def test_invalid_yaml_is_422_with_lines_and_paths(as_consultant):
    source = SMALL_CHECKLIST.format(slug="shop").replace("type: yes_no", "type: yes_maybe")
    response = post_yaml(as_consultant, source)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    assert details and all({"line", "path", "message"} <= set(d) for d in details)
    assert details[0]["line"] == 10 and "criteria[0].type" in details[0]["path"]
    assert post_yaml(as_consultant, "id: [unclosed").status_code == 422
    assert post_yaml(as_consultant, "").status_code == 422
    bad_bytes = as_consultant.post("/checklists", data=b"\xff\xfe", headers=YAML)
    assert bad_bytes.status_code == 400
    assert as_consultant.get("/checklists").get_json()["total"] == 0


def test_missing_checklists_and_versions_are_404(as_consultant, factory):
    factory.checklist(slug="shop")
    assert as_consultant.get("/checklists/nope").status_code == 404
    assert as_consultant.get("/checklists/shop?version=9").status_code == 404
    assert as_consultant.get("/checklists/nope.yaml").status_code == 404
    assert as_consultant.get("/checklists/shop?version=x").status_code == 400


def test_auditors_read_clients_do_not(api, factory):
    factory.checklist(slug="shop")
    as_auditor = api(factory.user("auditor"))
    assert as_auditor.get("/checklists").status_code == 200
    assert as_auditor.get("/checklists/shop").status_code == 200
    assert as_auditor.get("/checklists/shop.yaml").status_code == 200
    assert post_yaml(as_auditor, SMALL_CHECKLIST.format(slug="x")).status_code == 403
    as_client = api(factory.user("client"))
    assert as_client.get("/checklists").status_code == 403
    assert as_client.get("/checklists/shop").status_code == 403


def test_ids_that_clash_with_editor_pages_are_refused_at_their_line(as_consultant):
    source = "# a comment first\n" + SMALL_CHECKLIST.format(slug="preview")
    response = as_consultant.post("/checklists", data=source, headers=YAML)
    assert response.status_code == 422
    (problem,) = response.get_json()["error"]["details"]
    assert problem["line"] == 2 and problem["path"] == "id"
    assert "reserved" in problem["message"]
