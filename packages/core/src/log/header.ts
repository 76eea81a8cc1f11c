import { KubesimError } from '../errors.js';

/**
 * The first and last lines of a log file, which make it vouch for itself (format 3):
 *
 * - the header, `{"kubesim":"event-log","format":3,"version":"0.1.0","seed":"42","scenario":"<sha256>"}`:
 *   what wrote it (the kubesim version), the seed of its Start entry and, for a scenario's
 *   run, a hash of the scenario as it was read (manifests included);
 * - the trailer, `{"kubesim":"end","events":N,"stateHash":"<sha256>","sha256":"<sha256>","end":T}`:
 *   how many entries came before it, the state hash they replay to, the sha256 of every
 *   byte before the trailer line, and (a scenario's run) when the run ended, in simulated ms. A log without one was cut short (a run that was stopped, a
 *   copy cut off), and replay reads it only when told it may be partial.
 *
 * Format 2 logs (a bare `{"kubesim":"event-log","format":2}` header, no trailer) are still read.
 */
export const LOG_FORMAT = 3;

/** The formats this kubesim reads. */
export const LOG_FORMATS_READ: readonly number[] = [2, 3];

/** The first line of an event log: the format, the version that wrote it, the scenario and seed. */
export interface LogHeader {
  readonly format: number;
  /** The kubesim version that wrote the log (format 3). */
  readonly version?: string;
  /** The seed of the Start entry (format 3). */
  readonly seed?: string;
  /** sha256 of the scenario the log is a run of, when it is one. */
  readonly scenario?: string;
}

/** The last line of a complete event log: how many entries came before and the state they replay to. */
export interface LogTrailer {
  /** The number of entries before the trailer. */
  readonly events: number;
  /** The state hash those entries replay to. */
  readonly stateHash: string;
  /** sha256 of the file's bytes before the trailer line. */
  readonly sha256: string;
  /** When the run ended (simulated ms): its `until`, which may be after the last entry. */
  readonly end?: number;
}

/** The header line of a log in the current format. */
export function logHeader(fields: Omit<LogHeader, 'format'>): string {
  return JSON.stringify({
    kubesim: 'event-log',
    format: LOG_FORMAT,
    ...(fields.version !== undefined ? { version: fields.version } : {}),
    ...(fields.seed !== undefined ? { seed: fields.seed } : {}),
    ...(fields.scenario !== undefined ? { scenario: fields.scenario } : {}),
  });
}

/** The trailer line of a log. */
export function logTrailer(t: LogTrailer): string {
  return JSON.stringify({
    kubesim: 'end',
    events: t.events,
    stateHash: t.stateHash,
    sha256: t.sha256,
    ...(t.end !== undefined ? { end: t.end } : {}),
  });
}

function fail(message: string): KubesimError {
  return new KubesimError('E_REPLAY', message);
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The header line, checked: a format this kubesim reads, with fields of the right types. */
export function readHeader(parsed: unknown, where: string): LogHeader {
  const expected = `the first line must be its header, {"kubesim":"event-log","format":${LOG_FORMAT},...}`;
  if (!isObject(parsed)) throw fail(`${where}: not a kubesim event log: ${expected}`);
  if (parsed.kubesim !== 'event-log') {
    const old = 'seq' in parsed && 'event' in parsed;
    throw fail(
      old
        ? `${where}: a log without a header, from an older kubesim (format 1); this kubesim reads formats ${LOG_FORMATS_READ.join(' and ')}: rerun the scenario to write it again`
        : `${where}: not a kubesim event log: ${expected}`,
    );
  }
  const format = parsed.format;
  if (typeof format !== 'number' || !LOG_FORMATS_READ.includes(format)) {
    throw fail(
      `${where}: unknown log format ${JSON.stringify(format)}; this kubesim reads formats ${LOG_FORMATS_READ.join(' and ')}`,
    );
  }
  if (format === 2) return { format };
  const text = (k: string): string | undefined => {
    const v = parsed[k];
    if (v !== undefined && typeof v !== 'string')
      throw fail(`${where}: the header's ${k} must be a string, found ${JSON.stringify(v)}`);
    return v;
  };
  const version = text('version');
  if (version === undefined) throw fail(`${where}: the header names no kubesim version`);
  const seed = text('seed');
  const scenario = text('scenario');
  return { format, version, ...(seed !== undefined ? { seed } : {}), ...(scenario !== undefined ? { scenario } : {}) };
}

/** A line with a `kubesim` field after the header: the trailer (format 3), or an error. */
export function readTrailer(parsed: Obj, header: LogHeader, where: string): LogTrailer {
  if (parsed.kubesim !== 'end' || header.format < 3) {
    throw fail(`${where}: a second header, or a trailer this format does not have: ${JSON.stringify(parsed.kubesim)}`);
  }
  const { events, stateHash, sha256, end } = parsed;
  if (end !== undefined && (typeof end !== 'number' || !Number.isSafeInteger(end) || end < 0)) {
    throw fail(`${where}: the trailer's end must be a time in milliseconds, found ${JSON.stringify(end)}`);
  }
  if (typeof events !== 'number' || !Number.isSafeInteger(events) || events < 0) {
    throw fail(`${where}: the trailer's events must be a count, found ${JSON.stringify(events)}`);
  }
  if (typeof stateHash !== 'string' || !/^[0-9a-f]{64}$/.test(stateHash)) {
    throw fail(`${where}: the trailer's stateHash must be a sha256, found ${JSON.stringify(stateHash)}`);
  }
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
    throw fail(`${where}: the trailer's sha256 must be a sha256, found ${JSON.stringify(sha256)}`);
  }
  return { events, stateHash, sha256, ...(end !== undefined ? { end } : {}) };
}
