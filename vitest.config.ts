import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { laneFiles, laneFromEnv } from './test/e2e/lanes.js';

// `npm test` (scripts/run-tests.js) sets GITOPS_E2E_LANE to run the e2e files in lanes; without
// it, the e2e project holds every e2e file.
function e2eInclude(): string[] {
  const lane = laneFromEnv(process.env.GITOPS_E2E_LANE);
  if (!lane) return ['test/e2e/**/*.test.ts'];
  const files = readdirSync('test/e2e')
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/e2e/${f}`);
  const seconds = JSON.parse(readFileSync('test/e2e/durations.json', 'utf8')) as Record<string, number>;
  return laneFiles(lane, files, seconds);
}

export default defineConfig({
  test: {
    // e2e files of one lane run one at a time (two lanes run side by side, see test/e2e/lanes.ts)
    fileParallelism: false,
    reporters: ['default'],
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      // an e2e step runs real deploys: on a loaded 2-core machine one can take minutes; tests that
      // do more set their own, larger timeout
      { extends: true, test: { name: 'e2e', include: e2eInclude(), testTimeout: 600_000 } },
    ],
  },
});
