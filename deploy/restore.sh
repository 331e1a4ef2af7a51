#!/usr/bin/env bash
# Restore a folder backup.sh made: the database, then the media files.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/app/media deploy/restore.sh BACKUP_FOLDER
#
# The database ends up as it was at the backup, whether it is empty or not: what the dump
# holds is dropped and recreated, in one transaction (an error leaves it as it was). The
# media files of the backup are written into MEDIA_ROOT. Stop the app and the worker first,
# and rebuild the search index afterwards (deploy/README.md, "Restoring").
# In the compose stack: docker compose -f deploy/docker-compose.yml run --rm backup \
#   restore.sh /backups/thinktank-<time>
set -euo pipefail

backup="${1:?usage: restore.sh BACKUP_FOLDER}"
: "${DATABASE_URL:?DATABASE_URL must name the database to restore into}"
[ -f "$backup/db.dump" ] || { echo "restore.sh: no db.dump in $backup" >&2; exit 1; }

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
    --exit-on-error --dbname="$DATABASE_URL" "$backup/db.dump"
if [ -f "$backup/media.tar.gz" ]; then
    : "${MEDIA_ROOT:?MEDIA_ROOT must name the media folder to restore into}"
    mkdir -p "$MEDIA_ROOT"
    tar --extract --gzip --numeric-owner --file="$backup/media.tar.gz" --directory="$MEDIA_ROOT"
fi
echo "restored $backup"
