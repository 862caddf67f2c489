# Clearway images (production shape; see docker-compose.yml and README.md).
#   target "app": API and worker   (python -m backend api | worker | migrate | seed)
#   target "ui" : Reflex back office (app + Node + bun, frontend pre-built)
# Dependencies are installed with uv and overrides.txt exactly as ./clearway does: arq 0.28 declares
# redis<6 while Reflex needs a newer redis-py; overrides.txt pins redis 7.x, which arq runs with.

FROM python:3.11-slim AS app
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv==0.13.8 \
 && uv venv /opt/venv \
 && useradd --system --create-home --home-dir /home/clearway --uid 10001 clearway
WORKDIR /app

# 1) third-party dependencies only (cached layer: changes only with pyproject.toml/overrides.txt)
COPY pyproject.toml overrides.txt ./
RUN uv pip install --no-cache --override overrides.txt -r pyproject.toml

# 2) the project itself
COPY . .
RUN uv pip install --no-cache --no-deps . \
 && mkdir -p /app/var/evidence \
 && chown -R clearway:clearway /app
USER clearway
EXPOSE 8400
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8400/healthz', timeout=4).status == 200 else 1)"]
CMD ["sh", "-c", "python -m backend migrate && exec python -m backend api --host 0.0.0.0"]


FROM app AS ui
USER root
# Reflex builds and serves its frontend with bun (from npm, as on the dev machines); Node for tooling.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && npm install -g --no-audit --no-fund bun@1.4.4 \
 && npm cache clean --force \
 && apt-get purge -y npm && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*
ENV REFLEX_BUN_PATH=/usr/local/bin/bun \
    REFLEX_TELEMETRY_ENABLED=false \
    REFLEX_CHECK_LATEST_VERSION=false \
    CLEARWAY_API_URL=http://api:8400
WORKDIR /app/frontend
USER clearway
# Pre-build once so that containers start without fetching JS packages.
RUN reflex export --env prod --frontend-only --no-zip --loglevel warning
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:3000/login', timeout=4).status == 200 else 1)"]
CMD ["reflex", "run", "--env", "prod", "--frontend-port", "3000", "--backend-host", "0.0.0.0"]
