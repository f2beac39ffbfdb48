#!/usr/bin/env bash
# Starts a local PostgreSQL for the tests, idempotently and quietly (Debian, as root):
# installs the server when missing, creates and starts a cluster listening on 127.0.0.1,
# and creates the role and database the tests use.
# Usage: source scripts/postgres.sh   (exports TEST_DATABASE_URL for the caller)
#    or: bash scripts/postgres.sh     (prints the export line)
# Leaves DATABASE_URL alone: setting it switches the app itself to PostgreSQL.
set -euo pipefail

pg_log() { printf '[postgres] %s\n' "$*" >&2; }

PG_ROLE="${PG_TEST_ROLE:-codegen}"
PG_PASSWORD="${PG_TEST_PASSWORD:-codegen}"
PG_DATABASE="${PG_TEST_DATABASE:-codegen_test}"

ensure_postgres_installed() {
  if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null; then
    return
  fi
  [ "$(id -u)" = 0 ] || { pg_log "must run as root to install postgresql"; return 1; }
  pg_log "installing postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

# Prints "<version> <cluster> <port> <status>" of the first cluster, creating one if none exists.
pg_cluster() {
  if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_log "creating cluster $version/main"
    pg_createcluster --start-conf=manual "$version" main >/dev/null
  fi
  pg_lsclusters -h | head -n 1 | awk '{print $1, $2, $3, $4}'
}

as_postgres() { runuser -u postgres -- "$@"; }

ensure_postgres_running() {
  local version name port status
  read -r version name port status <<<"$(pg_cluster)"
  if [ "$status" != online ]; then
    # pg_ctlcluster drops to the cluster owner itself; postgres refuses to run as root.
    pg_ctlcluster "$version" "$name" start -- -o "-c listen_addresses=127.0.0.1" >/dev/null
    for _ in $(seq 1 30); do
      as_postgres pg_isready -q -h 127.0.0.1 -p "$port" && break
      sleep 1
    done
  fi
  as_postgres pg_isready -q -h 127.0.0.1 -p "$port" ||
    { pg_log "postgres $version/$name did not start; see /var/log/postgresql/"; return 1; }
  PG_PORT="$port"
}

ensure_test_database() {
  # Over the Unix socket: peer authentication lets the postgres user in without a password.
  local psql=(as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres -tA)
  if [ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" ]; then
    "${psql[@]}" -c "CREATE ROLE \"$PG_ROLE\" LOGIN PASSWORD '$PG_PASSWORD'" >/dev/null
  fi
  if [ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" ]; then
    "${psql[@]}" -c "CREATE DATABASE \"$PG_DATABASE\" OWNER \"$PG_ROLE\"" >/dev/null
  fi
}

ensure_postgres_installed
ensure_postgres_running
ensure_test_database
export TEST_DATABASE_URL="postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DATABASE"
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "export TEST_DATABASE_URL=\"$TEST_DATABASE_URL\""
fi
