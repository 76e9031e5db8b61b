#!/bin/sh
# On an empty datadir: mariadb-install-db, then (bootstrap mode, no network) set the root password,
# create MARIADB_DATABASE and MARIADB_USER/MARIADB_PASSWORD. Root keeps unix_socket login too, so
# `mariadb-admin ping` and local tools work inside the container without a password in argv.
set -eu
DATADIR=/var/lib/mysql
mkdir -p /run/mysqld "$DATADIR"
chown mysql:mysql /run/mysqld "$DATADIR"

# SQL string literal: backslashes and single quotes escaped.
sql_str() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")"; }
# SQL identifier: backticks doubled.
sql_id() { printf '`%s`' "$(printf '%s' "$1" | sed -e 's/`/``/g')"; }

init_sql() {
  root_pw=$(sql_str "$MARIADB_ROOT_PASSWORD")
  echo "FLUSH PRIVILEGES;"
  echo "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD($root_pw);"
  echo "CREATE USER 'root'@'%' IDENTIFIED BY $root_pw;"
  echo "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
  if [ -n "${MARIADB_DATABASE:-}" ]; then
    echo "CREATE DATABASE IF NOT EXISTS $(sql_id "$MARIADB_DATABASE") CHARACTER SET utf8mb4;"
  fi
  if [ -n "${MARIADB_USER:-}" ]; then
    : "${MARIADB_PASSWORD:?MARIADB_PASSWORD is required with MARIADB_USER}"
    user=$(sql_str "$MARIADB_USER")
    echo "CREATE USER $user@'%' IDENTIFIED BY $(sql_str "$MARIADB_PASSWORD");"
    if [ -n "${MARIADB_DATABASE:-}" ]; then
      echo "GRANT ALL PRIVILEGES ON $(sql_id "$MARIADB_DATABASE").* TO $user@'%';"
    fi
  fi
}

if [ "${1:-}" = mariadbd ] && [ ! -d "$DATADIR/mysql" ]; then
  : "${MARIADB_ROOT_PASSWORD:?MARIADB_ROOT_PASSWORD is required to initialise an empty datadir}"
  echo "mariadb-entrypoint: initialising $DATADIR" >&2
  mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db >/dev/null
  init_sql | mariadbd --user=mysql --datadir="$DATADIR" --bootstrap --skip-networking
  echo "mariadb-entrypoint: initialised" >&2
fi
exec "$@"
