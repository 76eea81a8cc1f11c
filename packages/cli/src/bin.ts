#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { isCommandChild, launch, runChild } from './signals.js';

// The executable: always runs, however it is reached (a symlink made by npm link or a global
// install names neither main.js nor this file in argv[1]). The command runs in a child
// process of this same file, so that a signal finds a parent free to clean up (./signals.ts).
if (isCommandChild()) void runChild(process.argv.slice(2)).then((code) => (process.exitCode = code));
else launch(process.argv.slice(2), fileURLToPath(import.meta.url));
