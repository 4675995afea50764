# One image for web, worker and beat (docker-compose.yml chooses the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=confed.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv \
    && useradd --system --create-home --uid 1000 confed

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Build-time only values: collectstatic and compilemessages need settings to import.
RUN SECRET_KEY=build ALLOWED_HOSTS=build EMAIL_URL=consolemail:// DATABASE_URL=postgres:///build \
    python manage.py collectstatic --no-input -v0 \
    && python manage.py compilemessages --ignore=.venv -v0 \
    && chown -R confed /app

USER confed
EXPOSE 8000
# Only the compose network's proxy reaches port 8000, so its forwarded headers are trusted.
CMD ["gunicorn", "confed.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*", "--no-control-socket"]
