"""Fidelity of this service's mappings against the old service's (0.24) outputs.

Run ``python -m fidelity REFERENCE_DIR`` (``make fidelity``). It maps every reference raw
record with this service's own mapping code and compares with what 0.24 made of it: procedure
counts by kind, and the recall of every scalar fact 0.24 wrote, each miss classified as removed
in aind-data-schema 2.x, a deliberate normalisation, or lost.
"""
