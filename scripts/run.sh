#!/usr/bin/env bash
# Install the app's dependencies in .venv and serve the app on http://127.0.0.1:8501
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec .venv/bin/python -m streamlit run app.py \
  --server.address 127.0.0.1 --server.port "${PORT:-8501}" --browser.gatherUsageStats false
