#!/usr/bin/env node
import { main } from './main.js';

// The executable: always runs, however it is reached (a symlink made by npm link or a global
// install names neither main.js nor this file in argv[1]).
process.exitCode = main(process.argv.slice(2));
