#!/usr/bin/env bash
# The HTML report of a 500-page folder: its size, and how fast headless
# Chromium loads it and applies a filter. Figures are in BENCHMARKS.md.
#
#   cargo build --release && bash benches/html_report.sh [SOURCE_DIR...]
#
# The folder is made of copies of the corpus pages (or of the pages in the
# folders given), 500 in all. Needs chromium (Debian: apt-get install
# chromium) or CHROMIUM=/path/to/chrome.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${CARGO_TARGET_DIR:-target}/release/claimlint"
chromium="${CHROMIUM:-chromium}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sources=("$@")
[ ${#sources[@]} -eq 0 ] && sources=(corpus/medical corpus/cosmetic corpus/health-food)
mapfile -t pages < <(find "${sources[@]}" -maxdepth 1 -name '*.txt' | sort)
mkdir "$work/site"
for i in $(seq 0 499); do
  page="${pages[$((i % ${#pages[@]}))]}"
  cp "$page" "$work/site/$(printf %03d "$i")-$(basename "$page")"
done
echo "pages: 500 ($(cat "$work"/site/* | wc -c) bytes of copy)"

/usr/bin/time -f "claimlint: %e s, %M KB peak" \
  "$binary" --no-config --format html -o "$work/report.html" "$work/site" || true
echo "report: $(wc -c < "$work/report.html") bytes"

# Wall time of a headless load and dump, against an empty page's (the
# browser's own start-up).
echo '<!DOCTYPE html><title>x</title><p>x' > "$work/empty.html"
for page in empty report; do
  for run in 1 2 3; do
    /usr/bin/time -f "chromium --dump-dom $page.html: %e s" \
      "$chromium" --headless --no-sandbox --disable-gpu --dump-dom "file://$work/$page.html" \
      > /dev/null 2> "$work/log" || true
    grep -- '--dump-dom' "$work/log"
  done
done

# In the page: navigation timing, and the time to apply a filter (a class
# on <body>, then a forced layout). The probe needs a copy without the
# content security policy, which would block it.
probe='<script>addEventListener("load",function(){setTimeout(function(){
var n=performance.getEntriesByType("navigation")[0],t0=performance.now();
document.body.classList.toggle("hide-c-superlative");document.body.offsetHeight;
var t1=performance.now();document.body.setAttribute("data-probe",
"domContentLoaded="+Math.round(n.domContentLoadedEventEnd)+"ms load="+
Math.round(n.loadEventEnd)+"ms filter="+Math.round(t1-t0)+"ms")},0)})</script>'
sed -e 's/<meta http-equiv="Content-Security-Policy"[^>]*>//' \
  -e "s#</body>#$(echo "$probe" | tr -d '\n')</body>#" \
  "$work/report.html" > "$work/probe.html"
for run in 1 2 3; do
  "$chromium" --headless --no-sandbox --disable-gpu --window-size=1280,1000 \
    --dump-dom "file://$work/probe.html" 2> /dev/null | grep -o 'data-probe="[^"]*"' || true
done
