import { describe, expect, it } from 'vitest';
import { failureHints } from '../../src/transport/failure-hints.js';
import { CommandError } from '../../src/transport/types.js';

describe('failureHints', () => {
  it('docker socket denied → the docker group fix', () => {
    const out =
      'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.45/info": dial unix /var/run/docker.sock: connect: permission denied';
    expect(failureHints(out)).toEqual([expect.stringContaining('sudo usermod -aG docker <deploy user>')]);
  });

  it('rsync missing on the far end (bash and dash wording) → install rsync on the host', () => {
    for (const out of ['bash: line 1: rsync: command not found\nrsync: connection unexpectedly closed', 'sh: 1: rsync: not found'])
      expect(failureHints(out)).toEqual([expect.stringContaining('install rsync on the host')]);
  });

  it.each([
    ['compose v2, up after the switch', 'env file /srv/app/current/.env not found: stat /srv/app/current/.env: no such file or directory'],
    ['compose v2, build in the release', `env file /srv/app/releases/${'ab'.repeat(20)}/.env not found: stat x`],
    ['compose v1', "Couldn't find env file: /srv/app/current/.env"],
  ])('a missing env file (%s) → create <path>/shared/<file> on the host', (_name, out) => {
    expect(failureHints(out)).toEqual([
      'fix: /srv/app/shared/.env is missing on the host: a deploy never uploads it (it is not in the commit; list it under `shared`). ' +
        'Create it there (mkdir -p /srv/app/shared && install -m 600 /dev/null /srv/app/shared/.env) and fill in its values; `gitops-deploy doctor` checks it',
    ]);
  });

  it('a missing env file under a path with shell characters: the commands of the hint quote it', () => {
    const out = 'env file /srv/app$1(x)/current/.env not found: stat x';
    expect(failureHints(out)[0]).toContain("(mkdir -p '/srv/app$1(x)/shared' && install -m 600 /dev/null '/srv/app$1(x)/shared/.env')");
  });

  it('anything else → no hint', () => {
    expect(failureHints('Error response from daemon: No such container: web')).toEqual([]);
    expect(failureHints('rsync: [sender] write error: Broken pipe')).toEqual([]);
  });

  it('CommandError appends the fix after the output tail', () => {
    const e = new CommandError(['rsync', '-a'], { code: 127, stdout: '', stderr: 'bash: line 1: rsync: command not found\n' });
    expect(e.message).toBe(
      'command failed (exit 127): rsync -a\nbash: line 1: rsync: command not found\nfix: install rsync on the host (apt-get install rsync): the upload runs it on both ends; `gitops-deploy doctor` checks it',
    );
  });
});
