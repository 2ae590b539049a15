"""aind-data-schema Organizations by the name or abbreviation a backend writes."""

from __future__ import annotations

from typing import Any

from aind_data_schema_models.organizations import Organization, OrganizationModel


def name_key(text: str) -> str:
    """How names are compared: case and runs of white space do not matter."""
    return " ".join(text.split()).casefold()


def _organizations() -> tuple[dict[str, OrganizationModel], dict[str, OrganizationModel]]:
    by_name: dict[str, OrganizationModel] = {}
    by_abbreviation: dict[str, OrganizationModel] = {}
    for cls in Organization.ALL:
        organization = cls()
        by_name.setdefault(name_key(organization.name), organization)
        if organization.abbreviation:
            by_abbreviation.setdefault(name_key(organization.abbreviation), organization)
    return by_name, by_abbreviation


# Built once: every lookup afterwards is a dictionary read.
_BY_NAME, _BY_ABBREVIATION = _organizations()


def organization(text: str) -> OrganizationModel | None:
    """The Organization named (or abbreviated) ``text``, ignoring case; None when none is."""
    key = name_key(text)
    return _BY_NAME.get(key) or _BY_ABBREVIATION.get(key)


def organization_json(text: str | None) -> dict[str, Any] | None:
    """A known Organization's JSON, or the backend's text as a name for validation to reject
    (an unknown organization is reported, never replaced by a guess)."""
    if text is None:
        return None
    known = organization(text)
    if known is not None:
        return known.model_dump(mode="json")
    return {"name": text, "abbreviation": None, "registry": None, "registry_identifier": None}
