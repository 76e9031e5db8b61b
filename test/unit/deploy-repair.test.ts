/** Repair of an interrupted compose deploy: the inspection script, the damage, the commands it runs. */
import { spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ComposeInvocation } from '../../src/apply/compose-command.js';
import { firstThenScript } from '../../src/apply/first-script.js';
import { inProgressRecord, inspectHost, inspectHostScript, parseInspection, type InProgress } from '../../src/sync/in-progress.js';
import { describeDamage } from '../../src/sync/in-progress.js';
import { repairHost, type RepairRequest } from '../../src/strategies/compose/repair.js';
import type { Reporter } from '../../src/core/reporter.js';
import type { ReleaseRecord } from '../../src/record/state-model.js';
import { layoutOf } from '../../src/sync/layout.js';
import type { ExecResult, Executor } from '../../src/transport/types.js';
import { local, useHostileTempDir } from './helpers/local-host.js';
import { planOf } from './helpers/plans.js';
import { silentReporter } from './helpers/silent-reporter.js';

const tmp = useHostileTempDir('gitops-repair');
const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);
const live: ReleaseRecord = {
  id: OLD,
  sha: OLD,
  at: '2026-01-01T00:00:00Z',
  result: 'success',
  actor: 'alice',
  images: { web: { name: 'app_web', id: 'sha256:0ld' } },
};
const plan = planOf({ from: OLD, to: NEW, build: ['web'], recreate: ['flower'], restart: ['nginx'] });
const rec: InProgress = inProgressRecord('run-7', NEW, OLD, plan, ['db', 'flower', 'nginx', 'web'], new Date('2026-01-02T03:04:05Z'));
const inv: ComposeInvocation = {
  command: ['docker-compose'],
  project: 'app',
  files: ['/srv/app/current/docker/docker-compose.yml'],
  projectDir: '/srv/app/current/docker',
};
const silent: Reporter = silentReporter;

/** Records every command (argv joined, or the script) and answers 0. */
function recorder(): Executor & { calls: string[] } {
  const calls: string[] = [];
  const ok = async (): Promise<ExecResult> => ({ code: 0, stdout: '', stderr: '' });
  return {
    name: 'fake',
    calls,
    run: (argv) => (calls.push(argv.join(' ')), ok()),
    sh: (script) => (calls.push(script), ok()),
    close: async () => undefined,
  };
}

describe('in-progress record and host inspection', () => {
  it('the record keeps what the plan touches and the previous compose services', () => {
    expect(rec).toEqual({
      runId: 'run-7',
      release: NEW,
      previous: OLD,
      at: '2026-01-02T03:04:05.000Z',
      build: ['web'],
      recreate: ['flower'],
      restart: ['nginx'],
      remove: [],
      previousServices: ['db', 'flower', 'nginx', 'web'],
    });
  });

  it('inspection script: the record, a separator, the current link', () => {
    expect(inspectHostScript(layoutOf('/srv/app'))).toBe(
      'cat /srv/app/.deploy/in-progress.json 2>/dev/null\necho; echo \'--- current ---\'\nif [ -L /srv/app/current ]; then basename "$(readlink /srv/app/current)"; fi',
    );
    for (const shell of ['sh', 'dash']) expect(spawnSync(shell, ['-n', '-c', inspectHostScript(layoutOf("/srv/it's app"))]).status).toBe(0);
  });

  it('inspection on a real tree (dash): nothing, then a record and a link', async () => {
    const layout = layoutOf(tmp());
    expect(await inspectHost(local, layout)).toEqual({ inProgress: null, link: '' });
    await mkdir(`${tmp()}/.deploy`, { recursive: true });
    await writeFile(`${tmp()}/.deploy/in-progress.json`, `${JSON.stringify(rec)}\n`);
    await symlink(`releases/${NEW}`, `${tmp()}/current`);
    expect(await inspectHost(local, layout)).toEqual({ inProgress: rec, link: NEW });
  });

  it.each<[string, string, ReturnType<typeof parseInspection>]>([
    ['no record, no link', '\n--- current ---\n', { inProgress: null, link: '' }],
    ['a record without newline', `${JSON.stringify(rec)}\n--- current ---\n${NEW}\n`, { inProgress: rec, link: NEW }],
    ['a torn record', '{"runId":"x","rel\n--- current ---\n', { inProgress: null, unreadable: '{"runId":"x","rel', link: '' }],
  ])('parseInspection: %s', (_name, out, want) => {
    expect(parseInspection(out)).toEqual(want);
  });
});

describe('describeDamage (pure)', () => {
  it.each<[string, Parameters<typeof describeDamage>, string | undefined]>([
    ['a finished deploy', [{ inProgress: null, link: OLD }, live, true], undefined],
    ['in-place, finished', [{ inProgress: null, link: '' }, live, false], undefined],
    ['nothing deployed yet', [{ inProgress: null, link: '' }, undefined, true], undefined],
    [
      'cut between switch and up',
      [{ inProgress: rec, link: NEW }, live, true],
      `run run-7 (deploy of ${NEW.slice(0, 12)} over ${OLD.slice(0, 12)}, started 2026-01-02T03:04:05.000Z) did not finish; \`current\` points to ${NEW.slice(0, 12)} while state.json records ${OLD.slice(0, 12)} as live`,
    ],
    [
      'cut during build',
      [{ inProgress: rec, link: OLD }, live, true],
      `run run-7 (deploy of ${NEW.slice(0, 12)} over ${OLD.slice(0, 12)}, started 2026-01-02T03:04:05.000Z) did not finish`,
    ],
    [
      'a link off without record',
      [{ inProgress: null, link: NEW }, live, true],
      `\`current\` points to ${NEW.slice(0, 12)} while state.json records ${OLD.slice(0, 12)} as live`,
    ],
    ['a torn record', [{ inProgress: null, unreadable: '{', link: OLD }, live, true], 'an unreadable in-progress record was left behind'],
  ])('%s', (_name, args, want) => {
    expect(describeDamage(...args)).toBe(want);
  });
});

describe('repairHost (fake executor)', () => {
  const request = (exec: Executor, o: Partial<RepairRequest> = {}): RepairRequest => ({
    exec,
    reporter: silent,
    layout: layoutOf('/srv/app'),
    releases: true,
    inv,
    live,
    reupload: async () => undefined,
    ...o,
  });

  it('between switch and up: current back, image names back, only differing containers recreated, restarted ones restarted, record removed', async () => {
    const exec = recorder();
    const msg = await repairHost(request(exec), { inProgress: rec, link: NEW }, 'DAMAGE');
    expect(exec.calls).toEqual([
      // the switch in front of the retag script (putBackImagesScript: an id gone prints gd-gone), one round trip
      firstThenScript(
        `ln -sfn releases/${OLD} /srv/app/.current.tmp && mv -Tf /srv/app/.current.tmp /srv/app/current`,
        "docker tag sha256:0ld app_web >/dev/null 2>&1 || echo 'gd-gone web'",
      ),
      'docker-compose -p app --project-directory /srv/app/current/docker -f /srv/app/current/docker/docker-compose.yml up -d --no-deps --no-build flower web',
      'docker-compose -p app --project-directory /srv/app/current/docker -f /srv/app/current/docker/docker-compose.yml restart nginx',
      'rm -f /srv/app/.deploy/in-progress.json',
    ]);
    expect(msg).toMatch(
      /^REPAIRED AN INTERRUPTED DEPLOY: DAMAGE\. reverted to aaaaaaaaaaaa: flower, web back on previous images; current → releases\/aaaaaaaaaaaa\.$/,
    );
  });

  it("in-place: the live release's files go up again first", async () => {
    const exec = recorder();
    const uploaded: string[] = [];
    await repairHost(
      request(exec, { releases: false, reupload: async (sha) => void uploaded.push(sha) }),
      { inProgress: rec, link: '' },
      'D',
    );
    expect(uploaded).toEqual([OLD]);
    expect(exec.calls[0]).toBe("docker tag sha256:0ld app_web >/dev/null 2>&1 || echo 'gd-gone web'");
    expect(exec.calls.at(-1)).toBe('rm -f /srv/app/.deploy/in-progress.json');
  });

  it('a run killed after recording its release: nothing to undo, the record goes', async () => {
    const exec = recorder();
    const msg = await repairHost(request(exec, { live: { ...live, id: NEW, sha: NEW } }), { inProgress: rec, link: NEW }, 'D');
    expect(exec.calls).toEqual(['rm -f /srv/app/.deploy/in-progress.json']);
    expect(msg).toContain('nothing to undo');
  });

  it('an interrupted first deploy: nothing to go back to', async () => {
    const exec = recorder();
    expect(await repairHost(request(exec, { live: undefined }), { inProgress: { ...rec, previous: undefined }, link: NEW }, 'D')).toContain(
      'nothing to go back to',
    );
    expect(exec.calls).toEqual(['rm -f /srv/app/.deploy/in-progress.json']);
  });

  it('a link off without record: only current goes back', async () => {
    const exec = recorder();
    await repairHost(request(exec), { inProgress: null, link: NEW }, 'D');
    expect(exec.calls).toEqual([
      `ln -sfn releases/${OLD} /srv/app/.current.tmp && mv -Tf /srv/app/.current.tmp /srv/app/current`,
      'rm -f /srv/app/.deploy/in-progress.json',
    ]);
  });
});

describe('a hand-edited in-progress record the repair cannot trust', () => {
  const text = (r: object): string => `${JSON.stringify(r)}\n--- current ---\n${NEW}\n`;

  it.each<[string, object]>([
    ['without previousServices', { ...rec, previousServices: undefined }],
    ['a list that is a string', { ...rec, recreate: 'flower' }],
    ['a list of non-names', { ...rec, build: [1] }],
    ['JSON null', null as unknown as object],
  ])('%s is unreadable: the repair removes no container of the live release', async (_name, r) => {
    const found = parseInspection(text(r));
    expect(found.inProgress).toBeNull();
    expect(found.unreadable).toBeDefined();
    const exec = recorder();
    await repairHost(
      { exec, reporter: silent, layout: layoutOf('/srv/app'), releases: true, inv, live, reupload: async () => undefined },
      found,
      'D',
    );
    expect(exec.calls.filter((c) => /docker (rm|stop)/.test(c))).toEqual([]);
  });
});
