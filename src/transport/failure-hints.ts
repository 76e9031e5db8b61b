/**
 * What to do about the host failures a first deploy trips on (a host not prepared as
 * docs/prepare-server.md says), recognised in a failed command's output: one `fix:` line each,
 * appended to the error, so a deploy names the fix `doctor` would have given.
 */
const HINTS: [RegExp, string][] = [
  [
    /permission denied while trying to connect to the docker daemon socket/i,
    'fix: the deploy user may not use docker: on the host, sudo usermod -aG docker <deploy user> (then a new SSH session); `gitops-deploy doctor` checks it',
  ],
  [
    /\brsync: (command )?not found\b/,
    'fix: install rsync on the host (apt-get install rsync): the upload runs it on both ends; `gitops-deploy doctor` checks it',
  ],
];

/** The fix lines for a failed command's output (none when nothing is recognised). */
export function failureHints(output: string): string[] {
  return HINTS.filter(([re]) => re.test(output)).map(([, fix]) => fix);
}
