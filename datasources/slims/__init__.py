"""SLIMS, the lab's LIMS: sessions, histology, imaging, water restriction, injections.

slims-python-api calls ``logging.basicConfig(level=INFO)`` when it is imported, which would
reconfigure the service's root logger (its handlers and level) from under it. It is imported
here first, once, with the root logger restored afterwards; later imports find it loaded.
"""

from __future__ import annotations

import logging as _logging


def _import_slims_quietly() -> None:
    root = _logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import slims.slims  # noqa: F401
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


_import_slims_quietly()
