"""Browser tier for the briefing pack: the slides and whole-dataset downloads deliver files that
open (python-pptx, zipfile), with no request leaving the machine."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.browser_support import Visit, chromium, streamlit_server

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_url():
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture
def visit(browser):
    opened = Visit(browser)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("path", "button_name", "name"),
    [
        (
            "/mission?mission=unamsil",
            "Download slides (PowerPoint)",
            "peacekeeping-atlas_unamsil.pptx",
        ),
        (
            "/compare?compare=ifor&compare=sfor",
            "Download slides (PowerPoint)",
            "peacekeeping-atlas_compare_ifor-sfor.pptx",
        ),
        ("/data", "Download the whole dataset (ZIP)", "peacekeeping-atlas-data-"),
    ],
)
def test_slides_and_dataset_downloads_deliver_files_that_open(
    server_url, visit, path, button_name, name
):
    page = visit.open(server_url + path)
    button = page.get_by_role("button", name=button_name)
    button.wait_for(state="visible", timeout=60_000)
    with page.expect_download(timeout=60_000) as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename.startswith(name)
    data = Path(download.path()).read_bytes()
    if name.endswith(".pptx"):
        from pptx import Presentation

        assert len(Presentation(io.BytesIO(data)).slides) >= 6
    else:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert any(n.endswith("/datapackage.json") for n in names)
    assert visit.outside_requests == []
    assert visit.unexpected_errors() == []
