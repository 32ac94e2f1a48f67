"""Fonts, escaping and colours of the report styles."""

from __future__ import annotations

import logging

from reportlab import rl_config

from audit.reports.styles import esc, parse_color, register_fonts, score_color


def test_dejavu_is_registered_from_the_system():
    fonts = register_fonts()
    assert fonts.regular == "DejaVuSans" and fonts.unicode


def test_missing_font_falls_back_to_helvetica_with_a_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        fonts = register_fonts((tmp_path,))
    assert fonts.regular == "Helvetica" and not fonts.unicode
    assert "Helvetica" in caplog.text


def test_escape_keeps_markup_literal():
    assert esc('<font color="x">a & b</font>\nnext') == (
        '&lt;font color="x"&gt;a &amp; b&lt;/font&gt;<br/>next'
    )
    assert esc(None) == ""


def test_colours():
    assert parse_color("#ff0000", "#000000").hexval() == "0xff0000"
    assert parse_color("javascript:", "#000000").hexval() == "0x000000"
    assert score_color(95, [(90, "A"), (0, "B")]) != score_color(10, [(90, "A"), (0, "B")])


def test_ascii85_is_off():
    assert rl_config.useA85 == 0
