/** runAndFinish masks every secret of the settings before the command runs (CLI and Action alike). */
import { describe, expect, it } from 'vitest';
import { runAndFinish } from '../../src/entry/finish.js';
import type { Reporter } from '../../src/core/reporter.js';
import type { Settings } from '../../src/core/settings.js';
import { newReport } from '../../src/session/report.js';

describe('runAndFinish', () => {
  it('marks the SSH key, the database password and the registry password secret', async () => {
    const masked: string[] = [];
    const reporter: Reporter = {
      group: (_n, fn) => fn(),
      info: () => undefined,
      warning: () => undefined,
      error: () => undefined,
      secret: (v) => masked.push(v),
      persist: () => undefined,
    };
    const settings = {
      command: 'plan',
      repo: '/nonexistent-gd-repo',
      configPath: '/nonexistent-gd-repo/.github/deploy.yml',
      ssh: { privateKey: 'KEY-TEXT-0001' },
      dbPassword: 'db-secret-0002',
      registryPassword: 'registry-secret-0003',
    } as unknown as Settings;
    const done = await runAndFinish(() => settings, reporter, newReport('plan'));
    expect(masked).toEqual(['KEY-TEXT-0001', 'db-secret-0002', 'registry-secret-0003']);
    expect(done.failure?.message).toBeDefined();
  });
});
