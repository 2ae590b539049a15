"""SLIMS, the lab's LIMS: sessions, histology, imaging, water restriction, injections."""
