#!/usr/bin/env bash
# `make test-generator`: the generator as another team gets it. Builds the wheel, installs it into a new
# virtual environment (its pins, and requirements.txt's for what they pull in), starts a campaign with
# `sitegen new` in LANGUAGES, builds it and runs `make check` in it, then runs the generator's tests
# (every test not marked `campaign`) on that campaign alone. Nothing of this repository's content is used.
set -euo pipefail
languages="${1:-zh,en,fr}"
repo="$(pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sitegen-generator-XXXXXX")"
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }

step "wheel"
.venv/bin/python -m build --wheel --outdir "$work/dist" . >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
wheel="$(ls "$work"/dist/sitegen-*.whl)"
echo "$wheel"

step "a fresh virtual environment"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "${wheel}[test]" -c requirements.txt
"$work/venv/bin/sitegen" --help >/dev/null
echo "sitegen installed in $work/venv"

step "sitegen new --languages $languages"
"$work/venv/bin/sitegen" new "$work/civic-course" --languages "$languages"
# The Node tools of this checkout (the same package.json and lock) instead of a second download.
ln -s "$repo/node_modules" "$work/civic-course/node_modules"

step "make build and make check in the new campaign"
make -C "$work/civic-course" --no-print-directory build check SITEGEN="$work/venv/bin/sitegen"

step "the generator's tests, on the new campaign alone"
cd "$work/civic-course"
"$work/venv/bin/python" -m pytest "$repo/tests" -m generator -p no:cacheprovider -q \
  -n "${TEST_JOBS:-$(( 2 * $(nproc) ))}" ${TEST_DIST:---dist worksteal} --rootdir "$work/civic-course" -c "$repo/pyproject.toml"
