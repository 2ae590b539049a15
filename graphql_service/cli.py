"""``aind-metadata-graphql``: serve, export-schema, check."""

from __future__ import annotations

import argparse
import asyncio
import difflib
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from graphql_service.logs import (
    LOG_FORMAT_VARIABLE,
    configure_logging,
    default_log_format,
    log_format,
)
from graphql_service.settings import ServiceSettings, settings_problem

SCHEMA_FILE = Path("schema.graphql")
SNAPSHOT_VARIABLE = "AIND_GRAPHQL_SNAPSHOT"
MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
#: What uvicorn's worker processes import (graphql_service/factory.py).
APP_FACTORY = "graphql_service.factory:app_from_environment"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aind-metadata-graphql",
        description="GraphQL service over the institute's lab metadata backends.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8000)")
    serve.add_argument(
        "--snapshot",
        type=Path,
        help="serve this snapshot directory instead of live backends (its layout: "
        "docs/architecture.md, Snapshot directories)",
    )
    serve.add_argument(
        "--demo",
        action="store_true",
        help="serve the embedded synthetic demo data (datasources/demo) instead of live backends",
    )
    serve.add_argument(
        "--workers",
        type=_positive,
        help="worker processes sharing the port (default AIND_GRAPHQL_WORKERS, else 1)",
    )

    export = commands.add_parser("export-schema", help="print or write the GraphQL SDL")
    export.add_argument("--output", type=Path, help="write to this file instead of stdout")
    export.add_argument(
        "--check",
        type=Path,
        metavar="FILE",
        help="exit 1 (showing a diff) when FILE differs from the schema the code defines",
    )

    check = commands.add_parser("check", help="probe every configured backend")
    check.add_argument("--snapshot", type=Path, help="probe this snapshot directory instead")

    record = commands.add_parser(
        "record",
        help="ask the live backends about subjects and write a snapshot directory of the answers",
    )
    record.add_argument(
        "--subject", action="append", required=True, metavar="ID", help="a subject id (repeat)"
    )
    record.add_argument(
        "--lot", action="append", default=[], metavar="LOT", help="a TARS prep lot (repeat)"
    )
    record.add_argument(
        "--instrument",
        action="append",
        default=[],
        metavar="ID",
        help="a SLIMS instrument id, recorded with its attached document (repeat)",
    )
    record.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="the directory to write"
    )
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _clean_multiproc_dir(directory: Path) -> None:
    """Remove a previous run's metric files, which /metrics would otherwise add in."""
    for stale in directory.glob("*.db"):
        stale.unlink(missing_ok=True)


def schema_sdl() -> str:
    from graphql_service.schema import build_schema

    return build_schema().as_str().rstrip("\n") + "\n"


def _export(output: Path | None, check: Path | None) -> int:
    sdl = schema_sdl()
    if check is not None:
        current = check.read_text() if check.exists() else ""
        if current == sdl:
            print(f"{check} is up to date.")
            return 0
        diff = difflib.unified_diff(
            current.splitlines(keepends=True),
            sdl.splitlines(keepends=True),
            fromfile=str(check),
            tofile="schema from code",
        )
        sys.stdout.writelines(diff)
        print(
            f"\n{check} differs from the code: run `aind-metadata-graphql export-schema "
            f"--output {check}`."
        )
        return 1
    if output is not None:
        output.write_text(sdl)
    else:
        sys.stdout.write(sdl)
    return 0


def _check(snapshot: Path | None) -> int:
    from resolvers.backends import Backends, backend_settings_given

    if snapshot is None and not backend_settings_given():
        print(f"aind-metadata-graphql check: {_nothing_to_serve_message()}", file=sys.stderr)
        return 2

    async def probe() -> int:
        if snapshot is not None:
            backends = Backends.from_snapshot(snapshot)
        else:
            backends = Backends.from_environment(ServiceSettings().redis_url)
        try:
            report = await backends.readiness()
        finally:
            await backends.aclose()
        print(f"mode: {backends.mode}")
        for name, entry in report.items():
            detail = f" ({entry['ms']} ms)" if "ms" in entry else ""
            message = f" - {entry['message']}" if entry.get("message") else ""
            print(f"{name:12} {entry['state']}{detail}{message}")
        return 1 if any(e["state"] == "unreachable" for e in report.values()) else 0

    return asyncio.run(probe())


def _nothing_to_serve_message() -> str:
    from resolvers.backends import BACKEND_PREFIXES, PARAM_STORE_VARIABLE

    prefixes = ", ".join(f"{prefix}*" for prefix in BACKEND_PREFIXES)
    return (
        "no backend is configured, so there is nothing to serve.\n"
        f"Set the backends' environment variables ({prefixes}) or {PARAM_STORE_VARIABLE}, "
        "or serve files instead: `serve --demo` for the embedded demo data, "
        "`serve --snapshot DIR` (or AIND_GRAPHQL_SNAPSHOT=DIR) for a snapshot directory."
    )


def _serve(args: argparse.Namespace) -> int:
    import uvicorn
    from starlette.applications import Starlette

    from resolvers.backends import DEMO_SNAPSHOT, backend_settings_given

    if args.demo and args.snapshot is not None:
        print("--demo and --snapshot exclude each other", file=sys.stderr)
        return 2
    snapshot = DEMO_SNAPSHOT if args.demo else args.snapshot
    overrides = {
        key: value
        for key, value in {
            "host": args.host,
            "port": args.port,
            "snapshot": snapshot,
            "workers": args.workers,
        }.items()
        if value is not None
    }
    settings = ServiceSettings(**overrides)
    if settings.snapshot is not None and not settings.snapshot.is_dir():
        print(f"snapshot directory {settings.snapshot} does not exist", file=sys.stderr)
        return 2
    # Live mode with nothing configured used to fall back to the demo data, which a
    # misconfigured deployment would then serve as if it were real: refuse instead.
    if settings.snapshot is None and not backend_settings_given():
        print(f"aind-metadata-graphql serve: {_nothing_to_serve_message()}", file=sys.stderr)
        return 2
    workers = settings.workers

    def run(app: Starlette | str, *, factory: bool = False, workers: int | None = None) -> None:
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level.lower(),
            # uvicorn's loggers go through ours (graphql_service.logs); its access line, which
            # carries query strings, gives way to the service's request line.
            log_config=None,
            access_log=False,
            factory=factory,
            workers=workers,
        )

    # Set but empty, prometheus_client would write its files to the working directory.
    given_dir = os.environ.pop(MULTIPROC_VARIABLE, "") or None
    if given_dir is not None:
        os.environ[MULTIPROC_VARIABLE] = given_dir
        _clean_multiproc_dir(Path(given_dir))
    if workers == 1:
        from graphql_service.app import create_app

        run(create_app(settings))
        return 0
    # The app (and prometheus_client, which reads PROMETHEUS_MULTIPROC_DIR when imported) is
    # imported by the workers only.
    # Workers are new processes that import the app factory: what was decided here reaches
    # them through the environment (graphql_service/factory.py).
    if settings.snapshot is not None:
        os.environ[SNAPSHOT_VARIABLE] = str(settings.snapshot.resolve())
    os.environ[LOG_FORMAT_VARIABLE] = log_format(default_log_format("serve", args.demo))
    made_dir = None
    if given_dir is None:
        made_dir = tempfile.mkdtemp(prefix="aind-graphql-metrics-")
        os.environ[MULTIPROC_VARIABLE] = made_dir
    try:
        run(APP_FACTORY, factory=True, workers=workers)
    finally:
        if made_dir is not None:
            shutil.rmtree(made_dir, ignore_errors=True)
    return 0


def _record(args: argparse.Namespace) -> int:
    from graphql_service.record import record
    from resolvers.recording import Recording

    try:
        recording = Recording.from_environment()
    except LookupError:
        print(f"aind-metadata-graphql record: {_nothing_to_serve_message()}", file=sys.stderr)
        return 2
    written = asyncio.run(
        record(recording, args.subject, args.lot, args.out, instruments=args.instrument)
    )
    for path in written:
        print(path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    default = default_log_format(args.command, getattr(args, "demo", False))
    try:
        log_level = ServiceSettings().log_level
    except ValidationError as error:
        print(f"aind-metadata-graphql: {settings_problem(error)}", file=sys.stderr)
        return 2
    configure_logging(log_format(default), log_level)
    if args.command == "serve":
        return _serve(args)
    if args.command == "export-schema":
        return _export(args.output, args.check)
    if args.command == "record":
        return _record(args)
    return _check(args.snapshot)


if __name__ == "__main__":
    sys.exit(main())
