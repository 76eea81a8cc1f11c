import { accessSync, constants, lstatSync, type Stats, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { BadInput } from './io.js';

/** A file the run reads: the scenario, or a manifest it applies. */
export interface RunInput {
  readonly path: string;
  /** How messages name it: "the scenario", "manifest app.yaml". */
  readonly what: string;
}

/**
 * Refuses, before the run starts, an output path it must not or cannot write: none at all,
 * a folder, a symlink, a device or another file that is not a regular one, a file the run
 * reads (the scenario or a manifest: writing there would destroy the input), a file that
 * cannot be written, or a path whose folder does not exist.
 */
export function checkOutputTarget(flag: string, file: string, path: string, inputs: readonly RunInput[]): void {
  const refuse = (why: string): never => {
    throw new BadInput(`${flag} ${JSON.stringify(file)}: ${why}`);
  };
  if (file === '') throw new BadInput(`${flag}: needs a file path, not an empty string`);
  if (file.endsWith('/')) refuse('names a folder; give a file path');
  let stats: Stats | undefined;
  try {
    stats = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') refuse(`cannot be checked (${errorCode(e)})`);
  }
  if (stats === undefined) {
    let folder: Stats | undefined;
    try {
      folder = statSync(dirname(path));
    } catch (e) {
      refuse(`its folder cannot be used (${errorCode(e)})`);
    }
    if (folder !== undefined && !folder.isDirectory()) refuse('its folder is not a folder');
    return;
  }
  if (stats.isSymbolicLink()) refuse('is a symbolic link; kubesim writes only regular files, never through a link');
  if (stats.isDirectory()) refuse('is a folder; give a file path');
  if (!stats.isFile()) refuse('is not a regular file (a device, a FIFO or a socket)');
  for (const input of inputs) {
    let other: Stats;
    try {
      other = statSync(input.path);
    } catch {
      continue;
    }
    if (other.dev === stats.dev && other.ino === stats.ino)
      refuse(`is ${input.what}, an input of this run; writing there would destroy it`);
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (e) {
    refuse(`cannot be written (${errorCode(e)})`);
  }
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}
