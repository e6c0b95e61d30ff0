#!/usr/bin/env bash
# Debian packages the browser tests and PDFs need: chromium, CJK fonts, pdftotext.
# Installed with --no-install-recommends when running as root; otherwise say what is missing.
set -euo pipefail
packages=(chromium fonts-noto-cjk poppler-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  # Outside CI the browser tests skip with this reason; under CI=true they fail.
  [ "${CI:-}" != "true" ] || exit 1
fi
