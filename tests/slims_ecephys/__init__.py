"""Tests of the SLIMS ecephys session mapping (datasources/slims/ecephys*.py)."""
