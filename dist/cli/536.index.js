import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 536;
export const ids = [536];
export const modules = {

/***/ 60536:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   earlyAddress: () => (/* binding */ earlyAddress),
/* harmony export */   readEarlyAddress: () => (/* binding */ readEarlyAddress)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38815);
/* harmony import */ var _transport_modes_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53341);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6141);
/* harmony import */ var _ssh_address_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(53989);
/**
 * The first host a deploy or rollback connects to, read from the raw config text before the config
 * is loaded and validated (the SSH handshake then overlaps with the validation): only when the
 * values are plainly valid, else undefined. The session takes the connection only if the validated
 * target names the same address and umask (session/early-connect.ts).
 */





const isMapping = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The raw target `name` names (or the only one), undefined when it is not a mapping. */
function rawTarget(text, name) {
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(text, { merge: true, uniqueKeys: true });
    if (doc.errors.length > 0)
        return undefined;
    const raw = doc.toJS({ maxAliasCount: 1000 });
    const targets = isMapping(raw) ? raw.targets : undefined;
    if (!isMapping(targets))
        return undefined;
    const names = Object.keys(targets);
    const chosen = name ?? (names.length === 1 ? names[0] : undefined);
    const target = chosen !== undefined && Object.hasOwn(targets, chosen) ? targets[chosen] : undefined;
    return isMapping(target) ? target : undefined;
}
const isPort = (v) => Number.isInteger(v) && (0,_ssh_address_js__WEBPACK_IMPORTED_MODULE_3__/* .inPortRange */ .Uo)(String(v));
const isHostEntry = (v) => typeof v === 'string' && (0,_ssh_address_js__WEBPACK_IMPORTED_MODULE_3__/* .inPortRange */ .Uo)(_ssh_address_js__WEBPACK_IMPORTED_MODULE_3__/* .SSH_HOST_PORT */ .Sh.exec(v)?.[1]) && _ssh_address_js__WEBPACK_IMPORTED_MODULE_3__/* .SSH_HOST_PORT */ .Sh.test(v) && (0,_ssh_address_js__WEBPACK_IMPORTED_MODULE_3__/* .bracketIsIp */ .os)(v);
/** host XOR hosts (with primary), port and umask as the schema takes them (the defaults when absent); else undefined. */
function plainAddress(t) {
    const { host, hosts, primary, port = 22, umask = _transport_modes_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_UMASK */ .m7 } = t;
    if (!isPort(port) || typeof umask !== 'string' || (0,_transport_modes_js__WEBPACK_IMPORTED_MODULE_4__/* .umaskProblem */ .NH)(umask))
        return undefined;
    if ((host === undefined) === (hosts === undefined))
        return undefined;
    if (host !== undefined && !(typeof host === 'string' && _ssh_address_js__WEBPACK_IMPORTED_MODULE_3__/* .SSH_HOST */ .oT.test(host) && (0,_ssh_address_js__WEBPACK_IMPORTED_MODULE_3__/* .bracketIsIp */ .os)(host)))
        return undefined;
    if (hosts !== undefined && !(Array.isArray(hosts) && hosts.length > 0 && hosts.every(isHostEntry)))
        return undefined;
    if (primary !== undefined && !(isHostEntry(primary) && hosts?.includes(primary)))
        return undefined;
    const [address] = (0,_hosts_js__WEBPACK_IMPORTED_MODULE_2__/* .hostsOf */ .PP)({
        host: host,
        hosts: hosts,
        primary: primary,
        port,
    });
    return address && { address, umask };
}
/** From config text: the first address to connect to and the umask, when plainly valid. Never throws. */
function earlyAddress(text, targetName) {
    try {
        const target = rawTarget(text, targetName);
        return target && plainAddress(target);
    }
    catch {
        return undefined; // anything odd: the normal path connects after validation
    }
}
/** earlyAddress of the config file; undefined when it cannot be read (loadConfig reports that). */
async function readEarlyAddress(file, targetName) {
    const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8').catch(() => undefined);
    return text === undefined ? undefined : earlyAddress(text, targetName);
}
//# sourceMappingURL=early-address.js.map

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

/***/ })

};
