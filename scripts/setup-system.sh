#!/usr/bin/env bash
# Installs the system packages the integration tests use, when missing: ZooKeeper (HA tests) and
# Chromium (Web UI tests), from Debian's apt. Idempotent and quiet. Never fails the test run: if
# apt is unavailable or fails, it warns, and the tests that need the package skip with a message.
# Set SLUICE_SKIP_SYSTEM_SETUP=1 to skip it altogether.
set -uo pipefail

if [ "${SLUICE_SKIP_SYSTEM_SETUP:-}" = "1" ]; then
  exit 0
fi

missing=()
[ -f /usr/share/java/zookeeper.jar ] || missing+=(zookeeper)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

warn() {
  echo "setup-system: WARNING: $1; tests that need ${missing[*]} will be skipped." >&2
}

if ! command -v apt-get >/dev/null 2>&1; then
  warn "apt-get is not available to install ${missing[*]}"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    warn "not root and no sudo to install ${missing[*]}"
    exit 0
  fi
  sudo=(sudo -n)
fi

echo "setup-system: installing ${missing[*]} with apt-get..." >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if "${sudo[@]}" apt-get update -qq >"$log" 2>&1 \
  && "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >>"$log" 2>&1; then
  echo "setup-system: installed ${missing[*]}" >&2
else
  tail -n 20 "$log" >&2
  warn "apt-get could not install ${missing[*]}"
fi
exit 0
