"""Synthetic surgery-request list items (made up for the tests, in Graph's list-item format).

Subjects 7000xx. Besides the items that belong to a subject, each list holds near misses
("7000011", "1700001", "700001-x") that must never be selected for 700001.
"""

from __future__ import annotations

from typing import Any

from tests.servers.graph import list_item

AIND_SITE = "example.sharepoint.com,aind-0001,web-0001"
LAS_SITE = "example.sharepoint.com,las-0001,web-0002"
LIST_IDS = {
    "nsb2019": "list-nsb-2019",
    "nsb2023": "list-nsb-2023",
    "nsb_present": "list-nsb-present",
    "las2020": "list-las-2020",
}
SITES = {"nsb2019": AIND_SITE, "nsb2023": AIND_SITE, "nsb_present": AIND_SITE, "las2020": LAS_SITE}


def nsb2019_item(item_id: int, subject_id: str, title: str, **extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "Title": title,
        "LabTracks_x0020_ID": subject_id,
        "LabTracks_x0020_Requestor": "Pat Example",
        "IACUC_x0020_Protocol_x0020__x002": "2115",
        "Procedure": "HP only",
        "Date_x0020_of_x0020_Surgery": "2022-03-07T08:00:00Z",
        "HpWorkStation": "SWS 2",
        "HeadpostType": "Ctx (Dual Pin)",
        "HP_x0020_M_x002f_L": "2.8",
        "HP_x0020_A_x002f_P": "1.3",
        "Weight_x0020_before_x0020_Surger": "23.1",
        "Weight_x0020_after_x0020_Surgery": "23.4",
        "HPIsoLevel": "1.5",
        "HPRecovery": "15",
        "SurgeryStatus": "Complete",
    }
    return list_item(item_id, **(fields | extra))


def nsb2023_item(item_id: int, subject_id: str, title: str, **extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "Title": title,
        "LabTracks_x0020_ID1": subject_id,
        "LabTracks_x0020_Requestor": "Pat Example",
        "IACUC_x0020_Protocol_x0020__x002": "2103",
        "Date_x0020_of_x0020_Surgery": "2023-05-02T07:00:00Z",
        "HpWorkStation": "SWS 4",
        "Procedure": "Visual Ctx 2P",
        "Procedure_x0020_Family": "Cranial Window",
        "Headpost": "Visual Ctx",
        "HeadpostType": "Mesoscope",
        "CraniotomyType": "3mm",
        "Craniotomy_x0020_Perform_x0020_D": "Initial Surgery",
        "Weight_x0020_before_x0020_Surger": "24.0",
        "Weight_x0020_after_x0020_Surgery": "24.6",
        "Iso_x0020_On": "1.5",
        "HPIsoLevel": "2",
        "HPRecovery": "20",
        "SurgeryStatus": "Ready for Feedback",
    }
    return list_item(item_id, **(fields | extra))


def las2020_item(item_id: int, title: str, **extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "Title": title,
        "Protocol": "2212 - Example Protocol",
        "ProjectID": "Example project 100-00-000-00",
        "RequestStatus2": "Complete",
        "Reqdate1": "2024-02-12T08:00:00Z",
        "ReqPro1": "Tissue Collection",
        "ReqPro2": None,
        "ReqPro3": None,
        "nROID1": None,
        "nROID2": None,
        "nROID3": None,
        "nROID4": None,
        "nROID5": None,
    }
    return list_item(item_id, **(fields | extra))


def retro_orbital(slot: int, subject_id: str, **extra: Any) -> dict[str, Any]:
    """Columns of one retro-orbital injection (slot 1..5) for ``subject_id``."""
    return {
        f"nROID{slot}": subject_id,
        f"roEye{slot}": "Behind Left",
        f"roSub{slot}": f"AiP9{slot}000",
        f"roVol{slot}": "90",
        **extra,
    }


NSB2019_ITEMS = [
    nsb2019_item(1, "700001", "700001HP"),
    nsb2019_item(2, "700002", "700002HP"),
    nsb2019_item(3, "7000011", "7000011HP"),
    nsb2019_item(4, "700001", "700001HP+C", Procedure="HP+C CAM"),
    nsb2019_item(5, "1700001", "1700001HP"),
]
NSB2023_ITEMS = [
    nsb2023_item(11, "700001", "700001Visual Ctx 2P"),
    nsb2023_item(12, "700003", "700003Visual Ctx 2P"),
    nsb2023_item(13, "17000011", "17000011Visual Ctx 2P"),
]
# The present list repeats request 11 (the same surgery request copied from the archive).
NSB_PRESENT_ITEMS = [
    nsb2023_item(21, "700001", "700001Visual Ctx 2P"),
    nsb2023_item(22, "700004", "700004Visual Ctx 2P"),
]
LAS2020_ITEMS = [
    las2020_item(31, "700001", ReqPro1="Retro-Orbital Injection", **retro_orbital(1, "700001")),
    # Two animals in one request; the injection asked for in ReqPro3, not ReqPro1.
    las2020_item(
        32,
        "700002 700005",
        ReqPro3="Retro-Orbital Injection",
        **retro_orbital(1, "700002"),
        **retro_orbital(2, "700005"),
    ),
    las2020_item(33, "700001-x", ReqPro1="Retro-Orbital Injection"),
    las2020_item(34, "1700001"),
    las2020_item(35, "7000010"),
    las2020_item(36, "700006", ReqPro2="Retro-Orbital Injection", **retro_orbital(1, "700006")),
]
ITEMS = {
    "nsb2019": NSB2019_ITEMS,
    "nsb2023": NSB2023_ITEMS,
    "nsb_present": NSB_PRESENT_ITEMS,
    "las2020": LAS2020_ITEMS,
}


def item_ids(items: list[dict[str, Any]]) -> list[str]:
    return [str(item["id"]) for item in items]
