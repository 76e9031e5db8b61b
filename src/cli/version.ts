import { readFileSync } from 'node:fs';

/**
 * The package version. lib/cli/version.js and the bundle dist/cli/index.js both sit two levels
 * below the package root, so package.json is found the same way from either.
 */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    return pkg.name === 'gitops-deploy' && pkg.version ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
