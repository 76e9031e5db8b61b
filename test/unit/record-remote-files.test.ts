import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit, auditPath, type AuditEntry } from '../../src/record/audit.js';
import { appendRemote, readRemote, writeRemoteAtomic } from '../../src/transport/remote-files.js';
import { emptyState, recordRelease } from '../../src/record/state-model.js';
import { loadState, saveState, statePath } from '../../src/record/state-store.js';
import type { Executor } from '../../src/transport/types.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-record');

describe('remote files through a real shell (LocalExecutor)', () => {
  it('readRemote: null for a missing file, the exact text otherwise', async () => {
    const file = join(tmp(), 'a file.txt');
    expect(await readRemote(local, file)).toBeNull();
    await writeFile(file, "line 1\nit's $(x)\n");
    expect(await readRemote(local, file)).toBe("line 1\nit's $(x)\n");
  });

  it('readRemote with a result already sent: read as it is (missing: null), a failed one sent again', async () => {
    const file = join(tmp(), 'a file.txt');
    const none = { name: 'none', sh: () => Promise.reject(new Error('sent again')) } as unknown as Executor;
    expect(await readRemote(none, file, { code: 0, stdout: 'text\n', stderr: '' })).toBe('text\n');
    expect(await readRemote(none, file, { code: 3, stdout: '', stderr: '' })).toBeNull();
    await writeFile(file, 'on the host\n');
    expect(await readRemote(local, file, { code: 1, stdout: '', stderr: '' })).toBe('on the host\n');
  });

  it('readRemote: a directory is not a file (null)', async () => {
    expect(await readRemote(local, tmp())).toBeNull();
  });

  it('writeRemoteAtomic creates missing parents, writes stdin content verbatim, 0600, leaves no temp file', async () => {
    const file = join(tmp(), 'deep er', `"x"`, 'state.json');
    const content = `{"k": "it's \\"quoted\\" $(touch pwned) \`id\`"}\n`;
    await writeRemoteAtomic(local, file, content);
    expect(await readFile(file, 'utf8')).toBe(content);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(tmp(), 'deep er', `"x"`))).toEqual(['state.json']);
    await expect(stat(join(tmp(), 'pwned'))).rejects.toThrow();
  });

  it('writeRemoteAtomic that cannot write (disk full) fails, keeps the old file and leaves no temp file', async () => {
    const file = join(tmp(), 'state.json');
    await writeRemoteAtomic(local, file, 'old\n');
    // the write fails after part of the content: a `cat` that writes a little and fails (ENOSPC)
    const full: Executor = {
      name: 'full',
      run: (a, o) => local.run(a, o),
      close: () => local.close(),
      sh: (script, o) => local.sh(`cat() { command head -c 3; return 1; }\n${script}`, o),
    };
    await expect(writeRemoteAtomic(full, file, 'new content\n')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('old\n');
    expect(await readdir(tmp())).toEqual(['state.json']);
  });

  it('writeRemoteAtomic replaces the old content entirely (no leftovers of a longer file)', async () => {
    const file = join(tmp(), 'f');
    await writeRemoteAtomic(local, file, 'a much longer first version\n');
    await writeRemoteAtomic(local, file, 'v2\n');
    expect(await readFile(file, 'utf8')).toBe('v2\n');
  });

  it('writeRemoteAtomic never exposes a partial file: a reader sees the old or the new content', async () => {
    const file = join(tmp(), 'big');
    const a = 'a'.repeat(512 * 1024);
    const b = 'b'.repeat(512 * 1024);
    await writeRemoteAtomic(local, file, a);
    const reads: string[] = [];
    let writing = true;
    const writer = writeRemoteAtomic(local, file, b).finally(() => (writing = false));
    while (writing) reads.push(await readFile(file, 'utf8'));
    await writer;
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) expect(r === a || r === b).toBe(true);
  });

  it.each<[string, string[], string]>([
    ['adds a newline to each line', ['one', 'two'], 'one\ntwo\n'],
    ['keeps an existing trailing newline', ['one\n', 'two'], 'one\ntwo\n'],
    ['passes shell syntax through as data', ['$(id) \'q\' "d"'], '$(id) \'q\' "d"\n'],
  ])('appendRemote %s', async (_name, lines, expected) => {
    const file = join(tmp(), 'new dir', 'log');
    for (const line of lines) await appendRemote(local, file, line);
    expect(await readFile(file, 'utf8')).toBe(expected);
  });

  it('appendRemote keeps what was there', async () => {
    const file = join(tmp(), 'log');
    await writeFile(file, 'old\n');
    await appendRemote(local, file, 'new');
    expect(await readFile(file, 'utf8')).toBe('old\nnew\n');
  });
});

describe('state store', () => {
  it('loadState without a file gives the empty state', async () => {
    expect(await loadState(local, tmp(), 'prod')).toEqual(emptyState('prod'));
  });

  it('saveState then loadState round-trips, at <path>/.deploy/state.json', async () => {
    const s = recordRelease(emptyState('prod'), {
      id: 'abcdef1',
      sha: 'abcdef1',
      at: '2024-01-01T00:00:00Z',
      result: 'success',
      actor: 'bob',
    });
    await saveState(local, tmp(), s);
    expect(statePath(tmp())).toBe(`${tmp()}/.deploy/state.json`);
    expect(JSON.parse(await readFile(statePath(tmp()), 'utf8'))).toEqual(s);
    expect(await loadState(local, tmp(), 'prod')).toEqual(s);
  });

  it.each(['{"version": 7, "releases": []}', '{oops', '', '{"version": 1, "current": "..", "releases": [{"id": "..", "sha": ".."}]}'])(
    'a corrupt state.json (%s) is an error naming the file, never a reset',
    async (text) => {
      await mkdir(join(tmp(), '.deploy'));
      await writeFile(statePath(tmp()), text);
      await expect(loadState(local, tmp(), 'prod')).rejects.toThrow(`${statePath(tmp())} is corrupt`);
      expect(await readFile(statePath(tmp()), 'utf8')).toBe(text);
    },
  );
});

describe('audit log', () => {
  it('appends one JSON line per run to <path>/.deploy/audit.log', async () => {
    const entries: AuditEntry[] = [
      { time: '2024-01-01T00:00:00Z', command: 'deploy', target: 'prod', actor: 'alice', from: null, to: 'b', result: 'success' },
      { time: '2024-01-02T00:00:00Z', command: 'rollback', target: 'prod', actor: "o'neil", result: 'failed', error: 'line1\nline2 "q"' },
    ];
    for (const e of entries) await appendAudit(local, tmp(), e);
    expect(auditPath(tmp())).toBe(`${tmp()}/.deploy/audit.log`);
    const lines = (await readFile(auditPath(tmp()), 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((l) => JSON.parse(l) as AuditEntry)).toEqual(entries);
  });
});
