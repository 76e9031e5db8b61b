#!/usr/bin/env bash
# Builds the Debian-based images of the real-app fixture (test/fixtures/django-app) from Debian
# packages, since no image registry is reachable here:
#   1. debootstrap --variant=minbase bookworm (mirror: the system's apt sources), docker import
#      -> gitops-realapp-base:$TAG
#   2. docker build --network host layers on top of it (apt-get install from the same mirror):
#      gitops-realapp-python:$TAG  python3-django python3-celery python3-redis python3-mysqldb gunicorn
#      gitops-realapp-nginx:$TAG   nginx
#      gitops-realapp-redis:$TAG   redis-server
#      gitops-realapp-mariadb:$TAG mariadb-server (+ an entrypoint that initialises the datadir)
# Builds only the images that are missing (`docker image inspect`), so a machine pays once.
# Bump TAG when a Dockerfile here changes (the fixture's Dockerfiles name the same tag).
# Usage: build-images.sh [--force]   (--force rebuilds everything)
# Env: GITOPS_REALAPP_MIRROR overrides the Debian mirror; GITOPS_REALAPP_WORKDIR the scratch dir parent.
set -euo pipefail

TAG=1
SUITE=bookworm
PREFIX=gitops-realapp
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAYERS=(python nginx redis mariadb)
LOCK=/tmp/gitops-realapp-images.lock
BUILD_LOG=/tmp/gitops-realapp-images-build.log

log() { printf 'build-images: %s\n' "$*"; }
die() { printf 'build-images: error: %s\n' "$*" >&2; exit 1; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# shellcheck source=debian-mirror.sh
source "$HERE/debian-mirror.sh"

WORK=""
# Unmounts whatever debootstrap left mounted under the rootfs (an interrupted run leaves /proc, /sys)
# before deleting it; --one-file-system keeps rm off anything still mounted.
cleanup() {
  [[ -n "$WORK" && -d "$WORK" ]] || return 0
  local m
  for m in $(awk -v r="$WORK/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf --one-file-system "$WORK"
}

# Trims what containers never need and makes later apt installs skip docs and service starts.
prepare_rootfs() {
  local root=$1
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  mkdir -p "$root/etc/dpkg/dpkg.cfg.d" "$root/etc/apt/apt.conf.d"
  printf '%s\n' 'path-exclude=/usr/share/doc/*' 'path-exclude=/usr/share/man/*' \
    'path-exclude=/usr/share/info/*' 'path-exclude=/usr/share/locale/*' >"$root/etc/dpkg/dpkg.cfg.d/01-container-nodoc"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$root/etc/apt/apt.conf.d/01-container-norecommends"
}

build_base() {
  local image=$PREFIX-base:$TAG mirror start
  command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install debootstrap)"
  [[ $(id -u) -eq 0 ]] || die "debootstrap needs root"
  mirror=$(debian_mirror) || die "no Debian mirror in the system's apt sources (set GITOPS_REALAPP_MIRROR)"
  WORK=$(mktemp -d "${GITOPS_REALAPP_WORKDIR:-/var/tmp}/gitops-realapp-rootfs.XXXXXX")
  start=$SECONDS
  log "debootstrap --variant=minbase $SUITE from $mirror (log: $WORK.log)"
  if ! debootstrap --variant=minbase "$SUITE" "$WORK/rootfs" "$mirror" >"$WORK.log" 2>&1; then
    tail -n 30 "$WORK.log" >&2
    [[ -f "$WORK/rootfs/debootstrap/debootstrap.log" ]] && tail -n 30 "$WORK/rootfs/debootstrap/debootstrap.log" >&2
    die "debootstrap failed (full log: $WORK.log)"
  fi
  log "debootstrap done in $((SECONDS - start)) s"
  prepare_rootfs "$WORK/rootfs"
  start=$SECONDS
  tar -C "$WORK/rootfs" --numeric-owner -c . | docker import \
    -c 'ENV LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive' -c 'CMD ["/bin/bash"]' - "$image" >/dev/null \
    || die "docker import of the $SUITE rootfs failed"
  log "docker import -> $image in $((SECONDS - start)) s"
  cleanup
  rm -f "$WORK.log"
  WORK=""
}

build_layer() {
  local name=$1 image=$PREFIX-$1:$TAG start
  [[ -f "$HERE/$name/Dockerfile" ]] || die "missing $HERE/$name/Dockerfile"
  start=$SECONDS
  log "docker build --network host -> $image"
  # Classic builder: --network host lets apt reach the mirror under dockerd --bridge=none.
  if ! DOCKER_BUILDKIT=0 docker build --network host --build-arg "BASE=$PREFIX-base:$TAG" \
    -t "$image" "$HERE/$name" >"$BUILD_LOG" 2>&1; then
    tail -n 30 "$BUILD_LOG" >&2
    die "docker build of $image failed (context $HERE/$name, full log: $BUILD_LOG)"
  fi
  log "$image built in $((SECONDS - start)) s"
}

main() {
  local force=0
  case "${1:-}" in
    --force) force=1 ;;
    "") ;;
    *) die "unknown argument '$1' (usage: build-images.sh [--force])" ;;
  esac
  docker info >/dev/null 2>&1 || die "docker daemon does not answer (docker info)"
  exec 9>"$LOCK"
  flock 9 || die "cannot lock $LOCK"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  local total=$SECONDS built=0 layer
  if [[ $force -eq 1 ]] || ! image_exists "$PREFIX-base:$TAG"; then build_base; built=1; fi
  for layer in "${LAYERS[@]}"; do
    if [[ $force -eq 1 || $built -eq 1 ]] || ! image_exists "$PREFIX-$layer:$TAG"; then build_layer "$layer"; fi
  done
  for layer in base "${LAYERS[@]}"; do
    image_exists "$PREFIX-$layer:$TAG" || die "$PREFIX-$layer:$TAG is still missing"
    log "ok: $PREFIX-$layer:$TAG $(docker image inspect --format '{{.Size}}' "$PREFIX-$layer:$TAG" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
  done
  log "done in $((SECONDS - total)) s"
}

main "$@"
