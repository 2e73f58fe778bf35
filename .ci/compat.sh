#!/usr/bin/env bash
# Proves that dane-testkit works for users on JUnit 5 and on JUnit 6: deploys the published
# modules (parent, dane4j-bom, dane-core, dane-smtp, dane-testkit) into a throwaway file
# repository under target/, then runs the tests of two small user projects against it:
#   compat/junit5-consumer  JUnit 5.11, imports dane4j-bom
#   compat/junit6-consumer  JUnit 6, names the dane-testkit version
# Nothing is installed into the local repository; the consumers only cache dane4j artifacts
# there as coming from their "dane4j-compat" repository, which builds that do not declare it
# do not use.
set -euo pipefail
cd "$(dirname "$0")/.."

repo="$PWD/target/compat-repo"
rm -rf "$repo"

echo "== compat: deploy the published modules into $repo"
mvn -B -q -DskipTests -pl dane-core,dane-smtp,dane-testkit,dane4j-bom -am \
  -DaltDeploymentRepository="dane4j-compat::file://$repo" deploy </dev/null

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
failed=""
for consumer in junit5-consumer junit6-consumer; do
  echo "== compat: $consumer (mvn test against dane4j $version)"
  if ! mvn -B -f "compat/$consumer/pom.xml" -Ddane4j.version="$version" \
      -Ddane4j.compat.repo="file://$repo" clean test </dev/null; then
    failed="$failed $consumer"
  fi
done

if [ -n "$failed" ]; then
  echo "compat: FAILED:$failed"
  exit 1
fi
echo "compat: dane-testkit works on JUnit 5 and JUnit 6"
