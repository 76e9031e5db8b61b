import type { Executor } from '../transport/types.js';
import { projectContainersArgs, type ComposeInvocation } from '../apply/compose-command.js';

export type HealthVerdict = { state: 'ok' } | { state: 'waiting'; detail: string } | { state: 'failed'; detail: string };

/** Judges `docker inspect` lines "<name> <status> <health|none>" (pure). */
export function judgeContainers(lines: string[]): HealthVerdict {
  const waiting: string[] = [];
  for (const line of lines) {
    const [name = '?', status = '', health = 'none'] = line.trim().split(/\s+/);
    if (status === 'exited' || status === 'dead' || health === 'unhealthy') return { state: 'failed', detail: `${name.replace(/^\//, '')} is ${health === 'unhealthy' ? 'unhealthy' : status}` };
    if (status !== 'running' || (health !== 'healthy' && health !== 'none')) waiting.push(`${name.replace(/^\//, '')} ${status}/${health}`);
  }
  return waiting.length === 0 ? { state: 'ok' } : { state: 'waiting', detail: waiting.join(', ') };
}

const FORMAT = '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}';

/** Waits until every container of the services runs and is healthy (when it has a healthcheck). */
export async function waitForContainers(
  exec: Executor,
  inv: ComposeInvocation,
  services: readonly string[],
  timeoutMs: number,
  pollMs = 1000,
): Promise<void> {
  if (services.length === 0) return;
  const ids: string[] = [];
  for (const s of services) {
    const found = (await exec.run(projectContainersArgs(inv.project, s))).stdout.split('\n').filter(Boolean);
    if (found.length === 0) throw new Error(`service ${s} has no container after up`);
    ids.push(...found);
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await exec.run(['docker', 'inspect', '--format', FORMAT, ...ids]);
    const verdict = judgeContainers(out.stdout.split('\n').filter(Boolean));
    if (verdict.state === 'ok') return;
    if (verdict.state === 'failed') throw new Error(`health check failed: ${verdict.detail}`);
    if (Date.now() >= deadline) throw new Error(`health check timed out after ${Math.round(timeoutMs / 1000)} s: ${verdict.detail}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
