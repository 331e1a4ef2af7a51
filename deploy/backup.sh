#!/usr/bin/env bash
# Back up the database and the media files into a new folder under DIRECTORY:
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/app/media deploy/backup.sh DIRECTORY
#
# writes DIRECTORY/thinktank-<UTC time>/db.dump (pg_dump's custom format) and media.tar.gz
# (MEDIA_ROOT as it is), and prints the folder's path. With MEDIA_S3_BUCKET set the media
# are in the bucket, which this does not copy (deploy/README.md, "Backups"). The search
# index needs no backup: `manage.py search_index rebuild` makes it from the database.
# In the compose stack: docker compose -f deploy/docker-compose.yml run --rm backup
set -euo pipefail

directory="${1:?usage: backup.sh DIRECTORY}"
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
if [ -z "${MEDIA_S3_BUCKET:-}" ]; then
    : "${MEDIA_ROOT:?MEDIA_ROOT must name the media folder (or MEDIA_S3_BUCKET the bucket)}"
fi

backup="$directory/thinktank-$(date -u +%Y%m%dT%H%M%SZ)"
# Written under another name first: a folder without .partial is a complete backup.
mkdir -p "$backup.partial"
pg_dump --format=custom --file="$backup.partial/db.dump" "$DATABASE_URL"
if [ -z "${MEDIA_S3_BUCKET:-}" ]; then
    tar --create --gzip --numeric-owner --file="$backup.partial/media.tar.gz" \
        --directory="$MEDIA_ROOT" .
else
    echo "backup.sh: the media are in s3://$MEDIA_S3_BUCKET, not copied here" >&2
fi
mv "$backup.partial" "$backup"
echo "$backup"
