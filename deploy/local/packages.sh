#!/usr/bin/env bash
# Install Debian packages the tests drive (Chromium, nginx) if they are missing, without
# starting any server they ship.
#
#   packages.sh chromium nginx
source "$(dirname "$0")/common.sh"
[ $# -gt 0 ] || die "usage: $0 PACKAGE..."
apt_install "$@"
