# zobot: the Telegram bot of the Città Metropolitana di Milano for its Zone Omogenee.
# Build: docker build -t zobot .     Run: see compose.yaml and the README ("Sandbox, webhook and deployment").
# The base image: an exact Python release, pinned by the digest of its multi-platform index, so every build
# starts from the same bytes. To move it, see docs/operators-deployment.md ("The image").
FROM python:3.11.16-slim-bookworm@sha256:c425d915a89a6dcd3183b1797ad9bd8878caff5a417f6371c8df93c8ea8b727f

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PTB_TIMEDELTA=1 \
    XDG_DATA_HOME=/data

WORKDIR /app
# The locked dependencies first (their own layer, rebuilt only when the lock changes), every file checked
# against its hash; then zobot itself, without letting pip pick anything else.
COPY requirements/runtime.txt ./requirements/runtime.txt
RUN pip install --require-hashes -r requirements/runtime.txt
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY handlers ./handlers
COPY web ./web
COPY catalogue_data ./catalogue_data
RUN pip install --no-deps --no-build-isolation . \
    && useradd --system --create-home --uid 10001 --home-dir /home/zobot zobot \
    && mkdir -p /data \
    && chown zobot:zobot /data

USER zobot
# The default SQLite file lives here (ZOBOT_DATABASE_URL unset); with PostgreSQL it stays empty.
VOLUME ["/data"]
# The webhook, and the web pages beside it, listen here (set ZOBOT_WEBHOOK_LISTEN=0.0.0.0 in the container).
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=10s --start-period=40s --retries=3 \
    CMD ["python", "-m", "bot.webhook.healthcheck"]

# Migrate, then run (polling; add --webhook through ZOBOT_RUN_ARGS, or override the command).
ENV ZOBOT_RUN_ARGS=""
CMD ["sh", "-c", "zobot db upgrade && exec zobot run $ZOBOT_RUN_ARGS"]
