#!/usr/bin/env bash
# System packages the tests need: the image's list (deploy/system-packages.txt: unixODBC and
# FreeTDS's tdsodbc, whose loading tests/labtracks/test_freetds.py checks), plus psqlODBC
# (LabTracks over ODBC against PostgreSQL) and Debian's Chromium (GraphiQL in a real browser).
# Installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' deploy/system-packages.txt | grep -v '^$')
packages+=(odbc-postgresql chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
