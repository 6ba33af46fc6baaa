#!/usr/bin/env bash
# Installs the host tools the test suite uses when they are missing (Debian as root): kcat (a third-party Kafka
# client), chromium (renders the HTML report headless), debootstrap and maven (node image, Kafka jars).
# The Docker engine itself is started by the tests' global setup through faultline's own engine bootstrap.
set -euo pipefail
need=()
command -v kcat >/dev/null 2>&1 || need+=(kcat)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ "${#need[@]}" -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || [ ! -f /etc/debian_version ]; then
  echo "faultline tests need: ${need[*]} (install them, e.g. apt-get install ${need[*]})" >&2
  exit 1
fi
echo "installing test dependencies: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
