#!/usr/bin/env bash
# The baseline of `bench/run-cli.sh`: the same work as `pixtools process DIR --to FORMAT -r` done by hand, one
# file at a time with curl: submit, poll every 0.1 s until the job ends, download the result.
# Usage: bench/curl-loop.sh SERVER_URL IN_DIR OUT_DIR [FORMAT]   (prints one line per failure; exit 1 if any)
set -uo pipefail
url=${1%/}; in=$2; out=$3; format=${4:-webp}
failed=0
while IFS= read -r -d '' file; do
  rel=${file#"$in"/}
  body=$(curl -sS -F "file=@$file" -F "operations=[\"$format\"]" "$url/api/process")
  id=$(sed -nE 's/.*"job_id":"([^"]+)".*/\1/p' <<<"$body")
  if [[ -z $id ]]; then echo "refused $rel: $body"; failed=1; continue; fi
  while :; do
    job=$(curl -sS "$url/api/jobs/$id")
    status=$(sed -nE 's/.*"status":"([A-Z_]+)".*/\1/p' <<<"$job" | head -1)
    [[ $status == PENDING || $status == PROCESSING ]] || break
    sleep 0.1
  done
  # Result URLs come JSON-escaped (& as \u0026).
  result=$(sed -nE "s/.*\"result_urls\":\\{[^}]*\"$format\":\"([^\"]+)\".*/\\1/p" <<<"$job" | sed 's/\\u0026/\&/g')
  if [[ -z $result ]]; then echo "failed $rel: $status"; failed=1; continue; fi
  mkdir -p "$out/$(dirname "$rel")"
  curl -sS -o "$out/${rel%.*}.$format" "$result" || { echo "download failed $rel"; failed=1; }
done < <(find "$in" -type f \( -name '*.jpg' -o -name '*.png' \) -print0 | sort -z)
exit $failed
