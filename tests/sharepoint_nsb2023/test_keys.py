"""Record keys, sources and list independence."""

from __future__ import annotations

from datasources.sharepoint.nsb2023.mapping import map_item
from tests.sharepoint_nsb2023.helpers import SUBJECT, fixture, records


def test_same_request_has_the_same_keys_in_both_lists() -> None:
    archive = records("fiber_photometry_two_sessions", "nsb2023")
    present = records("fiber_photometry_two_sessions", "nsb_present")
    assert [r.key for r in archive] == [r.key for r in present]
    assert {r.source for r in archive} == {"sharepoint.nsb2023"}
    assert {r.source for r in present} == {"sharepoint.nsb_present"}
    assert [r.document for r in archive] == [r.document for r in present]


def test_list_item_id_and_edits_after_surgery_do_not_change_the_key() -> None:
    original = records("fiber_photometry_two_sessions")
    edited = fixture("fiber_photometry_two_sessions")
    edited["id"] = "9999"
    edited["Date1stInjection"] = "2024-03-21T07:00:00Z"
    edited["Title"] = "  900001Sx-21 Injection + Fiber Optic Implant  (with Headpost) "
    assert [r.key for r in map_item(edited, SUBJECT, "nsb_present")] == [r.key for r in original]


def test_sessions_and_separate_requests_have_different_keys() -> None:
    original = records("fiber_photometry_two_sessions")
    assert len({r.key for r in original}) == 2
    repeated = fixture("fiber_photometry_two_sessions")
    repeated["DateRangeStart"] = "2024-09-02T07:00:00Z"
    again = map_item(repeated, SUBJECT, "nsb2023")
    assert not {r.key for r in again} & {r.key for r in original}


def test_item_without_title_is_keyed_by_list_and_item() -> None:
    fields = fixture("cranial_window_dhc")
    fields["Title"] = None
    archive = map_item(fields, SUBJECT, "nsb2023")
    present = map_item(fields, SUBJECT, "nsb_present")
    assert archive[0].key == f"nsb2023:{SUBJECT}:nsb2023-item-202:initial"
    assert archive[0].key != present[0].key


def test_records_belong_to_the_subject_asked_for() -> None:
    assert {r.subject_id for r in records("cranial_window_dhc")} == {SUBJECT}


def _containers(value: object, found: list[int]) -> list[int]:
    if isinstance(value, dict | list):
        found.append(id(value))
        for child in value.values() if isinstance(value, dict) else value:
            _containers(child, found)
    return found


def test_documents_share_no_mutable_parts() -> None:
    # Callers (the resolver, renumbering fibers) edit documents in place.
    found: list[int] = []
    for record in records("fiber_photometry_two_sessions"):
        _containers(record.document, found)
    assert len(found) == len(set(found))
