#!/usr/bin/env bash
# Prepares this machine for the e2e suites (REQUIRE_E2E=1 npm test): installs the real components
# (docker engine + compose v1 and the compose v2 plugin, busybox-static, OpenSSH, rsync, MariaDB,
# PostgreSQL, SQLite, Apache + Passenger, debootstrap, docker-registry + htpasswd for the `build:`
# registry tests, git-lfs for the Git LFS tests), starts the long-running daemons (dockerd,
# mariadbd, postgres) and builds the Debian-based images of the real-app fixture once
# (test/e2e/images/build-images.sh). Apache is started per test by test/e2e/harness/apache.ts, not
# here. Idempotent: safe to run again.
set -euo pipefail

log() { printf '%s\n' "$*"; }
die() { printf 'setup.sh: error: %s\n' "$*" >&2; exit 1; }

PACKAGES=(docker.io docker-compose busybox-static openssh-server openssh-client rsync
  mariadb-server mariadb-client postgresql sqlite3 curl python3-venv debootstrap iproute2 util-linux passwd
  docker-registry apache2-utils git-lfs gcc libc6-dev gawk)
NO_RECOMMENDS=(apache2 libapache2-mod-passenger)

missing_packages() {
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "$p"
    fi
  done
}

install_packages() {
  local missing missing_nr
  missing=$(missing_packages "${PACKAGES[@]}")
  missing_nr=$(missing_packages "${NO_RECOMMENDS[@]}")
  if [[ -z "$missing" && -z "$missing_nr" ]]; then return 0; fi
  [[ $(id -u) -eq 0 ]] || die "missing packages ($(echo $missing $missing_nr)) and not root: run as root"
  command -v apt-get >/dev/null || die "apt-get not found: install $(echo $missing $missing_nr) by hand"
  export DEBIAN_FRONTEND=noninteractive
  log "setup: installing $(echo $missing $missing_nr)"
  apt-get update -qq || die "apt-get update failed"
  if [[ -n "$missing" ]]; then
    # shellcheck disable=SC2086
    apt-get install -y -qq $missing >/tmp/gitops-deploy-apt.log 2>&1 \
      || { tail -n 30 /tmp/gitops-deploy-apt.log >&2; die "apt-get install $missing failed"; }
  fi
  if [[ -n "$missing_nr" ]]; then
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing_nr >>/tmp/gitops-deploy-apt.log 2>&1 \
      || { tail -n 30 /tmp/gitops-deploy-apt.log >&2; die "apt-get install $missing_nr failed"; }
  fi
}

start_docker() {
  if ! docker info >/dev/null 2>&1; then
    [[ $(id -u) -eq 0 ]] || die "docker daemon not running and not root: cannot start dockerd"
    command -v dockerd >/dev/null || die "dockerd not found"
    log "setup: starting dockerd (log: /tmp/gitops-deploy-dockerd.log)"
    nohup dockerd --host unix:///var/run/docker.sock --bridge=none --iptables=false \
      >/tmp/gitops-deploy-dockerd.log 2>&1 </dev/null &
    local i
    for i in $(seq 1 30); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
    docker info >/dev/null 2>&1 \
      || { tail -n 20 /tmp/gitops-deploy-dockerd.log >&2; die "dockerd did not answer within 30 s"; }
  fi
  docker-compose version >/dev/null 2>&1 || die "docker-compose does not run"
  log "ok: docker $(docker info --format '{{.ServerVersion}}' 2>/dev/null)"
  log "ok: docker-compose $(docker-compose version --short 2>/dev/null)"
}

# Debian 12 has no compose v2 plugin; Debian 13's runs here (it needs libc >= 2.34). Fetch its .deb
# with a private apt state in a temp dir, so trixie never enters the system's apt sources.
COMPOSE_PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

# shellcheck source=images/debian-mirror.sh
source "$(dirname "${BASH_SOURCE[0]}")/images/debian-mirror.sh"

# Downloads docker-compose from trixie into $1 (private apt state) and installs its plugin binary.
fetch_compose_plugin() {
  local t=$1 mirror deb
  mirror=$(debian_mirror) || die "no Debian mirror in the system's apt sources"
  mkdir -p "$t/lists/partial" "$t/cache/archives/partial"
  printf 'deb %s trixie main\n' "$mirror" >"$t/sources.list"
  local apt_opts=(-o "Dir::Etc::sourcelist=$t/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$t/lists" -o "Dir::Cache=$t/cache")
  log "setup: installing the compose v2 plugin from Debian trixie ($mirror) into $COMPOSE_PLUGIN_DIR"
  (cd "$t" && apt-get -qq "${apt_opts[@]}" update && apt-get -qq "${apt_opts[@]}" download docker-compose) \
    >"$t/apt.log" 2>&1 || { tail -n 20 "$t/apt.log" >&2; die "could not download docker-compose from trixie"; }
  deb=$(find "$t" -maxdepth 1 -name 'docker-compose_*.deb' | head -n 1)
  [[ -n "$deb" ]] || die "apt-get download docker-compose left no .deb"
  dpkg -x "$deb" "$t/x"
  [[ -x "$t/x/usr/libexec/docker/cli-plugins/docker-compose" ]] \
    || die "$(basename "$deb") has no usr/libexec/docker/cli-plugins/docker-compose"
  mkdir -p "$COMPOSE_PLUGIN_DIR"
  install -m 755 "$t/x/usr/libexec/docker/cli-plugins/docker-compose" "$COMPOSE_PLUGIN_DIR/docker-compose"
}

install_compose_v2() {
  if docker compose version >/dev/null 2>&1; then return 0; fi
  [[ $(id -u) -eq 0 ]] || die "docker compose (v2) missing and not root: cannot install the plugin"
  local t
  t=$(mktemp -d /tmp/gitops-compose-v2.XXXXXX)
  # subshell: its EXIT trap removes the temp dir whether the fetch succeeds or dies
  (trap 'rm -rf "$t"' EXIT; fetch_compose_plugin "$t") || exit 1
}

check_compose_v2() {
  local v
  v=$(docker compose version --short 2>/dev/null) || die "docker compose (v2) does not run"
  [[ "$v" == 2.* || "$v" == v2.* ]] || die "docker compose reports version '$v', expected 2.x"
  log "ok: docker compose ${v#v}"
}

build_realapp_images() {
  bash "$(dirname "${BASH_SOURCE[0]}")/images/build-images.sh" || die "building the real-app images failed"
}

# Containers of test projects (`gd<name>_<pid>_<time>_<rand>`, see harness/docker.ts) whose test
# process is gone: a killed run leaves them, and dockerd restarts those with a restart policy.
sweep_stale_test_containers() {
  local project pid n=0
  for project in $(docker ps -a --format '{{.Label "com.docker.compose.project"}}' | sort -u); do
    [[ "$project" =~ ^gd[a-z0-9]*_([0-9]+)_[0-9a-z]+_[0-9a-z]+$ ]] || continue
    pid=${BASH_REMATCH[1]}
    [[ -d /proc/$pid ]] && continue
    docker ps -aq --filter "label=com.docker.compose.project=$project" | xargs -r docker rm -f >/dev/null
    docker network ls -q --filter "label=com.docker.compose.project=$project" | xargs -r docker network rm >/dev/null 2>&1 || true
    docker volume ls -q --filter "label=com.docker.compose.project=$project" | xargs -r docker volume rm >/dev/null 2>&1 || true
    n=$((n + 1))
  done
  ((n == 0)) || log "setup: removed the containers of $n stale test projects"
}

start_mariadb() {
  if ! mysqladmin ping >/dev/null 2>&1; then
    [[ $(id -u) -eq 0 ]] || die "mariadb not running and not root: cannot start it"
    mkdir -p /run/mysqld
    chown mysql:mysql /run/mysqld
    if [[ ! -d /var/lib/mysql/mysql ]]; then
      mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/tmp/gitops-deploy-mariadb-init.log 2>&1 \
        || die "mariadb-install-db failed (see /tmp/gitops-deploy-mariadb-init.log)"
    fi
    log "setup: starting mariadbd"
    # our own pidfile: matching by --exec alone also finds a container's mariadbd (a leftover
    # test container restarted by dockerd) and then starts nothing
    start-stop-daemon --start --oknodo --background --pidfile /run/mysqld/gitops-setup.pid \
      --make-pidfile --exec /usr/sbin/mariadbd -- --user=mysql
    local i
    for i in $(seq 1 60); do
      mysqladmin ping >/dev/null 2>&1 && break
      sleep 0.5
    done
    mysqladmin ping >/dev/null 2>&1 || {
      pgrep -a mariadbd >&2 || true
      die "mariadbd did not answer 'mysqladmin ping' within 30 s"
    }
  fi
  log "ok: mariadb $(mysql -N -B -e 'SELECT VERSION()' 2>/dev/null || echo '?')"
}

start_postgres() {
  local ver
  ver=$(pg_lsclusters -h 2>/dev/null | awk '$2 == "main" && !v { v = $1 } END { print v }')
  [[ -n "$ver" ]] || die "no PostgreSQL 'main' cluster found (pg_lsclusters)"
  local status
  status=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" { print $4 }')
  if [[ "$status" != online* ]]; then
    [[ $(id -u) -eq 0 ]] || die "postgresql not running and not root: cannot start it"
    log "setup: starting postgresql $ver main"
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start \
      || die "pg_ctlcluster $ver main start failed (see /var/log/postgresql/postgresql-$ver-main.log)"
  fi
  local i
  for i in $(seq 1 60); do
    su postgres -c 'psql -qAtc "SELECT 1"' >/dev/null 2>&1 && break
    sleep 0.5
  done
  su postgres -c 'psql -qAtc "SELECT 1"' >/dev/null 2>&1 || die "postgresql $ver did not accept connections"
  log "ok: postgresql $(su postgres -c 'psql -qAtc "SHOW server_version"' 2>/dev/null)"
}

check_tools() {
  [[ -x /bin/busybox ]] || die "/bin/busybox missing (busybox-static)"
  local bb
  # capture first: with pipefail, `busybox --help | head` can die of SIGPIPE
  bb=$(/bin/busybox --help 2>&1 || true)
  [[ "$bb" == BusyBox* ]] || die "/bin/busybox does not run"
  log "ok: busybox $(awk 'NR == 1 { print $2 }' <<<"$bb")"
  [[ -x /usr/sbin/sshd ]] || die "/usr/sbin/sshd missing (openssh-server)"
  log "ok: openssh $(ssh -V 2>&1 | awk '{ print $1 }' | tr -d ',')"
  log "ok: rsync $(rsync --version | awk 'NR == 1 { print $3 }')"
  log "ok: sqlite3 $(sqlite3 --version | awk '{ print $1 }')"
  [[ -x /usr/sbin/apache2 ]] || die "/usr/sbin/apache2 missing (apache2)"
  [[ -f /usr/lib/apache2/modules/mod_passenger.so ]] || die "mod_passenger.so missing (libapache2-mod-passenger)"
  log "ok: apache2 $(/usr/sbin/apache2 -v 2>/dev/null | awk -F'[/ ]' '/version/ { v = $4 } END { print v }')"
  log "ok: passenger $(dpkg-query -W -f='${Version}' libapache2-mod-passenger 2>/dev/null)"
}

install_packages
check_tools
start_docker
sweep_stale_test_containers
install_compose_v2
check_compose_v2
start_mariadb
start_postgres
build_realapp_images
