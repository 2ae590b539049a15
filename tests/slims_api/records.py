"""SLIMS records for the API tests: ecephys sessions as ``fetch_ecephys_sessions`` reads them.

:func:`ecephys_session` builds one subject's session: the mouse, the experiment run's steps
(content from queue, group of sessions, mouse session), the run step content linking the mouse,
the mouse session result, one stream, and the instrument. Primary keys start at ``base``, so
several sessions share tables. Our own values, shaped like ../shared/reference/slims/ecephys.
"""

from __future__ import annotations

from typing import Any

from tests.servers.slims import column, entity
from tests.slims.records import HOUR, T0, date, fk, mouse

Entity = dict[str, Any]

DAY = 24 * HOUR


def _step(pk: int, name: str, run: int, *extra: Entity) -> Entity:
    return entity(
        "ExperimentRunStep",
        pk,
        column("xprs_name", name),
        fk("xprs_fk_experimentRun", run),
        column("xprs_pk", pk),
        date("xprs_createdOn", T0),
        *extra,
    )


def instrument(pk: int, name: str) -> Entity:
    return entity(
        "ReferenceDataRecord",
        pk,
        column("rdrc_pk", pk),
        column("rdrc_name", name),
        column("rdty_name", "AIND Instruments"),
        date("rdrc_createdOn", T0 - DAY),
    )


def ecephys_session(
    subject_id: str,
    base: int,
    *,
    name: str,
    created: int = T0,
    instrument_pk: int,
    mouse_pk: int | None = None,
) -> list[Entity]:
    """One ecephys session of ``subject_id`` (pks ``base`` to ``base + 7``), with its mouse
    (pk ``base``) unless ``mouse_pk`` names one already built."""
    run = base + 1
    queue, group, session_step, link, result, stream = range(base + 2, base + 8)
    owner = base if mouse_pk is None else mouse_pk
    records = [
        _step(queue, "Select content from queue", run),
        _step(
            group,
            "Group of Sessions",
            run,
            column("xprs_cf_sessionType", "Dynamic Foraging"),
            column("xprs_cf_mousePlatformName", "Wheel"),
            column("xprs_cf_activeMousePlatform", False),
            column("xprs_cf_fk_operator", 24, "FOREIGN_KEY", joinedDisplayValue="Person Synth"),
            fk("xprs_cf_fk_instrumentJson", instrument_pk),
        ),
        _step(session_step, "Mouse Session", run),
        entity(
            "ExperimentRunStepContent",
            link,
            column("xrsc_pk", link),
            fk("xrsc_fk_content", owner),
            fk("xrsc_fk_experimentRunStep", queue),
            date("xrsc_createdOn", created),
        ),
        entity(
            "Result",
            result,
            column("rslt_pk", result),
            column("test_name", "test_session_information"),
            column("test_label", "Mouse Session"),
            column("rslt_cf_sessionName", name),
            column("rslt_uniqueIdentifier", f"RSLT{result:010d}"),
            column("rslt_cf_animalWeightPrior", 24.5, "QUANTITY", unit="g"),
            column("rslt_cf_animalWeightPost", 24.1, "QUANTITY", unit="g"),
            column("rslt_cf_rewardConsumedvolume", 0.75, "QUANTITY", unit="ml"),
            fk("rslt_fk_content", owner),
            fk("rslt_fk_experimentRunStep", session_step),
            date("rslt_createdOn", created),
        ),
        entity(
            "Result",
            stream,
            column("rslt_pk", stream),
            column("test_name", "test_ephys_in_vivo_recording_stream"),
            column("test_label", "Streams"),
            column("rslt_cf_streamModalities", ["Behavior", "Behavior videos"]),
            column("rslt_cf_daqNames", ["Harp behavior board"]),
            column("rslt_cf_cameraNames2", ["Side camera left"]),
            fk("rslt_fk_content", owner),
            fk("rslt_cf_fk_mouseSession", result),
            date("rslt_createdOn", created),
        ),
    ]
    return records if mouse_pk is not None else [mouse(base, subject_id), *records]
