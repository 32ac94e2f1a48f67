"""The wave summary PDF."""

from __future__ import annotations

from dataclasses import replace

from audit.reports import build_wave_summary
from audit.reports.sample import sample_wave
from audit.reports.wave import ranked

NAMES = ["Москва Центральный", "Paris Opéra", "Berlin Mitte", "London Bridge"]


def test_league_table_then_one_page_per_location(branding, pdfs):
    data = sample_wave(NAMES, branding)
    pdf = build_wave_summary(data)
    reader = pdfs.reader(pdf)
    assert len(reader.pages) == 1 + len(NAMES)
    league = reader.pages[0].extract_text()
    assert "League table" in league
    order = ranked(data.locations)
    positions = [league.index(loc.location_name) for loc in order]
    assert positions == sorted(positions)  # best to worst
    for page, loc in zip(reader.pages[1:], order, strict=True):
        text = page.extract_text()
        assert loc.location_name in text
        assert f"{loc.overall:.1f}" in text
    assert "new" in league and "▲" in league or "▼" in league


def test_outline_and_metadata(branding, pdfs):
    pdf = build_wave_summary(sample_wave(NAMES, branding))
    titles = pdfs.outline(pdf)
    assert titles[:2] == ["League table", "Locations"]
    assert sorted(titles[2:]) == sorted(NAMES)
    assert pdfs.reader(pdf).metadata.title == "Wave summary 2025-Q1"


def test_change_since_previous_wave(branding, pdfs):
    data = sample_wave(["Up", "Down"], branding)
    up, down = data.locations
    data = replace(
        data,
        locations=[
            replace(up, overall=80.0, previous_overall=70.0, change=10.0),
            replace(down, overall=60.0, previous_overall=65.5, change=-5.5),
        ],
    )
    text = pdfs.reader(build_wave_summary(data)).pages[0].extract_text()
    assert "+10.0" in text and "-5.5" in text


def test_many_locations_still_one_page_each(branding, pdfs):
    names = [f"Store {i}" for i in range(30)]
    reader = pdfs.reader(build_wave_summary(sample_wave(names, branding)))
    texts = [p.extract_text() for p in reader.pages]
    location_pages = [t for t in texts if "Rank " in t]
    assert len(location_pages) == 30
