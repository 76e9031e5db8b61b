/**
 * The copy-ready workflows (deploy/workflows) and this repository's own (.github/workflows) are
 * valid YAML, call this action only with inputs that action.yml declares, and pin third-party
 * actions by commit sha.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/core/settings.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
}
interface Job {
  steps?: Step[];
  concurrency?: unknown;
  environment?: unknown;
}
interface Workflow {
  name?: string;
  on: Record<string, { inputs?: Record<string, unknown>; branches?: string[] } | null> & { schedule?: { cron: string }[] };
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, Job>;
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
const declared = new Set(Object.keys(action.inputs));

function workflows(dir: string): [string, Workflow, string][] {
  return readdirSync(join(root, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => {
      const text = readFileSync(join(root, dir, f), 'utf8');
      return [`${dir}/${f}`, parse(text, { strict: true, uniqueKeys: true }) as Workflow, text];
    });
}

const all = [...workflows('deploy/workflows'), ...workflows('.github/workflows')];
const copyReady = new Map(workflows('deploy/workflows').map(([f, w, text]) => [f.split('/').pop()!, { w, text }]));
const isOurs = (uses: string) => uses === './' || /^[^/\s]+\/gitops-deploy@\S+$/.test(uses);
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);

describe('workflow files', () => {
  it('ships the four copy-ready workflows', () => {
    expect([...copyReady.keys()].sort()).toEqual(['backup.yml', 'deploy.yml', 'plan.yml', 'rollback.yml']);
  });

  it.each(all.map(([f, w]) => [f, w] as const))('%s calls the action only with declared inputs', (_f, w) => {
    expect(w.jobs && Object.keys(w.jobs).length).toBeGreaterThan(0);
    for (const step of steps(w).filter((s) => s.uses && isOurs(s.uses))) {
      const unknown = Object.keys(step.with ?? {}).filter((k) => !declared.has(k));
      expect(unknown).toEqual([]);
      const command = String(step.with?.command ?? 'deploy');
      expect(COMMANDS).toContain(command);
    }
  });

  it.each(all.map(([f, w]) => [f, w] as const))('%s pins third-party actions by a full commit sha', (_f, w) => {
    for (const step of steps(w).filter((s) => s.uses && !isOurs(s.uses))) {
      expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    }
  });

  it.each([...copyReady.entries()].map(([f, { text }]) => [f, text] as const))(
    '%s only references declared workflow_dispatch inputs',
    (f, text) => {
      const w = copyReady.get(f)!.w;
      const inputs = new Set(Object.keys(w.on.workflow_dispatch?.inputs ?? {}));
      const used = [...text.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1]!);
      expect(used.filter((u) => !inputs.has(u))).toEqual([]);
    },
  );

  it.each(all.map(([f, w]) => [f, w] as const))(
    '%s has no ${{ }} expression inside run: (script injection); values come through env:',
    (_f, w) => {
      const runs = steps(w).filter((s) => typeof s.run === 'string');
      expect(runs.filter((s) => s.run!.includes('${{')).map((s) => s.run)).toEqual([]);
    },
  );

  it.each(all.map(([f, w]) => [f, w] as const))(
    '%s passes no plan JSON output to a later step (E2BIG with thousands of files)',
    (_f, w) => {
      const values = steps(w)
        .flatMap((s) => [...Object.values(s.env ?? {}), ...Object.values(s.with ?? {}), s.run ?? ''])
        .map(String);
      expect(values.filter((v) => /steps\.[\w-]+\.outputs\.plan\b/.test(v))).toEqual([]);
    },
  );

  it.each(all.map(([f, w]) => [f, w] as const))(
    '%s: a job with environment: does not also give the action a github-token for deploy/rollback (recorded twice)',
    (_f, w) => {
      for (const job of Object.values(w.jobs)) {
        if (!job.environment) continue;
        const ours = (job.steps ?? []).filter(
          (s) => s.uses && isOurs(s.uses) && ['deploy', 'rollback'].includes(String(s.with?.command ?? 'deploy')),
        );
        expect(ours.filter((s) => s.with?.['github-token'] !== undefined)).toEqual([]);
      }
    },
  );

  it('each copy-ready workflow uses the action; deploy and rollback share one group per target, backup has its own and waits on the lock', () => {
    for (const { w } of copyReady.values()) expect(steps(w).some((s) => s.uses && isOurs(s.uses))).toBe(true);
    const group = (f: string) => copyReady.get(f)!.w.concurrency!;
    expect(group('deploy.yml').group).toBe('gitops-deploy-production');
    expect(group('rollback.yml').group).toBe('gitops-deploy-${{ inputs.target }}');
    expect(group('backup.yml').group).toBe("gitops-backup-${{ inputs.target || 'production' }}");
    for (const f of ['deploy.yml', 'rollback.yml', 'backup.yml']) expect(group(f)['cancel-in-progress']).toBe(false);
    const backup = steps(copyReady.get('backup.yml')!.w).find((s) => s.uses && isOurs(s.uses))!;
    expect(Number(backup.with?.['lock-wait'])).toBeGreaterThan(0);
    expect(copyReady.get('backup.yml')!.text).toMatch(/drops?\s[\s\S]*queued/);
  });

  it("the README quick start uses deploy.yml's concurrency group", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /## Quick start\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    const quick = parse(block ?? '') as Workflow;
    expect(quick.concurrency).toEqual(copyReady.get('deploy.yml')!.w.concurrency);
  });

  it('deploy.yml: push to main, environment, command deploy', () => {
    const w = copyReady.get('deploy.yml')!.w;
    expect(w.on.push?.branches).toEqual(['main']);
    const job = Object.values(w.jobs)[0]!;
    expect(job.environment).toBeTruthy();
    expect(steps(w).find((s) => s.uses && isOurs(s.uses))?.with?.command).toBe('deploy');
  });

  it('rollback.yml: workflow_dispatch with target / to / restore-db passed to the action', () => {
    const w = copyReady.get('rollback.yml')!.w;
    expect(Object.keys(w.on.workflow_dispatch?.inputs ?? {}).sort()).toEqual(['restore-db', 'target', 'to']);
    const ours = steps(w).find((s) => s.uses && isOurs(s.uses))!;
    expect(ours.with).toMatchObject({
      command: 'rollback',
      target: '${{ inputs.target }}',
      to: '${{ inputs.to }}',
      'restore-db': '${{ inputs.restore-db }}',
    });
    expect(Object.values(w.jobs)[0]!.environment).toBe('${{ inputs.target }}');
  });

  it('backup.yml: schedule + manual, artifact upload, drill', () => {
    const w = copyReady.get('backup.yml')!.w;
    expect(w.on.schedule?.length).toBeGreaterThan(0);
    expect(w.on).toHaveProperty('workflow_dispatch');
    const ours = steps(w).find((s) => s.uses && isOurs(s.uses))!;
    expect(ours.with).toMatchObject({ command: 'backup', 'upload-artifact': 'true' });
    expect(String(ours.with?.drill)).toContain('inputs.drill');
  });

  it('plan.yml: pull_request, plan mode; the action posts the PR comment itself, nothing after it', () => {
    const { w } = copyReady.get('plan.yml')!;
    expect(w.on).toHaveProperty('pull_request');
    expect(w.permissions?.['pull-requests']).toBe('write');
    const all = steps(w);
    const ours = all.find((s) => s.uses && isOurs(s.uses))!;
    expect(ours.with).toMatchObject({ command: 'plan', comment: 'true', 'github-token': '${{ github.token }}' });
    expect(all.indexOf(ours)).toBe(all.length - 1);
  });

  it("this repository's workflows self-test the action with `uses: ./` in plan mode", () => {
    const own = workflows('.github/workflows').flatMap(([, w]) => steps(w));
    expect(own.some((s) => s.uses === './' && s.with?.command === 'plan')).toBe(true);
  });
});
