#!/usr/bin/env bash
# Static checks of the deployment files (no cluster, no Docker engine needed):
# the Kubernetes manifest parses as YAML and holds the expected objects, and nginx accepts
# deploy/nginx.conf (`nginx -t` on a harness that includes it; needs `apt-get install nginx`).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

yaml_python=""
for candidate in "$PYTHON" python3; do
  if "$candidate" -c "import yaml" 2>/dev/null; then yaml_python="$candidate"; break; fi
done
if [ -z "$yaml_python" ]; then
  echo "skipped: no Python with PyYAML to parse deploy/kubernetes.yaml" >&2
else
  "$yaml_python" - <<'PY'
import yaml

with open("deploy/kubernetes.yaml") as handle:
    kinds = sorted(doc["kind"] for doc in yaml.safe_load_all(handle) if doc)
assert kinds == ["Deployment", "Ingress", "Secret", "Service"], kinds
print("deploy/kubernetes.yaml: parses;", ", ".join(kinds))
PY
fi

"$PYTHON" bench/replicas.py --check-config
