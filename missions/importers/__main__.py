"""`python -m missions.importers <dataset|all> [--source PATH|URL] [--data-dir DIR]`

Imports one public dataset (or all of them) into the derived tables of data/, and prints what
was read, mapped and deliberately left out. Datasets: un-fatalities, kathman, ipi,
bara-hultman, un-contributions, geopko. By default each reads its copy in
../shared/reference-data/ (beside the repository); `--source` reads another copy, and for
un-fatalities `--source url` reads the publisher's API. Geo-PKO's `--source` is its front map;
the troop-type and contributor-count files are read from the same folder. Exit status 1, with
every problem naming the file, row and column, when an import fails; data/ is then left as it
was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from missions.errors import DataValidationError
from missions.importers import IMPORTERS
from missions.importers.base import run_imports
from missions.importers.common import REFERENCE_DIR
from missions.paths import DATA_DIR


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m missions.importers",
        description="Import public datasets into the derived tables of data/: "
        "personnel_yearly.csv, fatalities_yearly.csv, fatalities_by_nationality.csv, "
        "contributions_yearly.csv and deployments_yearly.csv.",
    )
    parser.add_argument("dataset", choices=[*IMPORTERS, "all"])
    parser.add_argument(
        "--source",
        help="the publisher's file (default: its copy in ../shared/reference-data/); "
        "'url' reads the publisher's URL where it has one. Only with one dataset.",
    )
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=REFERENCE_DIR,
        help="where the copies of the datasets are (default: %(default)s)",
    )
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="default: %(default)s")
    args = parser.parse_args(argv)
    if args.dataset == "all" and args.source:
        parser.error("--source needs one dataset, not all")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    names = list(IMPORTERS) if args.dataset == "all" else [args.dataset]
    importers = [IMPORTERS[name] for name in names]
    sources: dict[str, str | Path] = {
        importer.name: importer.default_source(args.reference_dir) for importer in importers
    }
    if args.source:
        importer = importers[0]
        if args.source == "url":
            if not importer.url:
                print(f"{importer.name} has no publisher URL; give a file.", file=sys.stderr)
                return 2
            sources[importer.name] = importer.url
        else:
            sources[importer.name] = args.source
    try:
        reports, changed = run_imports(importers, args.data_dir, sources)
    except DataValidationError as error:
        print(f"Import failed; {args.data_dir} is unchanged.", file=sys.stderr)
        print(error, file=sys.stderr)
        return 1
    for report in reports:
        print("\n".join(report.lines()))
    print(f"Changed: {', '.join(changed)}" if changed else "No file changed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
