import { DEFAULT_MAX_FILE_BYTES, InputFileError, readInputFile, type ScenarioFiles, scenarioFiles } from '@kubesim/scenarios';
import { BadInput, type Io } from './io.js';

/** The flags that bound what a run reads: `--allow-path DIR` (repeatable) and `--max-file-size SIZE`. */
export interface InputFlags {
  readonly allowPath?: readonly string[];
  readonly maxFileSize?: string;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

/** `--max-file-size 64Mi`: bytes, or a binary suffix as a Kubernetes quantity writes it. */
export function maxFileSizeFlag(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_FILE_BYTES;
  const m = /^([0-9]+)(Ki|Mi|Gi)?$/.exec(text);
  const bytes = m === null ? Number.NaN : Number(m[1]) * (UNITS[m[2] ?? ''] as number);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new BadInput(`--max-file-size: expected a size in bytes (16777216, 64Mi, 1Gi), not ${JSON.stringify(text)}`);
  }
  return bytes;
}

/** The scenario's text: it too must be a regular file within the size limit. */
export function readScenarioText(file: string, flags: InputFlags, io: Io): string {
  try {
    return readInputFile(io.resolve(file), maxFileSizeFlag(flags.maxFileSize));
  } catch (e) {
    if (e instanceof BadInput) throw e;
    const reason =
      e instanceof InputFileError ? (e as Error).message : ((e as NodeJS.ErrnoException).code ?? (e as Error).message);
    throw new BadInput(`cannot read ${file}: ${reason}`);
  }
}

/** The files the scenario reads: inside its folder or an `--allow-path` one (resolved from the working directory). */
export function inputFiles(file: string, flags: InputFlags, io: Io): ScenarioFiles {
  return scenarioFiles(io.resolve(file), {
    allowPaths: (flags.allowPath ?? []).map((p) => io.resolve(p)),
    maxFileBytes: maxFileSizeFlag(flags.maxFileSize),
  });
}
