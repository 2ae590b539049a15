"""Record mode for LabTracks: the rows the service's queries read, as a ``labtracks.sql``.

For the recorded subjects the tables are read one by one, with the very columns
:mod:`datasources.labtracks.queries` reads (plus the keys joining them): the subjects' and
their parents' ``ANIMALS_COMMON`` rows, their ``SPECIES`` and ``GROUPS``, and their tasks
(``TASK_SET_OBJECT`` → ``TASK_SET`` → ``TASK_TYPE``, ``ACUC_PROTOCOL``). The script is a
portable CREATE TABLE + INSERT text that :mod:`datasources.labtracks.snapshot` loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from datasources.labtracks.client import LabTracksClient, Row
from datasources.labtracks.queries import TASK_DESCRIPTION, placeholders

#: Each table's recorded columns and their portable SQL types, in script order.
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "SPECIES": (("ID", "INTEGER"), ("SPECIES_NAME", "TEXT")),
    "GROUPS": (("ID", "INTEGER"), ("GROUP_NAME", "TEXT"), ("GROUP_DESCRIPTION", "TEXT")),
    "ANIMALS_COMMON": (
        ("ID", "INTEGER"),
        ("CLASS_VALUES", "TEXT"),
        ("SEX", "TEXT"),
        ("BIRTH_DATE", "TIMESTAMP"),
        ("MATERNAL_INDEX", "INTEGER"),
        ("PATERNAL_INDEX", "INTEGER"),
        ("SPECIES_ID", "INTEGER"),
        ("GROUP_ID", "INTEGER"),
        ("CAGE_ID", "INTEGER"),
        ("ROOM_ID", "INTEGER"),
    ),
    "TASK_TYPE": (("ID", "INTEGER"), ("TYPE_NAME", "TEXT")),
    "ACUC_PROTOCOL": (("LINK_INDEX", "INTEGER"), ("PROTOCOL_NUMBER", "TEXT")),
    "TASK_SET": (
        ("ID", "INTEGER"),
        ("TASK_TYPE_ID", "INTEGER"),
        ("ACUC_LINK_ID", "INTEGER"),
        ("INVESTIGATOR_ID", "INTEGER"),
        ("DATE_START", "TIMESTAMP"),
        ("DATE_END", "TIMESTAMP"),
        ("TASK_STATUS", "TEXT"),
        (TASK_DESCRIPTION.name, "TEXT"),
    ),
    "TASK_SET_OBJECT": (("TASK_ID", "INTEGER"), ("TASK_OBJECT", "INTEGER")),
}


@dataclass
class LabTracksTables:
    """Recorded rows by table; ``task_description``: whether TASK_SET has that column."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    task_description: bool = False

    def columns(self, table: str) -> list[tuple[str, str]]:
        return [
            (name, kind)
            for name, kind in TABLES[table]
            if name != TASK_DESCRIPTION.name or self.task_description
        ]

    def script(self) -> str:
        lines = [
            "-- LabTracks rows recorded by `aind-metadata-graphql record` (see README.md).",
            "",
        ]
        for table in TABLES:
            columns = self.columns(table)
            body = ",\n".join(f"    {name} {kind}" for name, kind in columns)
            lines += [f"CREATE TABLE {table} (\n{body}\n);", ""]
            names = ", ".join(name for name, _ in columns)
            for row in self.rows.get(table, []):
                values = ", ".join(sql_literal(row.get(name)) for name, _ in columns)
                lines.append(f"INSERT INTO {table} ({names}) VALUES ({values});")  # noqa: S608
            lines.append("")
        return "\n".join(lines)


def sql_literal(value: Any) -> str:
    """``value`` as a portable SQL literal (NULL, a number, or a quoted string)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime):
        text = value.replace(tzinfo=None).isoformat(sep=" ")
    elif isinstance(value, date | time):
        text = value.isoformat()
    elif isinstance(value, bytes | bytearray | memoryview):
        text = bytes(value).decode("utf-8", "replace")
    else:
        text = str(value)
    return "'" + text.replace("'", "''") + "'"


def _keys(rows: Iterable[Row], *names: str) -> list[Any]:
    return sorted({row[name] for row in rows for name in names if row.get(name) is not None})


async def _select(
    client: LabTracksClient, table: str, columns: Sequence[str], key: str, values: Sequence[Any]
) -> list[Row]:
    if not values:
        return []
    selected = ", ".join(columns)

    def build(count: int) -> str:
        return f"SELECT {selected} FROM {table} WHERE {key} IN ({placeholders(count)})"  # noqa: S608 - fixed names, bound values

    rows = await client.fetch_in(build, list(values))
    unique = {tuple(sorted(row.items(), key=lambda kv: kv[0])): row for row in rows}
    return sorted(unique.values(), key=lambda row: [str(row.get(c)) for c in columns])


async def read_tables(client: LabTracksClient, subject_ids: Sequence[int]) -> LabTracksTables:
    """The rows the subject and task queries read for ``subject_ids``."""
    tables = LabTracksTables(task_description=TASK_DESCRIPTION in client.columns)

    async def read(table: str, key: str, values: Sequence[Any]) -> list[Row]:
        names = [name for name, _ in tables.columns(table)]
        found = await _select(client, table, names, key, values)
        tables.rows.setdefault(table, []).extend(found)
        return found

    animals = await read("ANIMALS_COMMON", "ID", list(subject_ids))
    parents = _keys(animals, "MATERNAL_INDEX", "PATERNAL_INDEX")
    known = {row["ID"] for row in animals}
    relatives = await read("ANIMALS_COMMON", "ID", [p for p in parents if p not in known])
    everyone = [*animals, *relatives]
    await read("SPECIES", "ID", _keys(everyone, "SPECIES_ID"))
    await read("GROUPS", "ID", _keys(everyone, "GROUP_ID"))
    links = await read("TASK_SET_OBJECT", "TASK_OBJECT", list(subject_ids))
    tasks = await read("TASK_SET", "ID", _keys(links, "TASK_ID"))
    await read("TASK_TYPE", "ID", _keys(tasks, "TASK_TYPE_ID"))
    await read("ACUC_PROTOCOL", "LINK_INDEX", _keys(tasks, "ACUC_LINK_ID"))
    return tables
