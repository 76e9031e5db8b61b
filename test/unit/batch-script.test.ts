/** Several reads in one round trip: the script text on literals, run by sh and dash, and parsed back. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { batchScript, parseBatch } from '../../src/transport/batch-script.js';

const B = '--- gitops-deploy 00ff ---';

describe('batchScript / parseBatch', () => {
  it('each script in a subshell, followed by the boundary and its exit code', () => {
    expect(batchScript(['cat a', 'exit 3'], B)).toBe(
      `(\ncat a\n)\nprintf '\\n%s %s\\n' '--- gitops-deploy 00ff ---' "$?"\n(\nexit 3\n)\nprintf '\\n%s %s\\n' '--- gitops-deploy 00ff ---' "$?"`,
    );
  });

  it.each(['sh', 'dash'])(
    '%s: outputs with and without a final newline, exit codes, an exit inside one script end only that one',
    (shell) => {
      const scripts = ["printf 'a\\nb\\n'", "printf 'no newline'; exit 3", 'exit 0', "printf '%s\\n' '--- gitops-deploy 00ff' x"];
      const r = spawnSync(shell, ['-c', batchScript(scripts, B)], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(parseBatch(r.stdout, B, scripts.length)).toEqual([
        { code: 0, stdout: 'a\nb\n', stderr: '' },
        { code: 3, stdout: 'no newline', stderr: '' },
        { code: 0, stdout: '', stderr: '' },
        { code: 0, stdout: '--- gitops-deploy 00ff\nx\n', stderr: '' },
      ]);
    },
  );

  it('output that is not framed as expected is not parsed (the caller reads for itself)', () => {
    expect(parseBatch('', B, 1)).toBeUndefined();
    expect(parseBatch(`x\n${B} 0\n`, B, 2)).toBeUndefined();
    expect(parseBatch(`x\n${B} zero\n`, B, 1)).toBeUndefined();
    expect(parseBatch(`x\n${B} 0\ntrailing`, B, 1)).toBeUndefined();
    expect(parseBatch(`x\n${B} 0\n`, B, 1)).toEqual([{ code: 0, stdout: 'x', stderr: '' }]);
  });
});
