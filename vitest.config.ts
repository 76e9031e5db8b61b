import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // e2e files share one harness (sshd, dockerd, databases): run files one at a time.
    fileParallelism: false,
    reporters: ['default'],
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'], testTimeout: 60_000 } },
      // an e2e step runs real deploys: on a loaded 2-core machine one can take minutes; tests that
      // do more set their own, larger timeout
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 600_000 } },
    ],
  },
});
