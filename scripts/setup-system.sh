#!/usr/bin/env bash
# Installs the system packages the integration tests use, when missing: ZooKeeper (HA tests),
# Chromium (Web UI tests) and iproute2 (the network-namespace test), from Debian's apt. Idempotent
# and quiet. Outside CI it never fails the test run: if apt is unavailable or fails, it warns, and
# the tests that need the package skip with a message. On CI (CI set, as .ci/run has it) those tests
# must run, so it fails instead. Set SLUICE_SKIP_SYSTEM_SETUP=1 to skip it altogether.
set -uo pipefail

if [ "${SLUICE_SKIP_SYSTEM_SETUP:-}" = "1" ]; then
  exit 0
fi

missing=()
[ -f /usr/share/java/zookeeper.jar ] || missing+=(zookeeper)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

# Outside CI a missing package is a warning; on CI it is an error (the same test as tests/helpers/prerequisites.ts).
case "${CI:-}" in
  '' | false | 0) on_ci=false ;;
  *) on_ci=true ;;
esac

give_up() {
  if [ "$on_ci" = true ]; then
    echo "setup-system: ERROR: $1; on CI (CI=$CI) the tests that need ${missing[*]} must run." >&2
    exit 1
  fi
  echo "setup-system: WARNING: $1; tests that need ${missing[*]} will be skipped." >&2
  exit 0
}

if ! command -v apt-get >/dev/null 2>&1; then
  give_up "apt-get is not available to install ${missing[*]}"
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    give_up "not root and no sudo to install ${missing[*]}"
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
  give_up "apt-get could not install ${missing[*]}"
fi
exit 0
