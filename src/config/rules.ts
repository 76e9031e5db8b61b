/** The `rules` and `tasks` sections: which changed files cause which actions. */
import * as z from 'zod';
import { bool, command, described, globList, name, serviceList } from './fields.js';

/** Rule names the planner uses for its own reasons; a user rule must not reuse them. */
export const RESERVED_RULE_NAMES = [
  'compose',
  'build-context',
  'bind-mount',
  'env_file',
  'task-paths',
  'unknown-from',
  'app-code',
  'shared-image',
  'linked-service',
  'compose-content',
];

/** Built-in steps of passenger targets, planned as tasks under these names (a user task must not reuse them). */
export const PASSENGER_TASK_NAMES = { pip: 'pip-install', frontend: 'frontend' } as const;

const ACTION_KEYS = ['build', 'recreate', 'restart', 'tasks'] as const;
const mapping = { error: 'expected a mapping' };

const ruleName = name('rule').refine((n) => !RESERVED_RULE_NAMES.includes(n), {
  error: `expected a rule name other than the reserved ${RESERVED_RULE_NAMES.map((n) => `"${n}"`).join(', ')}`,
});

export const ruleSchema = z
  .strictObject(
    {
      name: described(ruleName, 'Rule name, shown in plans as the reason of an action.'),
      paths: described(globList(), 'Repo-relative glob patterns (picomatch) of the files this rule decides.'),
      build: described(serviceList().optional(), 'Services whose image is rebuilt (a list, or "all").'),
      recreate: described(serviceList().optional(), 'Services whose containers are recreated (a list, or "all").'),
      restart: described(serviceList().optional(), 'Services restarted without recreation (a list, or "all").'),
      no_cache: described(bool().optional(), 'Build the `build` services without the layer cache.'),
      tasks: described(
        z.array(name('task'), { error: 'expected a list of task names' }).optional(),
        'Tasks (from `tasks`) to run after the services are up.',
      ),
      ignore: described(bool().optional(), 'Matching files need no action at all.'),
    },
    mapping,
  )
  .superRefine(
    (rule, ctx) => {
      const actions = ACTION_KEYS.filter((k) => rule[k] !== undefined);
      if (rule.ignore && actions.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['ignore'], message: `ignore: true cannot be combined with ${actions.join(', ')}` });
      } else if (!rule.ignore && actions.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: 'a rule needs at least one of build, recreate, restart, tasks, or ignore: true',
        });
      }
      if (rule.no_cache && rule.build === undefined) {
        ctx.addIssue({ code: 'custom', path: ['no_cache'], message: 'no_cache: true needs build in the same rule' });
      }
    },
    { when: (payload) => payload.issues.length === 0 },
  )
  // the same checks for editors (the JSON schema): what the loader refuses, the schema refuses
  .meta({ allOf: ruleJsonChecks() });

/** JSON schema form of the superRefine above: ignore excludes the actions, else one is needed; no_cache needs build. */
function ruleJsonChecks(): Record<string, unknown>[] {
  const anyAction = { anyOf: ACTION_KEYS.map((k) => ({ required: [k] })) };
  const isTrue = (key: string) => ({ properties: { [key]: { const: true } }, required: [key] });
  return [
    { if: isTrue('ignore'), then: { not: anyAction }, else: anyAction },
    { if: isTrue('no_cache'), then: { required: ['build'] } },
  ];
}

export const rulesSchema = described(
  z.array(ruleSchema, { error: 'expected a list of rules' }).default([]),
  'Checked top to bottom; the first rule whose paths match a changed file decides what that file causes.',
);

const taskName = name('task').refine((n) => !/^[0-9]+$/.test(n), {
  error: 'expected a task name that is not only digits (declaration order must be kept)',
});

export const taskSchema = z.strictObject(
  {
    service: described(
      name('service').optional(),
      'Compose service the command runs in (required when a compose or swarm target exists; swarm runs the command as a one-off job from the new image of that service, with its networks and environment). Passenger targets run the command on the host in app_root with the virtualenv active.',
    ),
    command: described(command(), 'Command to run (through the shell of the container).'),
    paths: described(
      globList().optional(),
      'Run this task whenever a changed file matches one of these globs (in addition to rules naming it).',
    ),
    first_deploy: described(
      bool().optional(),
      'On a first deploy (nothing deployed yet, or the deployed revision is unknown): true runs the task, false does not. Default: it runs when its service is deployed (passenger: always).',
    ),
    before: described(
      z.array(name('service'), { error: 'expected a list of service names' }).optional(),
      'Compose services this task runs before: when the deploy also recreates or restarts one of them, that happens after the tasks (e.g. collectstatic before nginx).',
    ),
  },
  mapping,
);

export const tasksSchema = described(
  z.record(taskName, taskSchema, { error: 'expected a mapping of task names to tasks' }).default({}),
  'One-off commands in declaration order: after the services are up (compose), before the switch (passenger), as a swarm job before the services change (swarm).',
);
