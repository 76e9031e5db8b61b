/**
 * `gitops-deploy logs` on a real compose project over a real sshd: the lines of one service (or
 * all), the last N, since a duration; compose v2 (detected) and v1 (configured).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { buildBusyboxBaseImage, compose, dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + docker', sshdAvailable() && (await dockerAvailable()));
const project = uniqueProject('gdlogs');

const service = (name: string, lines: number) =>
  `  ${name}:\n    image: \${FIXTURE_BASE_IMAGE}\n    network_mode: none\n` +
  `    command: ["sh", "-c", "for i in $$(seq 1 ${lines}); do echo ${name}-line-$$i; done; exec sleep 3600"]\n`;

describe.runIf(ready)('logs (compose) on the e2e harness', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};
  const logs = (config: string, ...args: string[]) => runCli(['logs', '--config', join(tmp, config), '--target', 'vps', ...args], env);

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-logs');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    const image = await buildBusyboxBaseImage();
    const current = join(tmp, 'app', 'current');
    await mkdir(current, { recursive: true });
    await writeFile(join(current, 'docker-compose.yml'), `version: "2.4"\nservices:\n${service('web', 5)}${service('worker', 3)}`);
    await writeFile(join(current, '.env'), `FIXTURE_BASE_IMAGE=${image}\n`);
    await compose({ cwd: current, project, file: 'docker-compose.yml' }, ['up', '-d']);
    const target = `targets:\n  vps: {strategy: compose, host: root@127.0.0.1, port: ${sshd.port}, path: ${join(tmp, 'app')}}\n`;
    await writeFile(join(tmp, 'v2.yml'), `version: 1\ncompose: {project: ${project}}\n${target}`);
    await writeFile(join(tmp, 'v1.yml'), `version: 1\ncompose: {project: ${project}, command: docker-compose}\n${target}`);
    // the containers have printed their lines
    for (let i = 0; i < 50 && !(await logs('v1.yml')).stdout.includes('worker-line-3'); i++) await new Promise((r) => setTimeout(r, 200));
  }, 120_000);

  afterAll(async () => {
    await removeProject(project).catch(() => undefined);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('v2 (detected): --service web --tail 2 → the last two lines of web only', async () => {
    const r = await logs('v2.yml', '--service', 'web', '--tail', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/web-line-4[\s\S]*web-line-5/);
    expect(r.stdout).not.toMatch(/web-line-3|worker-line/);
  }, 60_000);

  it('v2: --since 1h --json → every service, the lines in the report', async () => {
    const r = await logs('v2.yml', '--since', '1h', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.logs).toContain('web-line-1');
    expect(r.json.logs).toContain('worker-line-3');
  }, 60_000);

  it('v1 (configured): all services; --since is refused with the reason (exit 2)', async () => {
    const r = await logs('v1.yml');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('web-line-5');
    expect(r.stdout).toContain('worker-line-1');
    const since = await logs('v1.yml', '--since', '10m');
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/--since needs compose v2/);
  }, 60_000);

  it('a --tail that is not a number → exit 2 before anything runs', async () => {
    const r = await logs('v2.yml', '--tail', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--tail: expected a number of lines/);
  }, 60_000);
});
