"""The report's language: the organisation's report_language unless ?lang= asks for another."""

from __future__ import annotations

import re
import unicodedata

from audit.extensions import db

RUSSIAN_DATE = re.compile(r"12 мар\. 2025")
ENGLISH_DATE = "12 Mar 2025"


def test_report_language_of_the_organisation_then_lang_overrides(world, api, pdfs):
    users, audits = world
    audit = audits["acme_pub"]
    audit.organization.report_language = "ru"
    db.session.commit()
    client = api(users["acme"])
    russian = client.get(f"/audits/{audit.id}/report.pdf")
    assert russian.status_code == 200
    assert RUSSIAN_DATE.search(pdfs.text(russian.data))
    english = client.get(f"/audits/{audit.id}/report.pdf?lang=en")
    text = pdfs.text(english.data)
    assert ENGLISH_DATE in text and not RUSSIAN_DATE.search(text)
    assert english.headers["ETag"] != russian.headers["ETag"]  # cached apart
    arabic = client.get(f"/audits/{audit.id}/report.pdf?lang=ar")
    assert "مارس" in unicodedata.normalize("NFKC", pdfs.text(arabic.data))


def test_unknown_report_language_is_a_400_naming_lang(world, api):
    users, audits = world
    response = api(users["consultant"]).get(f"/audits/{audits['acme_pub'].id}/report.pdf?lang=fr")
    assert response.status_code == 400
    assert response.json["error"]["details"][0]["field"] == "lang"


def test_wave_summary_follows_lang(world, api, pdfs):
    users, _ = world
    client = api(users["acme"])
    text = pdfs.text(client.get("/reports/wave-summary.pdf?wave=2025-Q1&lang=ru").data)
    assert RUSSIAN_DATE.search(text)
    default = pdfs.text(client.get("/reports/wave-summary.pdf?wave=2025-Q1").data)
    assert ENGLISH_DATE in default


def test_csv_header_keys_by_default_words_with_lang(world, api):
    users, _ = world
    client = api(users["consultant"])
    keys = client.get("/exports/audits.csv").get_data(as_text=True).lstrip("\ufeff")
    assert keys.startswith("audit_id,organization,location,location_code,")
    words = client.get("/exports/audits.csv?lang=en").get_data(as_text=True).lstrip("\ufeff")
    assert words.startswith("Audit,Organisation,Location,Location code,")
    assert words.splitlines()[1:] == keys.splitlines()[1:]  # the rows do not change
    assert client.get("/exports/audits.csv?lang=xx").status_code == 400
    russian = client.get("/exports/audits.csv?lang=ru").get_data(as_text=True)
    assert russian.lstrip("\ufeff").startswith("Аудит,Организация,Локация,Код локации,")
