# zobot: the Telegram bot of the Città Metropolitana di Milano for its Zone Omogenee.
# Build: docker build -t zobot .     Run: see compose.yaml and the README ("Sandbox, webhook and deployment").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PTB_TIMEDELTA=1 \
    XDG_DATA_HOME=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY web ./web
COPY catalogue_data ./catalogue_data
RUN pip install . \
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
