# One image for web, worker and beat; docker-compose.yml chooses the command.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/scss static/scss
RUN mkdir -p static/vendor && npm run --silent build:css

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN useradd --create-home --uid 1000 app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
COPY --from=assets /app/static/vendor/bootstrap.css static/vendor/
COPY --from=assets /app/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js /app/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/
COPY --from=assets /app/node_modules/htmx.org/dist/htmx.min.js static/vendor/
# collectstatic needs settings that load; these values exist only for this build step.
RUN DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=build STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput && chown -R app /app
USER app
ENV STATIC_ROOT=/app/staticfiles
EXPOSE 8000
CMD ["gunicorn", "peersupport.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
