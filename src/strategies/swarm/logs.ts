/** Runner: `docker service logs` on the manager of each service of a stack (or one), one after the other. */
import { checkServices } from '../../apply/compose-command.js';
import { UserError } from '../../core/errors.js';
import type { Executor } from '../../transport/types.js';
import { serviceLogsArgs, serviceName } from './commands.js';
import { stackServiceNames } from './run.js';

/** Each line names its task and node (`<stack>_<service>.<n>.<task id>@<node> | …`). */
export async function swarmLogs(exec: Executor, stack: string, o: { service?: string; since?: string; tail: number }): Promise<string> {
  if (o.service) checkServices([o.service]);
  const names = o.service ? [serviceName(stack, o.service)] : await stackServiceNames(exec, stack);
  if (names.length === 0) throw new UserError(`logs: stack ${stack} has no service on the swarm (not deployed yet?)`);
  let text = '';
  for (const name of names) {
    const r = await exec.run(serviceLogsArgs(name, o), { allowFailure: true });
    if (r.code !== 0)
      throw new UserError(
        `docker service logs ${name} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`,
      );
    text += r.stdout + r.stderr;
  }
  return text;
}
