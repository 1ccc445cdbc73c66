#!/usr/bin/env bash
# Brings a fresh clone (Debian 12, Node 20) to a runnable state; run before start/test/bench.
# Idempotent and cheap when nothing changed, so it can run on every `npm test`.
#   --dry-run (or GAUNTLET_SETUP_DRY_RUN=1): print the install commands instead of running them.
#   GAUNTLET_SKIP_SYSTEM_DEPS=1: skip the apt step (e.g. a non-Debian dev machine).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DRY_RUN="${GAUNTLET_SETUP_DRY_RUN:-0}"
[[ "${1:-}" == "--dry-run" ]] && DRY_RUN=1
APT_PACKAGES=(chromium ffmpeg libvulkan1 postgresql redis-server)
STAMP=node_modules/.gauntlet-setup-stamp

log() { echo "[setup] $*"; }
die() { echo "[setup] ERROR: $*" >&2; exit 1; }
run() {
  if [[ "$DRY_RUN" == 1 ]]; then log "would run: $*"; else "$@"; fi
}

# --- system packages -------------------------------------------------------
# Checked by what we actually use (binaries, SwiftShader ICD, Vulkan loader) rather than
# dpkg state, so this stays fork-free and fast on the no-op path.
missing_system_deps() {
  local missing=()
  command -v chromium >/dev/null 2>&1 && [[ -f /usr/lib/chromium/vk_swiftshader_icd.json ]] \
    || missing+=(chromium)
  { command -v ffmpeg && command -v ffprobe; } >/dev/null 2>&1 || missing+=(ffmpeg)
  # Dawn (webgpu) dlopens the Vulkan loader; chromium does not depend on it in Debian 12.
  compgen -G '/usr/lib/*/libvulkan.so.1' >/dev/null || compgen -G '/usr/lib*/libvulkan.so.1' >/dev/null \
    || missing+=(libvulkan1)
  # Servers for the tests against real PostgreSQL and Redis; nothing starts them at boot (tests start their own).
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  echo "${missing[*]}"
}

install_system_deps() {
  local missing
  missing="$(missing_system_deps)"
  [[ -z "$missing" ]] && return 0
  if [[ "${GAUNTLET_SKIP_SYSTEM_DEPS:-0}" == 1 ]]; then
    log "skipping missing system packages ($missing): GAUNTLET_SKIP_SYSTEM_DEPS=1"
    return 0
  fi
  local hint="apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES[*]}"
  command -v apt-get >/dev/null 2>&1 \
    || die "missing system packages: $missing. No apt-get here; install them with your package manager."
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    # -n: never prompt, since CI has no stdin and a hung password prompt is worse than a clear error.
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      die "missing system packages: $missing. As root, run: $hint   then: npm run setup"
    fi
  fi
  log "installing system packages: ${APT_PACKAGES[*]} (missing: $missing)"
  # Lock timeout: fresh VMs often run unattended-upgrades at boot and hold the dpkg lock.
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
  run "${apt[@]}" update -q
  run "${apt[@]}" install -y -q --no-install-recommends "${APT_PACKAGES[@]}"
  if [[ "$DRY_RUN" != 1 ]]; then
    missing="$(missing_system_deps)"
    [[ -z "$missing" ]] || die "still missing after apt-get install: $missing"
  fi
}

# --- node_modules ----------------------------------------------------------
deps_hash() {
  # Filenames are part of the hash so adding or removing a workspace invalidates it.
  local files=(package.json package-lock.json .npmrc packages/*/package.json apps/*/package.json)
  local existing=()
  for f in "${files[@]}"; do [[ -f "$f" ]] && existing+=("$f"); done
  { echo "node ${NODE_VERSION}"; sha256sum "${existing[@]}"; } | sha256sum | cut -d' ' -f1
}

tsx_works() { node_modules/.bin/tsx -e 'process.exit(0)' >/dev/null 2>&1; }

install_node_deps() {
  local want
  want="$(deps_hash)"
  [[ -f "$STAMP" && "$(<"$STAMP")" == "$want" ]] && return 0

  # Serialise concurrent `npm test` runs so two npm installs never share node_modules.
  mkdir -p .cache
  exec 9>.cache/setup.lock
  command -v flock >/dev/null 2>&1 && flock 9
  [[ -f "$STAMP" && "$(<"$STAMP")" == "$want" ]] && return 0

  # npm install rather than npm ci: the lockfile cannot list biome's binaries for other platforms,
  # which the registry reachable here does not serve, and npm ci refuses such a lockfile.
  log "installing npm dependencies (node_modules missing or out of date)"
  run npm install --no-audit --no-fund
  [[ "$DRY_RUN" == 1 ]] && return 0

  # tsx needs esbuild's native binary; npm 11 warns about unapproved install scripts, so check it.
  if ! tsx_works; then
    log "tsx/esbuild does not run; rebuilding esbuild"
    npm rebuild esbuild
    tsx_works || die "tsx still fails: try 'rm -rf node_modules && npm run setup'"
  fi
  deps_hash >"$STAMP"  # after install: npm install may have rewritten package-lock.json
  log "npm dependencies ready"
}

command -v node >/dev/null 2>&1 || die "node not found; install Node.js >= 20"
NODE_VERSION="$(node --version)"
major="${NODE_VERSION#v}"; major="${major%%.*}"
(( major >= 20 )) || die "Node.js >= 20 required, found $NODE_VERSION"

install_system_deps
install_node_deps
