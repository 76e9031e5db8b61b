import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 426;
export const ids = [426];
export const modules = {

/***/ 44158:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {


/**
 * @license
 * Copyright 2020 Balena Ltd.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *    http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 *
 * ------------------------------------------------------------------------
 *
 * Copyright 2018 Zeit, Inc.
 * Licensed under the MIT License. See file LICENSE.md for a full copy.
 *
 * ------------------------------------------------------------------------
 */

/**
 * This module implements the [dockerignore
 * spec](https://docs.docker.com/engine/reference/builder/#dockerignore-file),
 * closely following Docker's (Moby) Golang implementation:
 * https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go
 * https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go
 * https://github.com/moby/moby/blob/v19.03.8/pkg/archive/archive.go#L825
 *
 * Something the spec is not clear about, but we discovered by reading source code
 * and testing against the "docker build" command, is the handling of backslashes and
 * forward slashes as path separators and escape characters in the .dockerignore file
 * across platforms including Windows, Linux and macOS:
 *
 * * On Linux and macOS, only forward slashes can be used as path separators in the
 *   .dockerignore file, and the backslash works as an escape character.
 * * On Windows, both forward slashes and backslashes are allowed as path separators
 *   in the .dockerignore file, and the backslash is not used as an escape character.
 *
 * This is consistent with how Windows works generally: both forward slashes and
 * backslashes are accepted as path separators by the cmd.exe Command Prompt or
 * PowerShell, and by library functions like the Golang filepath.Clean or the
 * Node.js path.normalize.
 *
 * Similarly, path strings provided to the IgnoreBase.ignores() and IgnoreBase.filter()
 * methods can use either forward slashes or backslashes as path separators on Windows,
 * but only forward slashes are accepted as path separators on Linux and macOS.
 */

const path = __webpack_require__(16928);

const factory = options => new IgnoreBase(options); // https://github.com/kaelzhang/node-ignore/blob/5.1.4/index.js#L538-L539
// Fixes typescript module import


factory.default = factory;
module.exports = factory;

function make_array(subject) {
  return Array.isArray(subject) ? subject : [subject];
}

const REGEX_TRAILING_SLASH = /(?<=.)\/$/;
const REGEX_TRAILING_BACKSLASH = /(?<=.)\\$/;
const REGEX_TRAILING_PATH_SEP = path.sep === '\\' ? REGEX_TRAILING_BACKSLASH : REGEX_TRAILING_SLASH;
const KEY_IGNORE = typeof Symbol !== 'undefined' ? Symbol.for('dockerignore') : 'dockerignore'; // An implementation of Go's filepath.Clean
// https://golang.org/pkg/path/filepath/#Clean
// https://github.com/golang/go/blob/master/src/path/filepath/path.go
// Note that, like Go, on Windows this function converts forward slashes
// to backslashes.

function cleanPath(file) {
  return path.normalize(file).replace(REGEX_TRAILING_PATH_SEP, '');
} // Javascript port of Golang's filepath.ToSlash
// https://golang.org/pkg/path/filepath/#ToSlash
// https://github.com/golang/go/blob/master/src/path/filepath/path.go
// Convert any OS-specific path separator to '/'. Backslash is converted
// to forward slash on Windows, but not on Linux/macOS.
// Note that both forward slashes and backslashes are valid path separators on
// Windows. As a result, code such as `pattern.split(path.sep).join('/')` fails
// on Windows when forward slashes are used as path separators.


function toSlash(file) {
  if (path.sep === '/') {
    return file;
  }

  return file.replace(/\\/g, '/');
} // Javascript port of Golang's filepath.FromSlash
// https://github.com/golang/go/blob/master/src/path/filepath/path.go


function fromSlash(file) {
  if (path.sep === '/') {
    return file;
  }

  return file.replace(/\//g, path.sep);
}

class IgnoreBase {
  constructor({
    // https://github.com/kaelzhang/node-ignore/blob/5.1.4/index.js#L372
    ignorecase = true
  } = {}) {
    this._rules = [];
    this._ignorecase = ignorecase;
    this[KEY_IGNORE] = true;

    this._initCache();
  }

  _initCache() {
    this._cache = {};
  } // @param {Array.<string>|string|Ignore} pattern


  add(pattern) {
    this._added = false;

    if (typeof pattern === 'string') {
      pattern = pattern.split(/\r?\n/g);
    }

    make_array(pattern).forEach(this._addPattern, this); // Some rules have just added to the ignore,
    // making the behavior changed.

    if (this._added) {
      this._initCache();
    }

    return this;
  } // legacy


  addPattern(pattern) {
    return this.add(pattern);
  }

  _addPattern(pattern) {
    // https://github.com/kaelzhang/node-ignore/issues/32
    if (pattern && pattern[KEY_IGNORE]) {
      this._rules = this._rules.concat(pattern._rules);
      this._added = true;
      return;
    }

    if (this._checkPattern(pattern)) {
      const rule = this._createRule(pattern.trim());

      if (rule !== null) {
        this._added = true;

        this._rules.push(rule);
      }
    }
  }

  _checkPattern(pattern) {
    // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L34-L40
    return pattern && typeof pattern === 'string' && pattern.indexOf('#') !== 0 && pattern.trim() !== "";
  }

  filter(paths) {
    return make_array(paths).filter(path => this._filter(path));
  }

  createFilter() {
    return path => this._filter(path);
  }

  ignores(path) {
    return !this._filter(path);
  } // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L41-L53
  // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L29-L55


  _createRule(pattern) {
    const origin = pattern;
    let negative = false; // > An optional prefix "!" which negates the pattern;
    // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L43-L46

    if (pattern[0] === '!') {
      negative = true;
      pattern = pattern.substring(1).trim();
    } // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L47-L53


    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      pattern = toSlash(pattern);

      if (pattern.length > 1 && pattern[0] === '/') {
        pattern = pattern.slice(1);
      }
    } // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L54-L55


    if (negative) {
      pattern = '!' + pattern;
    } // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L30


    pattern = pattern.trim();

    if (pattern === "") {
      return null;
    } // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L34
    // convert forward slashes to backslashes on Windows


    pattern = cleanPath(pattern); // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L36-L42

    if (pattern[0] === '!') {
      if (pattern.length === 1) {
        return null;
      }

      negative = true;
      pattern = pattern.substring(1);
    } else {
      negative = false;
    }

    return {
      origin,
      pattern,
      // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L54
      dirs: pattern.split(path.sep),
      negative
    };
  } // @returns `Boolean` true if the `path` is NOT ignored


  _filter(path) {
    if (!path) {
      return false;
    }

    if (path in this._cache) {
      return this._cache[path];
    }

    return this._cache[path] = this._test(path);
  } // @returns {Boolean} true if a file is NOT ignored
  // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L62


  _test(file) {
    file = fromSlash(file); // equivalent to golang filepath.Dir() https://golang.org/src/path/filepath/path.go

    const parentPath = cleanPath(path.dirname(file));
    const parentPathDirs = parentPath.split(path.sep);
    let matched = false;

    this._rules.forEach(rule => {
      let match = this._match(file, rule); // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L80


      if (!match && parentPath !== ".") {
        // Check to see if the pattern matches one of our parent dirs.
        if (rule.dirs.includes('**')) {
          // Ah shucks! We have to test every possible parent path that has 
          // a number of dirs _n_ where 
          // `rule.dirs.filter(doubleStar).length <= _n_ <= parentPathDirs.length`
          // since the ** can imply any number of directories including 0
          for (let i = rule.dirs.filter(x => x !== '**').length; i <= parentPathDirs.length; i++) {
            match = match || this._match(parentPathDirs.slice(0, i).join(path.sep), rule);
          }
        } else if (rule.dirs.length <= parentPathDirs.length) {
          // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L83
          match = this._match(parentPathDirs.slice(0, rule.dirs.length).join(path.sep), rule);
        }
      }

      if (match) {
        matched = !rule.negative;
      }
    });

    return !matched;
  } // @returns {Boolean} true if a file is matched by a rule


  _match(file, rule) {
    return this._compile(rule).regexp.test(file);
  } // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L139


  _compile(rule) {
    if (rule.regexp) {
      return rule;
    }

    let regStr = '^'; // Go through the pattern and convert it to a regexp.

    let escapedSlash = path.sep === '\\' ? '\\\\' : path.sep;

    for (let i = 0; i < rule.pattern.length; i++) {
      const ch = rule.pattern[i];

      if (ch === '*') {
        if (rule.pattern[i + 1] === '*') {
          // is some flavor of "**"
          i++; // Treat **/ as ** so eat the "/"

          if (rule.pattern[i + 1] === path.sep) {
            i++;
          }

          if (rule.pattern[i + 1] === undefined) {
            // is "**EOF" - to align with .gitignore just accept all
            regStr += ".*";
          } else {
            // is "**"
            // Note that this allows for any # of /'s (even 0) because
            // the .* will eat everything, even /'s
            regStr += `(.*${escapedSlash})?`;
          }
        } else {
          // is "*" so map it to anything but "/"
          regStr += `[^${escapedSlash}]*`;
        }
      } else if (ch === '?') {
        // "?" is any char except "/"
        regStr += `[^${escapedSlash}]`;
      } else if (ch === '.' || ch === '$') {
        // Escape some regexp special chars that have no meaning
        // in golang's filepath.Match
        regStr += `\\${ch}`;
      } else if (ch === '\\') {
        // escape next char. Note that a trailing \ in the pattern
        // will be left alone (but need to escape it)
        if (path.sep === '\\') {
          // On windows map "\" to "\\", meaning an escaped backslash,
          // and then just continue because filepath.Match on
          // Windows doesn't allow escaping at all
          regStr += escapedSlash;
          continue;
        }

        if (rule.pattern[i + 1] !== undefined) {
          regStr += '\\' + rule.pattern[i + 1];
          i++;
        } else {
          regStr += '\\';
        }
      } else {
        regStr += ch;
      }
    }

    regStr += "$";
    rule.regexp = new RegExp(regStr, this._ignorecase ? 'i' : '');
    return rule;
  }

}


/***/ }),

/***/ 12592:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GB: () => (/* binding */ readBlobObjects),
/* harmony export */   b4: () => (/* binding */ readBlobs)
/* harmony export */ });
/* unused harmony export blobText */
/* harmony import */ var _cat_file_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91511);

/** A blob's text; null for a missing name or another type (a tree is not a file). */
function blobText(object) {
    return object?.type === 'blob' ? object.content.toString('utf8') : null;
}
/**
 * The files `<commit>:<path>` of `specs`, read by `git cat-file --batch` (no shell; the names go
 * on stdin): `catFile`, or a process of their own. Null for a path the commit does not have. A name
 * with a line break cannot be one line of the batch: it reads as missing (a tracked path with a line
 * break is never a compose file or a .dockerignore that matters; the planner then treats it as absent).
 */
async function readBlobs(dir, specs, catFile) {
    return (await readBlobObjects(dir, specs, catFile)).map(blobText);
}
/** readBlobs's objects, their bytes as they are (a config file may be binary). */
async function readBlobObjects(dir, specs, catFile) {
    const names = specs.map(({ sha, path }) => `${sha}:${path}`);
    if (catFile)
        return catFile.ask(names);
    if (names.every((n) => n.includes('\n')))
        return names.map(() => null);
    const own = (0,_cat_file_js__WEBPACK_IMPORTED_MODULE_0__/* .openCatFile */ .J)(dir);
    try {
        return await own.ask(names);
    }
    finally {
        own.close();
    }
}
//# sourceMappingURL=blobs.js.map

/***/ }),

/***/ 91511:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ openCatFile)
/* harmony export */ });
/* unused harmony export readBatchAnswer */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var _core_secret_env_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(58737);


/**
 * Reads the answer at `at` of `git cat-file --batch` output (`<oid> <type> <size>\n<bytes>\n`, or
 * `<name> missing\n`): the object (null for a name git does not have) and where the next answer
 * starts; undefined while the output stops short of the answer's end.
 */
function readBatchAnswer(out, at) {
    const eol = out.indexOf(0x0a, at);
    if (eol < 0)
        return undefined;
    const header = out.subarray(at, eol).toString('utf8');
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m)
        return { object: null, next: eol + 1 }; // "<name> missing" / "ambiguous"
    const end = eol + 1 + Number(m[3]);
    if (end >= out.length)
        return undefined; // the bytes, or the line break after them, are still to come
    return { object: { oid: m[1], type: m[2], content: out.subarray(eol + 1, end) }, next: end + 1 };
}
/** Starts `git cat-file --batch` in `dir` (no shell; names on stdin). A failed git fails every round, with its reason. */
function openCatFile(dir) {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', ['cat-file', '--batch'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: (0,_core_secret_env_js__WEBPACK_IMPORTED_MODULE_1__/* .withoutSecrets */ .c)() });
    const rounds = [];
    const err = [];
    let out = Buffer.alloc(0);
    let failed;
    const fail = (error) => {
        failed ??= error;
        for (const round of rounds.splice(0))
            round.reject(failed);
    };
    child.stdout.on('data', (chunk) => {
        out = out.length > 0 ? Buffer.concat([out, chunk]) : chunk;
        let at = 0;
        for (let round = rounds[0]; round; round = rounds[0]) {
            const answer = readBatchAnswer(out, at);
            if (!answer)
                break;
            round.got.push(answer.object);
            at = answer.next;
            if (round.got.length === round.count)
                rounds.shift()?.resolve(round.got);
        }
        out = out.subarray(at);
    });
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', fail);
    // git may exit before reading every name (not a repository): its exit code says why, not EPIPE
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => fail(new Error(code === 0
        ? 'git cat-file --batch: truncated output'
        : `git cat-file --batch exited ${code}: ${Buffer.concat(err).toString().trim()}`)));
    return {
        async ask(names) {
            const sent = names.filter((n) => !n.includes('\n'));
            if (failed)
                throw failed;
            const objects = sent.length === 0
                ? []
                : await new Promise((resolve, reject) => {
                    rounds.push({ count: sent.length, got: [], resolve, reject });
                    child.stdin.write(sent.map((n) => `${n}\n`).join(''));
                });
            let i = 0;
            return names.map((n) => (n.includes('\n') ? null : (objects[i++] ?? null)));
        },
        close: () => child.stdin.end(),
    };
}
//# sourceMappingURL=cat-file.js.map

/***/ }),

/***/ 59718:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pq: () => (/* binding */ touchedPaths),
/* harmony export */   Y_: () => (/* binding */ changedFiles)
/* harmony export */ });
/* unused harmony exports parseNameStatusZ, DIFF */
/* harmony import */ var _once_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37323);

/** Parses `git diff --name-status -z -M` output (NUL-separated: status, path[, new path]). */
function parseNameStatusZ(out) {
    const parts = out.split('\0');
    const files = [];
    let i = 0;
    while (i < parts.length) {
        const code = parts[i++];
        if (!code)
            continue;
        const status = code[0];
        if (status === 'R' || status === 'C') {
            const oldPath = parts[i++] ?? '';
            const path = parts[i++] ?? '';
            files.push({ status, path, oldPath });
        }
        else {
            files.push({ status, path: parts[i++] ?? '' });
        }
    }
    return files.filter((f) => f.path !== '');
}
/** `git diff` as plumbing: paths exactly as stored (no quoting), no external diff or text conversion. */
const DIFF = ['-c', 'core.quotepath=false', 'diff', '--no-ext-diff', '--no-textconv'];
/**
 * Changed files between two commits, renames detected, paths exactly as stored (no quoting); one
 * `git diff` per pair of commits for the run (once.ts: the plan's serves the upload's).
 */
async function changedFiles(git, from, to) {
    if (from === to)
        return [];
    return (0,_once_js__WEBPACK_IMPORTED_MODULE_0__/* .readOnce */ .W)(git, 'diff', [from, to], async () => parseNameStatusZ(await git.raw([...DIFF, '--name-status', '-z', '-M', '--end-of-options', from, to, '--'])));
}
/** Every path a change touches (pure): a rename or copy as its two paths, as `git diff --no-renames` lists them. */
const touchedPaths = (files) => files.flatMap((f) => (f.oldPath === undefined ? [f.path] : [f.oldPath, f.path]));
//# sourceMappingURL=changed-files.js.map

/***/ }),

/***/ 74828:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lm: () => (/* binding */ treePaths),
/* harmony export */   Op: () => (/* binding */ attributeFiles),
/* harmony export */   Uf: () => (/* binding */ archiveRewrites),
/* harmony export */   vl: () => (/* binding */ changedPaths)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _changed_files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(59718);
/* harmony import */ var _tree_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(18662);
/* harmony import */ var _blobs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(12592);





/**
 * Paths changed between two commits: added, modified, deleted and type-changed, a rename as its two
 * paths (the plan's `git diff`, changed-files.ts). Null when git cannot diff them (a commit missing
 * from a shallow clone): the caller falls back, never fails.
 */
async function changedPaths(git, from, to) {
    try {
        return [...new Set((0,_changed_files_js__WEBPACK_IMPORTED_MODULE_2__/* .touchedPaths */ .Pq)(await (0,_changed_files_js__WEBPACK_IMPORTED_MODULE_2__/* .changedFiles */ .Y_)(git, from, to)))];
    }
    catch {
        return null;
    }
}
const ARCHIVE_ATTRIBUTES = /\bexport-(?:ignore|subst)\b/;
/** The `.gitattributes` paths of a tree listing. */
const attributeFiles = (paths) => paths.filter((p) => p === '.gitattributes' || p.endsWith('/.gitattributes'));
/**
 * Whether `git archive` of `sha` may differ from its tracked files: a `.gitattributes` of the tree
 * (or the repository's info/attributes) sets export-ignore or export-subst. A file that cannot be
 * read counts as setting them.
 */
async function archiveRewrites(git, dir, sha, paths) {
    const files = attributeFiles(paths);
    const texts = files.length > 0
        ? await (0,_blobs_js__WEBPACK_IMPORTED_MODULE_4__/* .readBlobs */ .b4)(dir, files.map((path) => ({ sha, path })))
        : [];
    if (texts.some((t) => t === null || ARCHIVE_ATTRIBUTES.test(t)))
        return true;
    try {
        const info = (await git.raw(['rev-parse', '--git-path', 'info/attributes'])).trim();
        const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(dir, info), 'utf8').catch(() => '');
        return ARCHIVE_ATTRIBUTES.test(text);
    }
    catch {
        return true;
    }
}
/** Every tracked path of `sha` (listTree), or null when git cannot list it. */
async function treePaths(git, sha) {
    try {
        return await (0,_tree_js__WEBPACK_IMPORTED_MODULE_3__/* .listTree */ .nT)(git, sha);
    }
    catch {
        return null;
    }
}
//# sourceMappingURL=diff-names.js.map

/***/ }),

/***/ 52197:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zl: () => (/* binding */ lfsContent),
  CK: () => (/* binding */ lfsObjectPath)
});

// UNUSED EXPORTS: lfsFiles, missingLfsMessage, missingLfsObjects, parseLfsPointer, pointerSized, setsLfsFilter

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(3828);
// EXTERNAL MODULE: ./lib/core/text.js
var core_text = __webpack_require__(69716);
// EXTERNAL MODULE: ./lib/git/blobs.js
var blobs = __webpack_require__(12592);
// EXTERNAL MODULE: ./lib/git/diff-names.js
var diff_names = __webpack_require__(74828);
// EXTERNAL MODULE: ./lib/git/once.js
var once = __webpack_require__(37323);
// EXTERNAL MODULE: ./lib/git/run.js
var run = __webpack_require__(82893);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./lib/git/lfs-local.js
/**
 * Where a repository keeps what Git LFS needs outside its commits: the local object store (git-lfs's
 * `lfs.storage`, else <git common dir>/lfs) and the attribute files that may track LFS patterns
 * without any committed .gitattributes (<git common dir>/info/attributes, core.attributesFile).
 */




/** The repository's common git directory (a linked worktree shares it), absolute. */
async function commonDir(dir) {
    const common = (await (0,run/* runGit */.E)(dir, ['rev-parse', '--git-common-dir'])).toString('utf8').trim();
    return (0,external_node_path_.resolve)(dir, common);
}
/** A git config value (`--path`: ~ expanded), or '' when it is not set. */
const configPath = (dir, key) => (0,run/* runGit */.E)(dir, ['config', '--path', '--get', key]).then((b) => b.toString('utf8').trim(), () => '');
/**
 * The local LFS store of the repository at `dir`: <lfs.storage>/objects when git-lfs's `lfs.storage`
 * is set (a relative one is inside the git directory, as git-lfs reads it), else
 * <git common dir>/lfs/objects.
 */
async function lfsStore(dir) {
    const common = await commonDir(dir);
    const storage = await configPath(dir, 'lfs.storage');
    return (0,external_node_path_.join)(storage ? (0,external_node_path_.resolve)(common, storage) : (0,external_node_path_.join)(common, 'lfs'), 'objects');
}
/** The text of the attribute files outside the commits (missing ones skipped): git applies them to `git add` as it does .gitattributes. */
async function localAttributeTexts(dir) {
    const global = (await configPath(dir, 'core.attributesFile')) || (0,external_node_path_.join)(process.env.XDG_CONFIG_HOME || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.config'), 'git', 'attributes');
    const files = [(0,external_node_path_.join)(await commonDir(dir), 'info', 'attributes'), global];
    const texts = await Promise.all(files.map((f) => (0,promises_.readFile)(f, 'utf8').catch(() => '')));
    return texts.filter(Boolean);
}
//# sourceMappingURL=lfs-local.js.map
// EXTERNAL MODULE: ./lib/git/tree.js
var tree = __webpack_require__(18662);
;// CONCATENATED MODULE: ./lib/git/lfs-pointers.js
/**
 * Git LFS: a tracked file whose blob is an LFS pointer (`version https://git-lfs.github.com/spec/v1`,
 * `oid sha256:<64 hex>`, `size <n>`) has its content in the local LFS store
 * (`<git common dir>/lfs/objects/<aa>/<bb>/<oid>`), where `git lfs pull` (actions/checkout with
 * `lfs: true`) leaves it. No git-lfs is needed to read it.
 */










/** The spec's bounds of a pointer file: smaller than 1024 bytes, and at least its three lines. */
const MIN_POINTER_BYTES = 120;
const MAX_POINTER_BYTES = 1023;
const POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\n(?:[a-z0-9.-]+ [^\n]*\n)*?oid sha256:([0-9a-f]{64})\n(?:[a-z0-9.-]+ [^\n]*\n)*?size (\d+)\n(?:[a-z0-9.-]+ [^\n]*\n)*$/;
/** The object an LFS pointer's text names (pure); null for any other text. */
function parseLfsPointer(text) {
    if (text.length < MIN_POINTER_BYTES || text.length > MAX_POINTER_BYTES)
        return null;
    const m = POINTER.exec(text);
    return m ? { oid: m[1], size: Number(m[2]) } : null;
}
/** Whether a .gitattributes text sets the LFS filter on some pattern (pure). */
const setsLfsFilter = (text) => /(?:^|\s)filter=lfs(?:\s|$)/m.test(text);
/** The entries whose blob has a pointer's size (pure): the only ones worth reading. */
const pointerSized = (entries) => entries
    .filter((e) => e.type === 'blob' && e.mode !== '120000' && e.size >= MIN_POINTER_BYTES && e.size <= MAX_POINTER_BYTES)
    .map((e) => e.path);
/**
 * The files of commit `sha` whose blob is an LFS pointer, when a .gitattributes of the commit or an
 * attribute file of the repository (info/attributes, core.attributesFile) sets `filter=lfs` (else
 * none are read: a tree of small files costs nothing more); none when git cannot list it (its
 * archive then says why). Read once per commit for the run (the plan's check and the upload ask both).
 */
function lfsFiles(dir, sha) {
    const git = (0,run/* gitAt */.c)((0,external_node_path_.resolve)(dir));
    return (0,once/* readOnce */.W)(git, 'lfs-files', [sha], async () => {
        const entries = await (0,tree/* treeEntries */.re)(git, sha).catch(() => []);
        const attributes = (0,diff_names/* attributeFiles */.Op)(entries.map((e) => e.path));
        const texts = await (0,blobs/* readBlobs */.b4)(dir, attributes.map((path) => ({ sha, path })));
        const local = await localAttributeTexts(dir);
        if (![...texts, ...local].some((t) => t !== null && setsLfsFilter(t)))
            return [];
        return pointersAmong(dir, sha, pointerSized(entries));
    });
}
/** The LFS pointers among `paths` of commit `sha` (their blobs read in one batch). */
async function pointersAmong(dir, sha, paths) {
    if (paths.length === 0)
        return [];
    const texts = await (0,blobs/* readBlobs */.b4)(dir, paths.map((path) => ({ sha, path })));
    return paths.flatMap((path, i) => {
        const pointer = texts[i] == null ? null : parseLfsPointer(texts[i]);
        return pointer ? [{ path, ...pointer }] : [];
    });
}
/** Where the local LFS store keeps the object `oid` (pure). */
const lfsObjectPath = (store, oid) => (0,external_node_path_.join)(store, oid.slice(0, 2), oid.slice(2, 4), oid);
/** The files whose object is not in the store with its size (absent, or cut short). */
async function missingLfsObjects(store, files) {
    const present = await Promise.all(files.map((f) => (0,promises_.stat)(lfsObjectPath(store, f.oid)).then((s) => s.isFile() && s.size === f.size, () => false)));
    return files.filter((_, i) => !present[i]);
}
/** The refusal of a commit whose LFS content is not here (pure): the files named, what to do. */
function missingLfsMessage(sha, missing) {
    const shown = missing.slice(0, 10).map((f) => f.path);
    const more = missing.length > shown.length ? ` and ${missing.length - shown.length} more` : '';
    const n = missing.length;
    return (`Git LFS: ${n} file${n === 1 ? '' : 's'} of ${(0,core_text/* shortSha */.Fu)(sha)} ${n === 1 ? 'is an LFS pointer' : 'are LFS pointers'} whose content is not in the local LFS store: ${shown.join(', ')}${more}. ` +
        'The deploy does not upload pointer files: check the repository out with its LFS objects (actions/checkout with `lfs: true`, or `git lfs pull`) and deploy again. Nothing was changed.');
}
/**
 * The LFS files of `sha` and the store holding all their objects; a UserError naming the files whose
 * content is not there. `leftOut`: the files that never leave the runner (the target's upload rules
 * skip them), neither checked nor returned: their pointers stay in the export, never sent.
 */
async function lfsContent(dir, sha, leftOut = () => false) {
    const files = (await lfsFiles(dir, sha)).filter((f) => !leftOut(f.path));
    if (files.length === 0)
        return { files, store: '' };
    const store = await lfsStore(dir);
    const missing = await missingLfsObjects(store, files);
    if (missing.length > 0)
        throw new errors/* UserError */.yo(missingLfsMessage(sha, missing));
    return { files, store };
}
//# sourceMappingURL=lfs-pointers.js.map

/***/ }),

/***/ 37323:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ readOnce)
/* harmony export */ });
/**
 * Reads of git objects named by their full ids, made once per process: what `ls-tree` or `diff`
 * says of two commits never changes, so the plan's reading serves the upload's too (a deploy asked
 * git the same questions twice before).
 */
const FULL_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const reads = new WeakMap();
/**
 * `read()`, once per `owner` (a repository's git), `what` and `ids` when every id is a full object
 * id (a ref or a short id may name another object later: read each time). A failed read is not
 * kept: the next caller asks again and sees its own failure.
 */
function readOnce(owner, what, ids, read) {
    if (!ids.every((id) => FULL_ID.test(id)))
        return read();
    let known = reads.get(owner);
    if (!known)
        reads.set(owner, (known = new Map()));
    const key = JSON.stringify([what, ...ids]);
    const hit = known.get(key);
    if (hit)
        return hit;
    const reading = read();
    known.set(key, reading);
    reading.catch(() => known.delete(key));
    return reading;
}
//# sourceMappingURL=once.js.map

/***/ }),

/***/ 72102:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B8: () => (/* binding */ openRepo),
/* harmony export */   Qz: () => (/* binding */ repoAt),
/* harmony export */   il: () => (/* binding */ checkWorkTree)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3828);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(82893);




/** The repository at `dir`, not yet checked to be a work tree (see checkWorkTree); a missing directory is a user error. */
function repoAt(dir) {
    const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(dir);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(abs) || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(abs).isDirectory())
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`repository directory not found: ${dir}`);
    return { git: (0,_run_js__WEBPACK_IMPORTED_MODULE_3__/* .gitAt */ .c)(abs), dir: abs };
}
/** Fails with a user error unless the directory is inside a git work tree. */
async function checkWorkTree({ git, dir }) {
    let inside = false;
    try {
        inside = (await git.raw(['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
    }
    catch {
        inside = false;
    }
    if (!inside)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`not a git repository: ${dir} (pass --repo with a git work tree)`);
}
/** Opens a git work tree; a directory that is not one is a user error, not a crash. */
async function openRepo(dir) {
    const repo = repoAt(dir);
    await checkWorkTree(repo);
    return repo;
}
//# sourceMappingURL=repo.js.map

/***/ }),

/***/ 18662:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ listTreeWithLinks),
/* harmony export */   nT: () => (/* binding */ listTree),
/* harmony export */   re: () => (/* binding */ treeEntries)
/* harmony export */ });
/* unused harmony export parseLsTreeLong */
/* harmony import */ var _once_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37323);

/** Parses `git ls-tree -r -l -z` output (pure). */
function parseLsTreeLong(out) {
    const entries = [];
    for (const entry of out.split('\0')) {
        const tab = entry.indexOf('\t');
        if (tab < 0)
            continue;
        const [mode = '', type = '', , size = ''] = entry.slice(0, tab).trim().split(/\s+/);
        entries.push({ mode, type, size: /^\d+$/.test(size) ? Number(size) : 0, path: entry.slice(tab + 1) });
    }
    return entries;
}
/**
 * Every entry of a commit's tree, recursively, with the blobs' sizes: one `git ls-tree` per commit
 * for the whole run (once.ts), whoever asks (the plan, the LFS check, the upload).
 */
function treeEntries(git, sha) {
    return (0,_once_js__WEBPACK_IMPORTED_MODULE_0__/* .readOnce */ .W)(git, 'ls-tree', [sha], async () => parseLsTreeLong(await git.raw(['ls-tree', '-r', '-l', '-z', '--full-tree', '--end-of-options', sha])));
}
/** Every tracked file path at a commit (NUL-separated, so any byte in a name survives). */
async function listTree(git, sha) {
    return (await treeEntries(git, sha)).map((e) => e.path);
}
/**
 * Every tracked file path at a commit, which of them are symlinks (mode 120000) and which are
 * submodules (gitlinks, mode 160000: `git archive` leaves them out), from one `git ls-tree`.
 */
async function listTreeWithLinks(git, sha) {
    const entries = await treeEntries(git, sha);
    return {
        paths: entries.map((e) => e.path),
        links: entries.filter((e) => e.mode === '120000').map((e) => e.path),
        submodules: entries.filter((e) => e.mode === '160000').map((e) => e.path),
    };
}
//# sourceMappingURL=tree.js.map

/***/ }),

/***/ 2426:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  computePlan: () => (/* binding */ computePlan),
  coverLiveReleases: () => (/* binding */ coverLiveReleases),
  pickFrom: () => (/* binding */ pickFrom),
  readPlanInputAhead: () => (/* binding */ readPlanInputAhead),
  refuseMissingLfs: () => (/* binding */ refuseMissingLfs),
  resolveTo: () => (/* binding */ resolveTo),
  startPlanRead: () => (/* binding */ startPlanRead),
  takePlanRead: () => (/* binding */ takePlanRead),
  warnUnmatched: () => (/* binding */ warnUnmatched)
});

// EXTERNAL MODULE: ./lib/core/text.js
var core_text = __webpack_require__(69716);
// EXTERNAL MODULE: ./lib/core/errors.js
var core_errors = __webpack_require__(3828);
// EXTERNAL MODULE: ./lib/git/cat-file.js
var cat_file = __webpack_require__(91511);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./lib/compose/missing-files.js
/** The message for compose files that the config lists but the deployed commit does not have (pure). */


/** compose.yaml, docker-compose.yml, docker-compose.prod.yml, compose.override.yaml, ... */
const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/;
function looksLikeComposeFile(path) {
    return COMPOSE_NAME.test(external_node_path_.posix.basename(path));
}
const SUGGESTED = 10;
/**
 * "compose file docker/compose.yaml does not exist at 0123456789ab (compose.directory: docker,
 * compose.files: [compose.yaml]); compose files in that commit: docker/docker-compose.yml".
 */
function missingComposeFilesMessage(missing, sha, compose, tracked) {
    const which = `compose file${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`;
    const config = `compose.directory: ${compose.directory}, compose.files: [${compose.files.join(', ')}]`;
    const found = tracked.filter(looksLikeComposeFile);
    const more = found.length > SUGGESTED ? ` (+${found.length - SUGGESTED} more)` : '';
    const hint = found.length > 0
        ? `compose files in that commit: ${found.slice(0, SUGGESTED).join(', ')}${more}`
        : 'that commit has no file named like a compose file';
    return `${which} ${missing.length === 1 ? 'does' : 'do'} not exist at ${(0,core_text/* shortSha */.Fu)(sha)} (${config}); ${hint}`;
}
//# sourceMappingURL=missing-files.js.map
// EXTERNAL MODULE: ./lib/compose/document.js + 3 modules
var compose_document = __webpack_require__(76345);
// EXTERNAL MODULE: ./lib/compose/values.js
var values = __webpack_require__(78988);
;// CONCATENATED MODULE: ./lib/compose/merge.js

/** Sequences that an override file replaces instead of extending (a command is one value). */
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'test', 'dns_search']);
/** Sequences of mounts, merged by their container target path. */
const MOUNT_SEQUENCES = new Set(['volumes', 'devices']);
/**
 * Merges two (normalized) service definitions the way `docker compose -f base -f override` does,
 * approximately:
 * - mappings are merged key by key, recursively (environment, labels, build, deploy, ...);
 * - scalars, and values whose type differs, are replaced by the override;
 * - `command`, `entrypoint`, `healthcheck.test` and `dns_search` sequences are replaced;
 * - `volumes` and `devices` are merged by container target path (the override wins per target);
 * - every other sequence (ports, expose, env_file, ...) is concatenated without duplicates;
 * - an override value tagged `!reset` removes the key, one tagged `!override` replaces the base
 *   value as a whole (values.ts: Tagged); the base's own tags are dropped first (untagged).
 */
function mergeDefinitions(base, override) {
    const out = (0,values/* untagged */.GV)(base);
    for (const [key, value] of Object.entries(override)) {
        if (value instanceof values/* Tagged */.d2 && value.tag === 'reset')
            delete out[key];
        else if (value instanceof values/* Tagged */.d2)
            out[key] = (0,values/* untagged */.GV)(value.value);
        else
            out[key] = Object.hasOwn(out, key) ? mergeValue(key, out[key], value) : value;
    }
    return out;
}
function mergeValue(key, base, override) {
    if ((0,values/* isPlainMap */.nK)(base) && (0,values/* isPlainMap */.nK)(override))
        return mergeDefinitions(base, override);
    if (!Array.isArray(base) || !Array.isArray(override))
        return override;
    if (REPLACED_SEQUENCES.has(key))
        return override;
    if (MOUNT_SEQUENCES.has(key))
        return mergeByKey(base, override, mountTarget);
    return mergeByKey(base, override, values/* canonicalJson */.dj);
}
/** Keeps base order; an override item replaces the base item with the same key, others are appended. */
function mergeByKey(base, override, keyOf) {
    const out = new Map();
    for (const item of base)
        out.set(keyOf(item), item);
    for (const item of override)
        out.set(keyOf(item), item);
    return [...out.values()];
}
/** The container path of a mount: long syntax `target`, short syntax "src:dst[:mode]" or "dst". */
function mountTarget(item) {
    if ((0,values/* isPlainMap */.nK)(item))
        return String(item.target ?? (0,values/* canonicalJson */.dj)(item));
    const parts = String(item).split(':');
    return parts.length === 1 ? (parts[0] ?? '') : (parts[1] ?? '');
}
//# sourceMappingURL=merge.js.map
// EXTERNAL MODULE: ./lib/compose/paths.js
var compose_paths = __webpack_require__(28920);
;// CONCATENATED MODULE: ./lib/compose/rebase.js


/**
 * Rewrites the relative paths of a (normalized) service definition read from a file in `fromDir`
 * so they mean the same relative to `toDir`: build context and local additional contexts, env_file
 * entries and bind-mount sources. Used for `extends: {file: ...}` across directories.
 */
function rebaseDefinition(def, fromDir, toDir) {
    if (fromDir === toDir)
        return def;
    const move = (p) => (0,compose_paths/* rebasePath */.uv)(p, fromDir, toDir);
    const out = { ...def };
    if ((0,values/* isPlainMap */.nK)(out.build)) {
        const context = typeof out.build.context === 'string' ? out.build.context : '.';
        const extra = out.build.additional_contexts;
        out.build = {
            ...out.build,
            context: move(context),
            ...((0,values/* isPlainMap */.nK)(extra) ? { additional_contexts: rebaseContexts(extra, move) } : {}),
        };
    }
    if (Array.isArray(out.env_file))
        out.env_file = out.env_file.map((e) => rebaseEnvFile(e, move));
    if (Array.isArray(out.volumes))
        out.volumes = out.volumes.map((v) => rebaseVolume(v, move));
    return out;
}
/** Local `additional_contexts` (a mapping once normalized) move; images, URLs and `service:` do not. */
function rebaseContexts(contexts, move) {
    const local = (v) => typeof v === 'string' && v !== '' && !v.includes('://') && !v.startsWith('service:');
    return Object.fromEntries(Object.entries(contexts).map(([k, v]) => [k, local(v) ? move(v) : v]));
}
function rebaseEnvFile(entry, move) {
    if (typeof entry === 'string')
        return move(entry);
    if ((0,values/* isPlainMap */.nK)(entry) && typeof entry.path === 'string')
        return { ...entry, path: move(entry.path) };
    return entry;
}
function rebaseVolume(volume, move) {
    if (typeof volume === 'string') {
        const [source, ...rest] = volume.split(':');
        if (rest.length === 0 || !source?.startsWith('.'))
            return volume;
        // a short-syntax source must stay a path ("./sub/conf"): "sub/conf" would be a named volume
        const moved = move(source);
        return [moved.startsWith('.') || moved.startsWith('/') ? moved : `./${moved}`, ...rest].join(':');
    }
    if ((0,values/* isPlainMap */.nK)(volume) && volume.type === 'bind' && typeof volume.source === 'string') {
        return { ...volume, source: move(volume.source) };
    }
    return volume;
}
//# sourceMappingURL=rebase.js.map
;// CONCATENATED MODULE: ./lib/compose/extends.js






/** A file of `extends: {file}` or `include` whose content was not given: the caller may read `path` and parse again. */
class MissingComposeFile extends core_errors/* UserError */.yo {
    path;
    optional;
    constructor(message, path, 
    /** a file compose reads only when it exists (an include's `.env`): absent, it counts as empty */
    optional = false) {
        super(message);
        this.path = path;
        this.optional = optional;
    }
}
/**
 * Resolves every `extends` of the merged services: the extended definition (itself resolved) is
 * merged under the local one with the same rules as `-f` files. `extends: name` and
 * `extends: {service: name}` refer to the merged model; `extends: {file, service}` reads another
 * file through `readFile` (paths relative to the extending file's directory), and its relative
 * paths are rebased. Throws a UserError for unknown services, unreadable files and cycles.
 */
function resolveExtends(services, label, directory, readFile) {
    const main = { label, dir: directory, services };
    const sources = new Map();
    const done = new Map();
    const loadSource = (from, file, who) => {
        const path = (0,compose_paths/* toRepoPath */.xD)(from.dir, file);
        let source = sources.get(path);
        if (!source) {
            const loaded = readFile(path);
            if (!loaded)
                throw new MissingComposeFile(`${from.label}: service "${who}" extends a service of "${path}", whose content was not provided`, path);
            source = { label: path, dir: external_node_path_.posix.dirname(path), services: loaded };
            sources.set(path, source);
        }
        return source;
    };
    const resolve = (source, name, stack) => {
        const key = `${source.label}\0${name}`;
        const cached = done.get(key);
        if (cached)
            return cached;
        if (stack.includes(key))
            throw new core_errors/* UserError */.yo(`${source.label}: service "${name}" extends itself (cycle through ${stack.length} services)`);
        const def = source.services[name];
        if (def.extends === undefined)
            return def;
        const ref = parseExtends(def.extends, source.label, name);
        const baseSource = ref.file === undefined ? source : loadSource(source, ref.file, name);
        if (!Object.hasOwn(baseSource.services, ref.service)) {
            throw new core_errors/* UserError */.yo(`${source.label}: service "${name}" extends "${ref.service}", which is not defined in ${baseSource.label}`);
        }
        const base = rebaseDefinition((0,values/* untagged */.GV)(resolve(baseSource, ref.service, [...stack, key])), baseSource.dir, source.dir);
        const { extends: _ignored, ...local } = def;
        const merged = mergeDefinitions(base, local);
        done.set(key, merged);
        return merged;
    };
    const out = {};
    for (const name of Object.keys(services))
        out[name] = resolve(main, name, []);
    return out;
}
function parseExtends(value, label, name) {
    if (typeof value === 'string')
        return { service: value };
    if ((0,values/* isPlainMap */.nK)(value) && typeof value.service === 'string') {
        if (value.file === undefined || value.file === null)
            return { service: value.service };
        if (typeof value.file === 'string')
            return { service: value.service, file: value.file };
    }
    throw new core_errors/* UserError */.yo(`${label}: service "${name}": "extends" must be a service name or {service, file?}`);
}
//# sourceMappingURL=extends.js.map
// EXTERNAL MODULE: ./lib/compose/dotenv.js
var dotenv = __webpack_require__(46408);
;// CONCATENATED MODULE: ./lib/compose/include.js
/** Top-level `include` (compose 2.20+): the services of other compose files, added to the model. */







/**
 * The variables an included file is interpolated with: those of its env files (includeRefs'
 * `envFiles`; a missing one is empty, as compose skips an absent `.env`), under the project's own
 * (compose: the project's `.env` wins). A MissingComposeFile (optional) for one `extraFiles` lacks.
 */
function includeVars(ref, ctx) {
    const vars = {};
    // the project's own `.env` (an included file in the compose directory): its variables are ctx.vars
    for (const path of ref.envFiles.filter((p) => p !== (0,dotenv/* composeDotEnvPath */.i)(ctx.directory))) {
        const content = ctx.extraFiles[path];
        if (content === undefined)
            throw new MissingComposeFile(`${ref.from}: includes "${ref.path}" with the variables of "${path}"`, path, true);
        ctx.envRead.add(path);
        Object.assign(vars, (0,dotenv/* parseDotEnv */.R)(content, ctx.unresolved));
    }
    return { ...vars, ...ctx.vars };
}
/**
 * The services of the included files (nested includes too), `extends` resolved in each file and
 * every relative path rebased onto `directory`; their configs/secrets files join `fileSources`.
 * `origin` names the file of each service. Interpolated with includeVars. A MissingComposeFile for a
 * file `extraFiles` lacks.
 */
function includedServices(refs, ctx) {
    const services = {};
    const origin = {};
    const queue = [...refs];
    for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) {
        if (ctx.read.has(ref.path))
            continue;
        const content = ctx.extraFiles[ref.path];
        if (content === undefined)
            throw new MissingComposeFile(`${ref.from}: includes "${ref.path}", whose content was not provided`, ref.path);
        ctx.read.add(ref.path);
        const local = new Map();
        const nested = [];
        const own = (0,compose_document/* parseComposeServices */.k)(ref.path, content, includeVars(ref, ctx), ctx.unresolved, local, nested);
        queue.push(...nested);
        for (const [key, source] of local)
            if (!ctx.fileSources.has(key))
                ctx.fileSources.set(key, 'file' in source ? { file: (0,compose_paths/* rebasePath */.uv)(source.file, ref.projectDir, ctx.directory) } : source);
        const resolved = resolveExtends(own, ref.path, ref.projectDir, ctx.readFile);
        for (const [name, def] of Object.entries(resolved)) {
            if (Object.hasOwn(services, name))
                throw conflict(name, ref.path, origin[name] ?? '');
            services[name] = rebaseDefinition((0,values/* untagged */.GV)(def), ref.projectDir, ctx.directory);
            origin[name] = ref.path;
        }
    }
    return { services, origin };
}
/** Compose refuses a service defined twice across includes ("conflicts with imported resource"). */
function conflict(name, included, by) {
    return new core_errors/* UserError */.yo(`${by}: service "${name}" is also defined in ${included}, which ${by} includes (compose refuses this)`, {
        file: by,
    });
}
//# sourceMappingURL=include.js.map
;// CONCATENATED MODULE: ./lib/compose/service.js



/**
 * Builds the planner's view of one merged, normalized service (paths made repo-relative).
 * `fileSources` (document.ts): the top-level configs/secrets with a `file:`, which compose
 * bind-mounts into the services that reference them, so they count as bind mounts.
 */
function toComposeService(name, definition, directory, fileSources = new Map()) {
    const referenced = [...referencedFiles(definition, 'configs', fileSources), ...referencedFiles(definition, 'secrets', fileSources)];
    const service = {
        name,
        definition,
        bindMounts: bindMountSources([...(Array.isArray(definition.volumes) ? definition.volumes : []), ...referenced], directory),
        envFiles: envFiles(definition.env_file, directory),
    };
    const configFiles = bindMountSources(referenced, directory);
    if (configFiles.length > 0)
        service.configFiles = configFiles;
    const objects = fileObjects(definition, fileSources, directory);
    if (objects.length > 0)
        service.fileObjects = objects;
    const inline = referencedInline(definition, fileSources);
    if (Object.keys(inline).length > 0)
        service.inlineSources = inline;
    const build = buildSection(definition.build, directory);
    if (build)
        service.build = build;
    return service;
}
/**
 * `build.context` (default ".") relative to the compose directory; `build.dockerfile` (default
 * "Dockerfile") relative to the context unless absolute. A remote context (URL) is kept as written.
 */
function buildSection(build, directory) {
    if (!(0,values/* isPlainMap */.nK)(build))
        return undefined;
    const rawContext = typeof build.context === 'string' && build.context !== '' ? build.context : '.';
    const rawDockerfile = typeof build.dockerfile === 'string' && build.dockerfile !== '' ? build.dockerfile : 'Dockerfile';
    // a remote context never matches a repo path: keep it, and its Dockerfile, as written
    if ((0,compose_paths/* isRemoteContext */.uN)(rawContext))
        return { context: rawContext, dockerfile: `${rawContext}/${rawDockerfile}` };
    const context = (0,compose_paths/* toRepoPath */.xD)(directory, rawContext);
    const dockerfile = external_node_path_.posix.isAbsolute(rawDockerfile) ? rawDockerfile : (0,compose_paths/* normalizePath */.Fd)(external_node_path_.posix.join(context, rawDockerfile));
    const extra = localContexts(build.additional_contexts, directory);
    const from = (0,values/* isPlainMap */.nK)(build.additional_contexts) ? serviceContexts(build.additional_contexts) : [];
    return {
        context,
        dockerfile,
        ...(extra.length > 0 ? { additionalContexts: extra } : {}),
        ...(from.length > 0 ? { fromServices: from } : {}),
    };
}
/** The services named by `service:<name>` additional contexts. */
function serviceContexts(contexts) {
    const names = Object.values(contexts).flatMap((v) => typeof v === 'string' && v.startsWith('service:') ? [v.slice('service:'.length)] : []);
    return [...new Set(names)].sort();
}
/** The local directories of `additional_contexts` (a mapping once normalized), relative to the compose directory like `context`. */
function localContexts(contexts, directory) {
    if (!(0,values/* isPlainMap */.nK)(contexts))
        return [];
    const dirs = Object.values(contexts).filter((v) => typeof v === 'string' && v !== '' && !(0,compose_paths/* isRemoteContext */.uN)(v) && !v.startsWith('service:'));
    return [...new Set(dirs.map((v) => (0,compose_paths/* toRepoPath */.xD)(directory, v)))].sort();
}
/** The names of the configs (secrets) the service references (`[name]` or `[{source: name}]`). */
function referencedNames(definition, kind) {
    const refs = definition[kind];
    if (!Array.isArray(refs))
        return [];
    return refs.flatMap((ref) => {
        const name = typeof ref === 'string' ? ref : (0,values/* isPlainMap */.nK)(ref) && typeof ref.source === 'string' ? ref.source : undefined;
        return name === undefined ? [] : [name];
    });
}
/** The `file:` of each config/secret the service references, as long-syntax bind mounts. */
function referencedFiles(definition, kind, fileSources) {
    return referencedNames(definition, kind).flatMap((name) => {
        const source = fileSources.get(`${kind}.${name}`);
        return source !== undefined && 'file' in source ? [{ type: 'bind', source: source.file }] : [];
    });
}
/** Each config/secret with a `file:` the service references: its key, repo-relative file and `name:` (swarm's name for it). */
function fileObjects(definition, fileSources, directory) {
    return ['configs', 'secrets'].flatMap((kind) => [...new Set(referencedNames(definition, kind))].flatMap((key) => {
        const source = fileSources.get(`${kind}.${key}`);
        if (source === undefined || !('file' in source))
            return [];
        return [{ kind, key, file: (0,compose_paths/* toRepoPath */.xD)(directory, source.file), ...(source.name !== undefined ? { name: source.name } : {}) }];
    }));
}
/** "configs.<name>" → the inline source (content, environment value) of each config/secret the service references. */
function referencedInline(definition, fileSources) {
    const out = {};
    for (const kind of ['configs', 'secrets']) {
        for (const name of referencedNames(definition, kind)) {
            const source = fileSources.get(`${kind}.${name}`);
            if (source !== undefined && 'inline' in source)
                out[`${kind}.${name}`] = source.inline;
        }
    }
    return out;
}
/** Host sources of bind mounts: short syntax "src:dst[:mode]" whose src starts with ".", "/" or "~" (else a named volume), long syntax `{type: bind, source}`. */
function bindMountSources(volumes, directory) {
    if (!Array.isArray(volumes))
        return [];
    const sources = new Set();
    for (const volume of volumes) {
        const source = bindSource(volume);
        if (source !== undefined)
            sources.add((0,compose_paths/* toRepoPath */.xD)(directory, source));
    }
    return [...sources].sort();
}
function bindSource(volume) {
    if ((0,values/* isPlainMap */.nK)(volume)) {
        return volume.type === 'bind' && typeof volume.source === 'string' ? volume.source : undefined;
    }
    if (typeof volume !== 'string')
        return undefined;
    const parts = volume.split(':');
    const source = parts[0] ?? '';
    const isPath = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
    return parts.length >= 2 && isPath ? source : undefined;
}
/** `env_file` (normalized to a list): strings or `{path, required?}`. */
function envFiles(envFile, directory) {
    if (!Array.isArray(envFile))
        return [];
    const files = new Set();
    for (const entry of envFile) {
        const path = typeof entry === 'string' ? entry : (0,values/* isPlainMap */.nK)(entry) && typeof entry.path === 'string' ? entry.path : undefined;
        if (path !== undefined)
            files.add((0,compose_paths/* toRepoPath */.xD)(directory, path));
    }
    return [...files].sort();
}
//# sourceMappingURL=service.js.map
;// CONCATENATED MODULE: ./lib/compose/pass-through.js

/** Fills the null values of `map` that `vars` sets; the others stay as they are. */
function filled(map, vars) {
    if (!(0,values/* isPlainMap */.nK)(map))
        return map;
    return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v === null && Object.hasOwn(vars, k) ? vars[k] : v]));
}
/**
 * Resolves the entries without a value (`environment: [KEY]`, `KEY:`, and the same in
 * `build.args`) from the compose `.env` variables, as `docker compose config` does: a changed value
 * then changes the service's definition (recreate, or build for an arg). A merged, normalized
 * definition (list forms are mappings, see normalize.ts); entries `vars` lacks stay null.
 */
function resolvePassThrough(def, vars) {
    const out = { ...def };
    if ((0,values/* isPlainMap */.nK)(out.environment))
        out.environment = filled(out.environment, vars);
    if ((0,values/* isPlainMap */.nK)(out.build) && (0,values/* isPlainMap */.nK)(out.build.args))
        out.build = { ...out.build, args: filled(out.build.args, vars) };
    return out;
}
//# sourceMappingURL=pass-through.js.map
;// CONCATENATED MODULE: ./lib/compose/profiles.js
/** The profiles the compose `.env` enables (`vars`: its variables); '*' stands for all. */
function activeProfiles(vars) {
    return new Set((vars.COMPOSE_PROFILES ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''));
}
/** The service's profiles as written (a list of names); none when it has none. */
function profilesOf(def) {
    const profiles = def?.profiles;
    return Array.isArray(profiles) ? profiles.filter((p) => typeof p === 'string') : [];
}
/** `services` split: those that run with the `active` profiles, and the others as "name (profiles)". */
function byProfile(services, active) {
    const enabled = {};
    const inactive = [];
    for (const [name, def] of Object.entries(services)) {
        const profiles = profilesOf(def);
        if (profiles.length === 0 || active.has('*') || profiles.some((p) => active.has(p)))
            enabled[name] = def;
        else
            inactive.push(`${name} (${profiles.join(', ')})`);
    }
    return { enabled, inactive };
}
//# sourceMappingURL=profiles.js.map
;// CONCATENATED MODULE: ./lib/compose/model.js










/**
 * Parses and merges compose files like `docker compose -f a -f b` (see merge.ts for the merge
 * rules), resolves `extends` and makes every path repo-relative. Pure: `extraFiles` (repo-relative
 * path → content) supplies the files named by `extends: {file: ...}` that are not among `files`.
 * Values are interpolated with the variables of `dotEnv` (the text of the project's `.env`, see
 * dotenv.ts; never this process's environment), also the `environment`/`build.args` entries
 * written without a value (pass-through.ts); expressions left
 * unresolved are listed in `model.unresolved`, the `extraFiles` read in `model.otherFiles`, the
 * services of profiles the `.env` does not enable (left out, see profiles.ts) in `model.inactive`. Throws a
 * UserError with the file name for invalid input (a MissingComposeFile when `extraFiles` lacks one).
 */
function parseComposeModel(files, directory, extraFiles = {}, dotEnv = '') {
    const dir = (0,compose_paths/* normalizePath */.Fd)(directory);
    const unresolved = new Set();
    const vars = (0,dotenv/* parseDotEnv */.R)(dotEnv, unresolved);
    const perFile = new Map();
    const fileSources = new Map();
    let merged = {};
    const includes = [];
    for (const file of files) {
        const services = (0,compose_document/* parseComposeServices */.k)(file.path, file.content, vars, unresolved, fileSources, includes);
        perFile.set((0,compose_paths/* normalizePath */.Fd)(file.path), services);
        merged = mergeServiceMaps(merged, services);
    }
    const extended = new Set();
    const readFile = (path) => {
        const known = perFile.get(path);
        if (known)
            return known;
        const content = extraFiles[path];
        if (content === undefined)
            return undefined;
        extended.add(path);
        return (0,compose_document/* parseComposeServices */.k)(path, content, vars, unresolved);
    };
    const label = files.map((f) => f.path).join(' + ') || 'compose model';
    const envRead = new Set();
    const context = { directory: dir, extraFiles, vars, unresolved, fileSources, readFile, read: extended, envRead };
    const included = includedServices(includes, context);
    for (const [name, def] of Object.entries(included.services)) {
        if (Object.hasOwn(merged, name))
            throw conflict(name, included.origin[name] ?? '', label);
        merged[name] = def;
    }
    // every merge done: what is left of the `!reset`/`!override` tags is dropped
    const untaggedServices = (0,values/* untagged */.GV)(resolveExtends(merged, label, dir, readFile));
    const { enabled: resolved, inactive } = byProfile(untaggedServices, activeProfiles(vars));
    const model = { services: {} };
    for (const name of Object.keys(resolved).sort()) {
        model.services[name] = toComposeService(name, resolvePassThrough(resolved[name] ?? {}, vars), dir, fileSources);
    }
    if (unresolved.size > 0)
        model.unresolved = [...unresolved].sort();
    if (extended.size > 0)
        model.otherFiles = [...extended].sort();
    if (envRead.size > 0)
        model.includeEnvFiles = [...envRead].sort();
    if (inactive.length > 0)
        model.inactive = inactive.sort();
    return model;
}
function mergeServiceMaps(base, override) {
    const out = { ...base };
    for (const [name, def] of Object.entries(override)) {
        const previous = out[name];
        out[name] = previous ? mergeDefinitions(previous, def) : def;
    }
    return out;
}
//# sourceMappingURL=model.js.map
// EXTERNAL MODULE: ./lib/compose/interpolate.js
var interpolate = __webpack_require__(33659);
;// CONCATENATED MODULE: ./lib/compose/dockerfile-from.js
/**
 * The images a Dockerfile builds on (pure): `FROM <image>`, `COPY|ADD --from=<image>` and
 * `RUN --mount=...,from=<image>`, never a stage of the file itself (by name or index) nor `scratch`.
 * Reads the parser directives (`# escape=`; `# syntax=` is a comment here), line continuations
 * (comment and empty lines inside one are skipped) and the ARGs declared before the first FROM:
 * their defaults, overridden by `args` (compose's `build.args`; a null value is unset), expand
 * `$VAR`/`${VAR}`/`${VAR:-default}` in the image names. Heredocs are not read.
 */

/** The logical instructions of a Dockerfile: continuations joined, comments dropped. */
function dockerfileInstructions(text) {
    const lines = text.split(/\r?\n/);
    let escape = '\\';
    let i = 0;
    for (; i < lines.length; i++) {
        const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[i]);
        if (!directive)
            break;
        if (directive[1].toLowerCase() === 'escape')
            escape = directive[2];
    }
    const out = [];
    let current;
    for (; i < lines.length; i++) {
        const line = lines[i];
        const trimmed = line.trim();
        if (trimmed.startsWith('#') || (trimmed === '' && current !== undefined))
            continue;
        const continued = trimmed.endsWith(escape);
        const part = continued ? trimmed.slice(0, -escape.length) : trimmed;
        current = current === undefined ? part : `${current} ${part}`;
        if (!continued) {
            if (current.trim() !== '')
                out.push(current.trim());
            current = undefined;
        }
    }
    if (current !== undefined && current.trim() !== '')
        out.push(current.trim());
    return out;
}
/** `NAME[=value]` words of an ARG line, quotes removed. */
function argDeclarations(rest) {
    const words = rest.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
    return words.map((word) => {
        const eq = word.indexOf('=');
        if (eq < 0)
            return [word, undefined];
        return [word.slice(0, eq), word.slice(eq + 1).replace(/^"(.*)"$|^'(.*)'$/, '$1$2')];
    });
}
/** The value of an `--name=value` flag among `words`. */
function flag(words, name) {
    const prefix = `--${name}=`;
    return words.find((w) => w.toLowerCase().startsWith(prefix))?.slice(prefix.length);
}
/** The `from=` of each `--mount=` flag of a RUN. */
function mountSources(words) {
    return words.flatMap((w) => {
        if (!w.toLowerCase().startsWith('--mount='))
            return [];
        const from = w
            .slice('--mount='.length)
            .split(',')
            .find((o) => o.toLowerCase().startsWith('from='));
        return from === undefined ? [] : [from.slice('from='.length)];
    });
}
function dockerfileImages(text, args = {}) {
    const vars = {};
    const stages = [];
    const images = new Set();
    const expand = (word) => (0,interpolate/* interpolate */.G)(word, vars, new Set());
    const use = (ref) => {
        if (ref === undefined)
            return;
        const image = expand(ref);
        const stage = image.toLowerCase();
        if (image === '' || stage === 'scratch' || stages.includes(stage) || /^\d+$/.test(image))
            return;
        images.add(image);
    };
    for (const instruction of dockerfileInstructions(text)) {
        const [keyword = '', ...words] = instruction.split(/\s+/);
        const rest = instruction.slice(keyword.length).trim();
        switch (keyword.toUpperCase()) {
            case 'ARG':
                if (stages.length > 0)
                    break; // only the ARGs before the first FROM reach a FROM
                for (const [name, value] of argDeclarations(rest)) {
                    const given = args[name];
                    if (typeof given === 'string' || typeof given === 'number')
                        vars[name] = String(given);
                    else if (value !== undefined)
                        vars[name] = expand(value);
                }
                break;
            case 'FROM': {
                const plain = words.filter((w) => !w.startsWith('--'));
                use(plain[0]);
                stages.push(plain[1]?.toLowerCase() === 'as' && plain[2] ? plain[2].toLowerCase() : String(stages.length));
                break;
            }
            case 'COPY':
            case 'ADD':
                use(flag(words, 'from'));
                break;
            case 'RUN':
                for (const source of mountSources(words))
                    use(source);
                break;
        }
    }
    return [...images].sort();
}
//# sourceMappingURL=dockerfile-from.js.map
;// CONCATENATED MODULE: ./lib/compose/image-name.js
/** The image name `image:` (or a Dockerfile `FROM`) gives, with Docker's implied `:latest` when it has no tag or digest. */
function imageKey(image) {
    if (typeof image !== 'string' || image === '')
        return undefined;
    const name = image.slice(image.lastIndexOf('/') + 1);
    return name.includes(':') || name.includes('@') ? image : `${image}:latest`;
}
/**
 * The names a built service's image gets: its `image:`, else (with the compose `project`) the name
 * compose gives it, `<project>-<service>` (v2) or `<project>_<service>` (v1), which a Dockerfile may `FROM`.
 */
function builtImageKeys(s, project) {
    const named = imageKey(s.definition.image);
    if (named !== undefined)
        return [named];
    if (project === undefined)
        return [];
    return [`${project}-${s.name}`, `${project}_${s.name}`].flatMap((n) => imageKey(n) ?? []);
}
//# sourceMappingURL=image-name.js.map
;// CONCATENATED MODULE: ./lib/compose/base-images.js




/** The inline Dockerfile of a service (`build.dockerfile_inline`), if it has one. */
function inlineDockerfile(service) {
    const build = service.definition.build;
    return (0,values/* isPlainMap */.nK)(build) && typeof build.dockerfile_inline === 'string' ? build.dockerfile_inline : undefined;
}
/** The images of `build.additional_contexts` entries `docker-image://<image>`. */
function contextImages(build) {
    const contexts = (0,values/* isPlainMap */.nK)(build) ? build.additional_contexts : undefined;
    if (!(0,values/* isPlainMap */.nK)(contexts))
        return [];
    const prefix = 'docker-image://';
    return Object.values(contexts).flatMap((v) => (typeof v === 'string' && v.startsWith(prefix) ? [v.slice(prefix.length)] : []));
}
/** Repo-relative Dockerfiles the built services of `model` read from the repository (not inline, not remote). */
function dockerfilePaths(model) {
    const paths = Object.values(model.services).flatMap((s) => s.build && inlineDockerfile(s) === undefined && !(0,compose_paths/* isRemoteContext */.uN)(s.build.context) ? [s.build.dockerfile] : []);
    return [...new Set(paths)].sort();
}
/**
 * The model with, for each built service, the services whose image (`build` + `image:`) its
 * Dockerfile builds on (`FROM`, `COPY --from`, `RUN --mount=from=`, see dockerfile-from.ts; ARGs
 * from its `build.args`) or an `additional_contexts` entry `docker-image://<image>` names, added to `build.fromServices`: a new image of one needs a new build of the
 * other, after it (an unnamed image by the name compose gives it: builtImageKeys). `dockerfiles`:
 * repo-relative path → content (a missing one names nothing).
 */
function linkBaseImages(model, dockerfiles, project) {
    const builders = new Map();
    for (const s of Object.values(model.services)) {
        for (const key of s.build ? builtImageKeys(s, project) : [])
            builders.set(key, [...(builders.get(key) ?? []), s.name]);
    }
    if (builders.size === 0)
        return model;
    const services = {};
    for (const [name, s] of Object.entries(model.services)) {
        const text = s.build ? (inlineDockerfile(s) ?? dockerfiles[s.build.dockerfile]) : undefined;
        const args = (0,values/* isPlainMap */.nK)(s.definition.build) && (0,values/* isPlainMap */.nK)(s.definition.build.args) ? s.definition.build.args : {};
        const images = [...(text === undefined ? [] : dockerfileImages(text, args)), ...contextImages(s.definition.build)];
        const bases = images.flatMap((image) => builders.get(imageKey(image) ?? '') ?? []);
        const from = [...new Set([...(s.build?.fromServices ?? []), ...bases.filter((b) => b !== name)])].sort();
        services[name] = s.build && from.length > 0 ? { ...s, build: { ...s.build, fromServices: from } } : s;
    }
    return { ...model, services };
}
//# sourceMappingURL=base-images.js.map
// EXTERNAL MODULE: ./lib/git/changed-files.js
var changed_files = __webpack_require__(59718);
// EXTERNAL MODULE: ./lib/git/tree.js
var tree = __webpack_require__(18662);
// EXTERNAL MODULE: ./lib/git/blobs.js
var git_blobs = __webpack_require__(12592);
;// CONCATENATED MODULE: ./lib/git/plan-inputs.js











const EMPTY_MODEL = { services: {} };
/** Repo-relative paths of the configured compose files. */
function composePaths(config) {
    return config.compose.files.map((name) => external_node_path_.posix.normalize(external_node_path_.posix.join(config.compose.directory, name)));
}
/** The blobs a compose model at `sha` is read from: the compose files, then the compose directory's `.env`. */
function composeSpecs(config, sha) {
    return [...composePaths(config), (0,dotenv/* composeDotEnvPath */.i)(config.compose.directory)].map((path) => ({ sha, path }));
}
/**
 * Merges the compose files read at a commit (`blobs`: as `composeSpecs` lists them), interpolated
 * with the `.env` of the compose directory (none tracked: no variables); null when no compose file
 * exists there. With `tracked` (the commit's files) every configured file must exist: a missing one
 * is named, with the compose files the commit does have.
 */
function composeFromBlobs(config, sha, blobs, tracked, otherFiles = {}) {
    const paths = composePaths(config);
    const files = paths.flatMap((path, i) => {
        const content = blobs[i];
        return content !== null && content !== undefined ? [{ path, content }] : [];
    });
    const missing = paths.filter((_, i) => blobs[i] === null || blobs[i] === undefined);
    if (tracked && missing.length > 0)
        throw new core_errors/* UserError */.yo(missingComposeFilesMessage(missing, sha, config.compose, tracked));
    if (files.length === 0)
        return null;
    try {
        return parseComposeModel(files, config.compose.directory, otherFiles, blobs[paths.length] ?? '');
    }
    catch (e) {
        if (e instanceof MissingComposeFile)
            throw e;
        throw new core_errors/* UserError */.yo(`compose files at ${(0,core_text/* shortSha */.Fu)(sha)}: ${e.message}`);
    }
}
/** At most this many files read for `extends: {file}` (a chain of them, each read in its own round). */
const MAX_EXTENDS_FILES = 32;
/**
 * composeFromBlobs, with the files named by `extends: {file}` and `include` read at `sha` as the model needs
 * them, and those of `include` (a chain of them takes a round each). One the commit does not have, or outside the
 * repository, is named (UserError).
 */
async function composeWithExtends(dir, config, sha, blobs, tracked, catFile) {
    const otherFiles = {};
    for (let round = 0;; round++) {
        try {
            return composeFromBlobs(config, sha, blobs, tracked, otherFiles);
        }
        catch (e) {
            if (!(e instanceof MissingComposeFile) || Object.hasOwn(otherFiles, e.path))
                throw e;
            const refused = (why) => new core_errors/* UserError */.yo(`compose files at ${(0,core_text/* shortSha */.Fu)(sha)}: ${e.message.replace(/, whose content was not provided$/, '')}, ${why}`);
            // git cat-file dies on a path outside the repository: never ask it
            const outside = /^(?:\.\.(?:\/|$)|\/|~)/.test(e.path);
            if (outside && !e.optional)
                throw refused('which is outside the repository');
            if (round >= MAX_EXTENDS_FILES)
                throw refused(`one file more than the ${MAX_EXTENDS_FILES} extended files read`);
            const [text] = outside ? [null] : await (0,git_blobs/* readBlobs */.b4)(dir, [{ sha, path: e.path }], catFile);
            if ((text === null || text === undefined) && !e.optional)
                throw refused('which does not exist there');
            // an absent include `.env` is empty, as compose reads it
            otherFiles[e.path] = text ?? '';
        }
    }
}
/**
 * The model at `sha` from its blobs; when they are the blobs the model `same` was read from (the
 * compose files and `.env` did not change between the commits) and it read no extends file, that
 * model: parsing is pure, and the planner never modifies its input.
 */
function composeAt({ dir }, config, sha, blobs, sameBlobs, same, catFile) {
    // with extends files (read separately) equal blobs do not mean an equal model
    const unchanged = !same?.otherFiles && blobs.length === sameBlobs.length && blobs.every((b, i) => b === sameBlobs[i]);
    return unchanged ? Promise.resolve(same) : composeWithExtends(dir, config, sha, blobs, undefined, catFile);
}
/**
 * Gathers everything the pure planner needs from git (the only I/O of planning). The reads that
 * do not depend on each other run side by side (`configured` may still be loading), and the files come in batches (a round of
 * `catFile` for the compose files of both commits, one for the .dockerignore files, symlinks and
 * Dockerfiles (the built services' base images, compose/base-images.ts); without
 * `catFile`, a git process each).
 */
async function gatherPlanInput({ git, dir }, configured, from, to, catFile) {
    // the tree and the changes need no config: they start before it is there (computePlan's read ahead)
    const [{ paths: tracked, links, submodules }, changes, { config, toSpecs, blobs }] = await Promise.all([
        (0,tree/* listTreeWithLinks */.I)(git, to),
        from.sha ? (0,changed_files/* changedFiles */.Y_)(git, from.sha, to) : [],
        Promise.resolve(configured).then(async (config) => {
            const toSpecs = composeSpecs(config, to);
            const fromSpecs = from.sha ? composeSpecs(config, from.sha) : [];
            return { config, toSpecs, blobs: await (0,git_blobs/* readBlobs */.b4)(dir, [...toSpecs, ...fromSpecs], catFile) };
        }),
    ]);
    // the deployed commit must have every compose file (a passenger plan lists none)
    const toBlobs = blobs.slice(0, toSpecs.length);
    const parsedTo = await composeWithExtends(dir, config, to, toBlobs, tracked, catFile);
    const trackedSet = new Set(tracked);
    const ignorePaths = tracked.filter((path) => external_node_path_.posix.basename(path).endsWith('.dockerignore'));
    const dockerfiles = parsedTo ? dockerfilePaths(parsedTo).filter((path) => trackedSet.has(path)) : [];
    // the .dockerignore files, the symlinks' targets and the built services' Dockerfiles, in one batch
    const paths = [...ignorePaths, ...links, ...dockerfiles];
    const texts = paths.length > 0
        ? await (0,git_blobs/* readBlobs */.b4)(dir, paths.map((path) => ({ sha: to, path })), catFile)
        : [];
    const textsOf = (list, offset) => list.flatMap((path, i) => (typeof texts[offset + i] === 'string' ? [[path, texts[offset + i]]] : []));
    const dockerignores = Object.fromEntries(ignorePaths.map((path, i) => [path, texts[i] ?? '']));
    const symlinks = Object.fromEntries(textsOf(links, ignorePaths.length).filter(([, target]) => target !== ''));
    const composeTo = parsedTo &&
        linkBaseImages(parsedTo, Object.fromEntries(textsOf(dockerfiles, ignorePaths.length + links.length)), config.compose.project);
    const composeFrom = from.sha
        ? await composeAt({ git, dir }, config, from.sha, blobs.slice(toSpecs.length), toBlobs, composeTo, catFile)
        : null;
    return {
        from: from.sha,
        to,
        changes,
        config,
        composeFrom,
        composeTo: composeTo ?? EMPTY_MODEL,
        dockerignores,
        symlinks,
        trackedFiles: tracked,
        submodules,
        fromUnknownReason: from.reason,
    };
}
//# sourceMappingURL=plan-inputs.js.map
// EXTERNAL MODULE: ./lib/git/lfs-pointers.js + 1 modules
var lfs_pointers = __webpack_require__(52197);
// EXTERNAL MODULE: ./lib/git/repo.js
var git_repo = __webpack_require__(72102);
;// CONCATENATED MODULE: ./lib/git/revision.js


const ZERO_SHA = '0000000000000000000000000000000000000000';
const FULL_SHA = /^[0-9a-f]{40}$/;
/**
 * Rejects revision strings that could be read as options or carry control characters.
 * Everything else (even `$(touch x)`) is passed as one argument without a shell and fails to resolve.
 */
function checkRevisionSyntax(rev, label) {
    if (rev === '')
        throw new core_errors/* UserError */.yo(`${label}: empty revision`);
    if (rev.startsWith('-'))
        throw new core_errors/* UserError */.yo(`${label}: invalid revision ${JSON.stringify(rev)} (must not start with "-")`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(rev) || rev.length > 255)
        throw new core_errors/* UserError */.yo(`${label}: invalid revision ${JSON.stringify(rev.slice(0, 60))}`);
}
function validSyntax(rev) {
    try {
        checkRevisionSyntax(rev, 'rev');
        return true;
    }
    catch {
        return false;
    }
}
/**
 * A revision `git cat-file --batch` may die on instead of answering "missing": a reflog or
 * upstream suffix (`HEAD@{99}` past the reflog's end, `main@{upstream}` without one) is fatal to
 * it, which would fail every other name of the batch (HEAD would read as "no commit yet").
 */
const mayKillBatch = (rev) => rev.includes('@{');
/** The name that asks `git cat-file --batch` for a revision as a commit. */
function commitName(rev) {
    return `${rev}^{commit}`;
}
/** The full sha of a commit answered by `git cat-file --batch`; null for anything else (missing, ambiguous, another type). */
function commitSha(object) {
    return object?.type === 'commit' && FULL_SHA.test(object.oid) ? object.oid : null;
}
/**
 * Looks `revs` up together, as one round of `catFile` (asked now; the revisions go on stdin, never
 * in argv, and one whose syntax checkRevisionSyntax refuses is not sent); any other revision, and
 * one the batch may die on (mayKillBatch), is looked up by itself. A cat-file that fails (not a repository) answers null, as `rev-parse` does.
 */
function lookupCommits(git, catFile, revs) {
    const asked = revs.filter((rev) => validSyntax(rev) && !mayKillBatch(rev));
    const answers = catFile.ask(asked.map(commitName)).then((objects) => objects.map(commitSha), () => asked.map(() => null));
    return async (rev) => {
        const i = asked.indexOf(rev);
        return i < 0 ? tryResolve(git, rev) : ((await answers)[i] ?? null);
    };
}
async function tryResolve(git, rev) {
    try {
        const out = await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
        const sha = out.trim();
        return FULL_SHA.test(sha) ? sha : null;
    }
    catch {
        return null;
    }
}
/** In a shallow clone, fetch exactly the missing commit (never assume history). */
async function fetchCommit(git, sha) {
    try {
        await git.raw(['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', sha]);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Resolves a revision to a full commit SHA, fetching a full SHA that a shallow clone lacks.
 * `lookup` asks first (lookupCommits: one round of a cat-file for several revisions).
 */
async function resolveRevision(git, rev, label, lookup = (r) => tryResolve(git, r)) {
    checkRevisionSyntax(rev, label);
    const found = await lookup(rev);
    if (found)
        return found;
    if (FULL_SHA.test(rev) && (await fetchCommit(git, rev))) {
        const fetched = await tryResolve(git, rev);
        if (fetched)
            return fetched;
    }
    if (rev === 'HEAD')
        throw new core_errors/* UserError */.yo(`${label}: HEAD names no commit: the repository has no commit yet. A deploy ships a commit, never the work tree: commit the app (and .github/) first`);
    throw new core_errors/* UserError */.yo(`${label}: unknown revision ${JSON.stringify(rev)} (not a commit in this repository)`);
}
/**
 * Resolves `from` when it may legitimately be unknown (first deploy, force-pushed history):
 * returns null with the reason instead of failing.
 */
async function resolveOptionalFrom(git, rev, source, lookup = (r) => tryResolve(git, r)) {
    if (!rev || rev === ZERO_SHA)
        return { sha: null, reason: `no deployed revision known (${source})` };
    checkRevisionSyntax(rev, 'from');
    const found = await lookup(rev);
    if (found)
        return { sha: found };
    if (FULL_SHA.test(rev) && (await fetchCommit(git, rev))) {
        const fetched = await tryResolve(git, rev);
        if (fetched)
            return { sha: fetched };
    }
    if (source === 'input')
        throw new core_errors/* UserError */.yo(`from: unknown revision ${JSON.stringify(rev)} (not a commit in this repository)`);
    return { sha: null, reason: `deployed revision ${(0,core_text/* shortSha */.Fu)(rev)} (${source}) is not in this repository's history` };
}
//# sourceMappingURL=revision.js.map
;// CONCATENATED MODULE: ./lib/compose/diff.js

/** What the image of a service with a build section depends on: how it is built and the name it gets. */
const BUILT_KEYS = ['build', 'image'];
const pick = (service, keys) => keys.map((k) => service.definition[k]);
/**
 * What a compose change means per service (every list sorted):
 * - build: the `build` section changed, or the `image:` name of a service with one (`up --no-build`
 *   would look for an image nobody built), or a new service has one (its image must be built);
 * - recreate: a new service without `build`, or any other change of the merged definition or of
 *   its bind-mount sources (a config/secret `file:` changes outside the service's definition), or of
 *   the inline configs/secrets it uses (`content:`, an `environment:` value), which compose does not
 *   compare: those whose only change that is are also in `inlineOnly` (the apply forces them);
 * - remove: the service is gone.
 * `from === null` (no compose file before) makes every service new.
 */
function diffComposeModels(from, to) {
    const diff = { build: [], recreate: [], remove: [] };
    const before = from?.services ?? {};
    for (const [name, service] of Object.entries(to.services)) {
        const previous = before[name];
        if (!previous) {
            (service.build ? diff.build : diff.recreate).push(name);
        }
        else if (service.build && !(0,values/* deepEqual */.bD)(pick(previous, BUILT_KEYS), pick(service, BUILT_KEYS))) {
            diff.build.push(name);
        }
        else if (!(0,values/* deepEqual */.bD)(previous.definition, service.definition) || !(0,values/* deepEqual */.bD)(previous.bindMounts, service.bindMounts)) {
            diff.recreate.push(name);
        }
        else if (!(0,values/* deepEqual */.bD)(previous.inlineSources, service.inlineSources)) {
            diff.recreate.push(name);
            (diff.inlineOnly ??= []).push(name);
        }
    }
    for (const name of Object.keys(before)) {
        if (!Object.hasOwn(to.services, name))
            diff.remove.push(name);
    }
    diff.build.sort();
    diff.recreate.sort();
    diff.remove.sort();
    return diff;
}
//# sourceMappingURL=diff.js.map
// EXTERNAL MODULE: ./lib/plan/changes.js
var changes = __webpack_require__(57918);
;// CONCATENATED MODULE: ./lib/plan/collector.js

function child(map, key, create) {
    let value = map.get(key);
    if (value === undefined) {
        value = create();
        map.set(key, value);
    }
    return value;
}
const byKey = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
function isSortedUnique(list) {
    for (let i = 1; i < list.length; i++)
        if (list[i - 1] >= list[i])
            return false;
    return true;
}
/** Accumulates the planner's decisions and their reasons; `finish` applies precedence and sorting. */
class PlanCollector {
    services = {
        build: new Set(),
        recreate: new Set(),
        restart: new Set(),
        remove: new Set(),
        upload: new Set(),
    };
    noCache = new Set();
    tasks = new Set();
    unmatched = [];
    reasons = new Map();
    service(action, service, rule, file, detail) {
        this.services[action].add(service);
        this.explain(`s:${service}`, { service }, action, rule, file, detail);
    }
    task(task, rule, file, detail) {
        this.tasks.add(task);
        this.explain(`t:${task}`, { task }, 'task', rule, file, detail);
    }
    ignore(rule, file) {
        this.explain('', {}, 'ignore', rule, file);
    }
    /** The services planned for `action` so far (before precedence). */
    planned(action) {
        return this.services[action];
    }
    markNoCache(service) {
        this.noCache.add(service);
    }
    unmatchedFile(file) {
        this.unmatched.push(file);
    }
    explain(key, target, action, rule, file, detail) {
        const byTarget = child(child(this.reasons, rule, () => new Map()), action, () => new Map());
        const reason = child(byTarget, key, () => ({
            ...target,
            action,
            rule,
            files: [],
            ...(detail === undefined ? {} : { detail }),
        }));
        // files usually arrive sorted, once each: skip the repeat of the last one, sort in finish if needed
        if (file !== undefined && reason.files[reason.files.length - 1] !== file)
            reason.files.push(file);
    }
    sortedReasons() {
        const keyed = [];
        for (const [rule, byAction] of this.reasons) {
            for (const [action, byTarget] of byAction) {
                for (const [target, reason] of byTarget)
                    keyed.push([`${target}\0${action}\0${rule}`, reason]);
            }
        }
        return keyed.sort(byKey).map(([, r]) => ({ ...r, files: isSortedUnique(r.files) ? r.files : (0,changes/* sortedUnique */.Z)(r.files) }));
    }
    /** Applies build > recreate > restart, noCache ⊆ build, task declaration order; sorts everything. */
    finish(head, taskOrder, warnings) {
        const { build: built, recreate: recreated, restart: restarted } = this.services;
        const build = (0,changes/* sortedUnique */.Z)(built);
        return {
            ...head,
            build,
            noCache: build.filter((s) => this.noCache.has(s)),
            recreate: (0,changes/* sortedUnique */.Z)([...recreated].filter((s) => !built.has(s))),
            restart: (0,changes/* sortedUnique */.Z)([...restarted].filter((s) => !built.has(s) && !recreated.has(s))),
            remove: (0,changes/* sortedUnique */.Z)(this.services.remove),
            upload: (0,changes/* sortedUnique */.Z)(this.services.upload),
            tasks: taskOrder.filter((t) => this.tasks.has(t)),
            unmatched: isSortedUnique(this.unmatched) ? [...this.unmatched] : (0,changes/* sortedUnique */.Z)(this.unmatched),
            reasons: this.sortedReasons(),
            warnings: (0,changes/* sortedUnique */.Z)(warnings),
        };
    }
}
//# sourceMappingURL=collector.js.map
// EXTERNAL MODULE: ./node_modules/@balena/dockerignore/ignore.js
var ignore = __webpack_require__(44158);
;// CONCATENATED MODULE: ./lib/plan/dockerignore.js



/** Where Docker reads the context's ignore file: "<context>/.dockerignore" ("." → ".dockerignore"). */
function contextDockerignorePath(context) {
    return context === '.' ? '.dockerignore' : `${context}/.dockerignore`;
}
/** "<dockerfile>.dockerignore", which Docker (BuildKit) prefers over the context's one. */
function dockerfileDockerignorePath(dockerfile) {
    return `${dockerfile}.dockerignore`;
}
/**
 * The ignore file Docker uses for a build (Docker's rule: `<dockerfile>.dockerignore` next to the
 * Dockerfile wins, else `<context>/.dockerignore`), among those present in `dockerignores`.
 */
function effectiveDockerignore(build, dockerignores) {
    const specific = dockerfileDockerignorePath(build.dockerfile);
    if (Object.hasOwn(dockerignores, specific))
        return specific;
    const general = contextDockerignorePath(build.context);
    return Object.hasOwn(dockerignores, general) ? general : undefined;
}
/** A matcher of `lines`, every pattern compiled (the package compiles them on the first match). */
function compiledMatcher(lines) {
    // CommonJS package: under NodeNext the default import is module.exports, whose `.default` is the factory.
    const ig = ignore["default"]().add(lines);
    ig.ignores('.');
    return ig;
}
/** The first line of `file` the matcher cannot compile ("[", "(": an invalid regular expression), as a UserError. */
function unreadableLine(lines, file) {
    const i = lines.findIndex((line) => {
        try {
            compiledMatcher([line]);
            return false;
        }
        catch {
            return true;
        }
    });
    return new core_errors/* UserError */.yo(`${file}:${i + 1}: cannot read the pattern ${JSON.stringify(lines[i])} (fix or remove that line)`, {
        file,
        line: i + 1,
    });
}
/** Parses a .dockerignore (repo-relative `file`) once; the predicate takes a path relative to the build context. */
function compileDockerignore(content, file) {
    const lines = content.split(/\r?\n/);
    let ig;
    try {
        ig = compiledMatcher(lines);
    }
    catch {
        throw unreadableLine(lines, file);
    }
    return (path) => ig.ignores(path);
}
/** The path of `file` relative to `context`, or undefined when the file is outside it. */
function pathInContext(file, context) {
    if (context === '.')
        return file.startsWith('../') ? undefined : file;
    if (file.length > context.length && file.startsWith(context) && file[context.length] === '/') {
        return file.slice(context.length + 1);
    }
    return undefined;
}
/** The directory of a repo-relative path ("." for the root). */
function dirOf(path) {
    return external_node_path_.posix.dirname(path);
}
//# sourceMappingURL=dockerignore.js.map
;// CONCATENATED MODULE: ./lib/plan/symlinks.js

/** More symlinks than this on one path: a loop (Linux gives up at 40 too). */
const MAX_HOPS = 40;
/**
 * The repo path that `path` designates on the host once its symlinks are followed (`links`:
 * repo-relative symlink path → its target as stored), as the kernel does for a bind-mount source
 * and compose for an env_file. Undefined when no symlink is involved, or it leaves the repository
 * (absolute target, "../" past the root) or loops.
 */
function resolveSymlinks(path, links) {
    let rest = path.split('/');
    let done = '';
    let hops = 0;
    while (rest.length > 0) {
        const [part, ...tail] = rest;
        const next = done === '' ? part : `${done}/${part}`;
        const target = Object.hasOwn(links, next) ? links[next] : undefined;
        if (target === undefined) {
            done = next;
            rest = tail;
            continue;
        }
        if (++hops > MAX_HOPS || target.startsWith('/'))
            return undefined;
        const joined = external_node_path_.posix.normalize(external_node_path_.posix.join(done === '' ? '.' : done, target));
        if (joined === '..' || joined.startsWith('../'))
            return undefined;
        done = '';
        rest = [...(joined === '.' ? [] : joined.split('/')), ...tail];
    }
    return hops === 0 ? undefined : done || '.';
}
//# sourceMappingURL=symlinks.js.map
;// CONCATENATED MODULE: ./lib/plan/derive.js


function push(map, key, value) {
    const list = map.get(key);
    if (list)
        list.push(value);
    else
        map.set(key, [value]);
}
function contextGroups(model, dockerignores) {
    const groups = new Map();
    const compiled = new Map();
    for (const service of Object.values(model.services)) {
        if (!service.build)
            continue;
        const ignoreFile = effectiveDockerignore(service.build, dockerignores);
        const key = `${service.build.context}\0${ignoreFile ?? ''}`;
        let group = groups.get(key);
        if (!group) {
            let excluded = null;
            if (ignoreFile !== undefined) {
                excluded = compiled.get(ignoreFile) ?? compileDockerignore(dockerignores[ignoreFile] ?? '', ignoreFile);
                compiled.set(ignoreFile, excluded);
            }
            group = { context: service.build.context, excluded, services: [] };
            groups.set(key, group);
        }
        group.services.push(service.name);
    }
    return [...groups.values()];
}
/** True when `file` is `dir` or inside it ("." contains every repo path). */
function isUnder(file, dir) {
    if (dir === '.')
        return !file.startsWith('../');
    return file.startsWith(dir) && (file.length === dir.length || file[dir.length] === '/');
}
/**
 * Compiles, once per plan, what a file means from the compose model alone (step 3 of the planner):
 * - a service's Dockerfile, or one of the two ignore files Docker may read for it
 *   (`<dockerfile>.dockerignore`, `<context>/.dockerignore`: a change or deletion changes what the
 *   context holds, even when the file excludes itself), or a file in its build context not
 *   excluded by the effective .dockerignore, or a file under one of its local
 *   `additional_contexts` → build every service of that context ("build-context");
 * - a file under (or equal to) a bind-mount host source → restart ("bind-mount");
 * - a service's env_file → recreate ("env_file");
 * a bind-mount source or env_file through a symlink (`symlinks`) counts as its target too.
 * Every bullet that holds applies. Returns [] when the file means nothing.
 */
function createDeriver(model, dockerignores, symlinks = {}) {
    // a source through a symlink is also the file or directory it resolves to on the host
    const withTarget = (path) => {
        const target = resolveSymlinks(path, symlinks);
        return target === undefined || target === path ? [path] : [path, target];
    };
    const buildFiles = new Map();
    const extraContexts = new Map();
    const mounts = new Map();
    const envFiles = new Map();
    for (const service of Object.values(model.services)) {
        if (service.build) {
            push(buildFiles, service.build.dockerfile, service.name);
            push(buildFiles, dockerfileDockerignorePath(service.build.dockerfile), service.name);
            push(buildFiles, contextDockerignorePath(service.build.context), service.name);
            for (const dir of service.build.additionalContexts ?? [])
                push(extraContexts, dir, service.name);
        }
        for (const source of service.bindMounts.flatMap(withTarget))
            push(mounts, source, service.name);
        for (const envFile of service.envFiles.flatMap(withTarget))
            push(envFiles, envFile, service.name);
    }
    const groups = contextGroups(model, dockerignores);
    return (file) => {
        const out = [];
        // duplicates (a Dockerfile inside its own context, nested mounts) are harmless: the collector dedupes
        for (const service of buildFiles.get(file) ?? [])
            out.push({ service, action: 'build', rule: 'build-context' });
        for (const group of groups) {
            const inContext = pathInContext(file, group.context);
            if (inContext === undefined || group.excluded?.(inContext))
                continue;
            for (const service of group.services)
                out.push({ service, action: 'build', rule: 'build-context' });
        }
        for (const [dir, services] of extraContexts) {
            if (isUnder(file, dir))
                for (const service of services)
                    out.push({ service, action: 'build', rule: 'build-context' });
        }
        for (const [source, services] of mounts) {
            if (isUnder(file, source))
                for (const service of services)
                    out.push({ service, action: 'restart', rule: 'bind-mount' });
        }
        for (const service of envFiles.get(file) ?? [])
            out.push({ service, action: 'recreate', rule: 'env_file' });
        return out;
    };
}
//# sourceMappingURL=derive.js.map
// EXTERNAL MODULE: ./lib/plan/force-recreate.js
var force_recreate = __webpack_require__(19824);
// EXTERNAL MODULE: ./lib/plan/rollout.js
var rollout = __webpack_require__(84290);
// EXTERNAL MODULE: ./lib/plan/rules.js + 1 modules
var plan_rules = __webpack_require__(99134);
// EXTERNAL MODULE: ./lib/compose/stop-grace.js
var stop_grace = __webpack_require__(92139);
// EXTERNAL MODULE: ./lib/plan/task-order.js
var task_order = __webpack_require__(80515);
;// CONCATENATED MODULE: ./lib/plan/shared-image.js

/**
 * The services without a build section whose `image:` is the image a built service produces
 * (`build:` + `image: app` on one, `image: app` on the other): `up` of the built service alone
 * leaves them on the old image, so they must be recreated too. An unnamed built image counts by the
 * name compose gives it (`project`: builtImageKeys).
 */
function imageUsers(model, built, project) {
    const builders = new Map();
    for (const name of built) {
        const service = model.services[name];
        for (const key of service ? builtImageKeys(service, project) : [])
            if (!builders.has(key))
                builders.set(key, name);
    }
    if (builders.size === 0)
        return [];
    return Object.values(model.services).flatMap((s) => {
        const key = s.build ? undefined : imageKey(s.definition.image);
        const builder = key === undefined ? undefined : builders.get(key);
        return builder === undefined ? [] : [{ service: s.name, builder, image: String(s.definition.image) }];
    });
}
/**
 * The services built on the image of a built one (`additional_contexts: {x: "service:base"}`, or a
 * Dockerfile `FROM` its image: `build.fromServices`, see compose/base-images.ts), and
 * transitively on theirs: their image changes with it. `builder` is the built service it uses.
 */
function imageDependents(model, built) {
    const done = new Set(built);
    const out = [];
    for (let grew = true; grew;) {
        grew = false;
        for (const s of Object.values(model.services)) {
            const builder = s.build?.fromServices?.find((name) => done.has(name));
            if (builder === undefined || done.has(s.name))
                continue;
            done.add(s.name);
            out.push({ service: s.name, builder });
            grew = true;
        }
    }
    return out;
}
//# sourceMappingURL=shared-image.js.map
;// CONCATENATED MODULE: ./lib/plan/service-links.js

/** The rule of the actions a replaced service causes on the services linked to it. */
const LINKED_SERVICE_RULE = 'linked-service';
/** The service `network_mode: service:<name>` names, if any. */
function networkOf(s) {
    const mode = s.definition.network_mode;
    return typeof mode === 'string' && mode.startsWith('service:') ? mode.slice('service:'.length) : undefined;
}
/** The services `volumes_from` names (`name`, `name:ro`; not `container:<name>`). */
function volumesFromOf(s) {
    const list = s.definition.volumes_from;
    if (!Array.isArray(list))
        return [];
    return list.flatMap((v) => (typeof v === 'string' && !v.startsWith('container:') ? [v.split(':')[0]] : []));
}
/** The dependencies whose `depends_on` entry sets `restart: true`. */
function restartOnOf(s) {
    const deps = s.definition.depends_on;
    if (!(0,values/* isPlainMap */.nK)(deps))
        return [];
    return Object.entries(deps).flatMap(([name, d]) => ((0,values/* isPlainMap */.nK)(d) && d.restart === true ? [name] : []));
}
/**
 * What replacing (building or recreating) the `replaced` services does to the services linked to
 * them, which a `docker compose up --no-deps <replaced>` leaves alone but a whole-project `up`
 * recreates (checked with compose 2.26): a service with `network_mode: service:x` or
 * `volumes_from: [x]` still uses the old container of x (its network namespace, its volumes) until
 * it is recreated, and transitively; a service whose `depends_on: {x: {restart: true}}` is
 * restarted (after the `up`, apply-plan.ts).
 */
function linkedToReplaced(model, replaced) {
    const done = new Set(replaced);
    const out = [];
    for (let grew = true; grew;) {
        grew = false;
        for (const s of Object.values(model.services)) {
            if (done.has(s.name))
                continue;
            const network = networkOf(s);
            const on = network !== undefined && done.has(network) ? network : volumesFromOf(s).find((v) => done.has(v));
            if (on === undefined)
                continue;
            const how = on === network ? `shares the network of "${on}"` : `mounts the volumes of "${on}"`;
            out.push({ service: s.name, action: 'recreate', on, detail: `${how}, which is replaced` });
            done.add(s.name);
            grew = true;
        }
    }
    for (const s of Object.values(model.services)) {
        const on = done.has(s.name) ? undefined : restartOnOf(s).find((d) => done.has(d));
        if (on !== undefined)
            out.push({ service: s.name, action: 'restart', on, detail: `depends_on "${on}" with restart: true` });
    }
    return out;
}
//# sourceMappingURL=service-links.js.map
;// CONCATENATED MODULE: ./lib/plan/warnings.js

/**
 * A .dockerignore that Docker will not read: it sits next to a service's Dockerfile but is neither
 * `<dockerfile>.dockerignore` nor `<context>/.dockerignore` of that service (typically
 * docker/.dockerignore with `context: ..`). Files that some service does read are never reported.
 */
function unreadDockerignoreWarnings(model, dockerignores) {
    const builds = Object.values(model.services).flatMap((s) => (s.build ? [{ name: s.name, build: s.build }] : []));
    const used = new Set(builds.flatMap(({ build }) => [dockerfileDockerignorePath(build.dockerfile), contextDockerignorePath(build.context)]));
    // one warning per (ignore file, context, Dockerfile), naming every service built that way
    const grouped = new Map();
    for (const file of Object.keys(dockerignores).sort()) {
        if (used.has(file))
            continue;
        for (const { name, build } of builds) {
            if (dirOf(file) !== dirOf(build.dockerfile))
                continue;
            const key = `${file}\0${build.context}\0${build.dockerfile}`;
            const effective = effectiveDockerignore(build, dockerignores);
            const entry = grouped.get(key) ?? {
                head: `${file} is not read when building`,
                services: [],
                tail: `(context "${build.context}", Dockerfile ${build.dockerfile}): ` +
                    `Docker reads ${dockerfileDockerignorePath(build.dockerfile)}, else ${contextDockerignorePath(build.context)} ` +
                    `(${effective ? `currently ${effective}` : 'neither exists, nothing is excluded'})`,
            };
            entry.services.push(`"${name}"`);
            grouped.set(key, entry);
        }
    }
    return [...grouped.values()].map((g) => `${g.head} ${g.services.length > 1 ? 'services' : 'service'} ${g.services.join(', ')} ${g.tail}`);
}
/** Rules/tasks whose `paths` match no tracked file: a typo, or a path that moved. */
function neverMatchingWarnings(items, trackedFiles) {
    return items
        .filter((item) => item.paths.length > 0 && !trackedFiles.some((f) => item.match(f)))
        .map((item) => `${item.label}: paths never match any tracked file (${item.paths.join(', ')})`);
}
/**
 * Interpolations the planner could not resolve from the compose `.env` at `to` (`${VAR?err}` with
 * VAR missing, a malformed `${...}`): compose on the host may still resolve them from its shell.
 */
function unresolvedWarnings(model, dotEnv) {
    if (!model.unresolved)
        return [];
    return [
        `compose interpolation: ${model.unresolved.join(', ')} not resolved from ${dotEnv}; ` +
            'planned on the text as written (a change to it still counts), the host environment must provide the value',
    ];
}
/** Services of profiles the compose `.env` does not enable: compose leaves them out, so does the plan. */
function inactiveProfileWarnings(model, dotEnv) {
    if (!model.inactive)
        return [];
    return [
        `compose profiles: ${model.inactive.join(', ')} left out, as \`docker compose up\` leaves them out: ` +
            `no profile of theirs is in COMPOSE_PROFILES of ${dotEnv} (a deploy names the services it starts, and compose starts a named one whatever its profiles)`,
    ];
}
//# sourceMappingURL=warnings.js.map
// EXTERNAL MODULE: ./lib/plan/check-config.js
var check_config = __webpack_require__(68034);
;// CONCATENATED MODULE: ./lib/plan/planner.js















/** The reason of an app upload (passenger): a changed file no ignore rule claims. */
const APP_CODE_RULE = 'app-code';
/**
 * The deploy plan for a set of changed files (pure; see types.ts). Per changed path, in order:
 * 1. a compose file (also one read for `extends: {file}` or `include`) → the compose diff decides (rule "compose"), nothing else; the compose `.env`
 *    (it feeds `${VAR}`), or an env file of an `include` (`.env` of its directory, or its `env_file`) → the compose diff too, and then steps 2-3 as for any file (it may be an
 *    env_file), never unmatched (a change no service sees is recorded as ignored by "compose");
 * 2. else the FIRST rule whose paths match decides (build/recreate/restart/no_cache/tasks, or ignore);
 * 3. else the compose model decides (build context, bind mount, env_file), or the file is unmatched.
 * Independently, a task runs when a rule lists it or when a changed path matches its own `paths`.
 * With an unknown `from` (nothing deployed yet, or the deployed revision is not in the history) the
 * plan is a first deploy (rule "unknown-from"): every buildable service is built, every other one
 * recreated, and every task whose service is deployed runs (see firstDeployTasks).
 * With `config.app` (passenger), steps 1 and 3 do not apply: every file no ignore rule claims
 * uploads and restarts the app (rule "app-code") and runs its `withCode` tasks, after the effects of
 * the rule that matched it; an unknown `from` uploads it (rule "unknown-from").
 * Precedence: build > recreate > restart; noCache ⊆ build; every list sorted except tasks
 * (config declaration order). Globs are compiled once per call (see globs.ts for their semantics).
 */
function planDeploy(input) {
    const { config, composeTo } = input;
    const warnings = [];
    const rules = (0,plan_rules/* compileRules */.nb)(config, composeTo, warnings);
    const taskMatchers = (0,plan_rules/* compileTaskPaths */.LN)(config);
    const derive = createDeriver(composeTo, input.dockerignores, input.symlinks);
    const composeFiles = new Set(config.app ? [] : config.compose.files.map((f) => external_node_path_.posix.normalize(external_node_path_.posix.join(config.compose.directory, f))));
    // the files read for `extends: {file}` at either commit are compose files too
    if (!config.app)
        for (const f of [...(composeTo.otherFiles ?? []), ...(input.composeFrom?.otherFiles ?? [])])
            composeFiles.add(f);
    const dotEnv = config.app ? undefined : (0,dotenv/* composeDotEnvPath */.i)(config.compose.directory);
    // the env files that interpolate an included compose file are read as the compose `.env` is
    const envInputs = new Set(config.app ? [] : [dotEnv, ...(composeTo.includeEnvFiles ?? []), ...(input.composeFrom?.includeEnvFiles ?? [])]);
    const collector = new PlanCollector();
    let composeDiff;
    const files = (0,changes/* changedPaths */.v)(input.changes);
    for (const file of files) {
        if (composeFiles.has(file)) {
            composeDiff ??= diffComposeModels(input.composeFrom, composeTo);
            applyComposeDiff(collector, composeDiff, file);
        }
        else {
            let fallback = 'unmatched';
            if (envInputs.has(file)) {
                composeDiff ??= diffComposeModels(input.composeFrom, composeTo);
                fallback = applyComposeDiff(collector, composeDiff, file) ? 'none' : 'ignore';
            }
            const rule = rules.find((r) => r.match(file));
            if (rule)
                applyRule(collector, rule, file);
            if (config.app) {
                if (!rule?.ignore)
                    applyAppCode(collector, config.app, file);
            }
            else if (!rule)
                applyDerived(collector, derive, file, fallback);
        }
        for (const task of taskMatchers)
            if (task.match(file))
                collector.task(task.name, 'task-paths', file);
    }
    if (input.from === null)
        planEverything(collector, input);
    if (!config.app)
        recreateImageUsers(collector, composeTo, config.compose.project);
    if (!config.app)
        replaceLinked(collector, composeTo);
    const unknown = input.from === null ? { fromUnknownReason: unknownReason(input) } : {};
    const head = { from: input.from, to: input.to, changedFiles: files, ...unknown };
    warnings.push(...unreadDockerignoreWarnings(composeTo, input.dockerignores));
    if (dotEnv !== undefined)
        warnings.push(...unresolvedWarnings(composeTo, dotEnv), ...inactiveProfileWarnings(composeTo, dotEnv));
    if (input.trackedFiles)
        warnings.push(...neverMatchingWarnings(pathOwners(input, rules, taskMatchers), input.trackedFiles));
    // a removed service is stopped with its definition at `from`
    const services = { ...input.composeFrom?.services, ...composeTo.services };
    return withRollout(collector.finish(head, Object.keys(config.tasks), warnings), config, { services });
}
/**
 * Marks the replaced services (build, recreate) whose rollout is start-first, the stop grace
 * period of every stopped service (replaced, restarted, removed) that sets one (config over compose), and the services
 * held until the tasks have run (task-order.ts); no key when none.
 */
function withRollout(plan, config, model) {
    if (config.app)
        return plan;
    const replaced = new Set([...plan.build, ...plan.recreate]);
    const startFirst = (0,rollout/* startFirstConfigured */.tr)(config).filter((s) => replaced.has(s));
    const stopped = [...new Set([...replaced, ...plan.restart, ...plan.remove])].sort();
    const afterTasks = (0,task_order/* servicesAfterTasks */.B0)(plan, config.tasks);
    const grace = stopped.flatMap((s) => {
        const configured = config.compose.services?.[s]?.stop_grace;
        // whole seconds, rounded up: compose's --timeout takes no fraction (stop_grace_period: 1500ms is valid compose)
        const seconds = configured !== undefined ? configured / 1000 : (0,stop_grace/* explicitStopGrace */.lx)(model.services[s]);
        return seconds === undefined ? [] : [[s, Math.ceil(seconds)]];
    });
    return {
        ...plan,
        ...(startFirst.length > 0 ? { startFirst } : {}),
        ...(grace.length > 0 ? { stopGrace: Object.fromEntries(grace) } : {}),
        ...(afterTasks.length > 0 ? { afterTasks } : {}),
    };
}
/** Records the compose diff as caused by `file`; false when it changes no service. */
function applyComposeDiff(collector, diff, file) {
    for (const s of diff.build)
        collector.service('build', s, 'compose', file);
    for (const s of diff.recreate)
        collector.service('recreate', s, diff.inlineOnly?.includes(s) ? force_recreate/* COMPOSE_CONTENT_RULE */.G : 'compose', file);
    for (const s of diff.remove)
        collector.service('remove', s, 'compose', file);
    return diff.build.length + diff.recreate.length + diff.remove.length > 0;
}
/**
 * Services built on a planned build's image are built too, then the services running the image a
 * planned build produces are recreated with it (rule "shared-image").
 */
function recreateImageUsers(collector, model, project) {
    for (const d of imageDependents(model, collector.planned('build'))) {
        collector.service('build', d.service, 'shared-image', undefined, `built on the image of "${d.builder}"`);
    }
    for (const u of imageUsers(model, collector.planned('build'), project)) {
        collector.service('recreate', u.service, 'shared-image', undefined, `runs ${u.image}, which "${u.builder}" builds`);
    }
}
/** The services linked to a replaced one (network_mode, volumes_from, depends_on restart: true; service-links.ts). */
function replaceLinked(collector, model) {
    const replaced = [...collector.planned('build'), ...collector.planned('recreate')];
    for (const l of linkedToReplaced(model, replaced))
        collector.service(l.action, l.service, LINKED_SERVICE_RULE, undefined, l.detail);
}
function applyRule(collector, rule, file) {
    if (rule.ignore) {
        collector.ignore(rule.name, file);
        return;
    }
    for (const s of rule.build) {
        collector.service('build', s, rule.name, file);
        if (rule.noCache)
            collector.markNoCache(s);
    }
    for (const s of rule.recreate)
        collector.service('recreate', s, rule.name, file);
    for (const s of rule.restart)
        collector.service('restart', s, rule.name, file);
    for (const t of rule.tasks)
        collector.task(t, rule.name, file);
}
function applyDerived(collector, derive, file, fallback) {
    const derived = derive(file);
    if (derived.length === 0 && fallback === 'unmatched')
        collector.unmatchedFile(file);
    if (derived.length === 0 && fallback === 'ignore')
        collector.ignore('compose', file);
    for (const d of derived)
        collector.service(d.action, d.service, d.rule, file);
}
function applyAppCode(collector, app, file) {
    collector.service('upload', app.name, APP_CODE_RULE, file);
    for (const t of app.withCode)
        collector.task(t, APP_CODE_RULE, file);
}
const unknownReason = (input) => input.fromUnknownReason ?? 'no reason given';
/** A first deploy: every service built or recreated (passenger: the app uploaded), then the tasks of firstDeployTasks. */
function planEverything(collector, input) {
    const detail = `previous revision unknown: ${unknownReason(input)}`;
    const deployed = new Set();
    const app = input.config.app;
    if (app)
        collector.service('upload', app.name, 'unknown-from', undefined, detail);
    for (const service of app ? [] : Object.values(input.composeTo.services)) {
        collector.service(service.build ? 'build' : 'recreate', service.name, 'unknown-from', undefined, detail);
        deployed.add(service.name);
    }
    for (const task of firstDeployTasks(input.config.tasks, deployed)) {
        collector.task(task, 'unknown-from', undefined, 'first deploy: every task of a deployed service runs');
    }
}
/**
 * The tasks of a first deploy, in declaration order: `first_deploy: true` always, `false` never,
 * unset when its service is deployed (a task without a service, on passenger targets, always).
 */
function firstDeployTasks(tasks, deployed) {
    return Object.entries(tasks)
        .filter(([, t]) => t.first_deploy ?? (t.service === undefined || deployed.has(t.service)))
        .map(([name]) => name);
}
/** Rules and tasks with their paths, for the "never matches a tracked file" warning. */
function pathOwners(input, rules, tasks) {
    const ruleOwners = rules.map((r, i) => ({ label: r.label, paths: input.config.rules[i]?.paths ?? [], match: r.match }));
    const taskOwners = tasks.map((t) => ({ label: `tasks.${t.name}`, paths: input.config.tasks[t.name]?.paths ?? [], match: t.match }));
    return [...ruleOwners, ...taskOwners];
}
//# sourceMappingURL=planner.js.map
// EXTERNAL MODULE: ./lib/plan/explain.js
var explain = __webpack_require__(87928);
;// CONCATENATED MODULE: ./lib/plan/merge.js
/**
 * One plan for hosts that start from different releases (a rollout over hosts that disagree): what
 * any of the plans does, with the same precedence (build > recreate > restart), task order and
 * rollout marks as a single plan. The first plan gives `from`, `to` and the warnings.
 */



/** Replays one reason into the collector (a reason without files: once, as the planner recorded it). */
function replay(collector, r) {
    const files = r.files.length > 0 ? r.files : [undefined];
    for (const file of files) {
        if (r.action === 'task')
            collector.task(r.task, r.rule, file, r.detail);
        else if (r.action === 'ignore') {
            if (file !== undefined)
                collector.ignore(r.rule, file);
        }
        else
            collector.service(r.action, r.service, r.rule, file, r.detail);
    }
}
/** `plans` (from different releases to the same `to`) as one; `models`: the compose models at each `from` and at `to`. */
function mergePlans(plans, config, models) {
    const [first] = plans;
    const collector = new PlanCollector();
    for (const plan of plans) {
        for (const r of plan.reasons)
            replay(collector, r);
        for (const s of plan.noCache)
            collector.markNoCache(s);
        for (const f of plan.unmatched)
            collector.unmatchedFile(f);
    }
    const head = {
        from: first.from,
        to: first.to,
        changedFiles: (0,changes/* sortedUnique */.Z)(plans.flatMap((p) => p.changedFiles)),
        ...(first.fromUnknownReason !== undefined ? { fromUnknownReason: first.fromUnknownReason } : {}),
    };
    const services = Object.assign({}, ...models.map((m) => m?.services ?? {}));
    return withRollout(collector.finish(head, Object.keys(config.tasks), first.warnings), config, { services });
}
//# sourceMappingURL=merge.js.map
;// CONCATENATED MODULE: ./lib/plan/env-file-warnings.js
const optional = (definition) => Array.isArray(definition.env_file) &&
    definition.env_file.some((e) => typeof e === 'object' && e !== null && e.required === false);
/** One warning per env file the release will lack, naming the services that read it and the fix. */
function unsharedEnvFileWarnings(model, tracked, target) {
    if (target.layout === 'in-place')
        return [];
    const provided = (f) => tracked.includes(f) || target.shared.some((e) => e === f || (e.endsWith('/') && f.startsWith(e)));
    const readers = new Map();
    for (const s of Object.values(model.services)) {
        if (optional(s.definition))
            continue;
        for (const f of s.envFiles)
            if (!f.startsWith('/') && !f.startsWith('../') && !provided(f))
                readers.set(f, [...(readers.get(f) ?? []), s.name]);
    }
    return [...readers].map(([f, services]) => `env_file ${f} (${services.map((s) => `"${s}"`).join(', ')}) is neither in the commit nor in targets.${target.name}.shared: ` +
        `a deploy never uploads it and compose fails with "env file not found"; add "${f}" to shared and create <path>/shared/${f} on the host`);
}
//# sourceMappingURL=env-file-warnings.js.map
;// CONCATENATED MODULE: ./lib/plan/shared-warnings.js
/**
 * Committed files under a `shared` entry of the target: the deploy links the entry to
 * <path>/shared/<entry> (as Capistrano's linked_dirs/linked_files do), so the commit's copies never
 * reach the host, in any layout. Nothing is copied into shared/ (a committed .env must not replace
 * the host's); the plan names the files so the user is not surprised.
 */
const SHOWN = 5;
/** The tracked files `entry` covers: the file itself, or everything under a directory entry. */
function filesUnder(entry, tracked) {
    const name = entry.replace(/\/+$/, '');
    return tracked.filter((f) => f === name || f.startsWith(`${name}/`));
}
/** One warning per `shared` entry that hides committed files, naming them (the first few). */
function sharedHidesCommittedWarnings(tracked, target) {
    return target.shared.flatMap((entry) => {
        const files = filesUnder(entry, tracked);
        if (files.length === 0)
            return [];
        const more = files.length > SHOWN ? ` (+${files.length - SHOWN} more)` : '';
        const name = entry.replace(/\/+$/, '');
        return [
            `targets.${target.name}.shared "${entry}" hides ${files.length === 1 ? 'a committed file' : `${files.length} committed files`}: ` +
                `${files.slice(0, SHOWN).join(', ')}${more}. A deploy never uploads ${files.length === 1 ? 'it' : 'them'}: ` +
                `${name} is a link to <path>/shared/${name} on the host. Copy what the app needs there by hand, or remove ${files.length === 1 ? 'it' : 'them'} from git`,
        ];
    });
}
//# sourceMappingURL=shared-warnings.js.map
;// CONCATENATED MODULE: ./lib/plan/submodule-warnings.js
/**
 * Submodules of the deployed commit: the upload is `git archive` of the commit, which leaves a
 * submodule's files out (it is an empty directory on the host), whatever the runner's checkout holds. The plan
 * names them, so a deploy that lacks them on the host is not a surprise.
 */
const submodule_warnings_SHOWN = 5;
/** One warning naming the submodules (the first few), or none. */
function submoduleWarnings(submodules) {
    if (submodules.length === 0)
        return [];
    const one = submodules.length === 1;
    const more = submodules.length > submodule_warnings_SHOWN ? ` (+${submodules.length - submodule_warnings_SHOWN} more)` : '';
    return [
        `${one ? 'a git submodule' : `${submodules.length} git submodules`}: ${submodules.slice(0, submodule_warnings_SHOWN).join(', ')}${more}. ` +
            `A deploy uploads none of ${one ? 'its' : 'their'} files (the upload is git archive of the commit, which leaves submodules out): ` +
            `commit the files the app needs instead, or fetch them on the host in a task`,
    ];
}
//# sourceMappingURL=submodule-warnings.js.map
// EXTERNAL MODULE: ./lib/plan/format.js + 1 modules
var format = __webpack_require__(32980);
// EXTERNAL MODULE: ./lib/sync/left-out.js + 1 modules
var left_out = __webpack_require__(9119);
;// CONCATENATED MODULE: ./lib/pipeline/plan.js















/** Where `from` comes from, in order: input, the target's deployed revision, the push event, the PR base; else why it is unknown. */
function pickFrom(settings, deployed) {
    const target = settings.target ?? 'the target';
    if (settings.from)
        return { rev: settings.from, source: 'input' };
    if (deployed)
        return { rev: deployed, source: `deployed on ${target}` };
    if (deployed === null)
        return { unknown: `nothing is deployed on ${target} yet` };
    if (settings.eventBefore)
        return { rev: settings.eventBefore, source: 'push event before' };
    if (settings.prBase)
        return { rev: settings.prBase, source: 'pull request base' };
    return { unknown: 'no `from` given and the deployed revision was not read (plan reads it with a target and an SSH key)' };
}
/** The commit `to` names, resolved (a lock and a record name a sha, never a ref like HEAD). */
async function resolveTo(settings) {
    return resolveRevision((await (0,git_repo/* openRepo */.B8)(settings.repo)).git, settings.to, 'to');
}
/**
 * Starts computePlan's git reading now (it only reads), to overlap a round trip: computePlan takes it
 * as `read`, and its failure is reported there (until then it is not left unhandled).
 */
function readPlanInputAhead(settings, config, deployed) {
    const read = readPlanInput(settings, config, deployed);
    read.catch(() => undefined);
    return read;
}
/**
 * Reads what the plan needs from git, with one `git cat-file --batch` for all of it (the
 * revisions, then the compose files, then the .dockerignore files). The work-tree check and both
 * revisions run side by side; their errors still come in this order.
 */
async function readPlanInput(settings, config, deployed) {
    const repo = (0,git_repo/* repoAt */.Qz)(settings.repo);
    const pick = pickFrom(settings, deployed);
    const catFile = (0,cat_file/* openCatFile */.J)(repo.dir);
    try {
        const lookup = lookupCommits(repo.git, catFile, 'rev' in pick ? [settings.to, pick.rev] : [settings.to]);
        const reads = [
            (0,git_repo/* checkWorkTree */.il)(repo),
            resolveRevision(repo.git, settings.to, 'to', lookup),
            'rev' in pick ? resolveOptionalFrom(repo.git, pick.rev, pick.source, lookup) : Promise.resolve({ sha: null, reason: pick.unknown }),
        ];
        for (const r of reads)
            r.catch(() => undefined);
        await reads[0];
        const to = await reads[1];
        const from = await reads[2];
        return { input: await gatherPlanInput(repo, config, from, to, catFile), to };
    }
    finally {
        catFile.close();
    }
}
let started;
/**
 * Starts the git reading of a `plan` whose `from` the settings name (not a target's deployed
 * revision) before its config is loaded: the revisions, the tree and the changes need no config,
 * so git runs while the config's code loads. takePlanRead hands it to the command.
 */
function startPlanRead(settings) {
    let configure = () => undefined;
    let cancel = () => undefined;
    const config = new Promise((resolve, reject) => ((configure = resolve), (cancel = reject)));
    config.catch(() => undefined); // a cancel before the read reaches the config is not unhandled
    const ahead = {
        read: readPlanInputAhead(settings, config),
        configure,
        cancel: () => {
            if (started?.ahead === ahead)
                started = undefined;
            cancel(new Error('no plan'));
        },
    };
    started = { settings, ahead };
    return ahead;
}
/** The read startPlanRead started for these settings, configured with `config`; undefined when none was. */
function takePlanRead(settings, config) {
    if (started?.settings !== settings)
        return undefined;
    const { ahead } = started;
    started = undefined;
    ahead.configure(config);
    return ahead.read;
}
/**
 * Computes the plan between two commits: git reading here, the decision in the pure planner.
 * `deployed` is the revision recorded on the target (undefined: not looked up; null: nothing deployed yet).
 * `read`: the git reading of these settings, when readPlanInputAhead started it already (else the
 * one startPlanRead started, for a `deployed` not looked up). `retained`: a rollback's services
 * with an image its target release recorded: built ones are put back on it (plan.reuse).
 */
async function computePlan(settings, config, reporter, report, deployed, read = (deployed === undefined ? takePlanRead(settings, config) : undefined) ??
    readPlanInput(settings, config, deployed), retained) {
    const { input, to } = await read;
    const errors = (0,check_config/* checkConfigAgainstCompose */.Er)(config, input.composeTo);
    if (errors.length > 0)
        throw new core_errors/* UserErrors */.tQ(errors.map((m) => new core_errors/* UserError */.yo(`${settings.configPath}: ${m}`, { file: settings.configPath })));
    const plan = planDeploy(input);
    const reuse = retained ? plan.build.filter((sv) => retained.includes(sv)) : [];
    if (reuse.length > 0)
        plan.reuse = reuse;
    plan.warnings.push(...envFileWarnings(settings, config, input), ...sharedWarnings(settings, config, input), ...submoduleWarnings(input.submodules ?? []));
    for (const w of plan.warnings) {
        reporter.warning(w);
        report.warnings.push(w);
    }
    report.plan = plan;
    reporter.detail?.((0,format/* formatPlanTable */.pp)(plan));
    return { plan, to, input };
}
/** Whether a deploy to `target` uses the whole exported tree on the runner: a frontend build, or images built there. */
const buildsOnRunner = (target) => target.strategy === 'passenger' ? target.frontend !== undefined : target.build?.on === 'runner';
/**
 * A deploy is refused (a UserError naming the files) when a Git LFS file of the deployed commit has
 * no content in the local LFS store: the upload would send its pointer. Its Plan phase checks it,
 * before anything changes on a host (a `plan` alone does not need the content). A file the upload
 * of `target` never sends (exclude, shared, protected) needs none, unless the runner builds from
 * the whole tree.
 */
async function refuseMissingLfs(settings, planned, target) {
    await (0,lfs_pointers/* lfsContent */.zl)(settings.repo, planned.to, buildsOnRunner(target) ? undefined : (0,left_out/* uploadLeavesOut */.E)(target));
    return planned;
}
/**
 * `planned` (from the oldest release the hosts run) widened to what the hosts on `others` (the
 * other releases live there) need: the plan from each of them is merged in, so a change only such
 * a host had, and `to` undoes, is undone there too (the plan from the oldest does not see it).
 */
async function coverLiveReleases(settings, config, reporter, report, planned, others) {
    if (others.length === 0)
        return planned;
    const inputs = [planned.input, ...(await Promise.all(others.map(async (sha) => (await readPlanInput(settings, config, sha)).input)))];
    const models = [...inputs.map((i) => i.composeFrom), planned.input.composeTo];
    const plan = mergePlans([planned.plan, ...inputs.slice(1).map(planDeploy)], config, models);
    reporter.info(`the plan also covers the changes since ${others.map((sha) => (0,core_text/* shortSha */.Fu)(sha)).join(', ')} (live on other hosts)`);
    report.plan = plan;
    reporter.detail?.((0,format/* formatPlanTable */.pp)(plan));
    const liveServices = Object.fromEntries(inputs.flatMap((i) => (i.from ? [[i.from, Object.keys(i.composeFrom?.services ?? {})]] : [])));
    return { ...planned, plan, liveServices };
}
/** The target the plan is for: the settings' one, else the config's only one. */
function planTarget(settings, config) {
    const names = Object.keys(config.targets ?? {});
    const name = settings.target ?? (names.length === 1 ? names[0] : undefined);
    const t = name === undefined ? undefined : config.targets?.[name];
    return name === undefined || t === undefined ? undefined : { name, t };
}
/** The committed files a `shared` entry of the plan's target hides (see sharedHidesCommittedWarnings). */
function sharedWarnings(settings, config, input) {
    const target = planTarget(settings, config);
    if (!target || !input.trackedFiles)
        return [];
    return sharedHidesCommittedWarnings(input.trackedFiles, { name: target.name, shared: target.t.shared ?? [] });
}
/** The compose env files the deploy to the settings' compose target cannot provide (see unsharedEnvFileWarnings). */
function envFileWarnings(settings, config, input) {
    const target = planTarget(settings, config);
    if (!target || target.t.strategy !== 'compose' || !input.trackedFiles)
        return [];
    const { name, t } = target;
    return unsharedEnvFileWarnings(input.composeTo, input.trackedFiles, {
        name,
        shared: t.shared ?? [],
        ...(t.layout ? { layout: t.layout } : {}),
    });
}
/** A deploy (or its dry run) names the plan's unmatched files as a warning: in the log, and in the job summary's warnings. */
function warnUnmatched(reporter, report, plan) {
    const notice = (0,explain/* unmatchedNotice */.eh)(plan);
    if (!notice)
        return;
    reporter.warning(notice);
    report.warnings.push(notice);
}
//# sourceMappingURL=plan.js.map

/***/ }),

/***/ 57918:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ sortedUnique),
/* harmony export */   v: () => (/* binding */ changedPaths)
/* harmony export */ });
/** Every path a change touches (a rename/copy counts as its old AND new path), sorted and unique. */
function changedPaths(changes) {
    const paths = new Set();
    for (const change of changes) {
        paths.add(change.path);
        if ((change.status === 'R' || change.status === 'C') && change.oldPath)
            paths.add(change.oldPath);
    }
    return [...paths].sort();
}
/** Sorted copy without duplicates (plain code-unit order: locale-independent, deterministic). */
function sortedUnique(values) {
    return [...new Set(values)].sort();
}
//# sourceMappingURL=changes.js.map

/***/ }),

/***/ 68034:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Er: () => (/* binding */ checkConfigAgainstCompose),
/* harmony export */   VJ: () => (/* binding */ engineImageIssue)
/* harmony export */ });
/* unused harmony export imageEngineFamily */
/* harmony import */ var _rollout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(84290);
/* harmony import */ var _rules_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99134);


/**
 * Errors in the config given the compose model at `to`: a rule or task naming an unknown service,
 * a rule building a service that has no build section, a rule naming an undefined task, a
 * start-first service that cannot have two containers (rollout.ts), a compose target backing up
 * an unknown service.
 */
function checkConfigAgainstCompose(config, model) {
    const names = Object.keys(model.services).sort();
    const known = `(services: ${names.join(', ') || 'none'})`;
    const errors = [];
    const checkList = (where, list, mustBuild) => {
        if (list === undefined || list === 'all')
            return;
        for (const name of list) {
            const service = model.services[name];
            if (!service)
                errors.push(`${where}: unknown service "${name}" ${known}`);
            else if (mustBuild && !service.build)
                errors.push(`${where}: service "${name}" has no build section, it cannot be built`);
        }
    };
    const taskNames = Object.keys(config.tasks);
    config.rules.forEach((rule, index) => {
        const where = (0,_rules_js__WEBPACK_IMPORTED_MODULE_0__/* .ruleLabel */ .Do)(rule, index);
        checkList(where, rule.build, true);
        checkList(where, rule.recreate, false);
        checkList(where, rule.restart, false);
        for (const task of rule.tasks ?? []) {
            if (!Object.hasOwn(config.tasks, task))
                errors.push(`${where}: unknown task "${task}" (tasks: ${taskNames.join(', ') || 'none'})`);
        }
    });
    for (const [name, task] of Object.entries(config.tasks)) {
        if (task.service !== undefined && !Object.hasOwn(model.services, task.service))
            errors.push(`tasks.${name}: unknown service "${task.service}" ${known}`);
        for (const service of task.before ?? []) {
            if (!Object.hasOwn(model.services, service))
                errors.push(`tasks.${name}.before: unknown service "${service}" ${known}`);
            else if (service === task.service)
                errors.push(`tasks.${name}.before: "${service}" is the task's own service, which must be up for the task to run in it`);
        }
    }
    errors.push(...(0,_rollout_js__WEBPACK_IMPORTED_MODULE_1__/* .rolloutIssues */ .Q0)(config, model), ...backupServiceIssues(config, model, known));
    return errors;
}
/** The database family a service's `image:` names (postgres, postgis/postgis, mariadb:11, mysql:8), else undefined. */
function imageEngineFamily(image) {
    if (typeof image !== 'string')
        return undefined;
    const repo = image
        .split('@')[0]
        .replace(/:[^/:]*$/, '')
        .split('/')
        .pop();
    if (/postgres|postgis|timescale/i.test(repo))
        return 'postgres';
    if (/mariadb|mysql|percona/i.test(repo))
        return 'mysql';
    return undefined;
}
const ENGINE_FAMILY = { postgres: 'postgres', mariadb: 'mysql', mysql: 'mysql', sqlite: 'sqlite' };
const FAMILY_ENGINE = { postgres: 'postgres', mysql: 'mariadb (or mysql)' };
/**
 * A compose target's backup runs in its `backup.service`: one the compose files lack would find no
 * database (no backup on a first deploy, then "the database is gone"); one whose image is another
 * database than `engine` skips the first deploy's backup, then fails every later one ("cannot connect
 * to the postgres server" in a mariadb container). A plan without compose files (passenger) checks none.
 */
function backupServiceIssues(config, model, known) {
    if (config.compose.files.length === 0)
        return [];
    return Object.entries(config.targets ?? {}).flatMap(([name, target]) => {
        const backup = (target.strategy === 'compose' ? target.backup : undefined);
        const service = backup?.service;
        if (typeof service !== 'string')
            return [];
        if (!Object.hasOwn(model.services, service))
            return [`targets.${name}.backup.service: unknown service "${service}" ${known}`];
        const issue = engineImageIssue(backup.engine ?? '', service, model.services[service].definition.image);
        return issue ? [`targets.${name}.backup.engine: ${issue}`] : [];
    });
}
/** `"postgres", but compose service "db" runs image mariadb:11, a mariadb/mysql database (set engine: …)`, or null when they agree. */
function engineImageIssue(engine, service, image) {
    const family = imageEngineFamily(image);
    if (!family || family === ENGINE_FAMILY[engine])
        return null;
    return `"${engine}", but compose service "${service}" runs image ${String(image)}, a ${family === 'mysql' ? 'mariadb/mysql' : family} database (set engine: ${FAMILY_ENGINE[family]})`;
}
//# sourceMappingURL=check-config.js.map

/***/ }),

/***/ 19824:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ COMPOSE_CONTENT_RULE),
/* harmony export */   c: () => (/* binding */ forcedRecreates)
/* harmony export */ });
/**
 * The rule of a recreate whose only cause is an inline config/secret (`content:`, an `environment:`
 * value): compose copies it into the container when it creates it and leaves it out of its config
 * hash, so a plain `up` keeps the running container with the old content.
 */
const COMPOSE_CONTENT_RULE = 'compose-content';
/**
 * The built-in reasons of a recreate that compose sees by itself (a changed definition, env_file
 * values, image or linked container): a plain `up` replaces the container. A recreate for any other
 * reason (a config rule's `recreate:`, "compose-content") changes nothing compose compares: `up`
 * would leave the container running, with the files of the release it started from behind its
 * bind mounts (`current` is resolved when the container starts).
 */
const SEEN_BY_COMPOSE = new Set(['compose', 'env_file', 'shared-image', 'linked-service', 'unknown-from']);
/**
 * The services of `plan.recreate` the apply must `up --force-recreate`: those with a recreate reason
 * compose does not see (SEEN_BY_COMPOSE), sorted; a start-first one is left out (its new container is
 * created anyway).
 */
function forcedRecreates(plan) {
    const startFirst = new Set(plan.startFirst ?? []);
    const forced = plan.reasons
        .filter((r) => r.action === 'recreate' && r.service !== undefined && !SEEN_BY_COMPOSE.has(r.rule))
        .map((r) => r.service);
    return [...new Set(forced)].filter((s) => plan.recreate.includes(s) && !startFirst.has(s)).sort();
}
//# sourceMappingURL=force-recreate.js.map

/***/ }),

/***/ 84290:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q0: () => (/* binding */ rolloutIssues),
/* harmony export */   tr: () => (/* binding */ startFirstConfigured)
/* harmony export */ });
/* unused harmony export fixedHostPort */
/** A Celery beat by its command: `celery ... beat`, or a worker with an embedded beat (`-B`, `--beat`). */
const BEAT_COMMAND = /\bcelery\b.*(\sbeat\b|\s-B\b|\s--beat\b)/;
function commandText(service) {
    const parts = [service.definition.entrypoint, service.definition.command].flatMap((c) => (Array.isArray(c) ? c : c == null ? [] : [c]));
    return parts.map(String).join(' ');
}
/** The host port of one `ports` entry when it is fixed ("8000:80", "127.0.0.1:8000:80", {published: 8000}); else undefined. */
function fixedHostPort(entry) {
    if (typeof entry === 'number')
        return undefined;
    if (typeof entry === 'object' && entry !== null) {
        const published = entry.published;
        return published === undefined || published === null || published === '' ? undefined : String(published);
    }
    if (typeof entry !== 'string')
        return undefined;
    const spec = entry.replace(/\/(tcp|udp|sctp)$/, '');
    const hostSide = spec.includes(':') ? spec.slice(0, spec.lastIndexOf(':')) : '';
    const port = hostSide.slice(hostSide.lastIndexOf(':') + 1);
    return port === '' ? undefined : port;
}
/** Services whose rollout is start-first in the config, sorted. */
function startFirstConfigured(config) {
    return Object.entries(config.compose.services ?? {})
        .filter(([, o]) => o.rollout === 'start-first')
        .map(([name]) => name)
        .sort();
}
/** Errors of start-first services given the compose model at `to` (the config schema already refused beats by name). */
function rolloutIssues(config, model) {
    const errors = [];
    for (const name of startFirstConfigured(config)) {
        const where = `compose.services.${name}.rollout`;
        const service = model.services[name];
        if (!service) {
            errors.push(`${where}: unknown service "${name}" (services: ${Object.keys(model.services).sort().join(', ') || 'none'})`);
            continue;
        }
        if (BEAT_COMMAND.test(commandText(service)))
            errors.push(`${where}: start-first is refused for "${name}": its command runs a Celery beat, and two beats would run every scheduled task twice`);
        const ports = Array.isArray(service.definition.ports) ? service.definition.ports : [];
        const fixed = ports.map(fixedHostPort).filter((p) => p !== undefined);
        if (fixed.length > 0)
            errors.push(`${where}: start-first is refused for "${name}": it publishes the fixed host port ${fixed.join(', ')}, which the old and the new container cannot both bind (publish it through a proxy service, or leave the host port out)`);
        if (service.definition.network_mode === 'host')
            errors.push(`${where}: start-first is refused for "${name}": it sets network_mode: host, so the old and the new container would share the host's ports and the new one could not bind the port the old one listens on (put it on a compose network behind a proxy)`);
        const joiners = Object.values(model.services)
            .filter((other) => other.definition.network_mode === `service:${name}`)
            .map((other) => other.name)
            .sort();
        if (joiners.length > 0)
            errors.push(`${where}: start-first is refused for "${name}": ${joiners.join(', ')} ${joiners.length > 1 ? 'join' : 'joins'} its network (network_mode: service:${name}) and would lose it when the old container is removed`);
        const containerName = service.definition.container_name;
        if (typeof containerName === 'string' && containerName !== '')
            errors.push(`${where}: start-first is refused for "${name}": it sets container_name: ${containerName}, and Docker cannot run the old and the new container under one name (compose refuses to scale it; remove container_name)`);
    }
    return errors;
}
//# sourceMappingURL=rollout.js.map

/***/ }),

/***/ 99134:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nb: () => (/* binding */ compileRules),
  LN: () => (/* binding */ compileTaskPaths),
  Do: () => (/* binding */ ruleLabel)
});

// UNUSED EXPORTS: expandServiceList

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(14006);
;// CONCATENATED MODULE: ./lib/plan/globs.js

const NEVER = () => false;
/** The options compileGlobs gives picomatch for one pattern (also for one-off matching elsewhere). */
function globOptions(pattern) {
    return pattern.includes('/') ? { dot: true } : { dot: true, basename: true };
}
/**
 * One regular expression for several picomatch patterns (each source is anchored by picomatch).
 * The `s` flag lets picomatch's `.` match a newline: git file names may contain one.
 */
function combinedRegex(patterns, options) {
    return new RegExp(patterns.map((p) => `(?:${picomatch.makeRe(p, options).source})`).join('|'), 's');
}
/**
 * Compiles glob patterns ONCE into a single predicate (true when any pattern matches).
 *
 * Semantics are picomatch's (`picomatch.isMatch(path, pattern, globOptions(pattern))` for each
 * pattern), with `dot: true` (".github/...", ".env" are ordinary files here) and one deliberate
 * twist: a pattern WITHOUT "/" is matched against the basename (picomatch `basename: true`), so
 * "requirements*.txt" matches "requirements.txt" at the root and "backend/requirements-dev.txt"
 * alike, and "*.py" matches Python files at any depth. Patterns with a "/" are anchored at the repo
 * root ("**\/*.py", "docker/Dockerfile", "app/templates/**").
 *
 * For speed, the patterns of each kind are joined into one RegExp (picomatch.makeRe sources) and
 * tested directly, keeping picomatch's shortcut that a path equal to a pattern matches.
 */
function compileGlobs(patterns) {
    const anchored = patterns.filter((p) => p.includes('/'));
    const basenames = patterns.filter((p) => !p.includes('/'));
    const literals = new Set(patterns);
    const anchoredRe = anchored.length > 0 ? combinedRegex(anchored, globOptions(anchored[0])) : null;
    const basenameRe = basenames.length > 0 ? combinedRegex(basenames, globOptions(basenames[0])) : null;
    if (!anchoredRe && !basenameRe)
        return NEVER;
    return (path) => {
        if (literals.has(path))
            return true;
        if (anchoredRe?.test(path))
            return true;
        return basenameRe !== null && basenameRe.test(path.slice(path.lastIndexOf('/') + 1));
    };
}
//# sourceMappingURL=globs.js.map
;// CONCATENATED MODULE: ./lib/plan/rules.js

/** `rules[1] "python"`: how messages name a rule. */
function ruleLabel(rule, index) {
    return `rules[${index}] "${rule.name}"`;
}
/** Services a rule's list means: "all" = every service (for build: every service with a build section). */
function expandServiceList(list, model, buildOnly) {
    if (list === undefined)
        return [];
    if (list !== 'all')
        return [...list];
    return Object.values(model.services)
        .filter((s) => !buildOnly || s.build !== undefined)
        .map((s) => s.name);
}
/**
 * Compiles every rule once (globs and service lists). Unknown services and tasks are dropped with a
 * warning (checkConfigAgainstCompose reports them as errors before planning).
 */
function compileRules(config, model, warnings) {
    return config.rules.map((rule, index) => {
        const label = ruleLabel(rule, index);
        const known = (list, buildOnly) => expandServiceList(list, model, buildOnly).filter((name) => {
            if (Object.hasOwn(model.services, name))
                return true;
            warnings.push(`${label}: unknown service "${name}" ignored`);
            return false;
        });
        const tasks = (rule.tasks ?? []).filter((task) => {
            if (Object.hasOwn(config.tasks, task))
                return true;
            warnings.push(`${label}: unknown task "${task}" ignored`);
            return false;
        });
        return {
            label,
            name: rule.name,
            match: compileGlobs(rule.paths),
            ignore: rule.ignore === true,
            build: known(rule.build, true),
            recreate: known(rule.recreate, false),
            restart: known(rule.restart, false),
            noCache: rule.no_cache === true,
            tasks,
        };
    });
}
/** Tasks that declare `paths`, with their globs compiled once. */
function compileTaskPaths(config) {
    return Object.entries(config.tasks)
        .filter(([, task]) => task.paths !== undefined && task.paths.length > 0)
        .map(([name, task]) => ({ name, match: compileGlobs(task.paths ?? []) }));
}
//# sourceMappingURL=rules.js.map

/***/ }),

/***/ 80515:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B0: () => (/* binding */ servicesAfterTasks),
/* harmony export */   _w: () => (/* binding */ heldTitle),
/* harmony export */   oR: () => (/* binding */ splitAroundTasks)
/* harmony export */ });
/* harmony import */ var _changes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57918);
/**
 * Services a task must run before (task option `before`): the seed's static case runs
 * `collectstatic` (in web, once web is up) and only then restarts nginx, which serves the files it
 * wrote. A held service is applied (up, restart) after the tasks instead of with the others.
 */

/** Services of build/recreate/restart that a planned task lists in `before`, sorted; [] when none. */
function servicesAfterTasks(plan, tasks) {
    const applied = new Set([...plan.build, ...plan.recreate, ...plan.restart]);
    return (0,_changes_js__WEBPACK_IMPORTED_MODULE_0__/* .sortedUnique */ .Z)(plan.tasks.flatMap((t) => tasks[t]?.before ?? []).filter((s) => applied.has(s)));
}
/**
 * The plan split around the tasks: `before` has every service action except the held ones
 * (`plan.afterTasks`) and every removal; `after` has the held services only. Builds are not
 * split (every image is built before any service starts).
 */
function splitAroundTasks(plan) {
    const held = new Set(plan.afterTasks ?? []);
    const part = (after) => {
        const keep = (list) => list.filter((s) => held.has(s) === after);
        const startFirst = plan.startFirst ? { startFirst: keep(plan.startFirst) } : {};
        return {
            ...plan,
            build: keep(plan.build),
            recreate: keep(plan.recreate),
            restart: keep(plan.restart),
            remove: after ? [] : plan.remove,
            ...startFirst,
        };
    };
    return { before: part(false), after: part(true) };
}
/** The title of the step that applies the held services. */
const heldTitle = (held) => `Apply after the tasks (${held.join(', ')})`;
//# sourceMappingURL=task-order.js.map

/***/ }),

/***/ 9119:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $: () => (/* binding */ rulesLeaveOut),
  E: () => (/* binding */ uploadLeavesOut)
});

// EXTERNAL MODULE: ./lib/sync/protection.js + 1 modules
var protection = __webpack_require__(44578);
// EXTERNAL MODULE: ./lib/sync/rsync.js
var rsync = __webpack_require__(99962);
;// CONCATENATED MODULE: ./lib/sync/rsync-filter.js
/**
 * rsync's exclude matching, for uploads that do not go through rsync (pure): which paths of a tree
 * an rsync of it with `--exclude=<pattern>` rules would leave out. Rules of rsync(1) "PATTERN
 * MATCHING RULES": a leading "/" anchors at the tree's root, a trailing "/" matches directories
 * only, "dir/***" is the directory and all below it; a pattern with an inner "/" or a "**" is
 * matched against the whole path (unanchored: its trailing components; with a leading double star
 * and slash, also at the top), else against the name; "*" and "?" stop at "/", "**" does not;
 * a backslash escapes only when the pattern has wildcards. A recursive rsync tests every directory
 * before what it holds: a path is left out when it or any of its ancestors (as a directory)
 * matches. test/unit/sync-diff-upload.test.ts checks these against rsync's own decisions.
 */
/** One glob (rsync wildmatch) as a regular expression source. */
function globSource(glob) {
    const wild = /[*?[]/.test(glob);
    let out = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '\\' && wild && i + 1 < glob.length)
            out += escapeRe(glob[++i]);
        else if (c === '*' && glob[i + 1] === '*') {
            while (glob[i + 1] === '*')
                i++;
            out += '.*';
        }
        else if (c === '*')
            out += '[^/]*';
        else if (c === '?')
            out += '[^/]';
        else if (c === '[') {
            const end = glob.indexOf(']', i + 2);
            if (end < 0)
                out += '\\[';
            else {
                const body = glob
                    .slice(i + 1, end)
                    .replace(/^!/, '^')
                    .replace(/\\/g, '\\\\');
                out += `(?!/)[${body}]`;
                i = end;
            }
        }
        else
            out += escapeRe(c);
    }
    return out;
}
const escapeRe = (c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** An rsync exclude pattern, compiled. */
function compileExclude(pattern) {
    let p = pattern;
    let dirOnly = false;
    if (p.endsWith('/***')) {
        p = p.slice(0, -4);
        dirOnly = true;
    }
    else if (p.endsWith('/')) {
        p = p.replace(/\/+$/, '');
        dirOnly = true;
    }
    const anchored = p.startsWith('/');
    if (anchored)
        p = p.replace(/^\/+/, '');
    // unanchored: the pattern's components at the end of the path (a name without "/" its last one);
    // a leading double star and slash of an unanchored pattern also match nothing (rsync tries it without them)
    const top = !anchored && p.startsWith('**/');
    const source = top ? `(?:.*/)?${globSource(p.replace(/^\*\*\/+/, ''))}` : globSource(p);
    return { re: new RegExp(`${anchored ? '^' : '(?:^|/)'}${source}$`, 's'), dirOnly };
}
/**
 * The predicate of a list of rsync exclude patterns: whether an rsync with them leaves `path`
 * (relative, "/"-separated) out, because the path itself (a directory when `isDir`) or one of its
 * ancestors matches one of them.
 */
function excludeMatcher(patterns) {
    const rules = patterns.map(compileExclude);
    return (path, isDir) => {
        const parts = path.split('/');
        for (let i = 1; i <= parts.length; i++) {
            const sub = parts.slice(0, i).join('/');
            const dir = i < parts.length || isDir;
            if (rules.some((r) => (!r.dirOnly || dir) && r.re.test(sub)))
                return true;
        }
        return false;
    };
}
//# sourceMappingURL=rsync-filter.js.map
;// CONCATENATED MODULE: ./lib/sync/left-out.js



/** Whether an rsync with `rules` leaves `path` (a directory when `isDir`) alone: protected, excluded, or below such a directory. */
function rulesLeaveOut(rules) {
    return excludeMatcher([...rules.protect.map(rsync/* protectPattern */.k), ...rules.excludes]);
}
/** The files of the tree an upload of `target` never sends (its `exclude:`, shared and protected paths). */
function uploadLeavesOut(target) {
    const leftOut = rulesLeaveOut((0,protection/* syncRules */.rr)(target));
    return (path) => leftOut(path, false);
}
//# sourceMappingURL=left-out.js.map

/***/ }),

/***/ 44578:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rr: () => (/* binding */ syncRules)
});

// UNUSED EXPORTS: DEFAULT_EXCLUDES, IN_PLACE_OWNED

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./lib/config/sqlite-paths.js
/** Files a target's backup uses (the SQLite database, the password env file) that lie inside its in-place tree (pure). */

/** The database file and the files SQLite keeps beside it (WAL, shared memory, rollback journal). */
const SQLITE_SUFFIXES = ['', '-wal', '-shm', '-journal'];
/** `p` (relative to the deploy path, or absolute) relative to it when the tree is in place and holds it, else undefined. */
function inPlaceRelative(target, p) {
    if (target.layout !== 'in-place')
        return undefined;
    const root = external_node_path_.posix.resolve(target.path);
    const rel = external_node_path_.posix.relative(root, external_node_path_.posix.resolve(root, p));
    return !rel || rel === '..' || rel.startsWith('../') ? undefined : rel;
}
/**
 * Paths relative to `target.path` an upload must never delete nor overwrite: the backed-up SQLite
 * database and its -wal, -shm and -journal siblings when they lie inside the deployed tree, i.e.
 * layout "in-place" (a "releases" upload writes releases/<id> only) and a host-side file (not one
 * inside a compose service). [] when none applies.
 */
function sqliteProtectedPaths(target) {
    const backup = target.backup;
    if (backup?.engine !== 'sqlite')
        return [];
    if ('service' in backup && backup.service !== undefined)
        return [];
    const rel = inPlaceRelative(target, backup.path);
    return rel ? SQLITE_SUFFIXES.map((suffix) => `${rel}${suffix}`) : [];
}
/**
 * The env file every backup reads its password from (`password_env_file`) when it lies inside the
 * in-place tree, relative to `target.path`: the user's file, which the commit does not hold. []
 * otherwise (the default file is a `shared` entry, protected as such).
 */
function passwordFileProtectedPaths(target) {
    const file = target.backup && 'password_env_file' in target.backup ? target.backup.password_env_file : undefined;
    const rel = file === undefined ? undefined : inPlaceRelative(target, file);
    return rel ? [rel] : [];
}
//# sourceMappingURL=sqlite-paths.js.map
;// CONCATENATED MODULE: ./lib/sync/protection.js
/**
 * What every sync of a target's tree leaves alone (pure). One list, used by the deploy's upload,
 * its automatic revert, the rollback (both strategies, both layouts) and the passenger in-place
 * code snapshot and its restore, so that none of them can delete what another one keeps.
 */


/**
 * In place, the tool's own directories share the root with the code: its state (lock, state.json,
 * audit log, snapshots), the backups, and the store of the shared paths (<path>/shared).
 */
const IN_PLACE_OWNED = ['.deploy/', 'backups/', 'shared/'];
/** Never uploaded: VCS data. */
const DEFAULT_EXCLUDES = ['/.git/'];
/** Written by the running Python app (passenger targets). */
const PASSENGER_RUNTIME_EXCLUDES = ['__pycache__/'];
const strip = (p) => p.replace(/\/+$/, '');
/** `abs` relative to `root` as a directory entry ("venv/") when strictly inside it, else undefined. */
function dirInside(root, abs) {
    const rel = external_node_path_.posix.relative(root, abs);
    return rel && !rel.startsWith('..') && !external_node_path_.posix.isAbsolute(rel) ? `${rel}/` : undefined;
}
/** Passenger: <app_root>/tmp/ (restart.txt) and, in place, a virtualenv inside the deploy path. */
function passengerOwned(target) {
    const owned = [`${external_node_path_.posix.normalize(external_node_path_.posix.join(target.app_root, 'tmp'))}/`];
    if (target.layout === 'in-place') {
        const root = external_node_path_.posix.resolve(target.path);
        const venv = dirInside(root, external_node_path_.posix.resolve(root, target.venv));
        if (venv)
            owned.push(venv);
    }
    return owned;
}
/**
 * The protection of a target's synced tree (a release directory, or the root in place):
 * - every `shared` entry, whatever it is on the host (in place: a link into <path>/shared, or the
 *   user's own file or directory), so the trailing "/" of a directory entry is dropped;
 * - in place: the tool's directories (IN_PLACE_OWNED), a host-side SQLite database inside the
 *   path with its -wal, -shm and -journal files, and the backup's `password_env_file` inside it;
 * - passenger: <app_root>/tmp/ and an in-place virtualenv.
 */
function syncRules(target) {
    const protect = [
        ...(target.layout === 'in-place' ? IN_PLACE_OWNED : []),
        ...target.shared.map(strip),
        ...sqliteProtectedPaths(target),
        ...passwordFileProtectedPaths(target),
        ...(target.strategy === 'passenger' ? passengerOwned(target) : []),
    ];
    const runtime = target.strategy === 'passenger' ? PASSENGER_RUNTIME_EXCLUDES : [];
    return {
        protect: [...new Set(protect)],
        excludes: [...DEFAULT_EXCLUDES, ...runtime, ...target.exclude],
        runtime: runtime.map(strip),
    };
}
//# sourceMappingURL=protection.js.map

/***/ }),

/***/ 99962:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Je: () => (/* binding */ buildRsyncArgs),
/* harmony export */   Up: () => (/* binding */ excludeArgs),
/* harmony export */   j3: () => (/* binding */ protectArgs),
/* harmony export */   k: () => (/* binding */ protectPattern)
/* harmony export */ });
/* unused harmony exports rshQuote, rshCommand, remoteSpec, backupArgs */
/* harmony import */ var _transport_ssh_options_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(59028);
/**
 * Pure rsync argv builder (spawned without a shell).
 *
 * Flags: `-rlpt` rather than `-a`: `-a` adds -g/-o (as root on the receiver that would chown
 * files to the CI runner's uid/gid) and -D (device/special files have no place in a deploy tree).
 * Times are kept so the quick check and --link-dest can match unchanged files.
 * `-s` (--secluded-args, formerly --protect-args) sends paths and most options through the rsync
 * protocol instead of the remote shell command line, so spaces/metacharacters stay literal.
 */

const CONTROL = /[\x00-\x1f\x7f]/;
/** rsync --chmod: comma-separated chmod clauses, optionally D/F-prefixed (e.g. "g-w,o-w"). */
const CHMOD = /^[DF]?[ugoa]*[-+=][rwxXst]*(?:,[DF]?[ugoa]*[-+=][rwxXst]*)*$/;
function assertText(label, value) {
    if (CONTROL.test(value))
        throw new Error(`${label} contains control characters (NUL/newline): ${JSON.stringify(value)}`);
}
function assertAbsolute(label, value) {
    assertText(label, value);
    if (!value.startsWith('/'))
        throw new Error(`${label} must be an absolute path: ${JSON.stringify(value)}`);
}
/**
 * Quote one word for rsync's own `-e` splitter: it splits on spaces and understands '…' and "…"
 * where a doubled quote inside stands for one quote; backslashes are NOT special.
 */
function rshQuote(arg) {
    assertText('ssh argument', arg);
    if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg))
        return arg;
    return `'${arg.replace(/'/g, "''")}'`;
}
/** The single `-e` value: `ssh <args…>` quoted for rsync. */
function rshCommand(sshArgs, program = 'ssh') {
    return [program, ...sshArgs].map(rshQuote).join(' ');
}
/** `user@host:path`, IPv6 in brackets. */
function remoteSpec(remote, path) {
    (0,_transport_ssh_options_js__WEBPACK_IMPORTED_MODULE_0__/* .assertSafeRemote */ .aY)(remote);
    const host = remote.host.includes(':') ? `[${remote.host}]` : remote.host;
    return `${remote.user}@${host}:${path}`;
}
/** Anchored, literal rsync pattern for a protected path (`media/` stays directory-only). */
function protectPattern(path) {
    assertText('protected path', path);
    const rel = path.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
    const segments = rel.replace(/\/$/, '').split('/');
    if (!rel || rel !== rel.trim() || segments.some((s) => s === '' || s === '.' || s === '..')) {
        throw new Error(`invalid protected path ${JSON.stringify(path)}`);
    }
    // A backslash escapes wildcards only when the pattern has one: escape all of them then.
    const literal = /[*?[]/.test(rel) ? rel.replace(/[*?[\\]/g, '\\$&') : rel;
    return `/${literal}`;
}
/** Protect rules first (first match wins): P hides the path from deletion on the receiver (even
 * with --delete-excluded); the exclude keeps the sender from overwriting it. */
function protectArgs(protect) {
    return protect.flatMap((p) => [`--filter=P ${protectPattern(p)}`, `--exclude=${protectPattern(p)}`]);
}
/**
 * `--exclude=<pattern>` each, verbatim. A directory-only pattern (`uploads/`) does not match a
 * symbolic link of that name, which --delete would then remove: it is followed by a receiver-only
 * protect rule of the same pattern without its trailing "/" (anchored the same way), so the link is
 * kept, while a committed file of that name is still sent.
 */
function excludeArgs(excludes) {
    return excludes.flatMap((e) => {
        assertText('exclude', e);
        if (!e)
            throw new Error('empty exclude pattern');
        const name = e.replace(/\/+$/, '');
        return e.endsWith('/') && name && !name.endsWith('/***') ? [`--exclude=${e}`, `--filter=P ${name}`] : [`--exclude=${e}`];
    });
}
/** `--backup --backup-dir=<dir>`: deleted and overwritten files moved to `dir` (empty suffix), or nothing. */
function backupArgs(dir) {
    if (dir === undefined)
        return [];
    assertAbsolute('backup-dir', dir);
    return ['--backup', `--backup-dir=${dir}`];
}
function filterArgs(opts) {
    return [...protectArgs(opts.protect ?? []), ...excludeArgs(opts.excludes ?? [])];
}
function buildRsyncArgs(opts) {
    assertAbsolute('source', opts.source);
    assertAbsolute('dest', opts.dest);
    const source = opts.source.endsWith('/') ? opts.source : `${opts.source}/`;
    const args = [opts.times === false ? '-rlp' : '-rlpt', '-s', '--stats'];
    if (opts.itemize)
        args.push('--itemize-changes');
    if (opts.compress)
        args.push('-z');
    if (opts.checksum)
        args.push('--checksum');
    if (opts.dryRun)
        args.push('--dry-run');
    if (opts.delete)
        args.push('--delete');
    args.push(...backupArgs(opts.backupDir));
    if (opts.chmod) {
        if (!CHMOD.test(opts.chmod))
            throw new Error(`invalid --chmod value ${JSON.stringify(opts.chmod)}`);
        args.push(`--chmod=${opts.chmod}`);
    }
    args.push('-e', rshCommand(opts.sshArgs, opts.sshCommand));
    if (opts.linkDest !== undefined) {
        assertAbsolute('link-dest', opts.linkDest);
        args.push(`--link-dest=${opts.linkDest}`);
    }
    if (opts.copyDest !== undefined) {
        assertAbsolute('copy-dest', opts.copyDest);
        args.push(`--copy-dest=${opts.copyDest}`);
    }
    args.push(...filterArgs(opts));
    args.push('--', source, remoteSpec(opts.remote, opts.dest));
    return args;
}
//# sourceMappingURL=rsync.js.map

/***/ })

};

//# sourceMappingURL=426.index.js.map