#!/usr/bin/env bash
# Assembles the seed corpora of the fuzz targets in the build directory (never in git):
#   make_corpus.sh <shared iodef docs dir> <tests/data/hostile> <output dir>
# xml/ gets every XML document and the hostile set, json/ every JSON document, http/ a few
# requests to intake built around corpus documents, frame/ a few hand-made exchange frames.
set -euo pipefail
docs=$1 hostile=$2 out=$3
rm -rf "$out.tmp" && mkdir -p "$out.tmp"/{xml,json,http,frame}
if [[ -d $docs ]]; then
  find "$docs" -type f -name '*.xml' -exec cp -t "$out.tmp/xml" {} +
  find "$docs" -type f -name '*.json' -exec cp -t "$out.tmp/json" {} +
else
  echo "make_corpus: $docs not found; seeds are only tests/data/hostile" >&2
fi
find "$hostile" -type f ! -name '*.md' -exec cp -t "$out.tmp/xml" {} +
# intake: the first byte of an input selects the token (see intake_router_fuzz.cpp), the rest is
# an HTTP/1.1 request.
n=0
for f in "$out.tmp"/xml/* "$out.tmp"/json/*; do
  [[ $n -ge 12 ]] && break
  case $f in *.json) type=application/json ;; *) type=application/xml ;; esac
  size=$(stat -c %s "$f")
  { printf '\001POST /v1/incidents HTTP/1.1\r\nHost: intake\r\nContent-Type: %s\r\n' "$type"
    printf 'Content-Length: %s\r\n\r\n' "$size"; cat "$f"; } > "$out.tmp/http/post-$n"
  n=$((n + 1))
done
printf '\001GET /v1/incidents/00000000-0000-4000-8000-000000000001 HTTP/1.1\r\nAccept: application/json;q=0.9, text/*\r\n\r\n' > "$out.tmp/http/get"
printf '\003GET /v1/quarantine?limit=5&before=9 HTTP/1.1\r\n\r\n' > "$out.tmp/http/quarantine"
printf '\003GET /v1/quarantine/1/content HTTP/1.1\r\n\r\n' > "$out.tmp/http/quarantine-content"
printf '\000GET /readyz HTTP/1.1\r\n\r\n' > "$out.tmp/http/readyz"
printf '\000GET /metrics HTTP/1.1\r\nAuthorization: Bearer x\r\n\r\n' > "$out.tmp/http/metrics"
# frame: the first byte seeds the chunk sizes (frame_decoder_fuzz.cpp); then frames holding
# Envelope{request_id: 1, ping: {}} and Envelope{request_id: 1, hello: {protocol_version: 1}}.
printf '\003\000\000\000\004\010\001\102\000' > "$out.tmp/frame/ping"
printf '\001\000\000\000\006\010\001\022\002\010\001\000\000\000\004\010\001\102\000' \
  > "$out.tmp/frame/hello-ping"
rm -rf "$out" && mv "$out.tmp" "$out"
