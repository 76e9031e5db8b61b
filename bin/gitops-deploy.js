#!/usr/bin/env node
// The CLI is bundled by ncc into dist/cli/index.js (same core as the Action).
await import('../dist/cli/index.js');
