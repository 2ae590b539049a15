"""LAS 2020 request list: raw item model and mapping of its injections to 2.x documents.

``mapping.map_item`` is the entry point.
"""
