import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // e2e files share one harness (sshd, dockerd, databases): run files one at a time.
    fileParallelism: false,
    reporters: ['default'],
  },
});
