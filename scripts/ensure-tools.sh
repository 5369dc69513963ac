#!/usr/bin/env bash
# Installs the offline validators and the browser the tests use, from Debian's packages, when
# they are missing. Idempotent; prints where each tool is.
#   chromium        headless browser for the dashboard's end-to-end test (playwright-core drives it)
#   promtool        from the `prometheus` package, extracted without installing the service
#                   (into .tools/prometheus), for `check config|rules|metrics` and `test rules`
#   amtool          from `prometheus-alertmanager`, extracted the same way (.tools/alertmanager), for
#                   `check-config` on deploy/alertmanager
#   docker-compose  1.29, which validates docker-compose.yml with `config -q` without an engine
set -uo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
updated=0
apt_install() {
  if [ $updated = 0 ]; then as_root apt-get update -qq || return 1; updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

command -v chromium >/dev/null || apt_install chromium || { echo "could not install chromium"; exit 1; }
command -v docker-compose >/dev/null || apt_install docker-compose || { echo "could not install docker-compose"; exit 1; }

PROMTOOL=.tools/prometheus/usr/bin/promtool
if [ ! -x "$PROMTOOL" ]; then
  if [ $updated = 0 ]; then as_root apt-get update -qq || exit 1; updated=1; fi
  work=$(mktemp -d)
  (cd "$work" && apt-get download prometheus >/dev/null) || { echo "could not download prometheus"; exit 1; }
  mkdir -p .tools/prometheus
  dpkg -x "$work"/prometheus_*.deb .tools/prometheus || exit 1
  rm -rf "$work"
fi
AMTOOL=.tools/alertmanager/usr/bin/amtool
if [ ! -x "$AMTOOL" ]; then
  if [ $updated = 0 ]; then as_root apt-get update -qq || exit 1; updated=1; fi
  work=$(mktemp -d)
  (cd "$work" && apt-get download prometheus-alertmanager >/dev/null) || { echo "could not download prometheus-alertmanager"; exit 1; }
  mkdir -p .tools/alertmanager
  dpkg -x "$work"/prometheus-alertmanager_*.deb .tools/alertmanager || exit 1
  rm -rf "$work"
fi
echo "tools: chromium $(command -v chromium), docker-compose $(command -v docker-compose), promtool $PROMTOOL, amtool $AMTOOL"
