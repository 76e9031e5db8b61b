import { readlinkSync, symlinkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repairLinkScript, repairLinkWarning } from '../../src/strategies/swarm/repair.js';
import { layoutOf } from '../../src/sync/layout.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-swarm-repair');
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('swarm: `current` left on a release that never went live (a run cut off after its switch)', () => {
  it('the script puts `current` back on the live release and says where it pointed; a right link is left alone', async () => {
    const layout = layoutOf(tmp());
    for (const id of [A, B]) await mkdir(join(tmp(), 'releases', id), { recursive: true });
    symlinkSync(`releases/${B}`, join(tmp(), 'current'));
    const first = await local.sh(repairLinkScript(layout, A));
    expect(first.stdout).toBe(`@off ${B}\n`);
    expect(readlinkSync(join(tmp(), 'current'))).toBe(`releases/${A}`);
    expect((await local.sh(repairLinkScript(layout, A))).stdout).toBe('');
  });

  it('the warning names both releases; none when nothing was off', () => {
    expect(repairLinkWarning(`@off ${B}\n`, A)).toMatch(
      /^REPAIRED AN INTERRUPTED DEPLOY: `current` pointed to bbbbbbbbbbbb while state\.json records aaaaaaaaaaaa as live .*current → releases\/aaaaaaaaaaaa/,
    );
    expect(repairLinkWarning('@off \n', A)).toContain('`current` pointed to nothing');
    expect(repairLinkWarning('', A)).toBeUndefined();
  });
});
