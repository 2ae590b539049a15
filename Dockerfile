# The service on live backends configured through the environment (see README: Settings); with
# none configured it exits saying what to set. For the embedded demo data, override the command:
#   docker run -p 8000:8000 IMAGE aind-metadata-graphql serve --host 0.0.0.0 --demo
# LabTracks in production needs Microsoft's "ODBC Driver 18 for SQL Server" on top of unixODBC;
# deployments add it from Microsoft's package repository, which this image does not reach.
FROM python:3.11-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends unixodbc \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphql_service graphql_service
COPY resolvers resolvers
COPY datasources datasources
RUN pip install --no-cache-dir '.[server]'

USER nobody
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["aind-metadata-graphql", "serve", "--host", "0.0.0.0", "--port", "8000"]
