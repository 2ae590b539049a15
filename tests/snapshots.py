"""Snapshot directories (docs/architecture.md, Snapshot directories) the tests write."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.servers.mgi import bucket, summary_row

CLASS_VALUES = (
    '<?xml version="1.0" encoding="utf-16"?>'
    '<MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
    "<Reserved_by>Test Person</Reserved_by><Full_Genotype>{}</Full_Genotype>"
    "</MouseCustomClass>"
)


@dataclass(frozen=True)
class Animal:
    id: int
    genotype: str | None = "wt/wt"
    sex: str | None = "F"
    birth: str = "2024-03-04 00:00:00"
    mother: int | None = None
    father: int | None = None
    group: int | None = 1
    cage: int | None = 1201
    room: int | None = 42
    class_values: str | None = None  # raw CLASS_VALUES, overriding genotype

    def values(self) -> str:
        xml = self.class_values
        if xml is None and self.genotype is not None:
            xml = CLASS_VALUES.format(self.genotype)
        return ", ".join(
            _literal(value)
            for value in (
                self.id,
                xml,
                self.sex,
                self.birth,
                self.mother,
                self.father,
                1,
                self.group,
                self.cage,
                self.room,
            )
        )


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def labtracks_sql(animals: list[Animal], group_description: str = "C57BL6J") -> str:
    """A portable CREATE TABLE + INSERT script (SQLite and PostgreSQL both load it).

    ANIMALS_COMMON has no primary key, as in exported LabTracks tables: duplicates can happen.
    """
    rows = ",\n".join(f"({animal.values()})" for animal in animals)
    return f"""
CREATE TABLE SPECIES (ID INTEGER PRIMARY KEY, SPECIES_NAME VARCHAR(50));
CREATE TABLE GROUPS (ID INTEGER PRIMARY KEY, GROUP_NAME VARCHAR(100),
                     GROUP_DESCRIPTION VARCHAR(200));
CREATE TABLE ANIMALS_COMMON (
  ID INTEGER NOT NULL, CLASS_VALUES TEXT, SEX VARCHAR(10), BIRTH_DATE TIMESTAMP,
  MATERNAL_INDEX INTEGER, PATERNAL_INDEX INTEGER, SPECIES_ID INTEGER, GROUP_ID INTEGER,
  CAGE_ID INTEGER, ROOM_ID INTEGER
);
INSERT INTO SPECIES (ID, SPECIES_NAME) VALUES (1, 'mouse');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION)
  VALUES (1, 'Test colony', '{group_description}');
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX,
  SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES
{rows};
"""


#: A small colony: two parents and children with different fates.
PARENTS = [
    Animal(700001, "Pvalb-IRES-Cre/Pvalb-IRES-Cre", "F"),
    Animal(700002, "Ai14(RCL-tdT)/wt", "M"),
]
COLONY = [
    *PARENTS,
    Animal(700101, "Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt", "F", mother=700001, father=700002),
    Animal(700102, "Pvalb-IRES-Cre/wt", "M", mother=700001, father=700002),
    Animal(700103, "wt/wt", None, mother=700001, father=700002),  # no sex: 406
    Animal(700104, "Unknown-Allele/wt", "F", mother=700001, father=700002),
]

MGI_ANSWERS = {
    "Pvalb-IRES-Cre": bucket(summary_row("Pvalb<tm1(cre)Test>", "MGI:9000001")),
    "Ai14(RCL-tdT)": bucket(summary_row("Gt(ROSA)26Sor<tm14(CAG-tdTomato)Test>", "MGI:9000002")),
}


def write_snapshot(
    directory: Path,
    animals: list[Animal] | None = None,
    mgi: dict[str, Any] | None = None,
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    if animals is not None:
        (directory / "labtracks.sql").write_text(labtracks_sql(animals))
    if mgi is not None:
        (directory / "mgi.json").write_text(json.dumps(mgi))
    return directory
