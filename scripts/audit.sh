#!/bin/sh
# Builds the example site and the test fixture sites, then checks each in a real browser with
# site-audit: links, HTML validity (Nu checker), accessibility (axe-core in headless Chromium),
# console errors, and screenshots.
#
# site-audit is not part of this repository. It is looked up in $SITE_AUDIT (the path of the
# `site-audit` executable), else in ../shared/tools/site-audit/ next to the repository.
#
# Usage: scripts/audit.sh [extra site-audit options]    (reports in target/audit/<site>/)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tool=${SITE_AUDIT:-$root/../shared/tools/site-audit/site-audit}
if [ ! -x "$tool" ]; then
    echo "audit.sh: site-audit not found at $tool" >&2
    echo "audit.sh: set SITE_AUDIT to the path of the site-audit executable" >&2
    exit 2
fi
cd "$root"
cargo build --quiet
bin="$root/target/debug/dossier"
out="$root/target/audit"
mkdir -p "$out"
status=0
audit() { # name, site root, extra site-audit options
    name=$1
    site=$2
    shift 2
    echo "== $name"
    "$bin" build --root "$site" --output "$out/$name/site"
    # The feed and sitemap checks (xml) are skipped until the site has them.
    "$tool" "$out/$name/site" --skip xml --out "$out/$name/report" "$@" || status=1
}
audit example "$root" "$@"
audit century "$root/tests/fixtures/century" "$@"
[ "$status" -eq 0 ] && echo "audit.sh: every site passed" || echo "audit.sh: problems found (see target/audit/*/report/summary.txt)"
exit "$status"
