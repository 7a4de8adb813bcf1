#!/usr/bin/env bash
# Builds what the chart's tests need, from the Go module proxy, into a cache that later runs reuse:
#
#   ${LETHE_TOOLS_DIR:-~/.cache/lethe-tools}/helm-<version>/helm
#   ${LETHE_TOOLS_DIR:-~/.cache/lethe-tools}/prometheus-operator-<version>/crds/*.yaml
#
# helm is built with `go install` (about two minutes the first time); the Prometheus Operator's
# CRDs (ServiceMonitor, PodMonitor, PrometheusRule) are copied from its module, so the tests can
# install them in their API server. promtool, which checks and unit-tests the alert rules, comes
# from Debian's prometheus package, installed when missing (as root; otherwise it says how). Versions come from the parent pom.xml (lethe.helm.version,
# lethe.prometheus-operator.version). Idempotent: when both are there it exits at once.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -n 1
}
say() { printf '[chart-tools %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[chart-tools] error: %s\n' "$*" >&2; exit 1; }

helm_version=$(pom_property lethe.helm.version)
operator_version=$(pom_property lethe.prometheus-operator.version)
[[ $helm_version =~ ^3\.[0-9]+\.[0-9]+$ ]] || die "pom.xml lethe.helm.version must look like 3.19.5, got '$helm_version'"
[[ $operator_version =~ ^0\.[0-9]+\.[0-9]+$ ]] || die "pom.xml lethe.prometheus-operator.version must look like 0.85.0, got '$operator_version'"
command -v go >/dev/null || die "Go is needed to build helm (https://go.dev/doc/install); 'go' is not on PATH"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false

tools="${LETHE_TOOLS_DIR:-$HOME/.cache/lethe-tools}"
helm_dir="$tools/helm-$helm_version"
if [[ "$("$helm_dir/helm" version --template '{{.Version}}' 2>/dev/null)" != "v${helm_version%.*}"* ]]; then
  say "building helm v$helm_version from the Go module proxy (about two minutes the first time)"
  mkdir -p "$helm_dir"
  GOBIN="$helm_dir" go install "helm.sh/helm/v3/cmd/helm@v$helm_version"
fi

crds="$tools/prometheus-operator-$operator_version/crds"
if [[ ! -s "$crds/monitoring.coreos.com_prometheusrules.yaml" ]]; then
  say "fetching the Prometheus Operator v$operator_version CRDs from the Go module proxy"
  module=$(go mod download -json "github.com/prometheus-operator/prometheus-operator@v$operator_version" \
    | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
  [[ -d $module ]] || die "could not download github.com/prometheus-operator/prometheus-operator@v$operator_version"
  mkdir -p "$crds"
  for kind in servicemonitors podmonitors prometheusrules; do
    cp "$module/example/prometheus-operator-crd/monitoring.coreos.com_$kind.yaml" "$crds/"
  done
  chmod u+w "$crds"/*.yaml
fi
if ! command -v promtool >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing promtool (Debian's prometheus package)"
    apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus >/dev/null; }
  else
    die "promtool is needed to check the alert rules: install Debian's prometheus package (apt-get install prometheus) or put promtool on PATH"
  fi
fi
say "helm v$helm_version, the Prometheus Operator v$operator_version CRDs and $(promtool --version 2>&1 | head -n 1) are ready"
