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
