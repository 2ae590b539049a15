"""SLIMS imaging, viral injection and instrument records: mapping, fetching, conformance."""
