/** `restore` without the target's name as confirm is refused from the config alone, before any SSH. */
import { describe, expect, it } from 'vitest';
import { restoreCommand } from '../../src/commands/restore.js';
import { parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/core/errors.js';
import { defaultSettings, type Settings } from '../../src/core/settings.js';
import { newReport } from '../../src/session/report.js';
import { rejectionMessage } from './helpers/errors.js';
import { silentReporter } from './helpers/silent-reporter.js';

const config = parseConfig(
  'version: 1\ntargets:\n  prod: {strategy: passenger, host: a@127.0.0.1, port: 1, path: /srv/app, backup: {engine: sqlite, path: db.sqlite3}}\n',
  'deploy.yml',
);
// no SSH key: a run that reached the session would fail on that instead
const restore = (extra: Partial<Settings>) =>
  restoreCommand(defaultSettings({ command: 'restore', target: 'prod', ...extra }), config, silentReporter, newReport('restore'));

describe('restore --confirm', () => {
  it.each<[string, Partial<Settings>]>([
    ['missing', {}],
    ['another name', { confirm: 'staging' }],
    ['missing, with --dry-run', { dryRun: true }],
  ])('%s: refused before connecting, naming the target', async (_name, extra) => {
    expect(await rejectionMessage(restore(extra), UserError)).toBe(
      'restore overwrites the database of prod: set confirm to the target name (confirm: prod, --confirm prod) to proceed',
    );
  });

  it('given, or a drill: goes on to the session (here: refused for the missing SSH key)', async () => {
    for (const extra of [{ confirm: 'prod' }, { drill: true }]) {
      expect(await rejectionMessage(restore(extra), UserError)).toMatch(/SSH private key is required/);
    }
  });
});
