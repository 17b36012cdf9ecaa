#!/usr/bin/env bash
# Back up KLA Metro: the PostgreSQL database (custom format) and the uploaded files.
# Usage: scripts/backup.sh DEST_DIR   (reads DATABASE_URL and MEDIA_ROOT like the app; MEDIA_ROOT defaults to var/media)
set -euo pipefail
dest=${1:?"Pakai: scripts/backup.sh FOLDER_TUJUAN"}
: "${DATABASE_URL:?DATABASE_URL wajib diisi (postgres://...)}"
media=${MEDIA_ROOT:-var/media}
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$dest/kla-metro-$stamp.dump"
if [ -d "$media" ]; then
  tar -C "$media" -czf "$dest/kla-metro-media-$stamp.tar.gz" .
fi
echo "Cadangan tersimpan: $dest/kla-metro-$stamp.dump${media:+ dan berkas unggahan}"
