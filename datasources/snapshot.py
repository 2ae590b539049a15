"""Where the embedded demo snapshot lives (synthetic data; layout: docs/architecture.md)."""

from pathlib import Path

DEMO_SNAPSHOT = Path(__file__).resolve().parent / "demo"
