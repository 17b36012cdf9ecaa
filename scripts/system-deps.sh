#!/usr/bin/env bash
# Debian packages KLA Metro needs: WeasyPrint's libraries and a font, poppler-utils to read PDFs back
# in tests, gettext for translations, Chromium for the browser tests. Installs what is missing
# when run as root; otherwise prints the command to run.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-dejavu-core
  poppler-utils gettext chromium)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Memasang paket sistem: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Paket sistem belum terpasang: ${missing[*]}"
  echo "Jalankan: sudo apt-get install -y ${missing[*]}"
  exit 1
fi
