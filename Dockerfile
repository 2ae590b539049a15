# syntax=docker/dockerfile:1
# aind-metadata-graphql on live backends configured through the environment (README:
# Deployment, Settings); with none configured `serve` exits saying what to set. Build:
#   docker build -t aind-metadata-graphql .
# The embedded demo data instead of live backends:
#   docker run -p 127.0.0.1:8000:8000 aind-metadata-graphql aind-metadata-graphql serve --demo
#
# Build arguments:
#   PYTHON_IMAGE     base image (default python:3.11-slim-bookworm: Debian 12, whose tdsodbc
#                    and unixODBC CI tests against)
#   MSODBCSQL18_DEB  file name of Microsoft's msodbcsql18 .deb that the deployment placed in
#                    deploy/odbc/ (see deploy/odbc/README.md); empty (default): FreeTDS only.
# Runtime environment: AIND_GRAPHQL_PORT (default 8000) is the port `serve` listens on and the
# health check asks; AIND_GRAPHQL_HOST is 0.0.0.0 in the image. `serve` has no worker count:
# scale with replicas (deploy/kubernetes, deploy/compose.yaml), one process per container.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
FROM ${PYTHON_IMAGE}

ARG MSODBCSQL18_DEB=""
# "server,tracing" adds OpenTelemetry (used only when an OTLP endpoint is configured).
ARG EXTRAS="server"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# The Debian packages are listed in deploy/system-packages.txt (CI installs the same list);
# FreeTDS is registered in /etc/odbcinst.ini from deploy/odbc/freetds.ini, and the build fails
# if unixODBC then does not list it. Versions come from the base image's Debian release.
# hadolint ignore=DL3008
RUN --mount=type=bind,source=deploy,target=/tmp/deploy \
    apt-get update \
    && sed -e 's/#.*//' /tmp/deploy/system-packages.txt \
      | xargs apt-get install -y --no-install-recommends \
    && odbcinst -i -d -f /tmp/deploy/odbc/freetds.ini \
    && odbcinst -q -d -n FreeTDS \
    && if [ -n "${MSODBCSQL18_DEB}" ]; then \
         ACCEPT_EULA=Y apt-get install -y --no-install-recommends \
           "/tmp/deploy/odbc/${MSODBCSQL18_DEB}" \
         && odbcinst -q -d -n "ODBC Driver 18 for SQL Server"; \
       fi \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphql_service graphql_service
COPY resolvers resolvers
COPY datasources datasources
COPY aind_metadata_graphql_client aind_metadata_graphql_client
# The package itself, not editable, with the server extra (no dev tools), and tracing when
# EXTRAS asks; its dependencies are pinned or bounded in pyproject.toml.
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[${EXTRAS}]" \
    && useradd --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
         --shell /usr/sbin/nologin aind

ENV AIND_GRAPHQL_HOST=0.0.0.0 \
    AIND_GRAPHQL_PORT=8000 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
# Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('AIND_GRAPHQL_PORT', '8000'), timeout=4)"]
CMD ["aind-metadata-graphql", "serve"]
