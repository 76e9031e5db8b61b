/**
 * Who runs a CLI deploy, as the lock, the release record, the audit and `status` name it: the
 * user.name of git in the deployed repository (the name its commits carry), else the login name
 * ($USER, else the account's), else "unknown". A name only, on one line: never an e-mail, a token
 * or anything read from the config.
 */
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { withoutSecrets } from '../../core/secret-env.js';

const MAX_LENGTH = 64;

/** A name as recorded: control characters dropped, spaces collapsed, at most 64 characters; undefined when nothing is left. */
export function actorName(raw: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  const name = (raw ?? '')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_LENGTH)
    .trim();
  return name === '' ? undefined : name;
}

/** The first of git's user.name, $USER and the account's login name that is a name; "unknown" when none is. */
export function chooseActor(gitName: string | undefined, env: NodeJS.ProcessEnv, login: () => string | undefined): string {
  return actorName(gitName) ?? actorName(env.USER) ?? actorName(login()) ?? 'unknown';
}

/** git's user.name as `repo`'s work tree sees it (its config, the global and the system one, under `env`); undefined when unset or git fails. */
export function gitUserName(repo: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    const out = execFileSync('git', ['config', '--get', 'user.name'], {
      cwd: repo,
      env: withoutSecrets(env),
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    return out.toString('utf8');
  } catch {
    return undefined;
  }
}

function loginName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** The actor of a CLI run in `repo`. */
export function cliActor(repo: string, env: NodeJS.ProcessEnv): string {
  return chooseActor(gitUserName(repo, env), env, loginName);
}
