"""`python -m missions`: the app's checks, exports and data package for people who script.

    python -m missions validate [DATA_DIR]
    python -m missions export --format csv|xlsx|parquet|zip [--filter KEY=VALUE ...] --out FILE
    python -m missions datapackage [--check]

`validate` runs the checks the app runs at load and prints every problem with its file, row
and column. `export` writes what the Data page's downloads give, for the missions the filters
select (the same filters and the same sentence as the app; see `missions.selection`): `csv` and
`xlsx` are the filtered-view downloads, `zip` and `parquet` the whole-dataset downloads (an
extract when filtered). `datapackage` regenerates data/datapackage.json and CITATION.cff (with
`--check`, only says whether they are up to date).

Exit status: 0 on success, 1 when the data break a rule (or the package files are stale with
`--check`), 2 for bad arguments (an unknown filter or value, a missing option).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from missions.errors import DataValidationError
from missions.paths import PROJECT_ROOT, data_dir

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
FORMATS = ("csv", "xlsx", "parquet", "zip")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m missions",
        description="Check, export and describe the Peacekeeping Atlas data.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="run the app's checks on a data directory")
    check.add_argument("data_dir", nargs="?", type=Path, help="default: the app's data/")

    export = commands.add_parser("export", help="write a download of the (filtered) data")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="organization, category, mission_type, region (comma-separated or repeated), "
        "status=active|closed, years=FROM,TO, q=TEXT",
    )
    export.add_argument("--out", required=True, type=Path, help="the file to write")
    export.add_argument("--data-dir", type=Path, help="default: the app's data/")

    package = commands.add_parser(
        "datapackage", help="regenerate data/datapackage.json and CITATION.cff"
    )
    package.add_argument("--data-dir", type=Path, help="default: the app's data/")
    package.add_argument(
        "--citation",
        type=Path,
        default=PROJECT_ROOT / "CITATION.cff",
        help="where CITATION.cff goes (default: %(default)s)",
    )
    package.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the files are stale"
    )
    return parser


def _load(directory: Path | None):
    from missions.dataset import load_dataset

    return load_dataset(directory or data_dir())


def _validate(args: argparse.Namespace) -> int:
    directory = args.data_dir or data_dir()
    if not directory.is_dir():
        print(f"{directory} is not a directory.", file=sys.stderr)
        return EXIT_USAGE
    dataset = _load(directory)
    print(
        f"{directory}: valid. {len(dataset.missions)} missions, version "
        f"{dataset.about['version']}, data as of {dataset.about['as_of']}."
    )
    return EXIT_OK


def export_bytes(dataset, output_format: str, pairs: list[str]) -> tuple[bytes, str]:
    """The bytes of one export of the missions `pairs` select, and the filter sentence.
    Raises missions.selection.FilterError for filters the app cannot use."""
    from missions import bundle, exports
    from missions.selection import filtered_view, filters_from_pairs

    filters = filters_from_pairs(pairs, dataset)
    view, description = filtered_view(dataset, filters)
    if output_format == "csv":
        return exports.missions_csv_bytes(view, description, dataset), description
    if output_format == "xlsx":
        today = dt.date.today().isoformat()
        return exports.excel_bytes(dataset, view, description, today), description
    ids = None if filters.is_empty else view["mission_id"]
    build = bundle.dataset_zip if output_format == "zip" else bundle.dataset_parquet_zip
    return build(dataset, ids, description), description


def _export(args: argparse.Namespace) -> int:
    from missions.selection import FilterError

    dataset = _load(args.data_dir)
    try:
        data, description = export_bytes(dataset, args.format, args.filter)
    except FilterError as error:
        print(f"Bad filter:\n{error}", file=sys.stderr)
        return EXIT_USAGE
    args.out.write_bytes(data)
    print(f"{description}\nWrote {args.out} ({len(data):,} bytes).")
    return EXIT_OK


def _datapackage(args: argparse.Namespace) -> int:
    from missions.datapackage import stale_package_files, write_package_files

    dataset = _load(args.data_dir)
    if args.check:
        stale = stale_package_files(dataset, args.citation)
        for path in stale:
            print(f"{path} is not what `python -m missions datapackage` writes.", file=sys.stderr)
        return EXIT_INVALID if stale else EXIT_OK
    changed = write_package_files(dataset, args.citation)
    print("Changed: " + ", ".join(map(str, changed)) if changed else "No file changed.")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    command = {"validate": _validate, "export": _export, "datapackage": _datapackage}
    try:
        return command[args.command](args)
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
