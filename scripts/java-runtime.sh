#!/usr/bin/env bash
# A Java runtime of exactly the modules genmodels needs (jdeps, then jlink), for a machine with no
# Java (e.g. a GPU node): copy the folder beside the jar and run OUT_DIR/bin/java -jar genmodels.jar.
#
#   scripts/java-runtime.sh JAR OUT_DIR
#
# Needs a JDK 17 (jdeps, jlink) on PATH. OUT_DIR is replaced; OUT_DIR.tar.gz is written beside it to
# travel (50 MB unpacked, 31 MB packed, measured with the CPU jar): tar -xzf OUT_DIR.tar.gz there.
set -euo pipefail
die() { echo "java-runtime: $*" >&2; exit 2; }
[[ $# -eq 2 ]] || die "usage: scripts/java-runtime.sh JAR OUT_DIR"
[[ -f "$1" ]] || die "no jar '$1': build it first (mvn -q package -DskipTests, or -Pcuda)"
for tool in jdeps jlink; do command -v "$tool" >/dev/null || die "'$tool' not found: put a JDK 17 on PATH"; done
modules=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$1")
# jdeps sees no reflective or service use: the JDK's zip file system (DJL's model zoo), crypto
# (https downloads) and the DNS resolver are loaded that way
modules="$modules,jdk.zipfs,jdk.crypto.ec,jdk.naming.dns"
rm -rf "$2"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$2"
tar -czf "$2.tar.gz" -C "$(dirname "$2")" "$(basename "$2")"
echo "modules: $modules"
echo "runtime: $2 ($(du -sh "$2" | cut -f1)), packed $2.tar.gz ($(du -sh "$2.tar.gz" | cut -f1)); run: $2/bin/java -jar $1 --version"
