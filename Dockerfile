# Small Wins image: by default gunicorn serving POST /alexa and the buddy pages, as a non-root
# user. The same image runs the worker (`smallwins worker`) and the scheduler
# (`smallwins scheduler`); compose.yaml runs all three beside Redis.

FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY smallwins ./smallwins
COPY journal ./journal
COPY skill ./skill
COPY sharing ./sharing
COPY worker ./worker
COPY alexa ./alexa
COPY web ./web
COPY locales ./locales
RUN python -m venv /opt/smallwins \
    && /opt/smallwins/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin smallwins
COPY --from=build /opt/smallwins /opt/smallwins
WORKDIR /app
ENV PATH="/opt/smallwins/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    SMALLWINS_ENV=production
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2)"]
CMD ["smallwins", "serve", "--host", "0.0.0.0", "--port", "8080"]
