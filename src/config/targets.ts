/** The `targets` section: where and how to deploy (a union on `strategy`). */
import * as z from 'zod';
import { composeBackupSchema, passengerBackupSchema, swarmBackupSchema } from './backup.js';
import { buildSchema } from './build.js';
import {
  absoluteDirectory,
  anyPath,
  command,
  described,
  duration,
  durationOrZero,
  globList,
  integer,
  port,
  relativePath,
  relativePathList,
  protectedPathList,
  sshHost,
  sshHostWithPort,
  umask,
} from './fields.js';
import { DEFAULT_UMASK } from '../transport/modes.js';
import { composeHealthSchema, passengerHealthSchema, swarmHealthSchema } from './health.js';
import { PROJECT_PATTERN } from './fields.js';

const strategyExpected = 'expected "compose", "passenger" or "swarm"';
const mapping = { error: 'expected a mapping' };

const BATCH_EXPECTED = 'expected a number of hosts (1 or more) or a percentage like "30%" (1% to 100%)';

const rollingSchema = described(
  z
    .strictObject(
      {
        batch: described(
          z
            .union(
              [
                z.int({ error: BATCH_EXPECTED }).min(1, { error: BATCH_EXPECTED }).max(1000, { error: BATCH_EXPECTED }),
                z.string({ error: BATCH_EXPECTED }).regex(/^(100|[1-9][0-9]?)%$/, { error: BATCH_EXPECTED }),
              ],
              { error: BATCH_EXPECTED },
            )
            .default(1),
          'Hosts deployed at a time: a number, or a percentage of the hosts (rounded up, at least 1). Default 1.',
        ),
        pause: described(durationOrZero('0s'), 'Wait between two batches, e.g. "10s". Default "0s".'),
      },
      mapping,
    )
    .prefault({}),
  'How a deploy rolls over `hosts`: batches in order, the pause between them. A failure stops the rollout and puts the hosts already switched back.',
);

/** Keys every strategy accepts. */
const commonShape = {
  host: described(sshHost().optional(), 'SSH destination as user@host; the host may be an [IPv6] literal. Exactly one of host and hosts.'),
  hosts: described(
    z
      .array(sshHostWithPort(), { error: 'expected a list of user@host[:port]' })
      .min(1, { error: 'expected at least one host' })
      .meta({ uniqueItems: true })
      .optional(),
    'Several hosts running the same app (user@host or user@host:port; port defaults to `port`), deployed in rolling batches. Exactly one of host and hosts.',
  ),
  primary: described(
    sshHostWithPort().optional(),
    'With `hosts`: the host that takes the pre-deploy backup and runs the tasks (migrations), first in the rollout. Must be one of `hosts`. Default: the first.',
  ),
  rolling: rollingSchema,
  port: described(port().default(22), 'SSH port. Default 22.'),
  path: described(absoluteDirectory(), 'Absolute deploy directory on the host (not "/").'),
  layout: described(
    z.enum(['releases', 'in-place'], { error: 'expected "releases" or "in-place"' }).default('releases'),
    '"releases": each deploy goes to <path>/releases/<id> and <path>/current is switched atomically; "in-place": files are synced into <path> directly. Default "releases".',
  ),
  keep_releases: described(
    integer(1, 100, 'a number of releases').default(5),
    'Releases kept for rollback (layout "releases"). Default 5.',
  ),
  shared: described(
    // repeats: also in the JSON schema; entries containing one another: the loader only (target-checks.ts)
    protectedPathList().meta({ uniqueItems: true }).default([]),
    'Protected paths (relative to the app; a trailing "/" marks a directory): kept in <path>/shared, linked into each release, never deleted or overwritten by a deploy. Entries must not repeat or contain one another.',
  ),
  exclude: described(relativePathList().default([]), 'Extra rsync exclude patterns, added to the built-in defaults.'),
  umask: described(
    umask().default(DEFAULT_UMASK),
    'umask of everything a deploy writes on the host (remote shell and rsync): a quoted octal string that masks group and other write. Default "022": files 644 (755 when executable), directories 755.',
  ),
  lock_ttl: described(
    duration('2m'),
    'How long the deploy lock holder\'s heartbeat (every lock_ttl/6, 1 to 10 s) may be silent before the holder counts as dead and the next run breaks its lock, with a warning naming it. Default "2m".',
  ),
};

export const composeTargetSchema = z.strictObject(
  {
    strategy: described(z.literal('compose', { error: strategyExpected }), 'How the app runs on the host.'),
    ...commonShape,
    backup: composeBackupSchema.optional(),
    health: composeHealthSchema,
    build: buildSchema.optional(),
  },
  mapping,
);

const frontendSchema = described(
  z.strictObject(
    {
      build: described(command(), 'Build command, run on the runner in the repository root.'),
      dist: described(relativePath('a repo-relative directory'), 'Directory the build writes (repo-relative).'),
      public_html: described(
        absoluteDirectory(),
        'Absolute web root on the host the build output is synced to (with --delete): not "/", and outside `path` (neither equal to it, inside it, nor containing it).',
      ),
      paths: described(globList().optional(), 'Globs that trigger a frontend build and sync; when omitted it runs on every deploy.'),
      protect: described(protectedPathList().default([]), 'Paths in public_html never deleted or overwritten (e.g. ".htaccess").'),
    },
    mapping,
  ),
  'Static frontend built on the runner and synced to the web root.',
);

export const passengerTargetSchema = z.strictObject(
  {
    strategy: described(z.literal('passenger', { error: strategyExpected }), 'How the app runs on the host.'),
    ...commonShape,
    backup: passengerBackupSchema.optional(),
    health: passengerHealthSchema,
    app_root: described(
      relativePath('a relative directory').default('.'),
      'Passenger application root, relative to the deployed tree. Default ".".',
    ),
    venv: described(
      anyPath('a virtualenv directory').default('venv'),
      'Python virtualenv: relative to `path` or absolute. Default "venv".',
    ),
    requirements: described(
      relativePath('a relative file path').default('requirements.txt'),
      'pip requirements file, relative to app_root. Default "requirements.txt".',
    ),
    python: described(
      command('expected a python interpreter (name or path)').optional(),
      'Interpreter that creates `venv` (`<python> -m venv`) when it is missing. Default "python3".',
    ),
    pip_args: described(
      z.array(command('expected a pip argument'), { error: 'expected a list of pip arguments' }).optional(),
      'Extra arguments for `pip install -r <requirements>` (run in app_root), e.g. ["--no-index", "--find-links", "wheels"].',
    ),
    restart: described(
      z.enum(['touch', 'passenger-config'], { error: 'expected "touch" or "passenger-config"' }).default('touch'),
      '"touch": touch <app_root>/tmp/restart.txt; "passenger-config": run `passenger-config restart-app`. Default "touch".',
    ),
    frontend: frontendSchema.optional(),
  },
  mapping,
);

const STACK_EXPECTED = `expected a stack name matching ${PROJECT_PATTERN.source}`;

/** Docker Swarm: `host` is a manager; the images come from `build:`'s registry (swarm nodes pull them). */
export const swarmTargetSchema = z.strictObject(
  {
    strategy: described(z.literal('swarm', { error: strategyExpected }), 'How the app runs on the host.'),
    ...commonShape,
    stack: described(
      z.string({ error: STACK_EXPECTED }).regex(PROJECT_PATTERN, { error: STACK_EXPECTED }),
      'Swarm stack name (`docker stack deploy ... <stack>`); its services are named <stack>_<service>.',
    ),
    backup: swarmBackupSchema.optional(),
    nodes: described(
      z
        .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected a node hostname or node ID' }), sshHostWithPort(), {
          error: 'expected a mapping of node hostname or ID to user@host[:port]',
        })
        .default({}),
      'SSH addresses of the swarm nodes other than the manager, by node hostname or node ID (`docker node ls`): where a `backup.service` task may run. Default: none (the database task must run on the manager).',
    ),
    health: swarmHealthSchema,
    build: described(buildSchema.optional(), 'Required for strategy "swarm": the images are built once and pushed; every node pulls them.'),
  },
  mapping,
);

export const targetSchema = described(
  z.discriminatedUnion('strategy', [composeTargetSchema, passengerTargetSchema, swarmTargetSchema], { error: strategyExpected }),
  'A deploy destination.',
);
