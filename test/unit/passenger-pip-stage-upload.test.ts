/**
 * Passenger in place with pip: the new tree is staged on the host for pip (installPip), then goes
 * live (uploadCode). It is exported once, and a file new to the live tree is copied from the stage
 * on the host instead of being sent a second time. Real rsync and host scripts on this machine: the
 * "ssh" rsync runs is a script on PATH that runs the remote command here.
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import { Progress } from '../../src/strategies/types.js';
import type { PassengerDeploy } from '../../src/strategies/passenger/deploy-context.js';
import { installPip, uploadCode } from '../../src/strategies/passenger/phases.js';
import { passengerPaths } from '../../src/strategies/passenger/paths.js';
import { newReport } from '../../src/session/report.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { HostConnection } from '../../src/transport/connect.js';
import { hostileTempDir, initRepo, local } from './helpers/local-host.js';
import { silentReporter } from './helpers/silent-reporter.js';
import { withTools } from './helpers/tools.js';

const counts = vi.hoisted(() => ({ exports: 0, rsyncs: [] as { args: string[]; sent: number }[] }));

vi.mock('../../src/sync/export-tree.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/sync/export-tree.js')>();
  return { ...real, exportTree: (...a: Parameters<typeof real.exportTree>) => (counts.exports++, real.exportTree(...a)) };
});
vi.mock('../../src/sync/run-rsync.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/sync/run-rsync.js')>();
  const runRsync: typeof real.runRsync = async (args, opts) => {
    const r = await real.runRsync(args, opts);
    counts.rsyncs.push({ args, sent: r.stats.totalBytesSent });
    return r;
  };
  return { ...real, runRsync };
});
// pip itself is not what is measured: the staged directory it would run in is recorded
const pipRanIn = vi.hoisted(() => [] as string[]);
vi.mock('../../src/strategies/passenger/host-steps.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/strategies/passenger/host-steps.js')>()),
  installRequirements: async (_exec: unknown, _t: unknown, _venv: string, appRoot: string) => void pipRanIn.push(appRoot),
}));

describe.runIf(withTools('the pip stage synced by rsync', 'rsync'))(
  'passenger in place with pip: the new tree exported once, new files not sent twice',
  () => {
    let tmp = '';
    let savedPath = '';
    beforeAll(async () => {
      tmp = await hostileTempDir('gitops-pip-stage');
      // the "ssh" of rsync's -e: drops the options and the host, runs the remote rsync here
      await mkdir(join(tmp, 'bin'));
      await writeFile(join(tmp, 'bin', 'ssh'), '#!/bin/sh\nwhile [ "$1" != rsync ]; do shift; done\nexec "$@"\n');
      await chmod(join(tmp, 'bin', 'ssh'), 0o755);
      savedPath = process.env.PATH ?? '';
      process.env.PATH = `${join(tmp, 'bin')}:${savedPath}`;
    });
    afterAll(async () => {
      process.env.PATH = savedPath;
      await rm(join(tmp, '..'), { recursive: true, force: true });
    });

    it('the stage is exported and sent once; the live upload copies the new file from it, then the stage goes', async () => {
      const repo = await initRepo(join(tmp, 'repo'));
      const path = join(tmp, 'host', 'app');
      const old = await repo.commit({ 'app/passenger_wsgi.py': 'v1\n', 'app/requirements.txt': 'a\n' });
      // a new file of 256 KiB (random: it does not compress), and a changed one
      const sha = await repo.commit({ 'app/requirements.txt': 'a\nb\n', 'app/wheels/b.whl': randomBytes(256 * 1024).toString('base64') });
      await mkdir(join(path, 'app'), { recursive: true });
      await writeFile(join(path, 'app', 'passenger_wsgi.py'), 'v1\n');
      await writeFile(join(path, 'app', 'requirements.txt'), 'a\n');
      const yaml = `version: 1\ntargets:\n  prod:\n    strategy: passenger\n    host: deploy@h\n    path: ${JSON.stringify(path)}\n    layout: in-place\n    app_root: app\n    venv: venv\n`;
      const target = parseConfig(yaml, 'deploy.yml').targets.prod as PassengerTarget;
      const conn = { exec: local, remote: { user: 'deploy', host: 'h', port: 22 }, sshArgs: [], ensureMaster: async () => undefined };
      const d = {
        s: {
          conn: conn as unknown as HostConnection,
          settings: defaultSettings({ command: 'deploy', to: sha, repo: repo.dir, run: { id: 'run-1', actor: 'alice' } }),
          reporter: silentReporter,
          report: newReport('deploy', 'prod'),
        },
        target,
        paths: passengerPaths(target),
        sha,
        previous: { id: old },
        steps: { tasks: [] },
        progress: new Progress(),
      } as unknown as PassengerDeploy;

      await installPip(d);
      const stage = d.paths.pipStage;
      expect(pipRanIn).toEqual([join(stage, 'app')]);
      await uploadCode(d);

      expect(counts.exports).toBe(1);
      const [toStage, dryRun, live] = counts.rsyncs;
      expect(counts.rsyncs).toHaveLength(3);
      expect(toStage!.args.at(-1)).toBe(`deploy@h:${stage}`);
      expect(dryRun!.args).toContain('--dry-run');
      expect(live!.args).toContain(`--copy-dest=${stage}`);
      // the stage received the new file; the live upload did not send it again (file list and the changed file only)
      expect(toStage!.sent).toBeGreaterThan(256 * 1024);
      expect(live!.sent).toBeLessThan(16 * 1024);
      expect(await readFile(join(path, 'app', 'wheels', 'b.whl'), 'utf8')).toBe(
        await readFile(join(repo.dir, 'app', 'wheels', 'b.whl'), 'utf8'),
      );
      expect(await readFile(join(path, 'app', 'requirements.txt'), 'utf8')).toBe('a\nb\n');
      expect(existsSync(stage)).toBe(false);
    });
  },
);
