/** Scripts that read a stack's services (the swarm strategy's checks and `status`). */
import { shellJoin } from '../transport/quote.js';

/** sh: `<name> <UpdateStatus as JSON>` of each service of the stack, one a line (nothing when the stack has none). */
export const stackUpdateStatusScript = (stack: string): string =>
  `ids=$(${shellJoin(['docker', 'service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`])})\n` +
  `[ -z "$ids" ] || ${shellJoin(['docker', 'service', 'inspect', '--format', '{{.Spec.Name}} {{json .UpdateStatus}}'])} $ids\n`;

/** `docker service ls` of a stack's services, one line each in `format`. */
const stackServiceLs = (stack: string, format: string): string[] => [
  'docker',
  'service',
  'ls',
  '--filter',
  `label=com.docker.stack.namespace=${stack}`,
  '--format',
  format,
];

/** The services of a stack as `status` lists them: `<name> <mode> <running>/<desired> <image>` a line (image without digest). */
export const stackStatusArgs = (stack: string): string[] => stackServiceLs(stack, '{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}}');

/** The services of a stack, one `<name> <spec image>` a line (none: the stack does not exist yet). */
export const stackServicesArgs = (stack: string): string[] => stackServiceLs(stack, '{{.Name}} {{.Image}}');
