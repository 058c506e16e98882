#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx so that `npx tactful …` works in a fresh clone
// without a build step.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// How far V8 lets the old generation grow past what survived the last full collection before collecting again.
// Left to itself V8 picks up to 4 × (about 2 × here): on a 10,000-message backlog each service process grew from
// ~220 MB at start to ~400 MB with ~100 MB live. 1.5 × keeps it near 250 MB for about a tenth more CPU (more full
// collections; README "Benchmarks", bench:ingest). A growth factor, not a cap: a 25 MB message still fits, where
// --max-old-space-size would crash the process and retry the job forever. Read by V8 at every collection, so
// setting it here works; `node --heap-growing-percent=N bin/tactful.js …` overrides it (0: V8's own choice).
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent')))
  setFlagsFromString('--heap-growing-percent=50');

register();
await import('../src/cli/main.ts');
