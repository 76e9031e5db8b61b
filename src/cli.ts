import { cliMain } from './entry/cli/main.js';

process.exitCode = await cliMain(process.argv.slice(2));
