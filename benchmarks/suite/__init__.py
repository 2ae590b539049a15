"""The benchmark suite of issue 12: ``python -m benchmarks.suite`` (see ``__main__``)."""
