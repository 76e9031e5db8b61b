/**
 * `build:` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth): a wrong registry password is bad configuration, not a
 * registry that is down. The deploy must stop at the login, before anything on the host changes,
 * with exit 2 and a message that says the credentials were refused (a stopped registry still exits 1,
 * registry-build.e2e.test.ts).
 */
import { readlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { LONG, registryApp, registryAppReady } from './harness/registry-app.js';

const ready = await registryAppReady('docker-compose v1');

describe.runIf(ready)('a wrong registry password', () => {
  const app = registryApp({ tmpPrefix: 'gitops-e2e-reg-login', projectPrefix: 'gdreglogin', on: 'runner', health: '30s' });

  it(
    'fails the deploy with exit 2 at the login, naming the registry, the user and the secret; nothing changed on the host',
    async () => {
      const r = await runCli(app.args('deploy'), { ...app.env(), GITOPS_REGISTRY_PASSWORD: 'not-the-password' });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`registry ${app.reg.addr}: docker login failed on local: the registry refused user "ci"`);
      expect(r.stderr).toContain('GITOPS_REGISTRY_PASSWORD');
      expect(r.stderr).not.toContain('not-the-password');
      const phases = (r.json?.phases ?? []).map((p: { name: string }) => p.name);
      expect(phases).not.toContain('Upload');
      expect(existsSync(join(app.hostPath, 'current'))).toBe(false);
      // the right password deploys
      const ok = await app.cli('deploy');
      expect(ok.code, ok.stderr).toBe(0);
      expect(readlinkSync(join(app.hostPath, 'current'))).toContain('releases/');
    },
    LONG,
  );
});
