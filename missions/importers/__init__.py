"""Importers: public datasets -> the derived tables of data/ (`personnel_yearly.csv`,
`fatalities_yearly.csv`, `fatalities_by_nationality.csv`, `contributions_yearly.csv`,
`deployments_yearly.csv`), one small module per dataset.

Each importer reads the publisher's own file format from a path (the UN's also from its API),
maps the publisher's mission names to our mission_ids through a reviewed crosswalk
(`crosswalks/<dataset>.csv`, see `crosswalk.py`), and derives its rows; `run_imports` writes
them atomically. Run `python -m missions.importers all` (see `__main__.py`). Raw files are
never copied into the repository: only these aggregates are.
"""

from __future__ import annotations

from missions.importers import bara_hultman, geopko, ipi, kathman, un_contributions, un_fatalities
from missions.importers.base import Importer

IMPORTERS: dict[str, Importer] = {
    importer.name: importer
    for importer in (
        un_fatalities.IMPORTER,
        kathman.IMPORTER,
        ipi.IMPORTER,
        bara_hultman.IMPORTER,
        un_contributions.IMPORTER,
        geopko.IMPORTER,
    )
}
