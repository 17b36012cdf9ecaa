#!/usr/bin/env bash
# Restore a KLA Metro backup into an EMPTY database and media folder.
# Usage: scripts/restore.sh DUMP_FILE [MEDIA_TAR_GZ]   (reads DATABASE_URL and MEDIA_ROOT)
set -euo pipefail
dump=${1:?"Pakai: scripts/restore.sh BERKAS.dump [BERKAS-media.tar.gz]"}
media_archive=${2:-}
: "${DATABASE_URL:?DATABASE_URL wajib diisi (postgres://...)}"
media=${MEDIA_ROOT:-var/media}
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$dump"
if [ -n "$media_archive" ]; then
  mkdir -p "$media"
  tar -C "$media" -xzf "$media_archive"
fi
echo "Pemulihan selesai."
