/**
 * #13 "Faults: a matrix, tested". A compose target on a host in a network namespace (own sshd,
 * own dockerd, deploy path on a small tmpfs). For every phase × fault: the run is stopped at the
 * phase (fault hook), the fault injected, the run let go. Then: it fails non-zero in bounded time;
 * what is live is the old release, coherent, or the half-done state is reported by `status`; the
 * lock is released or left for the next run to break (naming it); no backup, .env, upload or
 * database row is lost; after the fault is undone, re-running the same deploy converges.
 * The table of outcomes is written to $TMPDIR/gitops-fault-matrix.md (README "Reliability").
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComposeSite, type ComposeSite } from './harness/compose-site.js';
import { runCli, type CliRun } from './harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, FIXTURE_BASE_IMAGE, uniqueProject } from './harness/docker.js';
import { matrixTable, selectedCells, type Cell, type CellOutcome } from './harness/fault-cells.js';
import { createNetnsHosts, netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import { pausedRun } from './harness/pause.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('root + ip netns + nsenter + sshd + dockerd + docker-compose v1', netnsAvailable() && (await dockerAvailable()));
const SERVICES = ['celery_beat', 'celery_worker', 'db', 'flower', 'nginx', 'web'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** a faulted run must end within this after the fault (keepalives: ~15 s for a cut link) */
const FAIL_BOUND_S = 120;

describe.runIf(ready)('fault matrix: phase × fault on a netns compose host', () => {
  let net: NetnsNetwork | undefined;
  let h: NetnsHost;
  let tmp = '';
  let site: ComposeSite;
  let disk = '';
  const project = uniqueProject('gdfault');
  const outcomes: CellOutcome[] = [];
  const deployArgs = (...extra: string[]) => site.args(...extra);
  const at = (...p: string[]) => site.at(...p);
  const state = () => site.state();
  const link = () => site.link();

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    tmp = await makeTempDir('gitops-e2e-faults');
    // mounted before the host exists: its sshd (ip netns exec: a mount namespace of its own) must see it
    disk = join(tmp, 'disk');
    await mkdir(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'gd-fault-disk', disk]);
    net = await createNetnsHosts(1, { dockerd: true, images: [FIXTURE_BASE_IMAGE] });
    h = net.hosts[0]!;
    site = await createComposeSite({
      dir: tmp,
      project,
      host: h.target,
      port: h.port,
      path: join(disk, 'app'),
      knownHosts: h.knownHosts,
      clientKey: h.clientKey,
      lockTtl: '6s',
    });
  }, 1_200_000);

  /** The table so far, rewritten after each cell (a run cut short keeps the cells it did). */
  const writeTable = () => writeFile(join(tmpdir(), 'gitops-fault-matrix.md'), `${matrixTable(outcomes)}\n`);

  afterAll(async () => {
    if (outcomes.length > 0) {
      await writeTable();
      console.log(`\nfault matrix (${outcomes.length} cells):\n${matrixTable(outcomes)}\n`);
    }
    if (h) await h.restoreLink().catch(() => undefined);
    if (disk) spawnSync('umount', ['-l', disk]);
    await net?.teardown();
    if (tmp) await removeTree(tmp);
  }, 600_000);

  /** Everything that must never be lost: .env, the upload, the database rows, every backup (by content). */
  function valuables(): Record<string, string> {
    const out: Record<string, string> = {
      env: readFileSync(at('shared', '.env'), 'utf8'),
      media: readFileSync(at('shared', 'media', 'upload.jpg'), 'utf8'),
      rows: execFileSync('sqlite3', [at('shared', 'db.sqlite3'), 'select group_concat(x) from t'], { encoding: 'utf8' }).trim(),
    };
    const dir = at('backups');
    for (const f of existsSync(dir) ? readdirSync(dir) : [])
      out[`backup ${f}`] = createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex');
    return out;
  }

  /** service → State of the project's containers on the netns host's engine (polls until all run, up to 60 s). */
  async function containers(): Promise<Record<string, string>> {
    let seen: Record<string, string> = {};
    for (let i = 0; i < 120; i++) {
      const r = await h.docker(
        [
          'ps',
          '-a',
          '--filter',
          `label=com.docker.compose.project=${project}`,
          '--format',
          '{{.Label "com.docker.compose.service"}} {{.State}}',
        ],
        true,
      );
      seen = Object.fromEntries(
        r.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ') as [string, string]),
      );
      if (SERVICES.every((s) => seen[s] === 'running')) return seen;
      await sleep(500);
    }
    return seen;
  }

  async function inject(cell: Cell, run: ReturnType<typeof pausedRun>): Promise<void> {
    if (cell.fault === 'cut') await h.cutLink();
    if (cell.fault === 'kill') run.child.kill('SIGKILL');
    if (cell.fault === 'disk') spawnSync('dd', ['if=/dev/zero', `of=${join(disk, 'filler')}`, 'bs=64k'], { stdio: 'ignore' });
    if (cell.fault === 'dockerd') await h.stopDockerd();
  }

  async function undo(cell: Cell): Promise<void> {
    if (cell.fault === 'cut') await h.restoreLink();
    if (cell.fault === 'disk') spawnSync('rm', ['-f', join(disk, 'filler')]);
    if (cell.fault === 'dockerd') await h.startDockerd();
  }

  /** Coherent: `current` = state.json's live release, no in-progress record, every service running. */
  async function coherent(): Promise<boolean> {
    const running = await containers();
    return link() === state().current && !existsSync(at('.deploy', 'in-progress.json')) && SERVICES.every((s) => running[s] === 'running');
  }

  /** `status` reports the half-done host (its WARNING line), or why not. */
  async function statusReport(): Promise<string> {
    const st = await runCli(['status', '--repo', site.repo.dir, '--target', 'vps'], site.env);
    return st.stdout.split('\n').find((l) => l.startsWith('WARNING: ')) ?? `no warning (exit ${st.code}): ${st.stdout}${st.stderr}`;
  }

  /** Re-runs the same deploy; returns what did not converge ('' when it did). */
  async function rerun(sha: string, heldBy: string | undefined): Promise<{ r: CliRun; problems: string[] }> {
    const r = await runCli(deployArgs('--lock-wait', '300'), site.env);
    const running = await containers();
    const problems = [
      r.code !== 0 ? `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}` : '',
      heldBy && !r.stderr.includes(`broke the deploy lock of a dead holder: run ${heldBy}`) ? 'the dead holder was not named' : '',
      existsSync(at('.deploy', 'state.json')) && state().current !== sha ? `state.json current ${state().current}` : '',
      existsSync(at('current')) && link() !== sha ? `current → ${link()}` : '',
      existsSync(at('.deploy', 'lock')) ? 'the lock is left' : '',
      existsSync(at('.deploy', 'in-progress.json')) ? 'the in-progress record is left' : '',
      ...SERVICES.filter((sv) => running[sv] !== 'running').map((sv) => `${sv} ${running[sv] ?? 'missing'}`),
    ].filter(Boolean);
    return { r, problems };
  }

  /** The valuables of `before` that are gone or changed (new backups may have been added). */
  const lost = (before: Record<string, string>): string[] => {
    const now = valuables();
    return Object.keys(before).filter((k) => now[k] !== before[k]);
  };

  it.each(selectedCells())(
    '$phase × $fault',
    async (cell) => {
      const t0 = Date.now();
      const marks: string[] = [];
      const mark = (what: string) => marks.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      const before = valuables();
      const live = state().current;
      const sha = await site.repo.commit(`${cell.phase} ${cell.fault}`, {
        'app/static/app.css': `/* ${cell.phase} ${cell.fault} ${Date.now()} */\n`,
      });
      const run = pausedRun(deployArgs(), site.env, cell.phase, tmp, 600_000);
      await run.reached;
      mark('reached');
      await inject(cell, run);
      const faultAt = Date.now();
      await run.resume();
      const failed = await run.done;
      mark('failed');
      const failSeconds = (Date.now() - faultAt) / 1000;
      expect(failed.code, `${cell.phase}/${cell.fault} must fail:\n${failed.stderr}`).not.toBe(0);
      if (cell.fault !== 'kill') expect(failSeconds).toBeLessThan(FAIL_BOUND_S);
      await undo(cell);
      mark('undone');

      const holder = existsSync(at('.deploy', 'lock', 'info.json'))
        ? (JSON.parse(readFileSync(at('.deploy', 'lock', 'info.json'), 'utf8')) as { runId: string }).runId
        : undefined;
      const ok = await coherent();
      const reported = ok ? '' : await statusReport();
      mark('checked');
      const stillLive = state().current;
      const lostAfterFault = lost(before);
      const { r, problems } = await rerun(sha, holder);
      mark('re-run');
      const phases = ((r.json?.phases ?? []) as { name: string; ms: number }[]).map((p) => `${p.name} ${(p.ms / 1000).toFixed(1)}`);
      console.log(`${cell.phase}×${cell.fault}: ${marks.join(', ')}; re-run deploy ${(r.ms / 1000).toFixed(1)}s: ${phases.join(', ')}`);
      const lostAfterRerun = lost(before).filter((k) => !k.startsWith('backup '));
      const lockTaken = !['connect', 'lock'].includes(cell.phase);
      outcomes.push({
        ...cell,
        code: cell.fault === 'kill' ? null : failed.code,
        failSeconds,
        lock: holder ? 'left, broken by the next run' : lockTaken ? 'released' : 'none taken',
        live: ok ? 'old release, coherent' : 'half done, reported by status, repaired by the next run',
        dataIntact: lostAfterFault.length === 0 && lostAfterRerun.length === 0,
        converged: problems.length === 0,
        rerunSeconds: r.ms / 1000,
        note: problems.join('; ') || undefined,
      });
      await writeTable();
      // a lock left behind: the run said how it goes away (a killed run says nothing: the next run names it)
      if (holder && cell.fault !== 'kill') expect(failed.stderr).toMatch(/could not release the deploy lock.*force-unlock/);
      if (!ok) expect(reported).toMatch(/^WARNING: (an interrupted deploy left the host half done|the current symlink points to)/);
      expect(stillLive).toBe(live);
      expect(lostAfterFault).toEqual([]);
      expect(lostAfterRerun).toEqual([]);
      expect(problems, `${cell.phase}/${cell.fault} re-run:\n${r.stderr.slice(-3000)}`).toEqual([]);
    },
    1_800_000,
  );
});
