"""The en, ar and ru catalogues: in step with the code, complete, placeholders intact."""

from __future__ import annotations

import re

import pytest

from audit import catalogues

TRANSLATED = ("ar", "ru")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    """The named placeholders (`%(name)s`, and `{name}` for the scripts' strings)."""
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}


@pytest.fixture(scope="module")
def extracted():
    """The messages of the code and the templates, as `make catalogues` extracts them."""
    return {m.id for m in catalogues.extract() if m.id}


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_catalogue_is_in_step_with_the_code(language, extracted):
    held = {m.id for m in catalogues.read(language) if m.id}
    assert sorted(extracted - held, key=str) == [], "new messages: run `make catalogues`"
    assert sorted(held - extracted, key=str) == [], "stale messages: run `make catalogues`"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = catalogues.read(language)
    untranslated = [m.id for m in catalog if m.id and not catalogues.is_translated(m)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"translate these in {catalogues.po_path(language)}"
    assert fuzzy == [], f"check and clear the fuzzy flag of these in {language}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for message in catalogues.read(language):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            wanted = placeholders(message.id[1])
            forms = [placeholders(s) for s in message.string]
            # A plural form may spell the number out ("one", "two"), never add a name.
            if any(form - wanted for form in forms) or forms[-1] != wanted:
                wrong.append(message.id)
        elif placeholders(message.string) != placeholders(message.id):
            wrong.append(message.id)
    assert wrong == []


def test_fuzzy_and_empty_translations_are_reported(tmp_path):
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="ru")
    catalog.add("Done", "Готово")
    catalog.add("Open", "")
    catalog.add("Close", "Закрыть", flags=["fuzzy"])
    assert [m.id for m in catalog if m.id and not catalogues.is_translated(m)] == ["Open"]
    assert [m.id for m in catalog if m.id and m.fuzzy] == ["Close"]


def test_compiled_catalogues_translate(tmp_path):
    from babel.support import Translations

    assert catalogues.compile_all() == list(catalogues.LANGUAGES)
    ar = Translations.load(str(catalogues.TRANSLATIONS), ["ar"])
    ru = Translations.load(str(catalogues.TRANSLATIONS), ["ru"])
    assert ar.gettext("Checklists") == "قوائم التحقق"
    assert ru.gettext("Checklists") == "Чек-листы"
    assert ru.ngettext("%(n)d audit", "%(n)d audits", 5) % {"n": 5} == "5 аудитов"
