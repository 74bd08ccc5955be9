# Finds a JDK >= 25: $JAVA_HOME when it qualifies, else the newest qualifying one under /usr/lib/jvm.
# Sourced by bin/specter, bin/test and .ci/run.

jdk_major() {
  local release="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  [ -n "$v" ] && echo "$v"
}

find_jdk() {
  local want=25 best="" best_v=0 v d
  if [ -n "${JAVA_HOME:-}" ] && v=$(jdk_major "$JAVA_HOME") && [ "$v" -ge "$want" ]; then
    echo "$JAVA_HOME"; return 0
  fi
  for d in /usr/lib/jvm/*; do
    [ -d "$d" ] || continue
    v=$(jdk_major "$d") || continue
    if [ "$v" -ge "$want" ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "specter: no JDK >= $want found (checked \$JAVA_HOME and /usr/lib/jvm/*)" >&2
    return 1
  fi
  echo "$best"
}
