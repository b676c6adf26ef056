#!/bin/bash
# needs: netns
# timeout: 120
# lintian finds no error and no warning in the Debian package ('make deb'); what it would say and
# why it does not is in packaging/debian/lintian-overrides.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkg.sh"

need_deb
command -v lintian > /dev/null || fail "lintian is not installed (apt-get install lintian; .ci/run does)"
capture host lintian --fail-on error,warning "$DEB"
expect_exit 0
expect_not_contains "lintian's output" "$OUT" "E: "
expect_not_contains "lintian's output" "$OUT" "W: "
