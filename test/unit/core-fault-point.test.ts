import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultPoint } from '../../src/core/fault-point.js';

describe('faultPoint', () => {
  it('is a no-op unless both variables name this point', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fp-'));
    const file = join(dir, 'pause');
    await faultPoint('upload', {});
    await faultPoint('upload', { GITOPS_DEPLOY_PAUSE_AT: 'backup', GITOPS_DEPLOY_PAUSE_FILE: file });
    expect(existsSync(file)).toBe(false);
    await rm(dir, { recursive: true });
  });

  it('writes the pid and waits until the file is removed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fp-'));
    const file = join(dir, 'pause');
    let done = false;
    const p = faultPoint('Upload', { GITOPS_DEPLOY_PAUSE_AT: 'upload', GITOPS_DEPLOY_PAUSE_FILE: file }).then(() => (done = true));
    for (let i = 0; i < 50 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await readFile(file, 'utf8')).toBe(String(process.pid));
    await new Promise((r) => setTimeout(r, 150));
    expect(done).toBe(false);
    await rm(file);
    await p;
    expect(done).toBe(true);
    await rm(dir, { recursive: true });
  });
});
