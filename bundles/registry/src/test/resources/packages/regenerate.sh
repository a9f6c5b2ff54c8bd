#!/bin/sh
# Rewrites bad/*.wpkg, bad/expected-errors.properties and good/*.wpkg from BadPackageCorpus.
# Run from anywhere; needs the reactor's api and common jars installed (./mvnw install them).
set -eu
module="$(cd "$(dirname "$0")/../../../.." && pwd)"
root="$(cd "$module/../.." && pwd)"
cd "$root"
./mvnw -B -q -pl bundles/registry test-compile dependency:build-classpath \
  -Dmdep.outputFile="$module/target/test.classpath" -Dmdep.includeScope=test
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/test.classpath")"
java -cp "$cp" dev.warden.registry.internal.BadPackageCorpus "$module/src/test/resources/packages"
