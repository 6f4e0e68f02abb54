# Shared by the bench/run-* scripts: a JDK >= 21 (as ./entente finds it) and the bench classpath.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="$("$root/entente" jdk)"
export JAVA_HOME

bench_build() {
  (cd "$root" && ./mvnw -B -q -DskipTests -pl bench -am install) >&2
}

bench_classpath() {
  local cp_file="$root/bench/target/classpath.txt"
  (cd "$root" && ./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$cp_file") >&2
  echo "$root/bench/target/classes:$(cat "$cp_file")"
}
