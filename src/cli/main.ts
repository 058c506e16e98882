import { processIo } from './io.ts';
import { runCli } from './run-cli.ts';

// The `tactful` executable (bin/tactful.js): the process's own streams in, the exit code out.
process.exitCode = await runCli(process.argv.slice(2), processIo());
