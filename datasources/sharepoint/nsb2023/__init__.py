"""NSB 2023 surgery-request lists (2023-2024 archive and 2023-present): raw models and mapping.

:func:`datasources.sharepoint.nsb2023.mapping.map_item` turns one list item into 2.x
``Surgery`` documents; :func:`datasources.sharepoint.nsb2023.measurements.intended_measurements`
reads the intended fiber-photometry measurements of its fiber implants.
"""
