import { createHash } from 'node:crypto';
import { KubesimError } from '../errors.js';
import type { LogEntry } from '../events.js';

/**
 * The event log: append-only, one JSON object per line when written out. Entries are kept
 * as the (immutable) objects the engine made, and serialised only when asked, so logging
 * costs a pointer per event until someone reads the log.
 */
export type LogSink = (line: string) => void;

/** One entry as one line of JSON, with a fixed field order. */
export function serializeEntry(e: LogEntry): string {
  const out: Record<string, unknown> = { seq: e.seq, time: e.time, by: e.by };
  if (e.cause !== undefined) out.cause = e.cause;
  out.event = e.event;
  if (e.error !== undefined) out.error = e.error;
  if (e.skipped !== undefined) out.skipped = e.skipped;
  return JSON.stringify(out);
}

export class EventLog {
  private readonly kept: LogEntry[] = [];
  private readonly keep: boolean;
  private readonly sink: LogSink | undefined;
  private count = 0;

  /**
   * keep: hold every entry in memory (needed for replay and hashing from the log object);
   * sink: receives each entry's line as it is appended (streaming to a file).
   */
  constructor(opts: { keep?: boolean; sink?: LogSink } = {}) {
    this.keep = opts.keep ?? true;
    this.sink = opts.sink;
  }

  append(entry: LogEntry): void {
    this.count++;
    if (this.keep) this.kept.push(entry);
    if (this.sink) this.sink(serializeEntry(entry));
  }

  get length(): number {
    return this.count;
  }

  entries(): readonly LogEntry[] {
    if (!this.keep) throw new KubesimError('E_USAGE', 'this log was created with keep: false; its entries went to the sink');
    return this.kept;
  }

  *lines(): IterableIterator<string> {
    for (const e of this.entries()) yield serializeEntry(e);
  }

  /** The JSONL text: one line per entry, each ending in a newline. */
  toJsonl(): string {
    let s = '';
    for (const line of this.lines()) s += `${line}\n`;
    return s;
  }

  /** sha256 of the JSONL text: equal hashes mean byte-identical logs. */
  hash(): string {
    const h = createHash('sha256');
    for (const line of this.lines()) h.update(`${line}\n`);
    return h.digest('hex');
  }
}

/** Reads JSONL back into entries; a malformed line is reported with its line number. */
export function parseLog(text: string, source = 'log'): LogEntry[] {
  const out: LogEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      throw new KubesimError('E_REPLAY', `${source}:${i + 1}: not a JSON object: ${(e as Error).message}`);
    }
    const entry = parsed as Partial<LogEntry>;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.seq !== 'number' ||
      typeof entry.time !== 'number' ||
      typeof entry.event !== 'object'
    ) {
      throw new KubesimError('E_REPLAY', `${source}:${i + 1}: not a kubesim log entry (needs seq, time and event)`);
    }
    out.push(entry as LogEntry);
  }
  return out;
}
