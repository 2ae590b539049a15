"""Backends of the metadata service: one package per backend, no GraphQL in here.

Each backend package has the same shape: ``settings`` (environment names), ``client`` (the
real transport), ``models`` (raw records as the backend sends them), ``mapping`` (raw records
to aind-data-schema documents), ``snapshot`` (offline replay of the backend's wire format) and
``source`` (the public, async facade that returns :class:`SourceResult` values).
"""

from datasources.result import Code, SourceResult

__all__ = ["Code", "SourceResult"]
