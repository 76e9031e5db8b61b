// Writes deploy/schema/deploy.schema.json from the compiled config schema.
// Run after `tsc -p tsconfig.build.json` (which compiles src/ to lib/).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}deploy/schema/deploy.schema.json`;

const { configJsonSchema } = await import(new URL('../lib/config/schema.js', import.meta.url).href);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
