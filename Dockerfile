# Peacekeeping Atlas: one Streamlit process per container (one process uses about one core).
# Build:  docker build -t peacekeeping-atlas .
# Run:    docker run -p 8501:8501 -e STREAMLIT_SERVER_COOKIE_SECRET="$(openssl rand -hex 32)" \
#           peacekeeping-atlas
# Several replicas behind one proxy must share the same STREAMLIT_SERVER_COOKIE_SECRET
# (see README, "Serving many users"). The secret comes from the environment, never from the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 --user-group atlas

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# The app only: no tests, tools, benchmarks or docs. Files stay owned by root, read-only to
# the user the server runs as.
COPY app.py ./
COPY .streamlit/ .streamlit/
COPY app_pages/ app_pages/
COPY components/ components/
COPY missions/ missions/
COPY data/ data/
COPY assets/ assets/
COPY static/ static/

USER atlas
# matplotlib (the slides' and PDFs' pictures) builds its font cache on first import: do it now,
# for this user, rather than on a viewer's first click.
RUN python -c "import matplotlib.font_manager"
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=8); sys.exit(0 if r.read() == b'ok' else 1)"]

# .streamlit/config.toml binds to 127.0.0.1 for local use; in a container listen on all
# interfaces of the container's own network namespace.
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
