"""Where the curated data lives. Paths come from this file's location, never the working dir.

`ATLAS_DATA_DIR` in the environment points the app at another data directory (the tests use it
to serve a broken copy and check that the app shows a plain error page instead of a traceback).
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


def data_dir() -> Path:
    """The data directory in use: `ATLAS_DATA_DIR` if set, else the project's data/."""
    return Path(os.environ.get("ATLAS_DATA_DIR") or DATA_DIR)
