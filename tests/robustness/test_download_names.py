"""Downloads named in Arabic or Cyrillic arrive, with an ASCII and an RFC 5987 file name."""

from __future__ import annotations

import re
import urllib.request
from urllib.parse import unquote

import pytest

from audit.web.downloads import ascii_filename, content_disposition

NAMES = {"cyrillic": "Москва Тверская", "arabic": "دبي مول"}


def _fetch(url: str, token: str) -> tuple[int, str, bytes]:
    """GET over a real socket; a header Werkzeug cannot encode made this hang."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, response.headers["Content-Disposition"], response.read()


def _names(header: str) -> tuple[str, str]:
    """The `filename` and the decoded `filename*` of a Content-Disposition header."""
    header.encode("latin-1")  # what goes on the wire must be latin-1 (it is all ASCII)
    plain = re.search(r'filename="([^"]*)"', header).group(1)
    extended = re.search(r"filename\*=UTF-8''([^;\s]+)", header).group(1)
    return plain, unquote(extended, errors="strict")


@pytest.fixture(params=sorted(NAMES))
def place(request, factory, cast):
    """A published audit at a location named in that script, in a wave named in it."""
    name = NAMES[request.param]
    location = factory.location(cast.org, name=name)
    return factory.audit(
        auditor=cast.auditor,
        location=location,
        version=cast.published.checklist_version,
        status="published",
        wave=name,
        answers={"greeted": "yes", "wait": 3, "notes": name},
    )


@pytest.mark.parametrize("who", ["consultant", "client"])
def test_an_audit_report_named_in_any_script_downloads(live_server, token_for, cast, place, who):
    status, header, body = _fetch(
        f"{live_server}/api/v1/audits/{place.id}/report.pdf", token_for(getattr(cast, who))
    )
    assert status == 200 and body.startswith(b"%PDF")
    plain, unicode_name = _names(header)
    assert unicode_name == f"audit-{place.id}-{'-'.join(place.location.name.lower().split())}.pdf"
    assert plain.startswith(f"audit-{place.id}-") and plain.endswith(".pdf") and plain.isascii()


@pytest.mark.parametrize("who", ["consultant", "client"])
def test_a_wave_summary_of_a_wave_named_in_any_script_downloads(
    live_server, token_for, cast, place, who
):
    url = f"{live_server}/api/v1/reports/wave-summary.pdf?wave={place.wave}&organization=acme"
    status, header, body = _fetch(
        urllib.parse.quote(url, safe=":/?=&"), token_for(getattr(cast, who))
    )
    assert status == 200 and body.startswith(b"%PDF")
    plain, unicode_name = _names(header)
    assert "-".join(place.wave.lower().split()) in unicode_name
    assert plain.startswith("wave-acme-") and plain.endswith(".pdf")


def test_the_csv_export_and_checklist_source_carry_both_names(live_server, token_for, cast, place):
    token = token_for(cast.consultant)
    status, header, body = _fetch(f"{live_server}/api/v1/exports/audits.csv", token)
    assert status == 200 and place.location.name in body.decode("utf-8-sig")
    plain, unicode_name = _names(header)
    assert plain == unicode_name and plain.endswith(".csv")


def test_the_checklist_source_download_carries_both_names(client, auth, cast):
    auth.login(cast.consultant.email)
    version = cast.published.checklist_version
    response = client.get(f"/consultant/checklists/{version.slug}.yaml")
    assert response.status_code == 200
    assert _names(response.headers["Content-Disposition"]) == (f"{version.slug}-v1.yaml",) * 2


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("audit-3-москва-тверская.pdf", "audit-3-moskva-tverskaya.pdf"),
        ("audit-4-دبي-مول.pdf", "audit-4-_-_.pdf"),
        ("café crème.csv", "cafe_creme.csv"),
        ('a"b\\c;d\r\n.pdf', "a_b_c_d_.pdf"),
        ("دبي", "download"),
        ("...", "download"),
    ],
)
def test_the_ascii_fallback_keeps_the_extension(name, fallback):
    assert ascii_filename(name) == fallback
    header = content_disposition(name)
    assert header.startswith("attachment; ")
    assert _names(header) == (fallback, name)
