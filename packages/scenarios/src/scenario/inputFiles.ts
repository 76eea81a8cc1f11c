import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statfsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { ScenarioFiles } from './load.js';

/**
 * The files a scenario may read, and how much of them: a scenario is shared and run by
 * others, so `kubectl apply -f /etc/shadow` (or `../../.env`) must not read the host. A path
 * is resolved (symlinks included) before it is checked against the scenario's folder and
 * the folders the user allowed; only a regular file is read (not /dev/zero, a FIFO, or
 * /proc and /sys, whose files claim to be regular), and never more than a size limit.
 */
export interface ScenarioFilesOptions {
  /** Folders besides the scenario's own that its files may be in (`--allow-path DIR`). */
  readonly allowPaths?: readonly string[];
  /** The most bytes one file may hold (`--max-file-size`). Default 16 MiB. */
  readonly maxFileBytes?: number;
}

/** The largest file a scenario may read unless told otherwise (16 MiB). */
export const DEFAULT_MAX_FILE_BYTES: number = 16 * 1024 * 1024;

/** Linux's pseudo file systems: their files stat as regular but are kernel interfaces. */
const PSEUDO_FS = new Map<number, string>([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
]);

/** An input the run refuses; its message names the reason, the caller names the file. */
export class InputFileError extends Error {}

/** Reads one input file: a regular file of at most `maxBytes`, as UTF-8 text. */
export function readInputFile(path: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): string {
  // O_NONBLOCK: opening a FIFO with no writer must not hang before fstat can refuse it.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputFileError(`not a regular file (${fileType(st)})`);
    const fsType = PSEUDO_FS.get(Number(statfsSync(path).type));
    if (fsType !== undefined) throw new InputFileError(`not a regular file (on ${fsType})`);
    if (st.size > maxBytes) throw new InputFileError(tooLarge(st.size, maxBytes));
    // Read at most one byte past the limit: a file that grows while read is caught too.
    const buffer = Buffer.alloc(Math.min(maxBytes, st.size) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) throw new InputFileError(tooLarge(length, maxBytes));
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, maxBytes: number): string {
  return `larger than the limit of ${maxBytes} bytes (${size} or more); --max-file-size (maxFileBytes) raises it`;
}

function fileType(st: ReturnType<typeof fstatSync>): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The files of the scenario at `scenarioPath` (an absolute path): names are relative to its
 * folder; each must resolve inside that folder or an allowed one.
 */
export function scenarioFiles(scenarioPath: string, opts: ScenarioFilesOptions = {}): ScenarioFiles {
  const folder = dirname(scenarioPath);
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let roots: string[] | undefined;
  const allowed = (): string[] => {
    roots ??= [folder, ...(opts.allowPaths ?? []).map((p) => resolve(folder, p))].map((dir) => {
      try {
        return realpathSync(dir);
      } catch {
        return dir; // a folder that does not exist allows nothing that exists
      }
    });
    return roots;
  };
  return {
    readFile(name: string): string {
      let real: string;
      try {
        real = realpathSync(resolve(folder, name));
      } catch (e) {
        throw new InputFileError(codeOf(e));
      }
      if (!allowed().some((dir) => inside(dir, real))) {
        throw new InputFileError(
          `${real} is outside the scenario's folder ${allowed()[0]}; --allow-path DIR (allowPaths) lets a run read another folder`,
        );
      }
      try {
        return readInputFile(real, maxBytes);
      } catch (e) {
        if (e instanceof InputFileError) throw e;
        throw new InputFileError(codeOf(e));
      }
    },
  };
}

function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}
