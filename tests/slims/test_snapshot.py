"""Loading ``DIR/slims`` and replaying it as ``SlimsClient.db``, without any network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aind_slims_api.exceptions import SlimsRecordNotFound
from aind_slims_api.models import SlimsAttachment, SlimsMouseContent
from slims.criteria import equals
from slims.internal import Attachment, Record
from slims.slims import _SlimsApiException

from datasources.slims.snapshot import (
    ReplaySlims,
    SnapshotError,
    client_from_snapshot,
    load_contents,
    load_tables,
    replay_client,
)
from tests.servers.slims import attachment_link, column, entity, tables_of
from tests.slims.records import T0, mouse, write_snapshot


def write(directory: Path, name: str, data: Any) -> Path:
    folder = directory / "slims"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_no_slims_folder_means_no_slims(tmp_path: Path) -> None:
    assert load_tables(tmp_path) is None
    assert client_from_snapshot(tmp_path) is None
    assert load_contents(tmp_path) == {}


def test_tables_are_named_by_their_files(tmp_path: Path) -> None:
    write_snapshot(tmp_path, tables_of([mouse(1, "600001"), mouse(2, "600002")]))
    write(tmp_path, "User.json", [entity("User", 5, user_userName="person.a")])
    write(tmp_path, "notes.txt", "ignored: not a table file")
    tables = load_tables(tmp_path)
    assert tables is not None
    assert sorted(tables) == ["Content", "User"]
    assert [record["pk"] for record in tables["Content"]] == [1, 2]
    assert load_tables(tmp_path / "elsewhere") is None


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("Content.json", "{not json", "not readable JSON"),
        ("Content.json", {"entities": []}, "JSON list"),
        ("Content.json", ["a string"], "'columns' list"),
        ("Content.json", [{"pk": 1, "tableName": "Content"}], "'columns' list"),
        ("Content.json", [entity("Result", 1, rslt_pk=1)], "tableName 'Result'"),
        ("Content.json", [{"tableName": "Content", "columns": []}], "integer 'pk'"),
        ("Content.json", [entity("Content", 1), entity("Content", 1)], "repeats pk 1"),
        ("Content.json", [{"pk": 1, "tableName": "Content", "columns": [{}]}], "'name'"),
        ("Content table.json", [], "table name"),
    ],
)
def test_a_malformed_file_is_an_error_naming_it(
    tmp_path: Path, name: str, data: Any, problem: str
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(SnapshotError, match=problem) as raised:
        load_tables(tmp_path)
    assert str(path) in str(raised.value)


def test_two_files_for_one_table_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, "Sop.json", [])
    write(tmp_path, "SOP.json", [])
    with pytest.raises(SnapshotError, match="names ignore case"):
        load_tables(tmp_path)


def test_attachment_contents_are_named_by_pk(tmp_path: Path) -> None:
    write_snapshot(tmp_path, {}, {18: b'{"rig_id": "r1"}'})
    assert load_contents(tmp_path) == {18: b'{"rig_id": "r1"}'}
    (tmp_path / "slims" / "repo" / "rig.json").write_text("{}")
    with pytest.raises(SnapshotError, match=r"rig\.json"):
        load_contents(tmp_path)


MICE = tables_of(
    [mouse(1, "600001", created=T0), mouse(2, "600001", created=T0 + 5), mouse(3, "600002")]
)


def test_replay_returns_the_library_s_own_records() -> None:
    db = ReplaySlims(MICE)
    found = db.fetch("Content", equals("cntn_barCode", "600001"), sort=["-cntn_createdOn"])
    assert [type(record) for record in found] == [Record, Record]
    assert [record.pk() for record in found] == [2, 1]
    assert found[0].cntn_barCode.value == "600001"
    assert found[0].table_name() == "Content"
    # the snapshot itself is never handed out, so callers cannot change it
    found[0].json_entity["columns"].clear()
    assert db.fetch("Content", None)[1].column("cntn_barCode").value == "600001"
    assert db.fetch_by_pk("Content", 3).cntn_barCode.value == "600002"  # type: ignore[union-attr]
    assert db.fetch_by_pk("Content", 99) is None
    assert db.fetch("NoSuchTable", equals("x", "y")) == []


def test_a_client_over_the_replay_needs_no_connection() -> None:
    client = replay_client(MICE)
    newest = client.fetch_model(SlimsMouseContent, barcode="600001")
    assert newest.pk == 2
    assert [m.pk for m in client.fetch_models(SlimsMouseContent, barcode="600001")] == [1, 2]
    assert client.fetch_pk("Content", cntn_barCode="600002") == 3
    with pytest.raises(SlimsRecordNotFound):
        client.fetch_model(SlimsMouseContent, barcode="699999")


def test_refusals_are_the_library_s_exception() -> None:
    client = replay_client(MICE)
    with pytest.raises(_SlimsApiException, match="unknown SLIMS criteria operator 'soundsLike'"):
        client.db.slims_api.get_entities(
            "Content/advanced", {"criteria": {"fieldName": "a", "operator": "soundsLike"}}
        )
    with pytest.raises(_SlimsApiException, match="no SLIMS endpoint"):
        client.db.slims_api.get_entities("Content/advanced/extra")
    with pytest.raises(_SlimsApiException, match="read-only"):
        client.add("Content", {"cntn_barCode": "x"})
    with pytest.raises(_SlimsApiException, match="read-only"):
        client.update("Content", 1, {"cntn_barCode": "x"})


def test_table_names_in_urls_ignore_case_as_slims_does() -> None:
    # aind-slims-api fetches "SOP"; SLIMS answers records whose tableName is "Sop".
    db = ReplaySlims({"Sop": [entity("Sop", 24, stop_pk=24, stop_name="Clearing")]})
    assert [record.pk() for record in db.fetch("SOP", equals("stop_pk", 24))] == [24]


def attachment(pk: int, name: str, created: int) -> dict[str, Any]:
    return entity(
        "Attachment",
        pk,
        column("attm_pk", pk),
        column("attm_name", name),
        column("attm_createdOn", created, "DATE"),
    )


ATTACHED = tables_of(
    [
        mouse(1, "600001"),
        mouse(2, "600002"),
        attachment(18, "rig_old.json", T0),
        attachment(19, "rig_new.json", T0 + 10),
        attachment(20, "other.json", T0 + 20),
        attachment_link(1, 18, "Content", 1),
        attachment_link(2, 19, "Content", 1),
        attachment_link(3, 20, "Content", 2),
    ]
)


def test_attachments_through_their_links_and_contents_from_the_repo(tmp_path: Path) -> None:
    write_snapshot(tmp_path, ATTACHED, {19: b'{"rig_id": "new"}'})
    client = client_from_snapshot(tmp_path)
    assert client is not None
    first = client.fetch_model(SlimsMouseContent, barcode="600001")
    attached = client.fetch_attachments(first)
    assert [a.name for a in attached] == ["rig_old.json", "rig_new.json"]
    assert [a.name for a in client.fetch_attachments(first, name="rig_old.json")] == [
        "rig_old.json"
    ]
    newest = client.fetch_attachment(first)
    assert isinstance(newest, SlimsAttachment)
    assert newest.pk == 19
    response = client.fetch_attachment_content(newest)
    assert response.status_code == 200
    assert response.json() == {"rig_id": "new"}
    assert client.fetch_attachment_content(18).status_code == 404
    # Record.attachments() goes the same way, and answers the library's Attachment type
    record = client.db.fetch_by_pk("Content", 2)
    assert [type(a) for a in record.attachments()] == [Attachment]
