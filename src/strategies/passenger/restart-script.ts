/** Passenger restart commands (pure builders). */
import { shellQuote as q } from '../../transport/quote.js';

/**
 * Touches `target` (creating its directory) with an mtime strictly newer, in whole seconds, than
 * every existing file of `compare` and than `target` itself: max(now, newest + 1). Passenger
 * compares restart.txt with 1-second resolution and ignores a touch in the same second as the
 * one it saw last, so two deploys (or a deploy and its rollback) within a second both restart.
 * Prints the epoch second it set. Needs GNU touch/stat/date (`touch -d @N`, `stat -c %Y`).
 */
export function restartTouchScript(target: string, compare: readonly string[] = []): string {
  const files = [...new Set([target, ...compare])].map(q).join(' ');
  return [
    'newest=0',
    `for f in ${files}; do`,
    '  if [ -e "$f" ]; then m=$(stat -c %Y "$f"); if [ "$m" -gt "$newest" ]; then newest=$m; fi; fi',
    'done',
    'next=$((newest + 1)); now=$(date +%s)',
    'if [ "$now" -gt "$next" ]; then next=$now; fi',
    `mkdir -p "$(dirname ${q(target)})" && touch -d "@$next" ${q(target)} && echo "$next"`,
  ].join('\n');
}

/**
 * `passenger-config restart-app <app root>` in every running Passenger instance (restart-app
 * refuses to guess when several run, e.g. Apache's and a standalone one): restarts at once, and
 * succeeds when the app or Passenger is not running yet. The root is a path prefix for Passenger.
 */
export function restartAppScript(appRoot: string): string {
  const restart = (instance: string): string =>
    `passenger-config restart-app ${q(appRoot)} --ignore-app-not-running --instance ${instance}`;
  return [
    `instances() { passenger-config list-instances --quiet | awk '/^-+$/ { body = 1; next } body && NF { print $1 }'; }`,
    'names=$(instances) || exit $?',
    `if [ -z "$names" ]; then echo 'no Passenger instance is running: nothing to restart'; exit 0; fi`,
    "done=''",
    'for name in $names; do',
    `  ${restart('"$name"')} && { done="$done $name"; continue; }`,
    '  status=$?',
    // an instance that stopped after the listing (its Apache was stopped) has nothing to restart
    '  if instances | grep -Fqx "$name"; then exit $status; fi',
    '  echo "Passenger instance $name stopped while the app restarted: skipped"',
    'done',
    'echo "restarted in Passenger instance(s):${done:- none}"',
  ].join('\n');
}
