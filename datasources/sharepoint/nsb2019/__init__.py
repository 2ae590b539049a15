"""NSB 2019-2022 surgery-request list: raw item model and mapping to 2.x surgeries.

``mapping.map_item`` is the entry point; ``headframes``, ``injections`` and ``fibers`` map one
concept each.
"""
