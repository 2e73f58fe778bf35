#!/usr/bin/env bash
# Checks that the release build produces everything Maven Central needs, without a signing
# key (signing is skipped then, see docs/RELEASING.md):
#   - each published jar module (dane-core, dane-smtp, dane-testkit) builds its jar, -sources
#     and -javadoc jars in target/, and deploys them with its pom;
#   - the parent and dane4j-bom deploy their pom alone;
#   - every published pom carries name, description, url, licenses, developers and scm, with
#     the project's own url and scm (not one with the artifactId appended);
#   - modules that are not published (tests, the CLI, examples, benchmarks, interop) deploy nothing;
#   - dane4j-bom manages every published jar artifact.
# "Deploy" goes to a throwaway file repository under target/, never to a remote one.
set -euo pipefail
cd "$(dirname "$0")/.."

PUBLISHED_JARS="dane-core dane-smtp dane-testkit"
PUBLISHED_POMS="dane4j-parent dane4j-bom"
UNPUBLISHED="dane-tests dane-cli examples benchmarks interop-tests"
URL="https://github.com/dane4j/dane4j"

staging="$PWD/target/release-check"
effective="$PWD/target/release-check-effective-pom.xml"
rm -rf "$staging" "$effective"

echo "== release: mvn -B -Prelease,interop -DskipTests deploy (into $staging) + help:effective-pom"
mvn -B -q -Prelease,interop -DskipTests \
  -DaltDeploymentRepository="release-check::file://$staging" \
  deploy help:effective-pom -Doutput="$effective" </dev/null

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# One line per project of the effective POM:
# artifactId packaging version deploySkip | name | description | url | license | developer
#   | scm connection | scm developerConnection | scm url | managed org.dane4j artifacts
summary=$(awk '
  function text(line) { sub(/^[^>]*>/, "", line); sub(/<.*$/, "", line); return line }
  /^  <project / { aid = ""; pkg = "jar"; ver = ""; name = ""; desc = ""; url = ""; lic = "";
                   dev = ""; con = ""; dcon = ""; surl = ""; skip = "false"; managed = ""; sec = "" }
  /^    <artifactId>/ { aid = text($0) }
  /^    <version>/ { ver = text($0) }
  /^    <packaging>/ { pkg = text($0) }
  /^    <name>/ { name = text($0) }
  /^    <description>/ { desc = text($0) }
  /^    <url>/ { url = text($0) }
  /^    <(licenses|developers|scm|properties|dependencyManagement)[ >]/ {
    sec = $1; sub(/^</, "", sec); sub(/>$/, "", sec) }
  /^    <\// { sec = "" }
  sec == "licenses" && /^        <name>/ { lic = text($0) }
  sec == "developers" && /^        <name>/ { dev = text($0) }
  sec == "scm" && /^      <connection>/ { con = text($0) }
  sec == "scm" && /^      <developerConnection>/ { dcon = text($0) }
  sec == "scm" && /^      <url>/ { surl = text($0) }
  sec == "properties" && /^      <maven.deploy.skip>/ { skip = text($0) }
  sec == "dependencyManagement" && /<groupId>org.dane4j<\/groupId>/ { dane = 1; next }
  sec == "dependencyManagement" && dane && /<artifactId>/ { managed = managed " " text($0) }
  { dane = 0 }
  /^  <\/project>/ { printf "%s %s %s %s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n", aid, pkg, ver, skip,
                     name, desc, url, lic, dev, con, dcon, surl, managed }
' "$effective")

version=$(awk '$1 == "dane4j-parent" { print $3 }' <<<"$summary")
base=${version%-SNAPSHOT}
group_dir="$staging/org/dane4j"
[ -n "$version" ] || fail "no dane4j-parent in the effective POM"

# deployed FILE exists: artifact, classifier ("" for none), extension.
deployed() {
  local artifact=$1 classifier=${2:+-$2} extension=$3
  local regex="$artifact-$base(-SNAPSHOT|-[0-9]{8}\.[0-9]{6}-[0-9]+)?$classifier\.$extension"
  find "$group_dir/$artifact/$version" -maxdepth 1 -type f -regextype posix-extended \
    -regex ".*/$regex" 2>/dev/null | grep -q .
}

check_metadata() {
  local artifact=$1 line
  line=$(grep "^$artifact " <<<"$summary") || { fail "$artifact: not in the reactor"; return; }
  IFS='|' read -r _ name desc url lic dev con dcon surl _ <<<"$line"
  [ -n "$name" ] || fail "$artifact: no <name>"
  [ -n "$desc" ] || fail "$artifact: no <description>"
  [ "$url" = "$URL" ] || fail "$artifact: <url> is '$url', expected $URL"
  [ -n "$lic" ] || fail "$artifact: no <licenses>"
  [ -n "$dev" ] || fail "$artifact: no <developers>"
  [ "$con" = "scm:git:$URL.git" ] || fail "$artifact: <scm><connection> is '$con'"
  [ -n "$dcon" ] && [ "${dcon%/$artifact}" = "$dcon" ] \
    || fail "$artifact: <scm><developerConnection> is '$dcon'"
  [ "$surl" = "$URL" ] || fail "$artifact: <scm><url> is '$surl', expected $URL"
}

# The lists above must name every module of the reactor, so a new module is a decision.
reactor=$(awk '{ print $1 }' <<<"$summary" | sort | tr '\n' ' ')
listed=$(tr ' ' '\n' <<<"$PUBLISHED_JARS $PUBLISHED_POMS $UNPUBLISHED" | sort | tr '\n' ' ')
[ "$reactor" = "$listed" ] \
  || fail "modules of the reactor ($reactor) differ from the lists in $0 ($listed)"

for artifact in $PUBLISHED_JARS; do
  module_target="$artifact/target"
  for classifier in "" -sources -javadoc; do
    file="$module_target/$artifact-$version$classifier.jar"
    [ -s "$file" ] || fail "$artifact: $file missing"
  done
  if [ -s "$module_target/$artifact-$version-javadoc.jar" ]; then
    jar tf "$module_target/$artifact-$version-javadoc.jar" | grep -q 'index.html$' \
      || fail "$artifact: the javadoc jar has no index.html"
  fi
  if [ -s "$module_target/$artifact-$version-sources.jar" ]; then
    jar tf "$module_target/$artifact-$version-sources.jar" | grep -q '\.java$' \
      || fail "$artifact: the sources jar has no .java file"
  fi
  for spec in ":pom" ":jar" "sources:jar" "javadoc:jar"; do
    deployed "$artifact" "${spec%%:*}" "${spec#*:}" || fail "$artifact: $spec not deployed"
  done
  grep -q " $artifact " <<<"$(awk -F'|' '$1 ~ /^dane4j-bom / { print $10 " " }' <<<"$summary")" \
    || fail "dane4j-bom does not manage $artifact"
  check_metadata "$artifact"
done

for artifact in $PUBLISHED_POMS; do
  deployed "$artifact" "" pom || fail "$artifact: pom not deployed"
  check_metadata "$artifact"
done
grep -q "^dane4j-bom pom $version " <<<"$summary" \
  || fail "dane4j-bom: packaging or version differs from the parent's $version"

for artifact in $UNPUBLISHED; do
  [ ! -e "$group_dir/$artifact" ] || fail "$artifact: deployed, but it is never published"
  for file in "$artifact"/target/*-sources.jar "$artifact"/target/*-javadoc.jar; do
    [ ! -e "$file" ] || fail "$artifact: $file built, but the module is never published"
  done
done

checked=$(($(wc -w <<<"$PUBLISHED_JARS $PUBLISHED_POMS $UNPUBLISHED")))
if [ "$failures" -ne 0 ]; then
  echo "release check: $failures problem(s)"
  exit 1
fi
echo "release check: $checked modules checked, deployed artifacts:"
(cd "$staging" && find . -type f \( -name '*.jar' -o -name '*.pom' \) | sort | sed 's/^\.\//  /')
