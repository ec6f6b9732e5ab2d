""" "Report a correction": where a reader's correction goes, and the prefilled link to it.

Where it goes is configured, never hard-coded: the environment variable
`ATLAS_CORRECTIONS_TARGET`, or else `target` in the `[corrections]` table of
`.streamlit/atlas.toml` (beside Streamlit's own config.toml). A target is an issue tracker's
"new issue" address (`https://github.com/OWNER/REPO/issues/new`: the title and body are
prefilled with `?title=…&body=…`, as GitHub and Gitea read them) or an e-mail address
(`mailto:corrections@example.org`: subject and body prefilled). Anything else is ignored, and
the profile then says plainly how to report instead.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urlsplit

from missions.dataset import Dataset
from missions.paths import PROJECT_ROOT
from missions.presentation import profile_facts

TARGET_VARIABLE = "ATLAS_CORRECTIONS_TARGET"
CONFIG_FILE = PROJECT_ROOT / ".streamlit" / "atlas.toml"
# Parts of a profile a correction can name besides its facts.
OTHER_FIELDS = (
    "Name or acronym",
    "Summary",
    "Mandate decisions",
    "Mandate tasks",
    "Partners",
    "Challenges",
    "Personnel per year",
    "Fatalities per year",
    "Sources",
    "Something else",
)
HOW_TO_REPORT = (
    "No address for corrections is configured for this copy of the atlas. To report one, write "
    "down the operation's id ({mission_id}), the field, the value you believe is right and a "
    "source that states it (a page you have seen), and send it to whoever runs this atlas. Its "
    "administrator can set {variable} (an issue tracker's new-issue address or a mailto: "
    "address) to put a link here. The data README says how corrections are made."
)


def usable_target(value: str | None) -> str | None:
    """`value` if it is an http(s) address with a host or a mailto: address, else None."""
    if not value:
        return None
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return value
    if parts.scheme == "mailto" and "@" in parts.path:
        return value
    return None


def corrections_target(
    environ: Mapping[str, str] | None = None, config_file: Path | None = None
) -> str | None:
    """The configured target: the environment variable first, then the config file."""
    environ = os.environ if environ is None else environ
    config_file = Path(CONFIG_FILE if config_file is None else config_file)
    if environ.get(TARGET_VARIABLE):
        return usable_target(environ[TARGET_VARIABLE])
    if config_file.is_file():
        try:
            config = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            return None
        section = config.get("corrections", {})
        return usable_target(section.get("target")) if isinstance(section, dict) else None
    return None


def correction_fields(dataset: Dataset, mission_id: str) -> list[str]:
    """The fields a correction can name: the profile's facts, then the other parts."""
    return [*profile_facts(dataset, mission_id)["Field"], *OTHER_FIELDS]


def correction_message(dataset: Dataset, mission_id: str, field: str) -> tuple[str, str]:
    """The title and body of a correction naming the operation and the field."""
    row = dataset.missions_by_id.loc[mission_id]
    facts = profile_facts(dataset, mission_id).set_index("Field")
    shown = facts.at[field, "Value"] if field in facts.index else ""
    title = f"Correction: {row['acronym']} ({mission_id}) — {field}"
    body = "\n".join(
        [
            f"Operation: {row['acronym']} — {row['name']} (id: {mission_id})",
            f"Field: {field}",
            f"Shown in the atlas: {shown or '(empty)'}" if field in facts.index else "",
            "Correct value: ",
            "Source that states it (a page you have seen): ",
            "",
            f"Data version {dataset.about['version']}, as of {dataset.about['as_of']}; "
            f"profile link: ?mission={mission_id}",
        ]
    )
    return title, body.replace("\n\n\n", "\n\n")


def correction_link(target: str, dataset: Dataset, mission_id: str, field: str) -> str:
    """The target with the correction prefilled (see the module docstring)."""
    title, body = correction_message(dataset, mission_id, field)
    joiner = "&" if "?" in target else "?"
    if target.startswith("mailto:"):
        return f"{target}{joiner}subject={quote(title)}&body={quote(body)}"
    return f"{target}{joiner}title={quote(title)}&body={quote(body)}"


def how_to_report(mission_id: str) -> str:
    return HOW_TO_REPORT.format(mission_id=mission_id, variable=TARGET_VARIABLE)
