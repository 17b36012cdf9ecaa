#!/bin/sh
# Creates or updates the database role the app runs as, with the privileges of db-app-role.sql.
# The PostgreSQL container runs it once, when it creates its data directory; on an existing
# database run it by hand: docker compose exec db sh /docker-entrypoint-initdb.d/20-app-role.sh
set -eu
APP_ROLE="${POSTGRES_APP_USER:-kla_app}"
: "${POSTGRES_APP_PASSWORD:?POSTGRES_APP_PASSWORD wajib diisi (password of the app role)}"
GRANTS="${APP_ROLE_GRANTS:-/etc/kla/db-app-role.sql}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_role="$APP_ROLE" -v app_password="$POSTGRES_APP_PASSWORD" <<'EOSQL'
SELECT format('CREATE ROLE %I LOGIN', :'app_role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_role') \gexec
ALTER ROLE :"app_role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'app_password';
EOSQL

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_role="$APP_ROLE" -v owner_role="$POSTGRES_USER" -v db_name="$POSTGRES_DB" -f "$GRANTS"
