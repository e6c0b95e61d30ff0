#!/usr/bin/env bash
# Debian packages the tests, PDFs and checks need: chromium, CJK fonts, pdftotext, Java (the Nu Html
# Checker), nginx and openssl (tests/test_nginx.py runs scripts/nginx.conf with a throw-away certificate).
# Installed with --no-install-recommends when running as root; otherwise say what is missing.
#
# When another process holds the package manager's locks (an unattended upgrade, another
# install), wait for it, naming it, up to SYSTEM_DEPS_LOCK_TIMEOUT seconds (default 300),
# then fail with that name. `apt-get -o DPkg::Lock::Timeout` waits for dpkg's locks only:
# `apt-get update` fails at once on its lists lock, so the wait is done here, for every lock.
#
# For tests: SYSTEM_DEPS_ROOT reads the dpkg database and the locks under another root;
# SYSTEM_DEPS_SIMULATE=1 runs apt-get with --simulate (prints what it would install, installs
# nothing, needs no root) and skips `apt-get update`.
#
# With arguments, only those packages: `make build` and `make serve` need the CJK fonts alone
# (the share cards are drawn with them, sitegen.share).
set -euo pipefail
packages=(chromium fonts-noto-cjk poppler-utils default-jre-headless nginx-light openssl)
[ $# -eq 0 ] || packages=("$@")
root="${SYSTEM_DEPS_ROOT:-}"
timeout="${SYSTEM_DEPS_LOCK_TIMEOUT:-300}"
simulate="${SYSTEM_DEPS_SIMULATE:-}"
locks=("$root/var/lib/dpkg/lock-frontend" "$root/var/lib/dpkg/lock" "$root/var/lib/apt/lists/lock"
       "$root/var/cache/apt/archives/lock")

missing=()
for p in "${packages[@]}"; do
  dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] && [ -z "$simulate" ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  # Outside CI the tests that need them skip with this reason; under CI=true they fail.
  [ "${CI:-}" != "true" ] || exit 1
  exit 0
fi

# "PID (command)" of the process holding a POSIX lock on file $1 (apt and dpkg use fcntl locks),
# read from /proc/locks, where the file is named by device and inode.
holder() {
  [ -e "$1" ] || return 0
  local inode pid
  inode=$(stat -L -c %i "$1")
  pid=$(awk -v inode="$inode" '{ for (i = 2; i <= NF; i++) if ($i ~ ":" inode "$" && $(i - 1) ~ /^[0-9]+$/) { print $(i - 1); exit } }' /proc/locks)
  [ -n "$pid" ] || return 0
  echo "$pid ($(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | sed 's/ $//' || echo unknown))"
}

# Wait until no lock is held; fail after $timeout seconds, naming the holder.
started=$SECONDS
wait_for_locks() {
  local lock who announced=""
  while :; do
    who=""
    for lock in "${locks[@]}"; do
      who=$(holder "$lock")
      [ -z "$who" ] || break
    done
    [ -n "$who" ] || return 0
    if [ $((SECONDS - started)) -gt "$timeout" ]; then  # whole seconds: -gt waits at least $timeout
      echo "system_deps: gave up after ${timeout} s waiting for $lock, held by process $who;" \
           "let it finish or stop it, or set SYSTEM_DEPS_LOCK_TIMEOUT" >&2
      exit 1
    fi
    if [ "$announced" != "$lock $who" ]; then
      echo "system_deps: waiting for $lock, held by process $who (up to ${timeout} s, SYSTEM_DEPS_LOCK_TIMEOUT)" >&2
      announced="$lock $who"
    fi
    sleep 1
  done
}
left() { local n=$((timeout - (SECONDS - started))); echo $((n > 0 ? n : 0)); }

# Installing a package that ships a service (nginx) starts it, unless policy-rc.d says no: in a
# container without a running init, that daemon would take port 80, or fail to start and fail dpkg.
# A policy that denies every start is put in place for the install when none exists, and removed after.
policy="$root/usr/sbin/policy-rc.d"
added_policy=""
cleanup() { [ -z "$added_policy" ] || rm -f "$policy"; }
trap cleanup EXIT

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -o "DPkg::Lock::Timeout=$(left)")
if [ -n "$simulate" ]; then
  wait_for_locks
  "${apt[@]}" install --simulate --no-install-recommends "${missing[@]}"
  exit 0
fi
wait_for_locks
apt-get update -qq
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# Written by sitegen/system_deps.sh for one install: no service starts.\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  added_policy=1
fi
wait_for_locks  # another install may have started in between; apt waits for what is left of the timeout
apt=(apt-get -o "DPkg::Lock::Timeout=$(left)")
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
