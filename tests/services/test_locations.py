"""Locations: field rules and codes unique within an organisation, on create and update."""

from __future__ import annotations

import pytest

from audit.services.errors import Conflict, ValidationFailed
from audit.services.locations import create_location, update_location


def test_create_checks_fields_then_the_code(factory):
    acme, globex = factory.organization("acme"), factory.organization("globex")
    lyon = create_location(acme, {"name": " Lyon ", "code": "LY1", "city": "Lyon"})
    assert (lyon.name, lyon.code) == ("Lyon", "LY1")
    with pytest.raises(ValidationFailed) as bad:
        create_location(acme, {"name": "", "colour": "red"})
    assert bad.value.message == "The location could not be created."
    assert {p["field"] for p in bad.value.details} == {"name", "colour"}
    with pytest.raises(Conflict) as taken:
        create_location(acme, {"name": "Lyon 2", "code": "LY1"})
    assert taken.value.details == [{"field": "code", "message": "already used"}]
    assert create_location(globex, {"name": "Lyon", "code": "LY1"}).code == "LY1"
    assert create_location(acme, {"name": "No code"}).code is None


def test_update_keeps_its_own_code_but_not_another_ones(factory):
    acme = factory.organization("acme")
    lyon = create_location(acme, {"name": "Lyon", "code": "LY1"})
    create_location(acme, {"name": "Paris", "code": "PA1"})
    assert update_location(lyon, {"name": "Lyon centre", "code": "LY1"}).name == "Lyon centre"
    with pytest.raises(ValidationFailed) as bad:
        update_location(lyon, {"name": " "})
    assert bad.value.message == "The location was not changed."
    with pytest.raises(Conflict):
        update_location(lyon, {"name": "Lyon", "code": "PA1"})
    assert lyon.code == "LY1"
