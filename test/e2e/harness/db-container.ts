/**
 * A real MariaDB server in a compose service, without a registry: the image is empty but for the
 * merged-/usr symlinks (/bin → usr/bin, /lib → usr/lib, ...) and the service bind-mounts this
 * machine's /usr read-only, so the container runs the host's own mariadbd, mysql and mysqldump
 * binaries in its own namespaces, with its data in a named volume of the compose project.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalExecutor } from '../../unit/helpers/local-executor.js';
import { docker } from './docker.js';
import { makeTempDir, removeTree } from './tmp.js';

const local = new LocalExecutor();

/** Shared by every test that needs it; built once, left in place like the busybox base image. */
export const HOSTBIN_IMAGE = 'gitops-fixture-hostbin:latest';

/** Imports HOSTBIN_IMAGE (once): an image made of the root directory skeleton only. */
export async function buildHostBinariesImage(): Promise<string> {
  if ((await docker(['image', 'inspect', '--format', '{{.Id}}', HOSTBIN_IMAGE], true)).code === 0) return HOSTBIN_IMAGE;
  const dir = await makeTempDir('gitops-hostbin');
  try {
    const root = join(dir, 'root');
    for (const d of ['usr', 'etc', 'tmp', 'run/mysqld', 'var/lib/mysql', 'proc', 'sys', 'dev', 'root'])
      await mkdir(join(root, d), { recursive: true });
    for (const [link, to] of [
      ['bin', 'usr/bin'],
      ['sbin', 'usr/sbin'],
      ['lib', 'usr/lib'],
      ['lib64', 'usr/lib64'],
    ])
      await symlink(to!, join(root, link!));
    await writeFile(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    await writeFile(join(root, 'etc', 'group'), 'root:x:0:\n');
    await local.run(['chmod', '1777', join(root, 'tmp')]);
    await local.run(['tar', '-C', root, '-cf', join(dir, 'root.tar'), '.']);
    await docker(['import', join(dir, 'root.tar'), HOSTBIN_IMAGE]);
  } finally {
    await removeTree(dir);
  }
  return HOSTBIN_IMAGE;
}

/** True when this machine has the binaries the image borrows. */
export async function hostMariadbBinaries(): Promise<boolean> {
  const r = await local
    .run(['sh', '-c', 'command -v mariadbd && command -v mariadb-install-db && command -v mysqldump'], { allowFailure: true })
    .catch(() => undefined);
  return r?.code === 0;
}

const SOCKET = '/run/mysqld/mysqld.sock';
const START = [
  '[ -d /var/lib/mysql/mysql ] || mariadb-install-db --no-defaults --user=root --datadir=/var/lib/mysql --auth-root-authentication-method=socket --skip-test-db >/dev/null',
  `exec mariadbd --no-defaults --user=root --datadir=/var/lib/mysql --socket=${SOCKET} --skip-networking`,
].join('; ');

/** Compose YAML (2-space indented, under `services:`) of a MariaDB service `name` with the named volume `volume`. */
export function mariadbServiceYaml(name: string, volume: string): string {
  return [
    `  ${name}:`,
    `    image: ${HOSTBIN_IMAGE}`,
    '    network_mode: none',
    '    volumes:',
    '      - /usr:/usr:ro',
    `      - ${volume}:/var/lib/mysql`,
    `    command: ${JSON.stringify(['sh', '-c', START.replace(/\$/g, '$$$$')])}`,
    '    stop_grace_period: 20s',
    '    restart: unless-stopped',
    '',
  ].join('\n');
}

/** SQL run as root over the socket inside the container; returns the tab-separated rows. */
export async function mariadbInContainer(container: string, sql: string, db?: string): Promise<string> {
  const r = await local.run(['docker', 'exec', '-i', container, 'mysql', '-uroot', '-N', '-B', ...(db ? [db] : [])], { stdin: sql });
  return r.stdout.trim();
}

/** Waits until the server in `container` answers (first start initialises the data directory). */
export async function waitForMariadbInContainer(container: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await local.run(['docker', 'exec', container, 'mysqladmin', '-uroot', 'ping'], { allowFailure: true });
    if (r.code === 0) return;
    if (Date.now() > until) throw new Error(`MariaDB in ${container} did not answer within ${timeoutMs} ms: ${r.stderr.trim()}`);
    await new Promise((res) => setTimeout(res, 300));
  }
}
