"""Broken copies of the fixture data, one per way a data file can be malformed.

Each case breaks a copy made by `tests.conftest.make_fixture_dir` and says where the load error
must point: the file, the CSV line ("row", the header is line 1) and the column, where they
apply. test_validation.py checks the error of `load_dataset`; test_app.py checks that the app
shows it on its plain error page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def rewrite(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a UTF-8 file by `new` (the fixture must contain `old`)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def replacing(file: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda data_dir: rewrite(data_dir / file, old, new)


def reencoding(file: str, encoding: str, old: str, new: str) -> Callable[[Path], None]:
    """Write the file in another encoding, with a non-ASCII character put in."""

    def break_data(data_dir: Path) -> None:
        path = data_dir / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_bytes(text.replace(old, new, 1).encode(encoding))

    return break_data


def emptying(file: str) -> Callable[[Path], None]:
    return lambda data_dir: (data_dir / file).write_bytes(b"")


def removing(file: str) -> Callable[[Path], None]:
    return lambda data_dir: (data_dir / file).unlink()


def renaming_column(file: str, old: str, new: str) -> Callable[[Path], None]:
    def break_data(data_dir: Path) -> None:
        path = data_dir / file
        lines = path.read_text(encoding="utf-8").splitlines()
        assert old in lines[0]
        lines[0] = lines[0].replace(old, new)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return break_data


@dataclass(frozen=True)
class Malformed:
    """One way to break the data, and where the error must point."""

    name: str
    break_data: Callable[[Path], None]
    file: str
    row: int | None
    column: str | None

    @property
    def location(self) -> str:
        """How DataProblem writes the place: "missions.csv, row 2, column 'hq_lat'"."""
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return where


CASES = (
    Malformed(
        "missing column",
        renaming_column("missions.csv", "hq_name", "headquarters"),
        "missions.csv",
        1,
        "hq_name",
    ),
    Malformed(
        "bad date",
        replacing("missions.csv", "1958-06-11,day", "1958-13-45,day"),
        "missions.csv",
        2,
        "start_date",
    ),
    Malformed(
        "unknown code",
        replacing("missions.csv", "un-pko,observer", "un-pko,blue-helmets"),
        "missions.csv",
        2,
        "mission_type",
    ),
    Malformed(
        "unknown category",
        replacing("missions.csv", "UN,un-pko,", "UN,peacekeeping,"),
        "missions.csv",
        2,
        "category",
    ),
    Malformed(
        "SIPRI count not a number",
        replacing("sipri_counts.csv", "1995,20,", "1995,twenty,"),
        "sipri_counts.csv",
        2,
        "operations",
    ),
    Malformed(
        "SIPRI count citing an unknown source",
        replacing("sipri_counts.csv", "1996,21,src-b", "1996,21,src-z"),
        "sipri_counts.csv",
        3,
        "source_id",
    ),
    Malformed(
        "SIPRI count repeating a year",
        replacing("sipri_counts.csv", "1996,21,", "1995,21,"),
        "sipri_counts.csv",
        3,
        "year",
    ),
    Malformed(
        "unknown challenge code",
        replacing("challenges.csv", "tmc,terrain", "tmc,weather"),
        "challenges.csv",
        2,
        "challenge_code",
    ),
    Malformed(
        "coordinate out of range",
        replacing("missions.csv", "Beirut,33.89,35.5", "Beirut,33.89,235.5"),
        "missions.csv",
        2,
        "hq_lon",
    ),
    Malformed(
        "duplicate mission id",
        replacing("missions.csv", "tfb,TFB", "tfa,TFB"),
        "missions.csv",
        4,
        "mission_id",
    ),
    Malformed(
        "duplicate source id",
        replacing("sources.csv", "src-b,Test source B", "src-a,Test source B"),
        "sources.csv",
        3,
        "source_id",
    ),
    Malformed(
        "partner row of an unknown mission",
        replacing("partners.csv", "tfb,Test Force Alpha", "tfz,Test Force Alpha"),
        "partners.csv",
        2,
        "mission_id",
    ),
    Malformed(
        "challenge row of an unknown mission",
        replacing("challenges.csv", "tmc,terrain", "tmz,terrain"),
        "challenges.csv",
        2,
        "mission_id",
    ),
    Malformed(
        "task citing an unknown source",
        replacing(
            "mandate_tasks.csv", "tmo,ceasefire_monitoring,src-a", "tmo,ceasefire_monitoring,src-q"
        ),
        "mandate_tasks.csv",
        2,
        "source_id",
    ),
    Malformed(
        "latin-1 file",
        reencoding("missions.csv", "latin-1", "Beirut", "Beyrouth é"),
        "missions.csv",
        2,
        None,
    ),
    Malformed(
        "UTF-16 file",
        reencoding("partners.csv", "utf-16", "Test Force Alpha", "Test Force Alpha é"),
        "partners.csv",
        1,
        None,
    ),
    Malformed(
        "UTF-16 file without a BOM or any non-ASCII character",
        reencoding("sources.csv", "utf-16-le", "Test source A", "Test source A"),
        "sources.csv",
        1,
        None,
    ),
    Malformed("empty file", emptying("sources.csv"), "sources.csv", None, None),
    Malformed("empty missions file", emptying("missions.csv"), "missions.csv", None, None),
    Malformed(
        "a row with a field too many",
        replacing("missions.csv", "It ended.,src-a", "It ended.,oops,src-a"),
        "missions.csv",
        2,
        None,
    ),
    Malformed(
        "impossible as-of date",
        replacing("about.csv", "as_of,2026-11-01", "as_of,2026-02-30"),
        "about.csv",
        3,
        "value",
    ),
    Malformed(
        "personnel figure too large to store",
        replacing("missions.csv", "591,deployed", "1e300,deployed"),
        "missions.csv",
        2,
        "peak_personnel",
    ),
    Malformed(
        "derived table without a column",
        renaming_column("personnel_yearly.csv", "total_max", "total_maximum"),
        "personnel_yearly.csv",
        1,
        "total_max",
    ),
    Malformed(
        "negative fatality count",
        replacing("fatalities_yearly.csv", "accident,military,3,", "accident,military,-3,"),
        "fatalities_yearly.csv",
        2,
        "fatalities",
    ),
    Malformed(
        "personnel of an unknown mission",
        replacing("personnel_yearly.csv", "tmo,1958,", "tmz,1958,"),
        "personnel_yearly.csv",
        7,
        "mission_id",
    ),
    Malformed(
        "fatalities in a year out of range",
        replacing("fatalities_yearly.csv", "tmc,2005,", "tmc,2205,"),
        "fatalities_yearly.csv",
        4,
        "year",
    ),
    Malformed(
        "personnel year far from the mission's span",
        replacing("personnel_yearly.csv", "tmo,1958,", "tmo,1968,"),
        "personnel_yearly.csv",
        7,
        "year",
    ),
    Malformed(
        "fractional personnel maximum",
        replacing("personnel_yearly.csv", "50000.0,50000,", "50000.0,50000.5,"),
        "personnel_yearly.csv",
        2,
        "troops_max",
    ),
    Malformed(
        "unknown incident type",
        replacing("fatalities_yearly.csv", "tmo,1958,malicious-act", "tmo,1958,friendly-fire"),
        "fatalities_yearly.csv",
        5,
        "incident_type",
    ),
    Malformed(
        "derived row citing a source that is not a dataset",
        replacing("fatalities_yearly.csv", "police,1,un-psdh-fatalities", "police,1,src-a"),
        "fatalities_yearly.csv",
        4,
        "source_id",
    ),
    Malformed(
        "contribution of an unknown country",
        replacing("contributions_yearly.csv", "KEN,tmc,2005", "XKE,tmc,2005"),
        "contributions_yearly.csv",
        3,
        "country",
    ),
    Malformed(
        "contribution to an unknown mission",
        replacing("contributions_yearly.csv", "KEN,tmc,2005", "KEN,tmz,2005"),
        "contributions_yearly.csv",
        3,
        "mission_id",
    ),
    Malformed(
        "contribution of zero personnel",
        replacing("contributions_yearly.csv", "NPL,tmc,2005,10,290,300", "NPL,tmc,2005,0,0,0"),
        "contributions_yearly.csv",
        4,
        "total",
    ),
    Malformed(
        "contribution whose female and male figures miss the total",
        replacing("contributions_yearly.csv", "GHA,tfa,1996,0,120,120", "GHA,tfa,1996,0,120,150"),
        "contributions_yearly.csv",
        2,
        "total",
    ),
    Malformed(
        "fractional contribution",
        replacing("contributions_yearly.csv", "GHA,tfa,1996,0,120,120", "GHA,tfa,1996,0,120,120.5"),
        "contributions_yearly.csv",
        2,
        "total",
    ),
    Malformed(
        "nationality fatalities of an unknown country",
        replacing("fatalities_by_nationality.csv", "tmo,1958,FRA", "tmo,1958,FRX"),
        "fatalities_by_nationality.csv",
        5,
        "country",
    ),
    Malformed(
        "missing contributions table",
        removing("contributions_yearly.csv"),
        "contributions_yearly.csv",
        None,
        None,
    ),
    Malformed(
        "missing derived table",
        removing("personnel_yearly.csv"),
        "personnel_yearly.csv",
        None,
        None,
    ),
    Malformed(
        "deployment site with a latitude out of range",
        replacing("deployments_yearly.csv", "Tyre,33.27,35.2,", "Tyre,93.27,35.2,"),
        "deployments_yearly.csv",
        3,
        "lat",
    ),
    Malformed(
        "deployment unit column neither 0 nor 1",
        replacing("deployments_yearly.csv", "185,2,,0,1,1,", "185,2,,0,1,2,"),
        "deployments_yearly.csv",
        3,
        "infantry",
    ),
    Malformed(
        "unknown headquarters level",
        replacing("deployments_yearly.csv", ",,mission-hq,", ",,main-hq,"),
        "deployments_yearly.csv",
        2,
        "hq",
    ),
    Malformed(
        "deployment site of an unknown mission",
        replacing("deployments_yearly.csv", "tmo,1958,Tyre", "tmz,1958,Tyre"),
        "deployments_yearly.csv",
        3,
        "mission_id",
    ),
    Malformed(
        "negative troops at a deployment site",
        replacing("deployments_yearly.csv", "Tyre,33.27,35.2,150,", "Tyre,33.27,35.2,-150,"),
        "deployments_yearly.csv",
        3,
        "troops",
    ),
    Malformed(
        "deployment site without coordinates",
        replacing("deployments_yearly.csv", "Tyre,33.27,35.2,", "Tyre,,35.2,"),
        "deployments_yearly.csv",
        3,
        "lat",
    ),
    Malformed(
        "missing deployments table",
        removing("deployments_yearly.csv"),
        "deployments_yearly.csv",
        None,
        None,
    ),
    Malformed(
        "missing country bounds",
        removing("geo/country_bounds.csv"),
        "geo/country_bounds.csv",
        None,
        None,
    ),
    Malformed(
        "empty country outlines",
        emptying("geo/countries_110m.geojson"),
        "geo/countries_110m.geojson",
        None,
        None,
    ),
)
