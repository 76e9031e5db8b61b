/**
 * Images a test builds, told apart from every other test's on the shared engine: a base image of
 * its own (the busybox base plus the label OWNER_LABEL=<owner>), which every image built FROM it
 * inherits, whatever built it (compose v1 or v2, docker build, a deploy on the host). The teardown
 * removes exactly the images carrying the label (tagged or dangling) and their build cache is left
 * to the builder's own garbage collection.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalExecutor } from '../../unit/helpers/local-executor.js';
import { buildBusyboxBaseImage, docker } from './docker.js';
import { makeTempDir, removeTree } from './tmp.js';

export const OWNER_LABEL = 'gitops.e2e.owner';

/** The tag of `owner`'s base image. */
export const ownedBaseTag = (owner: string): string => `gitops-fixture-base-${owner}:latest`;

/** Builds `owner`'s base image (the busybox base with the owner label); returns its tag. */
export async function buildOwnedBaseImage(owner: string): Promise<string> {
  const base = await buildBusyboxBaseImage();
  const ctx = await makeTempDir('gitops-owned-base');
  try {
    await writeFile(join(ctx, 'Dockerfile'), `FROM ${base}\nLABEL ${OWNER_LABEL}=${owner}\n`);
    const argv = ['docker', 'build', '-q', '--network', 'none', '-t', ownedBaseTag(owner), ctx];
    await new LocalExecutor().run(argv, { env: { DOCKER_BUILDKIT: '0' } });
  } finally {
    await removeTree(ctx);
  }
  return ownedBaseTag(owner);
}

/** Ids of the images carrying `owner`'s label; `dangling` true: only the untagged ones. */
export async function ownedImages(owner: string, dangling = false): Promise<string[]> {
  const filters = ['--filter', `label=${OWNER_LABEL}=${owner}`, ...(dangling ? ['--filter', 'dangling=true'] : [])];
  const out = (await docker(['image', 'ls', '-q', '--no-trunc', ...filters])).stdout;
  return [...new Set(out.split('\n').filter(Boolean))];
}

/**
 * Removes every image carrying `owner`'s label, its base image included: containers of the test
 * must be gone first (removeProject). Tagged images go by their tags, dangling ones by id; an image
 * another test's container still used would stay (no -f on ids), never someone else's.
 */
export async function removeOwnedImages(owner: string): Promise<void> {
  const filter = ['--filter', `label=${OWNER_LABEL}=${owner}`];
  const tags = (await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', ...filter], true)).stdout
    .split('\n')
    .filter((t) => t && !t.includes('<none>'));
  if (tags.length > 0) await docker(['image', 'rm', ...tags], true);
  const left = (await docker(['image', 'ls', '-q', '--no-trunc', ...filter], true)).stdout.split('\n').filter(Boolean);
  if (left.length > 0) await docker(['image', 'rm', ...new Set(left)], true);
}
