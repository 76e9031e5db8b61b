/**
 * The tail of a Passenger app's error log (pure script builder). There is no config key for it:
 * the likely places are tried in order (the app's own logs, the shared logs, cPanel's ~/logs, the
 * system Apache log) and every readable one found is shown, with its name.
 */
import { shellQuote as q } from '../../transport/quote.js';

export function passengerLogCandidates(appRoot: string, path: string): string[] {
  return [
    `${appRoot}/logs/*.log`,
    `${appRoot}/log/*.log`,
    `${appRoot}/passenger.log`,
    `${appRoot}/stderr.log`,
    `${path}/shared/logs/*.log`,
    `$HOME/logs/*error*`,
    '/var/log/apache2/error.log',
    '/var/log/httpd/error_log',
  ];
}

/** Globs stay unquoted (they must expand); everything else is quoted. */
const globWord = (p: string): string =>
  p
    .split('*')
    .map((part) => (part.startsWith('$HOME') ? `"$HOME"${q(part.slice(5))}` : q(part)))
    .join('*');

export function passengerLogsScript(appRoot: string, path: string, lines: number): string {
  const words = passengerLogCandidates(appRoot, path).map(globWord).join(' ');
  return [
    'found=0',
    `for f in ${words}; do`,
    '  [ -f "$f" ] && [ -r "$f" ] || continue',
    '  found=1',
    `  printf '==> %s <==\\n' "$f"`,
    `  tail -n ${Math.max(1, Math.floor(lines))} "$f"`,
    'done',
    `[ "$found" = 1 ] || { echo 'no readable error log found in:' ${passengerLogCandidates(appRoot, path).map(q).join(' ')} >&2; exit 3; }`,
  ].join('\n');
}
