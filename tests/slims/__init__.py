"""SLIMS: criteria replay, snapshot replay and aind-slims-api against a loopback SLIMS."""
