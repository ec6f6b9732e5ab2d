"""Where the curated data lives. Paths come from this file's location, never the working dir."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
