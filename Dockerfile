FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY archive archive
COPY statements statements
RUN pip install .

COPY . .
RUN DEBUG=false SECRET_KEY=collectstatic \
    python manage.py collectstatic --noinput

RUN useradd --system --home /app archive && mkdir -p /data && chown -R archive /app /data
USER archive
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn archive.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --worker-class gthread --threads 4 --timeout 30 --access-logfile -"]
