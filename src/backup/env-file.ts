/**
 * Reading one `NAME=value` from a remote .env file WITHOUT sourcing it (sourcing would run any
 * command substitution in the file). An awk program prints the value of the last assignment.
 */
import { shellQuote } from '../transport/quote.js';

/**
 * Understands `[export ]NAME=value` with optional spaces around `=`, CRLF endings, 'single' quotes
 * (literal), "double" quotes (\" \\ \n escapes) and unquoted values with a ` #` comment. Exit 1 when
 * the name is absent. The key is passed with -v gd_key=NAME (NAME is a plain identifier).
 */
export const ENV_VALUE_AWK = String.raw`{
  sub(/\r$/, "")
  line = $0
  sub(/^[ \t]+/, "", line)
  if (line ~ /^export[ \t]/) { line = substr(line, 8); sub(/^[ \t]+/, "", line) }
  eq = index(line, "=")
  if (eq == 0) next
  key = substr(line, 1, eq - 1)
  sub(/[ \t]+$/, "", key)
  if (key != gd_key) next
  v = substr(line, eq + 1)
  sub(/^[ \t]+/, "", v)
  q = substr(v, 1, 1)
  if (q == "'") {
    v = substr(v, 2); e = index(v, "'"); if (e > 0) v = substr(v, 1, e - 1)
  } else if (q == "\"") {
    v = substr(v, 2); out = ""
    while (length(v) > 0) {
      c = substr(v, 1, 1)
      if (c == "\\" && length(v) > 1) {
        n = substr(v, 2, 1); out = out (n == "n" ? "\n" : n); v = substr(v, 3); continue
      }
      if (c == "\"") break
      out = out c; v = substr(v, 2)
    }
    v = out
  } else {
    sub(/[ \t]+#.*$/, "", v); sub(/[ \t]+$/, "", v)
  }
  found = 1; val = v
}
END { if (!found) exit 1; printf "%s", val }`;

/** Shell text printing the value of `name` in `file` (exit 1 when absent). */
export function envFileValueCommand(file: string, name: string): string {
  return `awk -v gd_key=${shellQuote(name)} ${shellQuote(ENV_VALUE_AWK)} ${shellQuote(file)}`;
}
