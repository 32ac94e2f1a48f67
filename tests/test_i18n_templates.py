"""Every user-facing string in templates goes through Flask-Babel (`_()`), so adding a
language later is a translation job, not a template rewrite."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STRIP = [
    r"\{#.*?#\}",
    r"\{%\s*block body_class\s*%\}.*?\{%\s*endblock\s*%\}",  # CSS class names
    r"<(script|style|pre|code)\b.*?</\1>",  # code and examples are not prose
    r"\{\{.*?\}\}",
    r"\{%.*?%\}",
    r"<[^>]*>",
    r"&[#\w]+;",
]


def untranslated_text(source: str) -> list[str]:
    """Text left between tags once every Jinja expression and tag is removed."""
    for pattern in STRIP:
        source = re.sub(pattern, "\n", source, flags=re.S)
    return [line.strip() for line in source.splitlines() if re.search(r"[^\W\d_]{2,}", line)]


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_template_text_is_translatable(template):
    assert untranslated_text(template.read_text(encoding="utf-8")) == []


def test_the_check_catches_bare_text():
    assert untranslated_text("<p>Hello there</p><p>{{ _('Fine') }}</p>") == ["Hello there"]
