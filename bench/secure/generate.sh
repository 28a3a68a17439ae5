#!/usr/bin/env bash
# Writes N workflow files (default 1000) into DIR/.github/workflows and a warm ref cache into
# DIR/refs-cache, so that `runwall secure` runs without any network. Deterministic: same N, same files.
set -euo pipefail
DIR="${1:?usage: generate.sh DIR [N]}"
N="${2:-1000}"
WF="$DIR/.github/workflows"
CACHE="$DIR/refs-cache/github.com"
mkdir -p "$WF" "$CACHE"

sha() { printf '%s' "$1" | sha1sum | cut -c1-40; }
now_ms=$(( $(date +%s) * 1000 ))

# owner/repo  tags (most specific last)
repos=(
  "actions/checkout v4 v4.2 v4.2.2"
  "actions/setup-node v4 v4.1.0"
  "actions/setup-python v5 v5.6.0"
  "actions/setup-java v4 v4.7.1"
  "actions/setup-go v5 v5.5.0"
  "actions/cache v4 v4.2.3"
  "actions/upload-artifact v4 v4.6.2"
  "actions/download-artifact v4 v4.3.0"
  "actions/github-script v7 v7.0.1"
  "docker/login-action v3 v3.4.0"
  "docker/setup-buildx-action v3 v3.11.1"
  "docker/build-push-action v6 v6.18.0"
  "softprops/action-gh-release v2 v2.3.2"
  "peter-evans/create-pull-request v7 v7.0.8"
  "github/codeql-action v3 v3.29.2"
  "runwall/runwall v1 v1.0.0"
)
for entry in "${repos[@]}"; do
  read -r repo tags <<<"$entry"
  commit=$(sha "$repo")
  mkdir -p "$CACHE/${repo%/*}"
  {
    printf '{"fetched": %s, "tags": {' "$now_ms"
    first=1
    for t in $tags; do
      [ $first = 1 ] || printf ', '
      printf '"%s": "%s"' "$t" "$commit"
      first=0
    done
    printf '}, "branches": {"main": "%s"}}\n' "$(sha "$repo@main")"
  } > "$CACHE/$repo.json"
done

for i in $(seq 1 "$N"); do
  f="$WF/wf-$(printf '%04d' "$i").yml"
  case $(( i % 4 )) in
  0) cat > "$f" <<EOF
# Workflow $i: build and test
name: CI $i
on:
  push:
    branches: [main]
  pull_request:

jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [18, 20, 22]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4 # node
        with:
          node-version: \${{ matrix.node }}
          cache: npm
      - run: npm ci
      - run: npm test -- --shard=$i
      - uses: actions/upload-artifact@v4
        with:
          name: coverage-$i-\${{ matrix.node }}
          path: coverage/
EOF
  ;;
  1) cat > "$f" <<EOF
name: Release $i
on:
  push:
    tags: ['v*']
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with: {go-version: stable}
      - run: go build -o dist/app-$i ./...
      - uses: softprops/action-gh-release@v2
        with:
          files: dist/*
  notify:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: gh issue comment 1 --body "released $i"
        env:
          GH_TOKEN: \${{ github.token }}
EOF
  ;;
  2) cat > "$f" <<EOF
name: Image $i
on: [push]
env:
  REGISTRY: ghcr.io
jobs:
  image:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      packages: write
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: \${{ github.actor }}
          password: \${{ secrets.GITHUB_TOKEN }}
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/example/app-$i:latest
  scan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: github/codeql-action/init@v3
        with: {languages: go}
      - uses: github/codeql-action/analyze@v3
EOF
  ;;
  3) cat > "$f" <<EOF
name: Maintenance $i
on:
  schedule:
    - cron: '$(( i % 60 )) 3 * * *'
jobs:
  update:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: '3.12'
      - run: |
          pip install -r requirements.txt
          python scripts/update.py --run $i
      - uses: peter-evans/create-pull-request@v7
        with:
          title: Update data ($i)
      - uses: actions/github-script@v7
        with:
          script: |
            await github.rest.issues.addLabels({owner: context.repo.owner, repo: context.repo.repo, issue_number: $i, labels: ['data']})
EOF
  ;;
  esac
done
echo "generated $N workflows in $WF and a warm ref cache in $DIR/refs-cache"
