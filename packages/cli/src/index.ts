/**
 * @kubesim/cli: the `kubesim` command (`kubesim run`, `kubesim replay`). `main(argv, io)`
 * runs it in-process and returns the exit code, which is how the tests drive it.
 */
export { AtomicFile, OutputError, type WriteFn } from './atomicFile.js';
export { BadInput, type Io, processIo } from './io.js';
export { main, mainAsync } from './main.js';
export { type ReplayFlags, replayCommand } from './replay.js';
export { type RunFlags, runCommand } from './run.js';
