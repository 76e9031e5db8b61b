/**
 * A recording executor for the pipeline table tests: every remote command is logged as a short
 * kind (what it does, e.g. `switch b`, `up web`), answered with canned output, and the first
 * command of a chosen kind can be made to fail.
 */
import { FIRST_FAILED } from '../../../src/apply/first-script.js';
import { UP_FAILED } from '../../../src/apply/wait-started.js';
import { CommandError, type ExecOptions, type ExecResult, type Executor } from '../../../src/transport/types.js';

export interface Kind {
  /** short name in the log; `$1` is replaced by the first capture group */
  kind: string;
  match: RegExp;
  stdout?: string;
}

const running = JSON.stringify({ Status: 'running' });
const CONTAINERS = `ps c1 web\nps c2 worker\ninspect c1 app_web sha256:new-web 0 - ${running}\ninspect c2 app_worker sha256:worker 0 - ${running}\n`;

/** The containers after the last `up`, named as compose v2 names project app's images (early-tags.ts tags them). */
const UPPED = `ps c1 web\nps c2 worker\ninspect c1 app-web sha256:new-web 0 - ${running}\ninspect c2 app-worker sha256:worker 0 - ${running}\n`;

/** The kinds the compose and passenger strategies send (first match wins). */
export const KINDS: Kind[] = [
  { kind: 'record', match: /^IFS= read -r audit / },
  // a build in a registry session (registry.ts inRegistrySession): logged in, it is the build
  { kind: 'build $1', match: /^set -e\n[\s\S]*\nset \+e\n.* build (?:--no-cache )?([\w ]+)\nexit \$\?\n$/ },
  { kind: 'registry-pull', match: /^set -e\n(?:gd_dc=.*\n)?DOCKER_CONFIG=[\s\S]*\ndocker pull / },
  { kind: 'registry-push', match: /^set -e\n(?:gd_dc=.*\n)?DOCKER_CONFIG=[\s\S]*\ndocker push / },
  { kind: 'registry-login', match: /^set -e\n(?:gd_dc=.*\n)?DOCKER_CONFIG=/ },
  // the names of the images a build on the primary changes: read before, put back after (image-names.ts)
  { kind: 'image-names:read', match: /^printf '%s %s\\n' "\$\(docker image inspect -f / },
  { kind: 'image-names:put-back', match: /^((docker tag \S+ \S+|docker image rm \S+ >\/dev\/null 2>&1 \|\| true)\n)*exit 0$/ },
  // the images those names pointed at, removed when dangling (a build on the runner supersedes its previous one)
  { kind: 'image-names:rm-replaced', match: /^for gd_i in \$\(docker image ls -q --no-trunc -f dangling=true 2>\/dev\/null\); do case / },
  // the in-progress record written first in the upload's round trip (upload-first.ts)
  { kind: 'in-progress:write + upload $1', match: /in-progress\.json\.tmp[\s\S]*\n#upload (\w+)$/ },
  { kind: 'upload $1', match: /^#upload (\w+)/ },
  { kind: 'error-log', match: /^found=0\nfor f in / },
  { kind: 'logs $1', match: / logs --no-color --tail 100 -- (\w+)$/ },
  { kind: 'dir-check', match: /^test -d / },
  { kind: 'file-check', match: /^test -f / },
  { kind: 'compose-detect', match: / version --short/, stdout: 'docker compose\t2.26.1\n' },
  { kind: 'frontend-upload', match: /^#frontend-upload/ },
  { kind: 'inspect-host', match: /in-progress\.json'? 2>\/dev\/null\necho; echo/, stdout: `\n--- current ---\n${'a'.repeat(40)}\n` },
  { kind: 'in-progress:write', match: /in-progress\.json\.tmp/ },
  { kind: 'in-progress:clear', match: /^rm -f '?[^']*in-progress\.json'?$/ },
  { kind: 'state:write', match: /state\.json\.tmp/ },
  { kind: 'state:read', match: /then cat '?[^']*state\.json/ },
  { kind: 'audit', match: /audit\.log/ },
  // a failed run's early release tags removed (early-tags.ts)
  { kind: 'untag $1', match: /^docker image rm (\S+)/ },
  { kind: 'prune', match: /prune|ls -1/ },
  // a swarm run's check of `current` against the live release (swarm/repair.ts): it points there
  { kind: 'repair-link', match: /^link=\$\(if \[ -L / },
  { kind: 'switch $1 + restart', match: /ln -sfn '?releases\/(\w)\w*[\s\S]*(?:restart\.txt|passenger-config)/, stdout: '1700000000\n' },
  { kind: 'switch $1', match: /ln -sfn '?releases\/(\w)/ },
  { kind: 'venv-check', match: /bin\/python'? \]; then echo yes/, stdout: 'yes\n' },
  { kind: 'restart', match: /restart\.txt/, stdout: '1700000000\n' },
  { kind: 'code-snapshot', match: /\.deploy\/snapshots/ },
  { kind: 'build $1', match: / build (?:--no-cache )?([\w ]+)$/ },
  { kind: 'up $1', match: / up -d --no-deps --no-build (?:--force-recreate )?([\w ]+)$/ },
  { kind: 'wait $1', match: /^# wait-started: ([\w ]+)\n/ },
  { kind: 'exec $1', match: / exec -T (\w+) sh -c/ },
  { kind: 'restart-service $1', match: / restart ([\w ]+)$/ },
  // the release's images read and tagged after the last `up` (early-tags.ts)
  { kind: 'images+tag', match: /^gd_c=\$\(ps=\$\(docker ps -a --no-trunc/, stdout: UPPED },
  { kind: 'containers', match: /docker ps -a --no-trunc/, stdout: CONTAINERS },
  { kind: 'ids $1', match: /^docker ps -aq --no-trunc .*compose\.service=(\w+) /, stdout: 'c9\n' },
  { kind: 'stop $1', match: /^docker stop (.+)$/ },
  { kind: 'rm $1', match: /^docker rm (.+)$/ },
  { kind: 'tag $1', match: /^docker tag \S+ (\S+)/ },
  { kind: 'health', match: /curl -sS/, stdout: 'ok\n200' },
  { kind: 'pip', match: /pip install/ },
  { kind: 'task', match: /VIRTUAL_ENV=/ },
];

/** One retag of putBackImagesScript (apply/images.ts), and the script made only of them (an undo's reads the replaced ids first). */
const PUT_BACK_TAG = /(docker tag \S+ \S+) >\/dev\/null 2>&1 \|\| echo 'gd-gone (\S+)'/g;
const PUT_BACK =
  /^(?:docker image inspect --format 'gd-replaced \{\{\.Id\}\}' .*\n)?(?:gd_rc=0\n)?(?:\{ )?docker tag \S+ \S+ >\/dev\/null 2>&1 \|\| echo 'gd-gone /;

export class RecordingExecutor implements Executor {
  readonly name = 'fake';
  readonly log: string[] = [];
  /** the first command of this kind fails (exit 1) */
  failAt?: string;
  /** canned stdout by kind, over the kinds' own */
  readonly stdout: Record<string, string> = {};
  /** kinds answered with exit 1 every time (probes such as `test -d` of something gone) */
  readonly absent = new Set<string>();
  /** every command, verbatim, and what it was given on stdin */
  readonly commands: { cmd: string; stdin?: string }[] = [];

  constructor(private readonly kinds: Kind[] = KINDS) {}

  private answer(cmd: string, opts?: ExecOptions): ExecResult {
    this.commands.push({ cmd, stdin: opts?.stdin?.toString() });
    const k = this.kinds.find((x) => x.match.test(cmd));
    const kind = k ? k.kind.replace('$1', cmd.match(k.match)?.[1] ?? '') : `? ${cmd.split('\n')[0]!.slice(0, 60)}`;
    this.log.push(kind);
    if (this.failAt === kind || this.absent.has(kind)) {
      if (this.failAt === kind) this.failAt = undefined;
      const result = { code: 1, stdout: '', stderr: `injected failure at ${kind}` };
      if (opts?.allowFailure) return result;
      throw new CommandError(cmd, result);
    }
    return { code: 0, stdout: this.stdout[kind] ?? k?.stdout ?? '', stderr: '' };
  }

  async run(argv: string[], opts?: ExecOptions): Promise<ExecResult> {
    return this.answer(argv.join(' '), opts);
  }
  async sh(script: string, opts?: ExecOptions): Promise<ExecResult> {
    // a script sent in front of the next command (firstThenScript): one round trip, logged `switch b + up web`;
    // either part can be failed as the command it was (a failed first part, logged alone, stops it)
    const first = /^\{\n([\s\S]*?)\n\} \|\| \{ gd_rc=\$\?; echo "gd-first-failed \$gd_rc"; exit \$gd_rc; \}\n([\s\S]*)$/.exec(script);
    if (first) return this.firstThen(first[1]!, first[2]!, opts);
    // an up and its wait in one script (upThenWaitScript): one round trip, logged `up web + wait web`;
    // either part can be failed as the command it was (a failed up, logged alone, stops it)
    const merged = /^gd_up=\$\((.*) 2>&1\) \|\| .*\n([\s\S]*)$/.exec(script);
    if (!merged) return PUT_BACK.test(script) ? this.putBack(script, opts) : this.answer(script, opts);
    const up = this.answer(merged[1]!, { ...opts, allowFailure: true });
    if (up.code !== 0) return { code: up.code, stdout: `${UP_FAILED} ${up.code}\n`, stderr: up.stderr };
    try {
      return this.answer(merged[2]!, opts);
    } finally {
      this.log.push(this.log.splice(-2, 2).join(' + '));
    }
  }
  async close(): Promise<void> {}

  /** The retags of putBackImagesScript: each logged and answered as the `docker tag` it was (a failed one prints gd-gone). */
  private putBack(script: string, opts?: ExecOptions): ExecResult {
    const at = this.log.length;
    const gone = [...script.matchAll(PUT_BACK_TAG)].flatMap(([, tag, service]) =>
      this.answer(tag!, { ...opts, allowFailure: true }).code === 0 ? [] : [`gd-gone ${service}\n`],
    );
    this.log.push(this.log.splice(at).join(' + '));
    return { code: 0, stdout: gone.join(''), stderr: '' };
  }

  private async firstThen(first: string, rest: string, opts?: ExecOptions): Promise<ExecResult> {
    const r = this.answer(first, { ...opts, allowFailure: true });
    if (r.code !== 0) return { code: r.code, stdout: `${FIRST_FAILED} ${r.code}\n`, stderr: r.stderr };
    const at = this.log.length - 1;
    try {
      return await this.sh(rest, opts);
    } finally {
      this.log.push(this.log.splice(at).join(' + '));
    }
  }
}

/** Every command of every host, in the order they ran, as `<host>:<kind>`. */
export class SharedLogExecutor extends RecordingExecutor {
  constructor(
    readonly label: string,
    readonly all: string[],
  ) {
    super();
  }
  override async run(argv: string[], opts?: Parameters<RecordingExecutor['run']>[1]) {
    try {
      return await super.run(argv, opts);
    } finally {
      this.all.push(`${this.label}:${this.log.at(-1)}`);
    }
  }
  override async sh(script: string, opts?: Parameters<RecordingExecutor['sh']>[1]) {
    try {
      return await super.sh(script, opts);
    } finally {
      this.all.push(`${this.label}:${this.log.at(-1)}`);
    }
  }
}

/**
 * What the commands wrote to `file` (`state.json.tmp` or `audit.log`), parsed: the record script
 * (one round trip) gets the audit line, then the state, on stdin; other writes get the content alone.
 */
export function writtenTo(commands: readonly { cmd: string; stdin?: string }[], file: 'state.json.tmp' | 'audit.log'): any[] {
  const part = (x: { cmd: string; stdin?: string }): string => {
    if (!x.cmd.startsWith('IFS= read -r audit ')) return x.stdin!;
    const nl = x.stdin!.indexOf('\n');
    return file === 'audit.log' ? x.stdin!.slice(0, nl) : x.stdin!.slice(nl + 1);
  };
  return commands.filter((x) => x.cmd.includes(file)).map((x) => JSON.parse(part(x).trim()));
}

/**
 * A recording executor that also answers the deploy lock's scripts: taken (`lock`, with the kinds of
 * the reads sent in its round trip, each answered as if sent alone and framed as batchScript frames
 * them; in `commands` with the lock info it was given), released (`unlock`). `unframed`: the lock's reads come back unframed (the caller reads again).
 */
export class LockingExecutor extends RecordingExecutor {
  unframed = false;

  override async sh(script: string, opts?: ExecOptions): Promise<ExecResult> {
    if (/^\[ -f \S+\/\.deploy\/lock\/info\.json'? \] && grep -qF /.test(script)) return this.lockScript('unlock');
    if (script.startsWith('IFS= read -r audit ') && script.includes(' && echo @unlocked\n')) return this.recordAndUnlock(script, opts);
    if (!/^mkdir -p "\$\(dirname \S+\/\.deploy\/lock'?\)" \|\| exit 4; /.test(script)) return super.sh(script, opts);
    const boundary = script.match(/\nprintf '\\n%s %s\\n' '([^']+)' "\$\?"/)?.[1];
    const reads = [...script.matchAll(/\n\(\n([\s\S]*?)\n\)\nprintf '\\n%s %s\\n' /g)].map((m) => m[1]!);
    this.commands.push({ cmd: script, stdin: opts?.stdin?.toString() });
    const at = this.log.push('lock') - 1;
    let stdout = '';
    for (const read of reads) {
      const r = await super.sh(read, { allowFailure: true });
      stdout += `${r.stdout}\n${boundary} ${r.code}\n`;
    }
    const kinds = this.log.splice(at + 1);
    if (kinds.length > 0) this.log[at] = `lock [${kinds.join(', ')}]`;
    return { code: 0, stdout: this.unframed ? '' : stdout, stderr: '' };
  }

  /** The record script with the lock's release as its last step (handOffUnlock): it says so, as the host would. */
  private async recordAndUnlock(script: string, opts?: ExecOptions): Promise<ExecResult> {
    const r = await super.sh(script, opts);
    if (r.code !== 0) return r;
    this.log[this.log.length - 1] += ' + unlock';
    return { ...r, stdout: `${r.stdout}@unlocked\n` };
  }

  private lockScript(kind: string): ExecResult {
    this.log.push(kind);
    return { code: 0, stdout: '', stderr: '' };
  }
}
