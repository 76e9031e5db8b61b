/**
 * What to do about the host failures a first deploy trips on (a host not prepared as
 * docs/prepare-server.md says), recognised in a failed command's output: one `fix:` line each,
 * appended to the error, so a deploy names the fix `doctor` would have given.
 */
import { shellQuote as q } from './quote.js';

type Hint = [RegExp, (m: RegExpExecArray) => string];

/** A compose env_file missing in a release (compose v2 and v1 wording): it links to <path>/shared/<file>. */
const MISSING_ENV_FILE = /(?:env file |Couldn't find env file: )(\S+?)\/(?:current|releases\/[0-9a-f]{40})\/(\S+?)(?: not found|:|$)/m;

const HINTS: Hint[] = [
  [
    /permission denied while trying to connect to the docker daemon socket/i,
    () =>
      'fix: the deploy user may not use docker: on the host, sudo usermod -aG docker <deploy user> (then a new SSH session); `gitops-deploy doctor` checks it',
  ],
  [
    /\brsync: (command )?not found\b/,
    () => 'fix: install rsync on the host (apt-get install rsync): the upload runs it on both ends; `gitops-deploy doctor` checks it',
  ],
  [
    MISSING_ENV_FILE,
    ([, path, file]) =>
      `fix: ${path}/shared/${file} is missing on the host: a deploy never uploads it (it is not in the commit; list it under \`shared\`). ` +
      `Create it there (mkdir -p ${q(`${path}/shared`)} && install -m 600 /dev/null ${q(`${path}/shared/${file}`)}) and fill in its values; \`gitops-deploy doctor\` checks it`,
  ],
];

/** The fix lines for a failed command's output (none when nothing is recognised). */
export function failureHints(output: string): string[] {
  return HINTS.flatMap(([re, fix]) => {
    const m = re.exec(output);
    return m ? [fix(m)] : [];
  });
}
