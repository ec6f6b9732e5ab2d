"""The server settings in .streamlit/config.toml are the production ones the README promises."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def test_production_settings_hide_errors_and_developer_tools():
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert settings["client"]["showErrorDetails"] == "none"
    assert settings["client"]["toolbarMode"] == "viewer"
    assert settings["server"]["enableXsrfProtection"] is True
    assert settings["server"]["runOnSave"] is False
    assert settings["server"]["fileWatcherType"] == "none"
    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["server"]["maxUploadSize"] <= 1
    assert settings["browser"]["gatherUsageStats"] is False
