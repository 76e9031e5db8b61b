import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 269;
export const ids = [269];
export const modules = {

/***/ 75269:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SSH2_TIMEOUTS: () => (/* binding */ SSH2_TIMEOUTS),
  connectHost: () => (/* binding */ connectHost)
});

// EXTERNAL MODULE: ./node_modules/node-ssh/lib/esm/index.mjs + 2 modules
var esm = __webpack_require__(19487);
// EXTERNAL MODULE: ./lib/transport/host-keys.js
var host_keys = __webpack_require__(62212);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/core/secret-env.js
var secret_env = __webpack_require__(58737);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./lib/core/pid.js

/**
 * Is a process with this pid running? (EPERM: it runs, as another user.) One that exited and waits
 * to be reaped (a zombie: an orphan until PID 1 reaps it, which some PID 1s do late or never) does
 * not: it holds no key, socket or directory any more.
 */
function isAlive(pid) {
    try {
        process.kill(pid, 0);
    }
    catch (e) {
        return e.code === 'EPERM';
    }
    return !exited(pid);
}
/** Linux: the state letter in /proc/<pid>/stat is Z or X, or it is gone by now. Elsewhere (no /proc): false. */
function exited(pid) {
    try {
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        const state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state === 'Z' || state === 'X';
    }
    catch (e) {
        return process.platform === 'linux' && e.code === 'ENOENT';
    }
}
//# sourceMappingURL=pid.js.map
// EXTERNAL MODULE: ./lib/transport/socket-path.js
var socket_path = __webpack_require__(1550);
;// CONCATENATED MODULE: ./lib/transport/run-dir.js
/**
 * The private directory of one SSH connection (0700, in a short temp base): the public half of the
 * key, known_hosts, the ssh-agent socket and the ControlMaster socket. Never a private key.
 * An owner marker (pid + host) lets a later run, or the Action's post step, sweep what a killed run
 * left behind: stop its agent and master, remove the directory.
 */







const OWNER_FILE = 'owner.json';
const TOOL = 'gitops-deploy';
/** Files of the run's ssh-agent inside the run directory. */
function agentFiles(dir) {
    return { socket: (0,external_node_path_.join)(dir, 'agent'), pidFile: (0,external_node_path_.join)(dir, 'agent.pid') };
}
/** Where run directories may live, in order of preference: TMPDIR, then /tmp when TMPDIR is too long. */
function tempBaseCandidates() {
    return [...new Set([(0,external_node_os_.tmpdir)(), '/tmp'])];
}
/** Creates the run directory (0700, marked with this process as owner) in the first base that fits. */
async function createRunDir(candidates = tempBaseCandidates()) {
    const { bases, rejected } = (0,socket_path/* usableTempBases */.l3)(candidates);
    for (const base of bases) {
        let dir;
        try {
            dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(base, socket_path/* RUN_DIR_PREFIX */.jk));
        }
        catch (e) {
            rejected.push(`${JSON.stringify(base)}: ${e.code ?? e.message}`);
            continue;
        }
        const owner = { tool: TOOL, pid: process.pid, host: (0,external_node_os_.hostname)() };
        await (0,promises_.writeFile)((0,external_node_path_.join)(dir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
        return dir;
    }
    throw (0,socket_path/* noShortTempDirError */.XD)(rejected);
}
/** The owner of a run directory of ours (our uid, our marker), or undefined. */
async function ownerOf(dir) {
    try {
        const st = await (0,promises_.lstat)(dir);
        if (!st.isDirectory() || st.uid !== process.getuid?.())
            return undefined;
        const owner = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, OWNER_FILE), 'utf8'));
        if (owner.tool !== TOOL || !Number.isInteger(owner.pid) || typeof owner.host !== 'string')
            return undefined;
        return owner;
    }
    catch {
        return undefined;
    }
}
/** Runs a program without a shell; resolves with its stdout ('' on any failure), bounded in time. */
function quietly(argv, timeoutMs = 5_000) {
    return new Promise((resolve) => {
        const [cmd = '', ...args] = argv;
        const child = (0,external_node_child_process_.spawn)(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], env: (0,secret_env/* withoutSecrets */.c)(), timeout: timeoutMs });
        let out = '';
        child.stdout.on('data', (c) => (out += c.toString()));
        child.on('error', () => resolve(''));
        child.on('close', () => resolve(out));
    });
}
/** SIGTERM the run's agent, if it still runs (checked by its command line: pids get reused). */
async function stopStaleAgent(dir) {
    const { socket, pidFile } = agentFiles(dir);
    const pid = Number(await (0,promises_.readFile)(pidFile, 'utf8').catch(() => ''));
    if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid))
        return;
    const args = await quietly(['ps', '-o', 'args=', '-p', String(pid)]);
    if (args.includes('ssh-agent') && args.includes(socket))
        process.kill(pid, 'SIGTERM');
}
/** Ask every ControlMaster listening in `dir` to exit. */
async function stopStaleMasters(dir) {
    const sockets = (await (0,promises_.readdir)(dir).catch(() => [])).filter((n) => n.startsWith('cm-') && !n.includes('%'));
    for (const name of sockets) {
        await quietly(['ssh', '-F', '/dev/null', '-o', `ControlPath=${(0,external_node_path_.join)(dir, name)}`, '-O', 'exit', 'gitops-deploy-stale']);
    }
}
/** Stops the agent and masters of a run directory and removes it (only a directory of ours). */
async function removeRunDir(dir) {
    if (!(0,external_node_path_.basename)(dir).startsWith(socket_path/* RUN_DIR_PREFIX */.jk) || !(await ownerOf(dir)))
        return;
    await stopStaleAgent(dir);
    await stopStaleMasters(dir);
    await (0,promises_.rm)(dir, { recursive: true, force: true });
}
/**
 * Removes the run directories a killed run of this tool left behind: ours (uid and marker), made
 * on this host, whose owning process is gone. Returns the directories removed; never throws.
 */
async function sweepStaleRunDirs(candidates = tempBaseCandidates()) {
    const removed = [];
    for (const base of new Set(candidates)) {
        const names = await (0,promises_.readdir)(base).catch(() => []);
        for (const name of names.filter((n) => n.startsWith(socket_path/* RUN_DIR_PREFIX */.jk))) {
            const dir = (0,external_node_path_.join)(base, name);
            const owner = await ownerOf(dir);
            if (!owner || owner.host !== (0,external_node_os_.hostname)() || isAlive(owner.pid))
                continue;
            await removeRunDir(dir).then(() => removed.push(dir), () => undefined);
        }
    }
    return removed;
}
//# sourceMappingURL=run-dir.js.map
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(3828);
;// CONCATENATED MODULE: ./lib/transport/ssh-agent.js
/**
 * A private ssh-agent that hands the key to the OpenSSH ControlMaster (rsync's ssh) without a key
 * file: the key reaches the agent over ssh-add's stdin, the agent listens on a socket in the run's
 * 0700 directory, and every key it holds expires after KEY_LIFETIME_S (the master re-adds it
 * before each rsync).
 *
 * The agent runs a watcher as its command: `sh` blocked on `cat`, reading a pipe from this process.
 * When this process ends, even by SIGKILL, the pipe closes: the watcher runs `onExit` (stops the
 * master) and kills the agent. Should the watcher die too, ssh-agent exits by itself within 10 s
 * of its command being gone (it polls its parent).
 */





/** Seconds a key stays in the agent after it was (re-)added. */
const KEY_LIFETIME_S = 60;
/** Prints the agent's pid, waits for EOF on stdin, then runs "$@" and kills the agent. */
const WATCHER = 'echo "$SSH_AGENT_PID"; cat >/dev/null; "$@" >/dev/null 2>&1; kill "$SSH_AGENT_PID" 2>/dev/null; exit 0';
/** `ssh-agent` argv (pure): bound to `socket`, keys with a lifetime, the watcher as its command. */
function agentArgv(socket, onExit) {
    return ['ssh-agent', '-a', socket, '-t', String(KEY_LIFETIME_S), 'sh', '-c', WATCHER, 'gitops-deploy-watch', ...onExit];
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Waits for the first stdout line of the watcher: the agent's pid. */
function readAgentPid(child) {
    return new Promise((resolve, reject) => {
        let out = '';
        let err = '';
        child.stderr?.on('data', (c) => (err += c.toString()));
        child.stdout?.on('data', (c) => {
            out += c.toString();
            const pid = Number(out.split('\n')[0]);
            if (out.includes('\n') && Number.isInteger(pid) && pid > 1)
                resolve(pid);
            else if (out.includes('\n'))
                reject(new Error(`ssh-agent printed no pid: ${JSON.stringify(out.slice(0, 80))}`));
        });
        child.on('error', (e) => reject(e.code === 'ENOENT'
            ? new errors/* UserError */.yo('ssh-agent (OpenSSH client) is required: rsync gets the key through a private agent, never a key file')
            : e));
        child.on('exit', (code) => reject(new Error(`ssh-agent exited (${code ?? 'signal'}) before starting: ${err.trim()}`)));
    });
}
/** Starts the agent on `socket`, writes its pid to `pidFile` (for the stale-run sweep). */
async function startAgent(socket, pidFile, onExit) {
    const [cmd = 'ssh-agent', ...args] = agentArgv(socket, onExit);
    const child = (0,external_node_child_process_.spawn)(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: (0,secret_env/* withoutSecrets */.c)() });
    let pid;
    try {
        pid = await readAgentPid(child);
    }
    catch (e) {
        child.kill('SIGKILL');
        throw e;
    }
    // the pipe to the watcher stays open for our whole life, but must not keep the process alive
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.unref();
    child.stdin?.unref?.();
    await (0,promises_.writeFile)(pidFile, `${pid}\n`, { mode: 0o600 });
    const exited = new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    let stopped;
    const stop = () => (stopped ??= (async () => {
        if (isAlive(pid))
            process.kill(pid, 'SIGTERM');
        child.stdin?.end();
        // the bound's timer is cleared once the watcher has exited: left pending, it kept every run alive 5 s more
        let bound;
        await Promise.race([exited, new Promise((r) => (bound = setTimeout(r, 5_000)))]);
        clearTimeout(bound);
        for (let i = 0; i < 100 && isAlive(pid); i++)
            await sleep(20);
    })());
    return { socket, pid, add: (key) => addKey(socket, key), stop };
}
/** `ssh-add -` with the key on stdin: never in argv, env or a file. */
function addKey(socket, privateKey) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('ssh-add', ['-q', '-'], { stdio: ['pipe', 'ignore', 'pipe'], env: { ...(0,secret_env/* withoutSecrets */.c)(), SSH_AUTH_SOCK: socket } });
        let err = '';
        child.stderr.on('data', (c) => (err += c.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ssh-add failed (exit ${code ?? 'signal'}): ${err.trim()}`))));
        child.stdin.on('error', () => undefined);
        child.stdin.end(privateKey);
    });
}
//# sourceMappingURL=ssh-agent.js.map
;// CONCATENATED MODULE: ./lib/transport/master.js
/**
 * The OpenSSH ControlMaster that every rsync (and `ssh cat`) of a run shares. It authenticates
 * through the run's private ssh-agent (see ssh-agent.ts): the key is re-added by every ensure()
 * (before each rsync) and expires in the agent KEY_LIFETIME_S later; no key file exists at any time.
 */






function masterControl(o) {
    let pending;
    let agent;
    const ctl = (op) => runSsh([...o.sshArgs, '-O', op, o.dest]);
    const { socket, pidFile } = agentFiles(o.dir);
    const start = async () => {
        // the agent's watcher stops the master should this process die
        agent ??= startAgent(socket, pidFile, ['ssh', ...o.sshArgs, '-O', 'exit', o.dest]);
        // the key is (re)loaded first: should the master vanish between the check and an rsync, the
        // rsync's own ssh can still authenticate through the agent
        await (await agent).add(o.privateKey);
        if ((await ctl('check')) === 0)
            return;
        const logPath = (0,external_node_path_.join)(o.dir, 'master.log');
        o.onStart();
        // -M: be the master; -N: no command; -f: background after authentication.
        const code = await runSsh([...o.sshArgs, '-M', '-N', '-f', o.dest], logPath);
        if (code !== 0) {
            const log = await (0,promises_.readFile)(logPath, 'utf8').catch(() => '');
            throw new Error(`ssh ControlMaster to ${o.dest} failed (exit ${code}): ${log.trim()}`);
        }
    };
    return {
        ensure: () => {
            pending ??= start().finally(() => (pending = undefined));
            return pending;
        },
        exit: async () => {
            await pending?.catch(() => undefined);
            // never ensured: no master was started, and no agent (an `ssh -O exit` would only cost a process)
            if (!agent)
                return;
            const running = await agent.catch(() => undefined);
            // the agent's watcher runs `ssh -O exit` as it stops (see startAgent), and stop() waits for it
            if (running)
                await running.stop();
            else
                await ctl('exit');
        },
    };
}
/**
 * Run the local ssh client and resolve with its exit code. Output goes to a log file (or nowhere):
 * a backgrounded master keeps inherited pipes open, so waiting for 'close' would hang.
 */
async function runSsh(args, logPath) {
    const log = logPath ? await (0,promises_.open)(logPath, 'a', 0o600) : undefined;
    try {
        return await new Promise((resolve, reject) => {
            const child = (0,external_node_child_process_.spawn)('ssh', args, { stdio: ['ignore', 'ignore', log ? log.fd : 'ignore'], env: (0,secret_env/* withoutSecrets */.c)() });
            child.on('error', reject);
            child.on('exit', (code) => resolve(code ?? 255));
        });
    }
    finally {
        await log?.close();
    }
}
//# sourceMappingURL=master.js.map
// EXTERNAL MODULE: ./node_modules/ssh2/lib/index.js
var lib = __webpack_require__(85472);
;// CONCATENATED MODULE: ./lib/transport/private-key.js
/**
 * The private key, checked and kept in memory (ssh2 takes it as text, the OpenSSH client gets it
 * through a private ssh-agent), and the non-secret files of the run directory: the key's public
 * half (ssh's identity, matched against the agent) and known_hosts.
 */




/** CRLF → LF, no surrounding blank lines, exactly one trailing newline (OpenSSH is picky). */
function normalizePrivateKey(key) {
    const text = key.replace(/\r\n?/g, '\n').trim();
    if (!text)
        throw new errors/* UserError */.yo('SSH private key is empty');
    return `${text}\n`;
}
/** What to do about a key ssh2 refused: the first-hour mistakes (a passphrase, a file name for the text). */
function keyFix(key, reason) {
    if (/passphrase/i.test(reason))
        return ". A deploy cannot type a passphrase: use a deploy key without one (ssh-keygen -t ed25519 -N '' -f deploy_key), or remove it from a copy of this key (ssh-keygen -p -N '' -f COPY)";
    if (!key.trim().includes('\n') && !key.includes('-----BEGIN'))
        return '. It is one line with no "-----BEGIN" header: pass the key\'s text, not its file name: GITOPS_SSH_KEY="$(cat deploy_key)" or --ssh-key deploy_key';
    return '';
}
/**
 * Refuse a key ssh2 cannot use (garbage, a public key, a passphrase-protected key) before any
 * connection. The message never echoes the key.
 */
function assertPrivateKey(key) {
    let parsed = lib.utils.parseKey(key);
    if (Array.isArray(parsed))
        parsed = parsed[0] ?? new Error('no key found');
    if (parsed instanceof Error) {
        throw new errors/* UserError */.yo(`SSH private key cannot be used: ${parsed.message} (expected an unencrypted OpenSSH or PEM private key)${keyFix(key, parsed.message)}`);
    }
    if (!parsed.isPrivateKey())
        throw new errors/* UserError */.yo('SSH private key is a public key: pass the private key instead');
    return parsed;
}
/** Write a file that must not be readable by others; fails if it already exists. */
async function writeSecretFile(path, content) {
    await (0,promises_.writeFile)(path, content, { mode: 0o600, flag: 'wx' });
    await (0,promises_.chmod)(path, 0o600);
}
/** Write known_hosts text into the key dir and return its path. */
async function writeKnownHostsFile(dir, text) {
    const path = (0,external_node_path_.join)(dir, 'known_hosts');
    await writeSecretFile(path, text.endsWith('\n') ? text : `${text}\n`);
    return path;
}
/** Normalize and validate the key (UserError before any connection or file), derive its public half. */
function parsePrivateKey(key) {
    const text = normalizePrivateKey(key);
    const k = assertPrivateKey(text);
    return { text, publicLine: `${k.type} ${k.getPublicSSH().toString('base64')}` };
}
/** Write the key's public half (OpenSSH's IdentityFile: the private half is in the agent). */
async function writePublicKeyFile(dir, key) {
    const path = (0,external_node_path_.join)(dir, 'id_key.pub');
    await writeSecretFile(path, `${key.publicLine}\n`);
    return path;
}
//# sourceMappingURL=private-key.js.map
// EXTERNAL MODULE: ./lib/transport/ssh-options.js
var ssh_options = __webpack_require__(59028);
// EXTERNAL MODULE: ./lib/transport/modes.js
var modes = __webpack_require__(53341);
// EXTERNAL MODULE: ./lib/transport/quote.js
var quote = __webpack_require__(41917);
// EXTERNAL MODULE: ./lib/transport/types.js + 1 modules
var types = __webpack_require__(621);
;// CONCATENATED MODULE: ./lib/transport/ssh-executor.js



/** Exit code reported when the connection drops before the remote command exits (ssh uses 255 too). */
const CONNECTION_LOST_CODE = 255;
class SshExecutor {
    ssh;
    name;
    lastError;
    closed = false;
    /** `umask 0022; ` before every command: what a deploy creates never depends on the login shell's umask */
    prefix;
    constructor(ssh, name, umask) {
        this.ssh = ssh;
        this.name = name;
        this.prefix = umask === undefined ? '' : `${(0,modes/* umaskCommand */.r7)(umask)}; `;
        const client = this.client();
        // node-ssh drops its 'error' listener once connected; without one a keepalive timeout would
        // be an unhandled 'error' event and crash the process.
        client.on('error', (err) => (this.lastError = err));
        client.on('close', () => (this.closed = true));
    }
    run(argv, opts = {}) {
        if (argv.length === 0)
            return Promise.reject(new Error('empty command'));
        return this.exec((0,quote/* shellJoin */.n)(argv), argv, opts);
    }
    sh(script, opts = {}) {
        return this.exec((0,quote/* shellJoin */.n)(['sh', '-c', script]), script, opts);
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        this.ssh.dispose();
    }
    client() {
        const client = this.ssh.connection;
        if (!client)
            throw new Error(`${this.name}: not connected`);
        return client;
    }
    exec(command, label, opts) {
        if (opts.env && Object.keys(opts.env).length > 0) {
            return Promise.reject(new Error('ExecOptions.env is not supported over SSH: pass values via stdin'));
        }
        if (this.closed)
            return Promise.reject(this.lostError());
        const full = `${this.prefix}${opts.cwd ? `cd ${(0,quote/* shellQuote */.Z)(opts.cwd)} && ${command}` : command}`;
        return new Promise((resolve, reject) => {
            this.client().exec(full, (err, channel) => {
                if (err)
                    return reject(this.closed || this.lastError ? this.lostError() : err);
                this.collect(channel, opts).then((result) => {
                    if (result.code !== 0 && !opts.allowFailure)
                        reject(new types/* CommandError */.Q(label, result));
                    else
                        resolve(result);
                }, reject);
            });
        });
    }
    collect(channel, opts) {
        return new Promise((resolve) => {
            const out = [];
            const err = [];
            let code;
            let signal;
            channel.on('data', (c) => (opts.onStdout ? opts.onStdout(c) : out.push(c)));
            channel.stderr.on('data', (c) => {
                err.push(c);
                opts.onStderr?.(c);
            });
            channel.on('exit', (c, sig) => {
                if (typeof c === 'number')
                    code = c;
                if (sig)
                    signal = sig;
            });
            channel.on('close', () => {
                let stderr = Buffer.concat(err).toString();
                if (code === undefined) {
                    const why = signal ? `killed by signal ${signal}` : `connection lost: ${this.lostError().message}`;
                    stderr += `${stderr && !stderr.endsWith('\n') ? '\n' : ''}${this.name}: ${why}`;
                }
                resolve({ code: code ?? CONNECTION_LOST_CODE, stdout: Buffer.concat(out).toString(), stderr });
            });
            channel.on('error', () => undefined);
            channel.end(opts.stdin ?? '');
        });
    }
    lostError() {
        return new Error(`${this.name}: SSH connection closed${this.lastError ? ` (${this.lastError.message})` : ''}`);
    }
}
//# sourceMappingURL=ssh-executor.js.map
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./lib/transport/tcp-socket.js
/**
 * The TCP connection under the ssh2 connection, opened here with Nagle's algorithm off
 * (TCP_NODELAY), as OpenSSH does for interactive sessions. ssh2 opens its socket without it: the
 * small packets each remote command sends back to back (channel open, exec request, window
 * adjust, EOF, close) then wait for the peer's delayed ACK, about 40 ms per command on Linux.
 * Measured on loopback: a command on an open connection 44 ms → 3 ms, the handshake 82 → 39 ms.
 */

const tcpOptions = (r) => ({ host: r.host, port: r.port, noDelay: true });
/** Connecting; ssh2 takes its events over as soon as it is handed the socket (it reports the errors). */
function openTcp(r) {
    const sock = (0,external_node_net_.connect)(tcpOptions(r));
    // an error before ssh2 listens would otherwise be unhandled (ssh2 listens in the same tick today)
    sock.on('error', () => undefined);
    return sock;
}
//# sourceMappingURL=tcp-socket.js.map
;// CONCATENATED MODULE: ./lib/transport/traced-executor.js
const LABEL_CHARS = 120;
/** The one-line label of a command (pure): argv joined, or the script's first non-empty line. */
function traceLabel(command) {
    const text = Array.isArray(command) ? command.join(' ') : (command.split('\n').find((l) => l.trim() !== '') ?? '').trim();
    return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
}
/** "trace host: 1234 ms exit 0 docker compose ps" (pure) */
function traceLine(host, ms, code, label) {
    return `trace ${host}: ${String(Math.round(ms)).padStart(6)} ms ${code === 'error' ? 'error ' : `exit ${code}`} ${label}`;
}
class TracedExecutor {
    inner;
    emit;
    now;
    constructor(inner, emit, now = () => performance.now()) {
        this.inner = inner;
        this.emit = emit;
        this.now = now;
    }
    get name() {
        return this.inner.name;
    }
    run(argv, opts) {
        return this.timed(traceLabel(argv), () => this.inner.run(argv, opts));
    }
    sh(script, opts) {
        return this.timed(traceLabel(script), () => this.inner.sh(script, opts));
    }
    close() {
        return this.inner.close();
    }
    async timed(label, call) {
        const start = this.now();
        try {
            const result = await call();
            this.emit(traceLine(this.name, this.now() - start, result.code, label));
            return result;
        }
        catch (e) {
            this.emit(traceLine(this.name, this.now() - start, 'error', label));
            throw e;
        }
    }
}
//# sourceMappingURL=traced-executor.js.map
;// CONCATENATED MODULE: ./lib/transport/connect.js
/**
 * Open one verified SSH connection to a host: an ssh2 connection for commands (SshExecutor) plus
 * OpenSSH client options for rsync that reuse one ControlMaster for the whole run. The private key
 * never touches the disk: ssh2 takes it from memory, the ControlMaster from a private ssh-agent.
 */









const SSH2_TIMEOUTS = { readyTimeout: 10_000, keepaliveInterval: 5_000, keepaliveCountMax: 2 };
/** Verify, connect, and prepare rsync's ssh options. Refuses without a host key trust anchor. */
async function connectHost(opts) {
    const remote = (0,ssh_options/* parseUserHost */.pk)(opts.host, opts.port);
    const check = (0,host_keys/* createHostKeyCheck */.UY)({ ...remote, knownHosts: opts.knownHosts, fingerprint: opts.fingerprint });
    const key = parsePrivateKey(opts.privateKey);
    // the handshake starts now: the run dir is made meanwhile (a busy event loop would delay each step)
    const opening = openSsh2(remote, key.text, check);
    opening.catch(() => undefined);
    const dir = await makeRunDir().catch(async (err) => {
        (await opening.catch(() => undefined))?.dispose();
        throw err;
    });
    const connections = { ssh2: 0, masters: 0 };
    let ssh;
    let sshArgs;
    try {
        ssh = await opening;
        connections.ssh2++;
        sshArgs = await opensshOptions(dir, remote, check, key);
    }
    catch (err) {
        ssh?.dispose();
        await removeRunDir(dir);
        throw err;
    }
    const ssh2Exec = new SshExecutor(ssh, (0,ssh_options/* displayRemote */.Vx)(remote), opts.umask);
    const exec = opts.trace ? new TracedExecutor(ssh2Exec, opts.trace) : ssh2Exec;
    const onStart = () => {
        connections.masters++;
    };
    const master = masterControl({ sshArgs, dest: (0,ssh_options/* sshDestination */.jK)(remote), dir, privateKey: key.text, onStart });
    let cleaned;
    const cleanup = () => (cleaned ??= (async () => {
        // independent connections: both close at once
        const closed = await Promise.allSettled([master.exit(), exec.close()]);
        for (const c of closed)
            if (c.status === 'rejected')
                throw c.reason;
        await removeRunDir(dir);
    })());
    return { exec, sshArgs, remote, connections, keyDir: dir, ensureMaster: master.ensure, cleanup };
}
/** The run dir, stale ones of dead runs swept first. */
async function makeRunDir() {
    await sweepStaleRunDirs();
    return createRunDir();
}
/**
 * OpenSSH options for rsync: the public key as identity (the agent holds the private half) and a
 * known_hosts that trusts exactly the one key ssh2 accepted, never the raw known-hosts text: that
 * text may hold @cert-authority lines or other keys ssh2 did not (or could not) check.
 */
async function opensshOptions(dir, remote, check, key) {
    if (!check.accepted)
        throw new host_keys/* HostKeyVerificationError */.Tp('host key was not verified');
    const knownHostsPath = await writeKnownHostsFile(dir, (0,host_keys/* knownHostsLine */.TZ)(remote.host, remote.port, check.accepted));
    const keyPath = await writePublicKeyFile(dir, key);
    return (0,ssh_options/* buildSshOptions */.h9)({ keyPath, port: remote.port, knownHostsPath, controlDir: dir, agentSocket: agentFiles(dir).socket });
}
async function openSsh2(remote, privateKey, check) {
    const ssh = new esm/* NodeSSH */.H();
    const sock = openTcp(remote);
    try {
        await ssh.connect({
            host: remote.host,
            port: remote.port,
            sock,
            username: remote.user,
            privateKey,
            hostVerifier: check.verify,
            ...(check.algorithms ? { algorithms: { serverHostKey: check.algorithms } } : {}),
            ...SSH2_TIMEOUTS,
            tryKeyboard: false,
        });
        return ssh;
    }
    catch (err) {
        ssh.dispose();
        sock.destroy();
        if (check.failure)
            throw new host_keys/* HostKeyVerificationError */.Tp(check.failure);
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`ssh connection to ${(0,ssh_options/* displayRemote */.Vx)(remote)} failed: ${msg}`, { cause: err });
    }
}
//# sourceMappingURL=connect.js.map

/***/ }),

/***/ 62212:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LK: () => (/* binding */ displayHost),
/* harmony export */   TZ: () => (/* binding */ knownHostsLine),
/* harmony export */   Tp: () => (/* binding */ HostKeyVerificationError),
/* harmony export */   UY: () => (/* binding */ createHostKeyCheck),
/* harmony export */   md: () => (/* binding */ keyscanCommand)
/* harmony export */ });
/* unused harmony exports HOST_KEY_REQUIRED, howToScan, parseKnownHosts, knownHostsName, entryMatches, findHostKeys, fingerprintSha256, parseFingerprints, blobKeyType */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3828);
/**
 * Host key verification for SSH connections: known_hosts parsing (plain, `[host]:port`, hashed
 * `|1|salt|hash`, wildcards, negation, @revoked) and SHA256 fingerprints. There is no TOFU and no
 * keyscan: a key is accepted only when it matches what the user supplied out-of-band.
 */


/**
 * The server's key failed verification at connect time (mismatch, @revoked): not a config typo, so
 * it stays a plain failure (exit 1). Missing or unusable trust anchors are UserErrors (exit 2).
 */
class HostKeyVerificationError extends Error {
    constructor(message) {
        super(message);
        this.name = 'HostKeyVerificationError';
    }
}
const HOST_KEY_REQUIRED = 'host key verification is required: set known-hosts (ssh-keyscan output checked out-of-band) or host-fingerprint';
/** The ssh-keyscan command for a host: an IPv6 literal bare (ssh-keyscan looks `[::1]` up as a name and fails). */
const keyscanCommand = (host, port) => `ssh-keyscan -p ${port} ${host.replace(/^\[(.*)\]$/, '$1')}`;
/** How to get the host's key without trusting it on first use (the message of a missing one). */
function howToScan(host, port) {
    return (`To get it: ${keyscanCommand(host, port)} > known_hosts.scan, compare its fingerprint (ssh-keygen -lf known_hosts.scan) ` +
        `with the one the server shows on its own console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then pass ` +
        `--known-hosts known_hosts.scan (in the workflows: the DEPLOY_KNOWN_HOSTS variable); docs/prepare-server.md`);
}
/** Parse known_hosts text. Malformed lines are skipped (OpenSSH does the same). */
function parseKnownHosts(text) {
    const entries = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const fields = raw.trim().split(/\s+/);
        if (!fields[0] || fields[0].startsWith('#'))
            return;
        let marker;
        if (fields[0].startsWith('@')) {
            const m = fields.shift();
            if (m === '@revoked')
                marker = 'revoked';
            else if (m === '@cert-authority')
                marker = 'cert-authority';
            else
                return;
        }
        const [hosts, keyType, b64] = fields;
        if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
            return;
        const key = Buffer.from(b64, 'base64');
        if (blobKeyType(key) !== keyType)
            return;
        entries.push({ ...(marker ? { marker } : {}), hosts, keyType, key, line: i + 1 });
    });
    return entries;
}
/** The name OpenSSH looks up in known_hosts: `host` for port 22, `[host]:port` otherwise. */
function knownHostsName(host, port) {
    const h = host.toLowerCase();
    return port === 22 ? h : `[${h}]:${port}`;
}
/** Human form used in messages: `127.0.0.1:2222`, `[::1]:22`. */
function displayHost(host, port) {
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
/** Does this entry's host field match host:port? */
function entryMatches(entry, host, port) {
    const name = knownHostsName(host, port);
    if (entry.hosts.startsWith('|1|'))
        return hashedMatches(entry.hosts, name);
    let positive = false;
    for (const pattern of entry.hosts.split(',')) {
        const negated = pattern.startsWith('!');
        if (!globMatches(negated ? pattern.slice(1) : pattern, name))
            continue;
        if (negated)
            return false;
        positive = true;
    }
    return positive;
}
/** All entries (including @revoked) that apply to host:port. */
function findHostKeys(entries, host, port) {
    return entries.filter((e) => entryMatches(e, host, port));
}
function hashedMatches(field, name) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash)
        return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha1', Buffer.from(salt, 'base64')).update(name).digest();
    return expected.length === actual.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(expected, actual);
}
function globMatches(pattern, name) {
    const re = pattern
        .toLowerCase()
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
        .join('');
    return new RegExp(`^${re}$`).test(name);
}
/** `SHA256:<base64 without padding>` as printed by `ssh-keygen -lf`. */
function fingerprintSha256(blob) {
    return `SHA256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
/** Extract SHA256 fingerprints from user input (a bare value, or whole `ssh-keygen -lf` lines). */
function parseFingerprints(text) {
    const found = [...text.matchAll(/SHA256:([A-Za-z0-9+/]+)=*/g)].map((m) => `SHA256:${m[1]}`);
    if (found.length === 0) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('host-fingerprint must be a SHA256 fingerprint as printed by `ssh-keygen -lf`, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8');
    }
    return found;
}
/** The key type string at the start of an SSH public key blob (`ssh-ed25519`, ...). */
function blobKeyType(blob) {
    if (blob.length < 4)
        return undefined;
    const len = blob.readUInt32BE(0);
    if (len === 0 || len > 64 || blob.length < 4 + len)
        return undefined;
    return blob.subarray(4, 4 + len).toString('latin1');
}
/** A known_hosts line for a key that was verified (e.g. against a fingerprint). */
function knownHostsLine(host, port, blob) {
    const type = blobKeyType(blob);
    if (!type)
        throw new HostKeyVerificationError('malformed host key blob');
    return `${knownHostsName(host, port)} ${type} ${blob.toString('base64')}`;
}
/** What ssh2 can negotiate, in its preference order; RSA keys are used with SHA-2 signatures. */
const SSH2_HOST_KEY_ALGOS = [
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'rsa-sha2-512',
    'rsa-sha2-256',
    'ssh-rsa',
    'ssh-dss',
];
function algorithmsFor(keyTypes) {
    return SSH2_HOST_KEY_ALGOS.filter((a) => keyTypes.has(a.startsWith('rsa-sha2-') ? 'ssh-rsa' : a));
}
/**
 * Build the verifier for one host. Throws UserError before any connection when no trust anchor is
 * configured, the fingerprint is malformed or known_hosts has nothing usable for this host. When both
 * known_hosts and a fingerprint are given, the key must satisfy both.
 */
function createHostKeyCheck(opts) {
    const where = displayHost(opts.host, opts.port);
    const knownText = opts.knownHosts?.trim() ? opts.knownHosts : undefined;
    const fpText = opts.fingerprint?.trim() ? opts.fingerprint : undefined;
    if (!knownText && !fpText)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${HOST_KEY_REQUIRED}. ${howToScan(opts.host, opts.port)}`);
    const fingerprints = fpText ? parseFingerprints(fpText) : undefined;
    let trusted;
    let revoked = [];
    if (knownText) {
        const matching = findHostKeys(parseKnownHosts(knownText), opts.host, opts.port);
        revoked = matching.filter((e) => e.marker === 'revoked');
        trusted = matching.filter((e) => !e.marker);
        if (trusted.length === 0) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`known-hosts has no key for ${where} (looked up as ${knownHostsName(opts.host, opts.port)}); ${HOST_KEY_REQUIRED}. ${howToScan(opts.host, opts.port)}`);
        }
    }
    const algorithms = trusted ? algorithmsFor(new Set(trusted.map((e) => e.keyType))) : undefined;
    if (algorithms && algorithms.length === 0) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`known-hosts keys for ${where} use key types this client cannot verify`);
    }
    const check = {
        ...(algorithms ? { algorithms } : {}),
        verify: (key) => {
            const got = `${fingerprintSha256(key)} ${blobKeyType(key) ?? '?'}`;
            const fail = (msg) => {
                check.failure = `${msg} (server presented ${got})`;
                return false;
            };
            if (revoked.some((e) => e.key.equals(key)))
                return fail(`host key for ${where} is marked @revoked in known-hosts`);
            if (trusted && !trusted.some((e) => e.key.equals(key)))
                return fail(`host key for ${where} does not match known-hosts`);
            if (fingerprints && !fingerprints.includes(fingerprintSha256(key))) {
                return fail(`host key for ${where} does not match host-fingerprint`);
            }
            check.accepted = Buffer.from(key);
            return true;
        },
    };
    return check;
}
//# sourceMappingURL=host-keys.js.map

/***/ }),

/***/ 53341:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NH: () => (/* binding */ umaskProblem),
/* harmony export */   Z7: () => (/* binding */ rsyncChmod),
/* harmony export */   m7: () => (/* binding */ DEFAULT_UMASK),
/* harmony export */   r7: () => (/* binding */ umaskCommand)
/* harmony export */ });
/**
 * File modes of what a deploy writes on the host (pure): a umask, checked once, becomes the remote
 * shell's `umask` and rsync's `--chmod` (rsync -p would otherwise copy the modes of `git archive`,
 * whose default tar.umask 002 makes files 664 and directories 775).
 */
/** The umask of every deploy unless the target sets one: files 644 (755 executable), directories 755. */
const DEFAULT_UMASK = '022';
const UMASK = /^0?[0-7]{3}$/;
/** Why `umask` cannot be a deploy's umask, or undefined when it can. */
function umaskProblem(umask) {
    if (!UMASK.test(umask))
        return 'expected a umask as a quoted octal string like "022" or "027"';
    const bits = parseInt(umask, 8);
    if ((bits & 0o022) !== 0o022)
        return `umask ${umask} leaves deployed files writable by the group or others: it must mask both (e.g. "022", "027")`;
    if ((bits & 0o700) !== 0)
        return `umask ${umask} takes permissions from the owner, the deploy could not write its own files`;
    return undefined;
}
function assertUmask(umask) {
    const problem = umaskProblem(umask);
    if (problem)
        throw new Error(problem);
}
/** `umask 022` for the remote shell (validated: the value is never free text). */
function umaskCommand(umask) {
    assertUmask(umask);
    return `umask ${umask.padStart(4, '0')}`;
}
/** rsync `--chmod` value removing what the umask masks, e.g. "022" → "g-w,o-w", "027" → "g-w,o-rwx". */
function rsyncChmod(umask) {
    assertUmask(umask);
    const bits = parseInt(umask, 8);
    const letters = (digit) => ['r', 'w', 'x'].filter((_, i) => digit & (4 >> i)).join('');
    return [
        ['g', (bits >> 3) & 7],
        ['o', bits & 7],
    ]
        .filter(([, digit]) => digit !== 0)
        .map(([who, digit]) => `${who}-${letters(digit)}`)
        .join(',');
}
//# sourceMappingURL=modes.js.map

/***/ }),

/***/ 1550:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FV: () => (/* binding */ assertControlDir),
/* harmony export */   XD: () => (/* binding */ noShortTempDirError),
/* harmony export */   jk: () => (/* binding */ RUN_DIR_PREFIX),
/* harmony export */   kZ: () => (/* binding */ CONTROL_SOCKET_NAME),
/* harmony export */   l3: () => (/* binding */ usableTempBases)
/* harmony export */ });
/* unused harmony exports sunPathLimit, controlSocketBytes, controlDirProblem, maxTempBaseBytes, tempBaseProblem */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3828);
/**
 * Unix socket paths for the OpenSSH ControlMaster (pure). A socket path must fit in sun_path
 * (108 bytes on Linux, 104 on macOS and the BSDs, NUL included), and ssh first binds the control
 * socket under a temporary name, `<ControlPath>.<16 random chars>`, before renaming it: that longer
 * name is the one that must fit. With a long TMPDIR (self-hosted runners) the run directory moves to
 * a shorter temp base; when none fits, the user gets a clear error instead of ssh's
 * `unix_listener: path "…" too long`.
 */

/** Name of the run's private directory: `<prefix>` + the 6 characters mkdtemp appends. */
const RUN_DIR_PREFIX = 'gitops-ssh-';
const MKDTEMP_SUFFIX_BYTES = 6;
/** The ControlPath inside the run directory: `%C` is a 40-hex hash of host, port, user and local host. */
const CONTROL_SOCKET_NAME = 'cm-%C';
const CONTROL_SOCKET_BYTES = 'cm-'.length + 40;
/** ssh's temporary listener name: `.` + 16 random characters after the ControlPath. */
const SSH_TEMP_SUFFIX_BYTES = 17;
/** sizeof(sun_path) of the platform. */
function sunPathLimit(platform = process.platform) {
    return platform === 'linux' || platform === 'android' ? 108 : 104;
}
/** Bytes ssh needs to bind the control socket in `dir` (temporary name and NUL included). */
function controlSocketBytes(dir) {
    return Buffer.byteLength(dir) + 1 + CONTROL_SOCKET_BYTES + SSH_TEMP_SUFFIX_BYTES + 1;
}
/** ssh splits -o values on whitespace, and the path must be absolute. */
function pathProblem(p) {
    if (!p.startsWith('/'))
        return `${JSON.stringify(p)} is not an absolute path`;
    if (/[\s\x00-\x1f\x7f]/.test(p))
        return `${JSON.stringify(p)} contains whitespace or control characters`;
    return undefined;
}
/** Why `dir` cannot hold the control socket, or undefined when it can. */
function controlDirProblem(dir, limit = sunPathLimit()) {
    const need = controlSocketBytes(dir);
    const tooLong = need > limit ? `${JSON.stringify(dir)} is too long: its ssh control socket needs ${need} bytes, the limit is ${limit}` : undefined;
    return pathProblem(dir) ?? tooLong;
}
/** Throws a UserError when `dir` cannot hold the control socket. */
function assertControlDir(dir, limit = sunPathLimit()) {
    const problem = controlDirProblem(dir, limit);
    if (problem)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`ssh control socket directory: ${problem}`);
}
/** The longest temp base whose run directory still fits (28 bytes on Linux, 24 on macOS). */
function maxTempBaseBytes(limit = sunPathLimit()) {
    return limit - controlSocketBytes('') - 1 - RUN_DIR_PREFIX.length - MKDTEMP_SUFFIX_BYTES;
}
function trimSlashes(base) {
    return base.replace(/\/+$/, '');
}
/** `base` as the parent of a run directory: why it cannot be used, or undefined. */
function tempBaseProblem(base, limit = sunPathLimit()) {
    const bytes = Buffer.byteLength(trimSlashes(base));
    const max = maxTempBaseBytes(limit);
    const tooLong = bytes > max ? `${JSON.stringify(base)} is ${bytes} bytes, longer than ${max}` : undefined;
    return pathProblem(base) ?? tooLong;
}
/** The usable temp bases, in order, and why the others were set aside. */
function usableTempBases(candidates, limit = sunPathLimit()) {
    const bases = [];
    const rejected = [];
    for (const c of [...new Set(candidates)]) {
        const problem = tempBaseProblem(c, limit);
        if (problem)
            rejected.push(problem);
        else
            bases.push(trimSlashes(c) || '/');
    }
    return { bases, rejected };
}
/** The UserError when no temp base can hold the run directory. */
function noShortTempDirError(reasons, limit = sunPathLimit()) {
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`no short private directory for the ssh control socket (unix socket paths are limited to ${limit} bytes): ${reasons.join('; ')}. ` +
        `Set TMPDIR to a writable directory of at most ${maxTempBaseBytes(limit)} bytes without spaces.`);
}
//# sourceMappingURL=socket-path.js.map

/***/ }),

/***/ 59028:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mj: () => (/* binding */ INIT_PLACEHOLDER_HOST),
/* harmony export */   Vx: () => (/* binding */ displayRemote),
/* harmony export */   aY: () => (/* binding */ assertSafeRemote),
/* harmony export */   h9: () => (/* binding */ buildSshOptions),
/* harmony export */   jK: () => (/* binding */ sshDestination),
/* harmony export */   pk: () => (/* binding */ parseUserHost)
/* harmony export */ });
/* unused harmony exports assertSafeUser, assertSafeHost, assertPort */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3828);
/* harmony import */ var _socket_path_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1550);
/** Pure builders for OpenSSH client options and remote addressing (used by rsync's `-e`). */


const CONTROL_CHARS = /[\x00-\x1f\x7f]/;
/** Reject input that an ssh/rsync command line could mistake for an option or split. */
function assertSafeUser(user) {
    if (!user || user.startsWith('-') || CONTROL_CHARS.test(user) || /[\s@:/\\'"`$]/.test(user)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid SSH user ${JSON.stringify(user)}`);
    }
}
function assertSafeHost(host) {
    const ok = /^[A-Za-z0-9._:%_-]+$/.test(host) && !host.startsWith('-') && !host.startsWith('.');
    if (!ok)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid SSH host ${JSON.stringify(host)}`);
}
function assertPort(port) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid SSH port ${String(port)}`);
}
function assertSafeRemote(r) {
    assertSafeUser(r.user);
    assertSafeHost(r.host);
    assertPort(r.port);
}
/** The host `init` proposes (init-propose.ts): never a real server (example.org is reserved). */
const INIT_PLACEHOLDER_HOST = 'your-server.example.org';
/** Parse `user@host` / `user@[v6]` into user and bare host; init's placeholder host is refused. */
function parseUserHost(target, port) {
    const at = target.lastIndexOf('@');
    if (at <= 0)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`SSH target must be user@host, got ${JSON.stringify(target)}`);
    const user = target.slice(0, at);
    let host = target.slice(at + 1);
    if (host.startsWith('[') && host.endsWith(']'))
        host = host.slice(1, -1);
    const remote = { user, host, port };
    assertSafeRemote(remote);
    if (host === INIT_PLACEHOLDER_HOST)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${host} is the placeholder \`gitops-deploy init\` wrote: set the target's host (user@host of your server) in the config before connecting`);
    return remote;
}
/** `user@host` for the ssh command line (ssh wants IPv6 without brackets). */
function sshDestination(r) {
    assertSafeRemote(r);
    return `${r.user}@${r.host}`;
}
function assertPlainPath(label, p) {
    // UserKnownHostsFile is a whitespace-separated list and ssh splits -o values on spaces.
    if (!p.startsWith('/') || /\s/.test(p) || CONTROL_CHARS.test(p)) {
        throw new Error(`${label} must be an absolute path without whitespace: ${JSON.stringify(p)}`);
    }
}
/**
 * OpenSSH client options (argv form) matching the ssh2 connection's policy: only our key (served by
 * our private agent), strict host key checking against our known_hosts only, keepalives so a cut
 * network fails in ~15 s, and one shared ControlMaster per run, its socket checked against the
 * unix socket path limit.
 */
function buildSshOptions(o) {
    assertPlainPath('key path', o.keyPath);
    assertPlainPath('known_hosts path', o.knownHostsPath);
    assertPlainPath('control dir', o.controlDir);
    (0,_socket_path_js__WEBPACK_IMPORTED_MODULE_1__/* .assertControlDir */ .FV)(o.controlDir);
    if (o.agentSocket !== undefined)
        assertPlainPath('agent socket', o.agentSocket);
    assertPort(o.port);
    const opt = (kv) => ['-o', kv];
    return [
        '-i',
        o.keyPath,
        '-p',
        String(o.port),
        ...opt('IdentitiesOnly=yes'),
        ...opt('BatchMode=yes'),
        ...opt('StrictHostKeyChecking=yes'),
        ...opt(`UserKnownHostsFile=${o.knownHostsPath}`),
        ...opt('GlobalKnownHostsFile=/dev/null'),
        ...opt('UpdateHostKeys=no'),
        ...opt('ServerAliveInterval=5'),
        ...opt('ServerAliveCountMax=2'),
        ...opt('ConnectTimeout=10'),
        ...opt('ControlMaster=auto'),
        ...opt(`ControlPath=${o.controlDir}/${_socket_path_js__WEBPACK_IMPORTED_MODULE_1__/* .CONTROL_SOCKET_NAME */ .kZ}`),
        ...opt(`ControlPersist=${o.controlPersist ?? 60}`),
        ...(o.agentSocket !== undefined ? opt(`IdentityAgent=${o.agentSocket}`) : []),
    ];
}
/** `user@host:port` for names and logs (`user@[::1]:22` for IPv6). */
function displayRemote(r) {
    return `${r.user}@${r.host.includes(':') ? `[${r.host}]` : r.host}:${r.port}`;
}
//# sourceMappingURL=ssh-options.js.map

/***/ }),

/***/ 621:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Q: () => (/* binding */ CommandError)
});

// EXTERNAL MODULE: ./lib/core/text.js
var core_text = __webpack_require__(69716);
// EXTERNAL MODULE: ./lib/transport/quote.js
var quote = __webpack_require__(41917);
;// CONCATENATED MODULE: ./lib/transport/failure-hints.js
/**
 * What to do about the host failures a first deploy trips on (a host not prepared as
 * docs/prepare-server.md says), recognised in a failed command's output: one `fix:` line each,
 * appended to the error, so a deploy names the fix `doctor` would have given.
 */

/** A compose env_file missing in a release (compose v2 and v1 wording): it links to <path>/shared/<file>. */
const MISSING_ENV_FILE = /(?:env file |Couldn't find env file: )(\S+?)\/(?:current|releases\/[0-9a-f]{40})\/(\S+?)(?: not found|:|$)/m;
const HINTS = [
    [
        /permission denied while trying to connect to the docker daemon socket/i,
        () => 'fix: the deploy user may not use docker: on the host, sudo usermod -aG docker <deploy user> (then a new SSH session); `gitops-deploy doctor` checks it',
    ],
    [
        /\brsync: (command )?not found\b/,
        () => 'fix: install rsync on the host (apt-get install rsync): the upload runs it on both ends; `gitops-deploy doctor` checks it',
    ],
    [
        MISSING_ENV_FILE,
        ([, path, file]) => `fix: ${path}/shared/${file} is missing on the host: a deploy never uploads it (it is not in the commit; list it under \`shared\`). ` +
            `Create it there (mkdir -p ${(0,quote/* shellQuote */.Z)(`${path}/shared`)} && install -m 600 /dev/null ${(0,quote/* shellQuote */.Z)(`${path}/shared/${file}`)}) and fill in its values; \`gitops-deploy doctor\` checks it`,
    ],
];
/** The fix lines for a failed command's output (none when nothing is recognised). */
function failureHints(output) {
    return HINTS.flatMap(([re, fix]) => {
        const m = re.exec(output);
        return m ? [fix(m)] : [];
    });
}
//# sourceMappingURL=failure-hints.js.map
;// CONCATENATED MODULE: ./lib/transport/types.js
/** Executors run argument arrays on a host: locally (child_process, no shell) or over SSH (quoted). */


class CommandError extends Error {
    argv;
    result;
    constructor(argv, result) {
        const cmd = Array.isArray(argv) ? argv.join(' ') : argv;
        const output = result.stderr || result.stdout;
        const hints = failureHints(output);
        super(`command failed (exit ${result.code}): ${cmd.slice(0, 300)}\n${[(0,core_text/* tail */.RT)(output, 15), ...hints].join('\n')}`);
        this.argv = argv;
        this.result = result;
        this.name = 'CommandError';
    }
}
//# sourceMappingURL=types.js.map

/***/ })

};
