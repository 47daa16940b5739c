#!/usr/bin/env bash
# Re-render docs/screenshots/monitoring-xlsx*.png: the sample plan's 运行监控表 (jixiao
# monitor --format xlsx) converted by LibreOffice and rasterised by pdftoppm. The
# Debian packages are installed only when missing; the tests do not need them.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
m=samples/monitoring
uv run jixiao monitor samples/julu-2024-zhengfawei.txt --ledger $m/julu-2024-ledger.csv \
  --as-of 2024-08-31 --progress $m/julu-2024-progress.csv --feed $m/feed-network-days.yaml \
  --feed $m/feed-network-uptime.yaml --feed $m/feed-jianyiyongwei.yaml \
  --format xlsx -o "$tmp/monitor.xlsx"
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/monitor.xlsx" >/dev/null
# page 1: the summary sheet; page 4: 维稳专项经费 (a red lamp with reasons and measures)
pdftoppm -r 110 -f 1 -l 1 -x 0 -y 40 -W 1286 -H 420 -png -singlefile "$tmp/monitor.pdf" docs/screenshots/monitoring-xlsx-summary
pdftoppm -r 110 -f 4 -l 4 -x 0 -y 40 -W 1286 -H 545 -png -singlefile "$tmp/monitor.pdf" docs/screenshots/monitoring-xlsx
