# tracker: the polling daemon in a container. Build and run notes: docs/CONTAINER.md.
#
#   docker build -t tracker .
#   docker compose up -d            # compose.yaml: /data volume, tracker.env, port 9311,
#                                   # and the web front page (tracker serve) on port 8001
#
# BASE_IMAGE lets a machine without Docker Hub build from a locally made Python 3.11 base
# (e.g. --build-arg BASE_IMAGE=localhost/py3-base:trixie). Any Debian-like image with
# python3 >= 3.11 (the lock holds soupsieve at 2.8, since 4.x needs 3.11.5: bookworm's 3.11.2
# and trixie's 3.13 both install it), the venv module and useradd.
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

SHELL ["/bin/sh", "-eu", "-c"]

# A numeric, unprivileged user; /data (the database volume) belongs to it.
RUN groupadd --gid 10001 tracker \
    && useradd --uid 10001 --gid 10001 --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin tracker \
    && mkdir -p /data /app \
    && chown 10001:10001 /data

WORKDIR /app

# Dependencies (and the build backend) first, in their own layer: it is rebuilt only when
# pyproject.toml or requirements.lock changes, not on every source edit. The runtime
# dependencies and the `web` extra (tracker serve) are installed at the versions pinned in
# requirements.lock (as constraints: the lock also pins the test tools, not installed here).
COPY pyproject.toml requirements.lock /app/
RUN python3 -m venv /opt/venv \
    && python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb')); print(*p['project']['dependencies'], *p['project']['optional-dependencies']['web'], *p['build-system']['requires'], sep='\n')" > /tmp/requirements.txt \
    && pip install --no-cache-dir -c requirements.lock -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the project itself: no dependency resolution, no download (all installed above).
COPY README.md /app/
COPY src/ /app/src/
RUN pip install --no-cache-dir --no-deps --no-build-isolation /app \
    && rm -rf /app/src /app/build \
    && tracker --version

# Config baked from config/; mount your own over it or point TRACKER_CONFIG elsewhere.
COPY config/ /app/config/
# Datasette's titles and column descriptions for `tracker serve` (read from ./metadata.yml).
COPY metadata.yml /app/

# No secrets here: channels read theirs from the environment (compose: env_file tracker.env).
ENV TRACKER_CONFIG=/app/config/tracker.toml \
    TRACKER_DB=/data/tracker.db \
    TRACKER_HEALTH_HOST=0.0.0.0

VOLUME ["/data"]
# Publish on the host's loopback only: `docker run -p 127.0.0.1:9311:9311 …`; a plain
# `-p 9311:9311` exposes /metrics on every interface (or set daemon.metrics_token_env).
EXPOSE 9311 8001
USER 10001:10001

# /healthz is 200 while the scheduler runs and the database is writable; slim images have
# no curl, so Python's urllib asks (an HTTP 503 or a refused connection raises: exit 1).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9311/healthz', timeout=4)"]

# Exec form: tracker is PID 1 and gets SIGTERM itself (abandons a fetch in flight, exits 0).
ENTRYPOINT ["tracker"]
CMD ["run", "--log-json"]
