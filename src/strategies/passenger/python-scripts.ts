/** Virtualenv, pip and host-task commands of a passenger deploy (pure builders). */
import { shellJoin, shellQuote as q } from '../../transport/quote.js';

/** Prints "yes" when the virtualenv's python exists (is executable), else "no". */
export function venvCheckScript(venv: string): string {
  return `if [ -x ${q(`${venv}/bin/python`)} ]; then echo yes; else echo no; fi`;
}

export interface PipInstall {
  venv: string;
  /** interpreter that creates the venv when it is missing */
  python: string;
  /** directory pip runs in (the release's app root): relative requirement paths resolve there */
  appRoot: string;
  /** requirements file, relative to appRoot */
  requirements: string;
  args: readonly string[];
}

/**
 * Creates the venv when missing, then `pip install -r <requirements> <args>` in the app root. A
 * creation that fails (Debian's python3 without python3-venv makes <venv>/bin/python, then fails on
 * ensurepip) removes the directory it created, else every next deploy would take it as present and
 * fail without pip; a directory that was there before is left as it was found. A virtualenv
 * (pyvenv.cfg) whose python no longer runs (the host's interpreter was upgraded and removed: its
 * links dangle, and `-m venv` alone fails on them) is made again with --clear: its packages are pip's
 * to install again, right after.
 */
export function pipInstallScript(p: PipInstall): string {
  const python = `${p.venv}/bin/python`;
  const pip = [python, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-r', p.requirements, ...p.args];
  const create = shellJoin([p.python, '-m', 'venv', p.venv]);
  const clear = `${shellJoin([p.python, '-m', 'venv', '--clear', p.venv])} || exit $?`;
  return [
    `if [ ! -x ${q(python)} ] && [ -f ${q(`${p.venv}/pyvenv.cfg`)} ]; then`,
    `  echo ${q(`recreating virtualenv ${p.venv}: its python no longer runs`)}`,
    `  ${clear}`,
    'fi',
    `if [ ! -x ${q(python)} ]; then`,
    `  echo ${q(`creating virtualenv ${p.venv}`)}`,
    `  if [ -e ${q(p.venv)} ] || [ -L ${q(p.venv)} ]; then fresh=; else fresh=1; fi`,
    `  ${create} || { rc=$?; if [ -n "$fresh" ]; then rm -rf ${q(p.venv)}; fi; exit $rc; }`,
    'fi',
    `cd ${q(p.appRoot)} && ${shellJoin(pip)}`,
  ].join('\n');
}

/** A user task (e.g. `alembic upgrade head`) through sh in the app root, with the venv active. */
export function hostTaskScript(appRoot: string, venv: string, command: string): string {
  return `cd ${q(appRoot)} && VIRTUAL_ENV=${q(venv)} PATH=${q(`${venv}/bin`)}:"$PATH" exec sh -c ${q(command)}`;
}
