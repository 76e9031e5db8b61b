import { readFileSync } from 'node:fs';

/** package.json of gitops-deploy, if `url` is it. */
function readPackage(url: URL): { name?: string; version?: string } | undefined {
  try {
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    return pkg.name === 'gitops-deploy' ? pkg : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The package version. The bundle dist/cli/index.js sits two levels below the package root,
 * lib/entry/cli/version.js three: the first package.json of gitops-deploy above wins.
 */
export function packageVersion(): string {
  const pkg = ['../../package.json', '../../../package.json'].map((p) => readPackage(new URL(p, import.meta.url))).find(Boolean);
  return pkg?.version ?? 'unknown';
}
