// Post-processes the ncc bundles in dist/:
// 1. Removes the optional native add-ons ncc copies from ssh2 (cpu-features, sshcrypto) and the
//    Windows pageant helper: they are built for the build machine's Node ABI (the Action runs on
//    node24), differ byte-wise between machines (check-dist would never match), and ssh2 falls
//    back to its pure-JS crypto when they are absent.
// 2. Defines __dirname/__filename at the top of each ESM bundle and chunk (`<id>.index.js`): ssh2's bundled poly1305 module
//    (emscripten output) reads __dirname, which ES modules do not have.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SHIM =
  "import { fileURLToPath as __gdFileURLToPath } from 'node:url';\n" +
  "import { dirname as __gdDirname } from 'node:path';\n" +
  'const __filename = __gdFileURLToPath(import.meta.url);\n' +
  'const __dirname = __gdDirname(__filename);\n';

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === 'build' || name === 'lib') rmSync(path, { recursive: true, force: true });
      else walk(path);
    } else if (name.endsWith('.node') || name === 'pagent.exe') {
      rmSync(path, { force: true });
    } else if (name.endsWith('index.js')) {
      const code = readFileSync(path, 'utf8');
      if (!code.includes('const __dirname = __gdDirname')) writeFileSync(path, SHIM + code);
    }
  }
}
walk(new URL('../dist', import.meta.url).pathname);
