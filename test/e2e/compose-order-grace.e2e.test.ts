/**
 * Issue #9 on real compose v2 over the harness sshd, busybox compose-app fixture plus two services
 * of an override file: a task's `before: [nginx]` (collectstatic writes the static file, then nginx
 * restarts and reads it), a compose variable from the committed docker/.env (changing only its
 * value recreates the service that uses it), and `stop_grace` reaching compose and docker: a
 * service whose TERM handler needs 3 s is killed after the configured 1 s on a recreate, and a
 * removed service is stopped with its `stop_grace_period` (30 s) instead of being killed at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

const NGINX = `  nginx:
    volumes:
      - ../media:/media
    # what nginx would serve: the static file collectstatic wrote, read when it (re)starts
    command: ["sh", "-c", "cat /media/collected.css > /media/nginx-saw.css 2>/dev/null; trap 'exit 0' TERM INT; sleep 100000 & wait $$!"]
`;

/** a TERM handler that needs 3 s, then leaves a marker; stop_grace_period 30 s would let it finish */
const SLOWSTOP = `  slowstop:
    image: \${FIXTURE_BASE_IMAGE:-gitops-fixture-base:latest}
    network_mode: none
    stop_grace_period: 30s
    environment:
      GREETING: \${GREETING:?GREETING is set in docker/.env}
    volumes:
      - ../media:/media
    command: ["sh", "-c", "echo $$GREETING > /media/greeting.txt; trap 'sleep 3; touch /media/stopped-cleanly-$$GREETING; exit 0' TERM; sleep 100000 & wait $$!"]
`;

const COLLECTSTATIC = 'collectstatic: {service: web, command: "echo collectstatic"}';
const HELD = 'collectstatic: {service: web, command: "cat /app/app/static/app.css > /app/media/collected.css", before: [nginx]}';
const FIXTURE_DOCKERIGNORE = readFileSync(new URL('../fixtures/compose-app/.dockerignore', import.meta.url), 'utf8');

describe.runIf(ready)('task order, compose .env interpolation and stop grace (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdord', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    composeServices: '{slowstop: {stop_grace: 1s}}',
    editConfig: (yaml) => yaml.replace(COLLECTSTATIC, HELD),
    files: {
      'docker/e2e.yml': `services:\n${NGINX}${SLOWSTOP}`,
      'docker/.env': 'GREETING=one\n',
      // docker/.env feeds interpolation only: not part of the images' build context
      '.dockerignore': `${FIXTURE_DOCKERIGNORE}**/.env\n`,
    },
  });
  const media = (...p: string[]) => ctx.site.at('shared', 'media', ...p);
  const read = (file: string) => readFileSync(media(file), 'utf8').trim();
  const containersOf = async (service: string) => (await projectContainers(ctx.project)).filter((c) => c.service === service);

  it('static change: collectstatic runs before nginx restarts, so nginx reads the new file', async () => {
    expect(read('greeting.txt')).toBe('one');
    await ctx.site.repo.commit('static', { 'app/static/app.css': 'body { color: rebeccapurple; }\n' });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ build: ['web'], restart: ['nginx'], tasks: ['collectstatic'], afterTasks: ['nginx'] });
    expect(read('collected.css')).toContain('rebeccapurple');
    // nginx read it when it restarted: the task ran first (nginx restarted before it would read the old file)
    expect(read('nginx-saw.css')).toContain('rebeccapurple');
  });

  it('only docker/.env changes: the service using the variable is recreated with the new value, its grace passed as --timeout', async () => {
    const [old] = await containersOf('slowstop');
    await ctx.site.repo.commit('greeting', { 'docker/.env': 'GREETING=two\n' });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ build: [], recreate: ['slowstop'], restart: [], tasks: [], stopGrace: { slowstop: 1 } });
    const [now] = await containersOf('slowstop');
    expect(now!.id).not.toBe(old!.id);
    expect(read('greeting.txt')).toBe('two');
    expect((await docker(['inspect', '--format', '{{json .Config.Env}}', now!.id])).stdout).toContain('GREETING=two');
    // killed after 1 s (--timeout 1): its 3 s TERM handler never finished; stop_grace_period (30 s) would have let it
    expect(existsSync(media('stopped-cleanly-one'))).toBe(false);
  });

  it('a service removed from compose is stopped with its stop_grace_period before it is removed', async () => {
    const config = readFileSync(join(ctx.site.repo.dir, '.github', 'deploy.yml'), 'utf8').replace(
      ', services: {slowstop: {stop_grace: 1s}}',
      '',
    );
    await ctx.site.repo.commit('drop slowstop', { 'docker/e2e.yml': `services:\n${NGINX}`, '.github/deploy.yml': config });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ remove: ['slowstop'], stopGrace: { slowstop: 30 } });
    expect(await containersOf('slowstop')).toEqual([]);
    // docker stop -t 30: the TERM handler ran to its end (docker rm -f alone would have killed it at once)
    expect(existsSync(media('stopped-cleanly-two'))).toBe(true);
  });
});
