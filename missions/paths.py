"""Where the curated data lives. Paths come from this file's location, never the working dir.

`ATLAS_DATA_DIR` in the environment points the app at another data directory (the tests use it
to serve a broken copy and check that the app shows a plain error page).
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ATLAS_DATA_DIR", PROJECT_ROOT / "data"))
