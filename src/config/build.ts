/** A compose target's `build:` — images built once (on the runner or the primary host), pushed to a registry, pulled by every host. */
import * as z from 'zod';
import { isRecord, type CrossIssue } from './cross-issue.js';
import { described } from './fields.js';

const mapping = { error: 'expected a mapping' };

/** `host[:port][/prefix]`, lowercase as image references require; no scheme, no trailing slash. */
export const REGISTRY_PATTERN = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
/** A repository path of an image reference (docker's rules: lowercase components separated by `/`). */
export const REPOSITORY_PATTERN = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const USERNAME_PATTERN = /^[^\s-][^\s]*$/;

const REGISTRY_EXPECTED =
  'expected a registry as host:port or host:port/prefix, lowercase, without a scheme (e.g. "registry.example.com:5000")';
const REPOSITORY_EXPECTED = 'expected a lowercase repository path like "myapp" or "team/myapp"';

export const buildSchema = described(
  z.strictObject(
    {
      on: described(
        z.enum(['host', 'runner'], { error: 'expected "host" or "runner"' }),
        '"runner": the images are built where gitops-deploy runs (local docker); "host": on the primary host, in the uploaded release directory (layout "releases" only).',
      ),
      registry: described(
        z.string({ error: REGISTRY_EXPECTED }).regex(REGISTRY_PATTERN, { error: REGISTRY_EXPECTED }),
        'Registry the images are pushed to and pulled from: host:port, optionally followed by /prefix.',
      ),
      repository: described(
        z.string({ error: REPOSITORY_EXPECTED }).regex(REPOSITORY_PATTERN, { error: REPOSITORY_EXPECTED }).optional(),
        'Repository under the registry; each service is pushed as <registry>/<repository>/<service>:release-<sha12>. Default: compose.project.',
      ),
      username: described(
        z
          .string({ error: 'expected a user name' })
          .regex(USERNAME_PATTERN, { error: 'expected a user name (no spaces, not starting with "-")' })
          .optional(),
        'Registry user for `docker login --password-stdin`; the password comes only from the secret GITOPS_REGISTRY_PASSWORD / input registry-password. Without it, no login (an open registry).',
      ),
    },
    mapping,
  ),
  'Build the planned services once, push them to a registry and let every host pull them (no build on the hosts). Without it, each host builds its own images.',
);

export type BuildConfig = z.output<typeof buildSchema>;

/** The repository the images go to under the registry: build.repository, else the compose project. */
export const buildRepository = (build: BuildConfig, project: string | undefined): string | undefined => build.repository ?? project;

/** `build.on: host` builds in the primary's release directory before any host changes: only the releases layout has one. */
export function buildIssues(name: string, target: Record<string, unknown>): CrossIssue[] {
  const { build, layout } = target;
  if (!isRecord(build) || build.on !== 'host' || layout !== 'in-place') return [];
  return [
    {
      path: ['targets', name, 'build', 'on'],
      message:
        '"host" needs layout "releases" (the build runs in the new release directory on the primary before any host changes); use on: runner with layout in-place',
    },
  ];
}

/** `strategy: swarm` needs `build:` (nodes pull from its registry), one manager as `host`, and the releases layout (stack deploy runs in a release directory). */
export function swarmIssues(name: string, target: Record<string, unknown>): CrossIssue[] {
  if (target.strategy !== 'swarm') return [];
  const at = (key: string): (string | number)[] => ['targets', name, key];
  const issues: CrossIssue[] = [];
  if (target.build === undefined)
    issues.push({
      path: at('build'),
      message:
        'strategy "swarm" needs `build:` with a registry (swarm nodes pull the images from it): e.g. build: {on: runner, registry: "registry.example.com:5000"}',
    });
  if (target.hosts !== undefined)
    issues.push({ path: at('hosts'), message: 'strategy "swarm" deploys through one manager: give it as `host`, not `hosts`' });
  if (target.layout === 'in-place')
    issues.push({ path: at('layout'), message: 'strategy "swarm" needs layout "releases" (stack deploy runs in the release directory)' });
  const backup = target.backup as Record<string, unknown> | undefined;
  if (backup?.service !== undefined && backup.password_env_file !== undefined)
    issues.push({
      path: [...at('backup'), 'password_env_file'],
      message:
        "a swarm backup.service dump runs in the task of that service, on its node: give the password as the db-password secret, or as password_env in the service's own environment (no password_env_file)",
    });
  return issues;
}
