#!/usr/bin/env bash
# Checks apiaudit's Maven version order against Maven's own ComparableVersion on random pairs.
# Needs a JDK (javac, java) and Debian's libmaven3-core-java package (downloaded, not installed).
# Usage: tools/check-maven-order.sh [PAIRS]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-200000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download libmaven3-core-java >/dev/null && dpkg -x libmaven3-core-java_*.deb deb)
jar=$(find "$work/deb" -name 'maven-artifact-3.*[0-9].jar' | head -1)
echo "oracle: $jar"
cat > "$work/Oracle.java" <<'JAVA'
import org.apache.maven.artifact.versioning.ComparableVersion;
import java.io.*;
public class Oracle {
  public static void main(String[] a) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in));
    PrintWriter w = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
    String line;
    while ((line = r.readLine()) != null) {
      String[] p = line.split("\t", -1);
      w.println(Integer.signum(new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1]))));
    }
    w.flush();
  }
}
JAVA
javac -cp "$jar" -d "$work" "$work/Oracle.java"
python3 - "$pairs" > "$work/pairs.txt" <<'PY'
import random, sys
random.seed(20261128)
tokens = ["0", "1", "2", "3", "9", "10", "01", "00", "123", "alpha", "a", "b", "beta", "m", "milestone", "rc",
          "cr", "snapshot", "SNAPSHOT", "ga", "final", "release", "RELEASE", "sp", "abc", "x", "jre", "android",
          "Final", "pre", "M"]
def version():
    s = random.choice(["1", "2", "0", "10", "1.0", "2.0"]) if random.random() < 0.8 else random.choice(tokens)
    for _ in range(random.randint(0, 4)):
        s += random.choice([".", "-", ""]) + random.choice(tokens)
    return s
for _ in range(int(sys.argv[1])):
    print(f"{version()}\t{version()}")
PY
java -cp "$jar:$work" Oracle < "$work/pairs.txt" > "$work/verdicts.txt"
APIAUDIT_MAVEN_PAIRS="$work/pairs.txt" APIAUDIT_MAVEN_VERDICTS="$work/verdicts.txt" \
  cargo test --lib agrees_with_maven_artifact_on_random_pairs -- --ignored --nocapture
