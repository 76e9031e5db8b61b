import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRsyncArgs } from '../../src/sync/rsync.js';
import { runRsync } from '../../src/sync/run-rsync.js';
import { connectHost, type HostConnection } from '../../src/transport/connect.js';
import { UserError } from '../../src/core/errors.js';
import { fingerprintSha256, HOST_KEY_REQUIRED, HostKeyVerificationError, knownHostsLine } from '../../src/transport/host-keys.js';
import { CommandError } from '../../src/transport/types.js';
import { runCli } from './harness/cli.js';
import { gate } from './harness/require.js';
import { keygen, sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';

const rsyncAvailable = spawnSync('rsync', ['--version'], { stdio: 'ignore' }).status === 0;
const enabled = gate('sshd', sshdAvailable()) && gate('rsync', rsyncAvailable);

/** this file's own TMPDIR for the in-process connects: key dirs of other runs on the machine (another e2e file's) do not count */
let keyBase = '';
const keyDirs = (): string[] => readdirSync(keyBase).filter((n) => n.startsWith('gitops-ssh-'));

describe.skipIf(!enabled)('SSH transport against a real sshd', () => {
  let sshd: SshdHandle;
  let conn: HostConnection;
  let work: string;
  const target = (): string => `${sshd.user}@127.0.0.1`;

  const savedTmpdir = process.env.TMPDIR;

  beforeAll(async () => {
    sshd = await startSshd();
    work = await mkdtemp(join(tmpdir(), 'e2e-ssh-work-'));
    // short (the agent's socket lives there); os.tmpdir() reads TMPDIR at each call
    keyBase = await mkdtemp('/tmp/e2e-kb-');
    process.env.TMPDIR = keyBase;
    conn = await connectHost({ host: target(), port: sshd.port, privateKey: sshd.clientKey, knownHosts: sshd.knownHosts });
  });

  afterAll(async () => {
    await conn?.cleanup();
    await sshd?.stop();
    if (work) await rm(work, { recursive: true, force: true });
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    if (keyBase) await rm(keyBase, { recursive: true, force: true });
  });

  it('runs argv over the verified connection, quoted for the remote shell', async () => {
    const r = await conn.exec.run(['echo', 'a b']);
    expect(r).toMatchObject({ code: 0, stdout: 'a b\n' });
    expect(conn.exec.name).toBe(`root@127.0.0.1:${sshd.port}`);
  });

  it('echoes a hostile argument literally and executes nothing', async () => {
    const marker = `/tmp/pwned-${randomBytes(6).toString('hex')}`;
    const hostile = [`$(touch ${marker})`, `\`touch ${marker}\``, `; touch ${marker}`, `it's "q"\nline2 ✓`];
    const r = await conn.exec.run(['printf', '%s\\0', ...hostile]);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(hostile);
    const s = await conn.exec.sh(`printf '%s' ${"'$(touch " + marker + ")'"}`);
    expect(s.stdout).toBe(`$(touch ${marker})`);
    expect(existsSync(marker)).toBe(false);
  });

  it('passes a secret on stdin; ps during the command does not show it', async () => {
    const secret = `s3cr3t-${randomBytes(8).toString('hex')}`;
    const script = 'IFS= read -r pw; ps -eo args; printf "len=%s\\n" "${#pw}"';
    const r = await conn.exec.sh(script, { stdin: `${secret}\n` });
    expect(r.stdout).toContain(`len=${secret.length}`);
    expect(r.stdout).toContain('ps -eo args');
    expect(r.stdout).not.toContain(secret);
  });

  it('streams output, supports cwd, maps exit codes to CommandError unless allowFailure', async () => {
    const chunks: string[] = [];
    await conn.exec.run(['sh', '-c', 'echo one; echo two'], { onStdout: (c) => chunks.push(c.toString()) });
    expect(chunks.join('')).toBe('one\ntwo\n');
    expect((await conn.exec.run(['pwd'], { cwd: '/tmp' })).stdout).toBe('/tmp\n');
    await expect(conn.exec.sh('echo boom >&2; exit 3')).rejects.toThrow(CommandError);
    const r = await conn.exec.sh('echo boom >&2; exit 3', { allowFailure: true });
    expect(r).toMatchObject({ code: 3, stderr: 'boom\n' });
    expect((await conn.exec.run(['cat'])).stdout).toBe(''); // stdin is closed, cat does not hang
  });

  it('refuses a wrong host key with a clear message and leaves no key dir behind', async () => {
    const before = keyDirs();
    const other = join(work, 'other_host');
    keygen(other);
    const pub = (await readFile(`${other}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    const knownHosts = `[127.0.0.1]:${sshd.port} ${pub}\n`;
    await expect(connectHost({ host: target(), port: sshd.port, privateKey: sshd.clientKey, knownHosts })).rejects.toThrow(
      `host key for 127.0.0.1:${sshd.port} does not match known-hosts`,
    );
    const wrongFp = fingerprintSha256(Buffer.from(pub.split(' ')[1] ?? '', 'base64'));
    await expect(connectHost({ host: target(), port: sshd.port, privateKey: sshd.clientKey, fingerprint: wrongFp })).rejects.toThrow(
      /does not match host-fingerprint/,
    );
    expect(keyDirs()).toEqual(before);
  });

  it('a host key mismatch is a verification failure (exit 1), not a user error', async () => {
    const other = join(work, 'other_host_2');
    keygen(other);
    const pub = (await readFile(`${other}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    const err = await connectHost({
      host: target(),
      port: sshd.port,
      privateKey: sshd.clientKey,
      knownHosts: `[127.0.0.1]:${sshd.port} ${pub}\n`,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyVerificationError);
    expect(err).not.toBeInstanceOf(UserError);
  });

  it('refuses to connect without known_hosts or fingerprint', async () => {
    await expect(connectHost({ host: target(), port: sshd.port, privateKey: sshd.clientKey })).rejects.toThrow(HOST_KEY_REQUIRED);
  });

  it.each<[string, () => Partial<Parameters<typeof connectHost>[0]>, RegExp]>([
    ['no known_hosts or fingerprint', () => ({}), /host key verification is required/],
    ['a malformed fingerprint', () => ({ fingerprint: 'MD5:12:34' }), /must be a SHA256 fingerprint/],
    [
      'known_hosts without a key for the host',
      () => ({ knownHosts: sshd.knownHosts.replace(`]:${sshd.port}`, `]:${sshd.port + 1}`) }),
      /has no key for/,
    ],
    ['an empty private key', () => ({ knownHosts: sshd.knownHosts, privateKey: ' \n' }), /private key is empty/],
    ['a garbage private key', () => ({ knownHosts: sshd.knownHosts, privateKey: 'not a key' }), /private key cannot be used/],
    ['a public key as private key', () => ({ knownHosts: sshd.knownHosts, privateKey: sshd.hostKeyPub }), /is a public key/],
  ])('bad SSH input (%s) is a UserError (exit 2) raised before connecting', async (_name, extra, message) => {
    const before = keyDirs();
    const err = await connectHost({ host: target(), port: sshd.port, privateKey: sshd.clientKey, ...extra() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
    expect(keyDirs()).toEqual(before);
  });

  it.each([
    ['known-hosts', false],
    ['known-hosts and host-fingerprint', true],
  ])('with %s, OpenSSH (rsync) trusts exactly the key ssh2 verified, not the raw text', async (name, withFp) => {
    const blob = Buffer.from(sshd.hostKeyPub.split(' ')[1] ?? '', 'base64');
    const ca = join(work, `ca-${name.length}`);
    const extra = join(work, `extra_host-${name.length}`);
    keygen(ca);
    keygen(extra);
    const pubOf = async (p: string): Promise<string> => (await readFile(`${p}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    const knownHosts = [
      `@cert-authority * ${await pubOf(ca)}`,
      `[127.0.0.1]:${sshd.port} ${await pubOf(extra)}`,
      `* ${await pubOf(extra)}`,
      sshd.knownHosts.trim(),
    ].join('\n');
    const fingerprint = withFp ? fingerprintSha256(blob) : undefined;
    const c = await connectHost({ host: target(), port: sshd.port, privateKey: sshd.clientKey, knownHosts, fingerprint });
    try {
      const written = await readFile(join(c.keyDir, 'known_hosts'), 'utf8');
      expect(written).toBe(`${knownHostsLine('127.0.0.1', sshd.port, blob)}\n`);
      expect(c.sshArgs).toContain(`UserKnownHostsFile=${join(c.keyDir, 'known_hosts')}`);
      const src = join(work, `kh-src-${name.length}`);
      const dest = join(work, `kh-dest-${name.length}`);
      await mkdir(src);
      await writeFile(join(src, 'y.txt'), 'y');
      await runRsync(buildRsyncArgs({ source: src, dest, remote: c.remote, sshArgs: c.sshArgs }), { ensureMaster: c.ensureMaster });
      expect(await readFile(join(dest, 'y.txt'), 'utf8')).toBe('y');
    } finally {
      await c.cleanup();
    }
  });

  it('fingerprint mode verifies ssh2 and hands rsync a known_hosts line for the verified key', async () => {
    const fingerprint = fingerprintSha256(Buffer.from(sshd.hostKeyPub.split(' ')[1] ?? '', 'base64'));
    const fp = await connectHost({ host: target(), port: sshd.port, privateKey: sshd.clientKey, fingerprint });
    try {
      expect((await fp.exec.run(['echo', 'ok'])).stdout).toBe('ok\n');
      const src = join(work, 'fp-src');
      await mkdir(src);
      await writeFile(join(src, 'x.txt'), 'x');
      const args = buildRsyncArgs({ source: src, dest: join(work, 'fp-dest'), remote: fp.remote, sshArgs: fp.sshArgs });
      await runRsync(args, { ensureMaster: fp.ensureMaster });
      expect(await readFile(join(work, 'fp-dest', 'x.txt'), 'utf8')).toBe('x');
    } finally {
      await fp.cleanup();
    }
  });

  it('a silent peer (network cut) fails the running command via keepalive, without crashing', async () => {
    const c = await connectHost({ host: target(), port: sshd.port, privateKey: sshd.clientKey, knownHosts: sshd.knownHosts });
    const sessionPid = Number((await c.exec.sh('echo $PPID')).stdout.trim());
    expect(sessionPid).toBeGreaterThan(1);
    let running!: () => void;
    const isRunning = new Promise<void>((r) => (running = r));
    const pending = c.exec.sh('echo started; sleep 120', { onStdout: () => running() });
    pending.catch(() => undefined);
    await isRunning;
    const started = Date.now();
    process.kill(sessionPid, 'SIGSTOP'); // the server stops answering, TCP stays up
    try {
      await expect(pending).rejects.toThrow(/exit 255[\s\S]*connection lost[\s\S]*Keepalive timeout/);
      // ssh2 gives up after interval × (countMax + 1) = 5 s × 4
      expect(Date.now() - started).toBeLessThan(25_000);
    } finally {
      process.kill(sessionPid, 'SIGKILL');
      await c.cleanup();
    }
  }, 40_000);

  describe('the CLI connects while its config loads (issue #11): the same outcomes', () => {
    const cli = async (extra: string, knownHosts = sshd.knownHosts) => {
      const dir = await mkdtemp(join(work, 'cli-'));
      await writeFile(
        join(dir, 'deploy.yml'),
        `version: 1\ncompose: {project: app}\ntargets:\n  prod: {strategy: compose, host: ${target()}, port: ${sshd.port}, path: ${dir}/host${extra}}\n`,
      );
      await writeFile(join(dir, 'known_hosts'), knownHosts);
      // its own TMPDIR (short: the agent's socket lives there): key dirs of other runs on the machine do not count
      const tmp = await mkdtemp('/tmp/e2e-kd-');
      const r = await runCli(['rollback', '--config', join(dir, 'deploy.yml'), '--known-hosts', join(dir, 'known_hosts')], {
        GITOPS_SSH_KEY: sshd.clientKey,
        TMPDIR: tmp,
      });
      expect(readdirSync(tmp)).toEqual([]);
      await rm(tmp, { recursive: true });
      return r;
    };

    it('an invalid config naming this reachable sshd: the config error, exit 2, no key dir left', async () => {
      const r = await cli(', bogus: 1');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/deploy\.yml:4:\d+ targets\.prod\.bogus: unknown key/);
      expect(r.stdout + r.stderr).not.toMatch(/Connect|connection|host key/);
    });

    it('a host key that does not match: refused in Connect as before, exit 1, no key dir left', async () => {
      const other = join(work, 'other_host_cli');
      keygen(other);
      const pub = (await readFile(`${other}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
      const r = await cli('', `[127.0.0.1]:${sshd.port} ${pub}\n`);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/✘ Connect/);
      expect(r.stderr).toContain(`host key for 127.0.0.1:${sshd.port} does not match known-hosts`);
    });

    it('a valid config: Connect verifies and logs in (rollback then finds nothing deployed), no key dir left', async () => {
      const r = await cli('');
      expect(r.stdout).toMatch(/✔ Connect/);
      expect(r.stderr).toContain('nothing is deployed on prod');
      expect(r.code).toBe(2);
    });
  });

  describe('rsync through the shared ControlMaster', () => {
    const weird = `it's a "file" ✓ ünï.txt`;
    let src: string;
    let root: string;

    beforeAll(async () => {
      src = join(work, 'src');
      root = join(work, 'remote root');
      await mkdir(join(src, 'sub dir'), { recursive: true });
      await mkdir(join(root, 'releases'), { recursive: true });
      await writeFile(join(src, weird), 'weird');
      await writeFile(join(src, 'sub dir', 'same.txt'), 'unchanged');
      await writeFile(join(src, 'app.py'), 'v1');
      await writeFile(join(src, '.env'), 'FROM_SOURCE=1');
    });

    const sync = (dest: string, extra: Partial<Parameters<typeof buildRsyncArgs>[0]> = {}) =>
      runRsync(buildRsyncArgs({ source: src, dest, remote: conn.remote, sshArgs: conn.sshArgs, itemize: true, ...extra }), {
        ensureMaster: conn.ensureMaster,
      });

    it('uploads odd file names into a dest path with a space', async () => {
      const r = await sync(join(root, 'releases', '1'), { excludes: ['/.env'] });
      expect(await readFile(join(root, 'releases', '1', weird), 'utf8')).toBe('weird');
      expect(await readFile(join(root, 'releases', '1', 'sub dir', 'same.txt'), 'utf8')).toBe('unchanged');
      expect(existsSync(join(root, 'releases', '1', '.env'))).toBe(false);
      expect(r.stats.filesTransferred).toBe(3);
      expect(r.stats.totalBytesSent).toBeGreaterThan(0);
      expect(r.itemized.map((i) => i.path)).toContain(weird);
    });

    it('--link-dest hard-links unchanged files into the new release', async () => {
      await writeFile(join(src, 'app.py'), 'v2 (a different size: the quick check compares size + mtime)');
      const prev = join(root, 'releases', '1');
      const next = join(root, 'releases', '2');
      const r = await sync(next, { linkDest: prev, excludes: ['/.env'] });
      expect(r.stats.filesTransferred).toBe(1);
      const ino = async (p: string): Promise<number> => (await stat(p)).ino;
      expect(await ino(join(next, 'sub dir', 'same.txt'))).toBe(await ino(join(prev, 'sub dir', 'same.txt')));
      expect(await ino(join(next, weird))).toBe(await ino(join(prev, weird)));
      expect(await ino(join(next, 'app.py'))).not.toBe(await ino(join(prev, 'app.py')));
      expect(await readFile(join(prev, 'app.py'), 'utf8')).toBe('v1');
      expect(await readFile(join(next, 'app.py'), 'utf8')).toMatch(/^v2 /);
    });

    it('protected .env and media/ survive --delete and are not overwritten', async () => {
      const dest = join(root, 'shared app');
      await mkdir(join(dest, 'media', 'uploads'), { recursive: true });
      await writeFile(join(dest, '.env'), 'SERVER_SECRET=1');
      await writeFile(join(dest, 'media', 'uploads', 'cat.jpg'), 'jpg');
      await writeFile(join(dest, 'stale.txt'), 'old');
      const r = await sync(dest, { delete: true, protect: ['.env', 'media/'] });
      expect(await readFile(join(dest, '.env'), 'utf8')).toBe('SERVER_SECRET=1');
      expect(await readFile(join(dest, 'media', 'uploads', 'cat.jpg'), 'utf8')).toBe('jpg');
      expect(existsSync(join(dest, 'stale.txt'))).toBe(false);
      expect(await readFile(join(dest, 'app.py'), 'utf8')).toMatch(/^v2 /);
      expect(r.itemized).toContainEqual({ flags: '*deleting', path: 'stale.txt' });
    });

    it('used one ssh2 connection and one ControlMaster for all rsync runs', () => {
      expect(conn.connections).toEqual({ ssh2: 1, masters: 1 });
    });

    it('cleanup stops the master and removes the key dir', async () => {
      // `-i` names the key's public half now: the private key is never written (issue #15)
      const dir = conn.keyDir;
      expect(conn.sshArgs[1]).toBe(join(dir, 'id_key.pub'));
      expect(existsSync(dir)).toBe(true);
      expect(readdirSync(dir).some((n) => n.startsWith('cm-'))).toBe(true);
      await conn.cleanup();
      expect(existsSync(dir)).toBe(false);
      const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
      expect(ps).not.toContain(dir);
      await expect(conn.exec.run(['true'])).rejects.toThrow(/closed/);
    });
  });
});
