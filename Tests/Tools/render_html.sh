#!/bin/sh
# Render an HTML page to a PNG screenshot with headless Chromium, the way a person's browser shows it.
#
# Usage: render_html.sh IN.html OUT.png
#
# Used by HTMLPageTests (OrderFlowFormatsTests) on an invoice page and a batch report; run it by hand
# to look at a page: Tests/Tools/render_html.sh var/outbox/R-ACME/<batch>/report.html /tmp/report.png
#
# The page is opened from a file:// URL in a 1000 × 1400 window with a throw-away profile, so
# nothing from a user's browser is read or kept. The pages use no network and no script; Chromium
# runs without its sandbox (--no-sandbox), which containers and CI runners as root need.
#
# RENDER_HTML_WINDOW=1000,4000 renders a taller window (the whole of a long report).
#
# Exit status: 0 when OUT.png was written and is not empty; 2 for a usage error; 3 when chromium is
# not installed (Debian: apt-get install chromium); otherwise chromium's own status or 1.
set -eu

if [ "$#" -ne 2 ]; then
    echo "usage: $0 IN.html OUT.png" >&2
    exit 2
fi
if [ ! -f "$1" ]; then
    echo "$0: $1: no such file" >&2
    exit 2
fi
browser=${CHROMIUM:-chromium}
if ! command -v "$browser" >/dev/null 2>&1; then
    echo "$0: '$browser' is not installed; on Debian or Ubuntu: apt-get install chromium (or set CHROMIUM)" >&2
    exit 3
fi

input=$(realpath "$1")
output=$(realpath -m "$2")
rm -f "$output"
profile=$(mktemp -d "${TMPDIR:-/tmp}/render_html.XXXXXX")
trap 'rm -rf "$profile"' EXIT INT TERM

# file:// URL: percent-encode the characters a path may hold that a URL may not.
url="file://$(printf '%s' "$input" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g' -e 's/?/%3F/g')"

timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --no-default-browser-check --disable-extensions --hide-scrollbars --mute-audio \
    --user-data-dir="$profile" --window-size="${RENDER_HTML_WINDOW:-1000,1400}" --screenshot="$output" "$url" \
    >"$profile/chromium.log" 2>&1 || {
    status=$?
    cat "$profile/chromium.log" >&2
    exit "$status"
}

if [ ! -s "$output" ]; then
    cat "$profile/chromium.log" >&2
    echo "$0: chromium wrote no screenshot to $output" >&2
    exit 1
fi
