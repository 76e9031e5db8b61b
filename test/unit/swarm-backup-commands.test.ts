/**
 * Pure builders and readers of the backup through a swarm stack service's task (backup/swarm-task.ts,
 * the receive script, the relay's ssh argv), on literals; the locate script runs against a stub docker.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sshHostWithPort } from '../../src/config/fields.js';
import { UserError } from '../../src/core/errors.js';
import { shScriptArgv } from '../../src/backup/relay.js';
import {
  locateTaskScript,
  nodeAddress,
  parseTaskLocation,
  removeStagingScript,
  stagingDirScript,
  type DbTask,
} from '../../src/backup/swarm-task.js';

const NODE = 'n0de2wrk2xxxxxxxxxxxxxxxx';
const SELF = 'm4nagerxxxxxxxxxxxxxxxxxx';
const CID = '0123456789abcdef0123456789abcdef';
const TASK: DbTask = {
  service: 'app_db',
  task: 'tsk1aaaaaaaaaaaaaaaaaaaaa',
  node: NODE,
  hostname: 'worker2',
  addr: '10.0.0.12',
  container: CID,
  onManager: false,
};

describe('locating the database task', () => {
  let bin = '';
  beforeAll(async () => {
    bin = await mkdtemp(join(tmpdir(), 'gd-swarm-locate-'));
    // a manager's docker: the service list, its tasks (one failed, one running), the task, the node, itself
    const stub = `#!/bin/sh
case "$1 $2" in
  "service ls") printf '%s\\n' $GD_SERVICES ;;
  "service ps") printf 'tskoldxxxxxxxxxxxxxxxxxxx Failed 1 minute ago\\ntsk1aaaaaaaaaaaaaaaaaaaaa Running 5 seconds ago\\n' ;;
  "inspect --format") echo "${NODE} ${CID}" ;;
  "node inspect") echo "10.0.0.12 worker2" ;;
  "info --format") echo "$GD_SELF" ;;
  *) echo "unexpected: $*" >&2; exit 1 ;;
esac
`;
    await writeFile(join(bin, 'docker'), stub);
    await chmod(join(bin, 'docker'), 0o755);
  });
  afterAll(async () => {
    if (bin) await rm(bin, { recursive: true, force: true });
  });
  const locate = (services: string, self = SELF) => {
    const out = execFileSync('sh', ['-c', locateTaskScript('app_db')], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GD_SERVICES: services, GD_SELF: self },
      encoding: 'utf8',
    });
    return parseTaskLocation('app_db', out, 'no verdict');
  };

  it('the script names the service exactly and reads the running task, its node and container', () => {
    const s = locateTaskScript('app_db');
    expect(s).toContain("docker service ls --filter name=app_db --format '{{.Name}}'");
    expect(s).toContain('grep -Fqx -e app_db');
    expect(s).toContain("docker service ps --no-trunc --filter desired-state=running --format '{{.ID}} {{.CurrentState}}' app_db");
    expect(s).toContain(`docker inspect --format '{{.NodeID}} {{.Status.ContainerStatus.ContainerID}}' "$gd_task"`);
    expect(s).toContain(`docker node inspect --format '{{.Status.Addr}} {{.Description.Hostname}}' "$gd_node"`);
  });

  it('finds the Running task (not the failed one) on a worker', () => {
    expect(locate('app_web app_db')).toEqual({ state: 'present', ...TASK });
  });

  it('on the manager itself: onManager', () => {
    expect(locate('app_db', NODE)).toMatchObject({ state: 'present', onManager: true });
  });

  it('a service that does not exist (only a longer name does) is absent', () => {
    expect(locate('app_web app_dbx')).toEqual({ state: 'absent', reason: 'swarm service app_db does not exist' });
  });

  it('reads verdicts without a task line, and no output at all', () => {
    expect(parseTaskLocation('app_db', 'GD_DB unknown no running task (swarm service app_db)\n', 'x')).toEqual({
      state: 'unknown',
      reason: 'no running task (swarm service app_db)',
    });
    expect(parseTaskLocation('app_db', '', 'exit 255')).toEqual({ state: 'unknown', reason: 'exit 255' });
    expect(parseTaskLocation('app_db', 'GD_DB present\n', 'x')).toMatchObject({ state: 'unknown' });
  });
});

describe("the node's SSH address", () => {
  it('by node ID first, then by hostname; the port of the entry, else the target port', () => {
    expect(nodeAddress({ [NODE]: 'deploy@10.0.0.12:2222', worker2: 'other@h' }, TASK, 22, 'prod')).toEqual({
      host: 'deploy@10.0.0.12',
      port: 2222,
    });
    expect(nodeAddress({ worker2: 'deploy@w2.example.com' }, TASK, 2200, 'prod')).toEqual({ host: 'deploy@w2.example.com', port: 2200 });
  });

  it('a node without an entry: a UserError naming the node, its address and the key to set', () => {
    const run = () => nodeAddress({ worker1: 'deploy@10.0.0.11' }, TASK, 22, 'prod');
    expect(run).toThrow(UserError);
    expect(run).toThrow(
      `the database task of app_db runs on node worker2 (${NODE}, address 10.0.0.12), not on the manager, and targets.prod.nodes has no SSH address for it: add one, e.g. nodes: {worker2: deploy@10.0.0.12}`,
    );
  });

  it('a node advertising an IPv6 address: the suggested nodes entry is one the config takes (brackets, quoted in the flow mapping)', () => {
    const v6: DbTask = { ...TASK, addr: '2001:db8::12' };
    let message = '';
    try {
      nodeAddress({}, v6, 22, 'prod');
    } catch (e) {
      message = (e as Error).message;
    }
    const snippet = /e\.g\. (nodes: \{.*\}) \(or pin/.exec(message)?.[1];
    expect(snippet, message).toBe('nodes: {worker2: "deploy@[2001:db8::12]"}');
    const entry = (parse(snippet!) as { nodes: Record<string, string> }).nodes.worker2!;
    expect(sshHostWithPort().safeParse(entry).success).toBe(true);
    expect(nodeAddress({ worker2: entry }, v6, 22, 'prod')).toEqual({ host: 'deploy@[2001:db8::12]', port: 22 });
  });
});

describe('staging on the node, the relay', () => {
  it('a private mktemp -d directory, removed by its exact path only', () => {
    expect(stagingDirScript()).toBe('umask 077\nmktemp -d "${TMPDIR:-/var/tmp}/gitops-backup.XXXXXX"');
    expect(removeStagingScript('/var/tmp/gitops-backup.Ab12Cd')).toBe('rm -rf -- /var/tmp/gitops-backup.Ab12Cd');
    for (const bad of ['', '/', '/var/tmp', '/var/tmp/other.Ab12', 'rel/gitops-backup.Ab12', "/tmp/gitops-backup.x'; rm -rf /"])
      expect(() => removeStagingScript(bad)).toThrow(/not a staging directory/);
  });

  it('the receiving end runs the script with sh -c, quoted as one remote command', () => {
    const argv = shScriptArgv({ sshArgs: ['-p', '22'], remote: { user: 'deploy', host: 'm1', port: 22 } }, "echo 'hi'");
    expect(argv).toEqual(['-p', '22', 'deploy@m1', "sh -c 'echo '\\''hi'\\'''"]);
  });
});
