/** The `targets` section: where and how to deploy (a union on `strategy`). */
import * as z from 'zod';
import { composeBackupSchema, passengerBackupSchema } from './backup.js';
import {
  absoluteDirectory,
  anyPath,
  command,
  described,
  duration,
  globList,
  integer,
  port,
  relativePath,
  relativePathList,
  sshHost,
  umask,
} from './fields.js';
import { DEFAULT_UMASK } from '../transport/modes.js';
import { composeHealthSchema, passengerHealthSchema } from './health.js';

const strategyExpected = 'expected "compose" or "passenger"';
const mapping = { error: 'expected a mapping' };

/** Keys every strategy accepts. */
const commonShape = {
  host: described(sshHost(), 'SSH destination as user@host; the host may be an [IPv6] literal.'),
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
    relativePathList().meta({ uniqueItems: true }).default([]),
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
      protect: described(relativePathList().default([]), 'Paths in public_html never deleted or overwritten (e.g. ".htaccess").'),
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

export const targetSchema = described(
  z.discriminatedUnion('strategy', [composeTargetSchema, passengerTargetSchema], { error: strategyExpected }),
  'A deploy destination.',
);
