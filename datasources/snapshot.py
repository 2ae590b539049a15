"""Where the embedded demo snapshot lives (ARCHITECTURE §5 layout, synthetic data)."""

from pathlib import Path

DEMO_SNAPSHOT = Path(__file__).resolve().parent / "demo"
