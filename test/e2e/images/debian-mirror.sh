# shellcheck shell=bash
# Sourced by test/e2e/setup.sh and build-images.sh: prints the Debian mirror URI of the system's apt
# sources (deb822 /etc/apt/sources.list.d/debian.sources first, then the one-line
# /etc/apt/sources.list). GITOPS_REALAPP_MIRROR overrides it. Returns 1 when none is found.
debian_mirror() {
  local uri="${GITOPS_REALAPP_MIRROR:-}"
  if [[ -z "$uri" && -f /etc/apt/sources.list.d/debian.sources ]]; then
    uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
    uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
  fi
  [[ -n "$uri" ]] || return 1
  printf '%s\n' "$uri"
}
