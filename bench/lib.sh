# Shared by the bench/run-* scripts: a JDK >= 21 (as ./entente finds it) and the bench classpath.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="$("$root/entente" jdk)"
export JAVA_HOME

# One reactor build (package, never install: ~/.m2 may be shared with other checkouts), which also
# writes the bench's classpath with the reactor's own modules (their target/ jars), not ~/.m2 copies.
bench_build() {
  local cp_file="$root/bench/target/classpath.txt"
  (cd "$root" && ./mvnw -B -q ${MVN_OFFLINE:+-o} -DskipTests -pl bench -am package dependency:build-classpath \
    -Dmdep.outputFile="$cp_file") >&2
}

bench_classpath() {
  echo "$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
}
