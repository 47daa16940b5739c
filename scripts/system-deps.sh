#!/usr/bin/env bash
# Debian packages the tests need: chromium (Playwright drives it; never a downloaded
# browser), a CJK font (PDF rendering of Chinese text), gettext (the translation
# catalogue) and LibreOffice Writer without its GUI (the office-made PDF corpus: generated
# .docx converted headless, as units export theirs). Installed only when missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少系统软件包：${missing[*]}（请用 apt-get 安装）" >&2
  exit 0
fi
echo "installing ${missing[*]} ..." >&2
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
