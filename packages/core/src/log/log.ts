import { KubesimError } from '../errors.js';
import type { LogEntry } from '../events.js';
import { Sha256 } from '../random/sha256.js';
import type { ClusterState } from '../state.js';
import { type EntryContext, entryContext, LineReader, LineWriter, LOG_HEADER, type ParsedEntry } from './format.js';

/**
 * The event log: append-only, written out as JSON Lines in format 2 (./format.ts): a header,
 * then one line per entry holding what changed. A kept log holds the (immutable) entries the
 * engine made plus, for the few that need it, a reference to what their line diffs against,
 * and writes lines only when asked, so logging costs a pointer or two per event until someone
 * reads the log.
 */
export type LogSink = (line: string) => void;

/** One entry whole, as one JSON object with a fixed field order (for display; the log file writes format-2 lines). */
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
  /** Beside kept, index for index: what each entry's line needs from the state before it. */
  private readonly contexts: (EntryContext | undefined)[] = [];
  private readonly keep: boolean;
  private readonly sink: LogSink | undefined;
  private writer: LineWriter | undefined;
  private count = 0;

  /**
   * keep: hold every entry in memory (needed for replay and hashing from the log object);
   * sink: receives the header and then each entry's line as it is appended (streaming to a file).
   */
  constructor(opts: { keep?: boolean; sink?: LogSink } = {}) {
    this.keep = opts.keep ?? true;
    this.sink = opts.sink;
  }

  /**
   * Appends an entry. `prev` is the state before the entry was reduced: the line diffs the
   * entry's object against what prev holds (the stored version, the owner's template). The
   * log keeps no reference to prev. Without it, objects are written whole.
   */
  append(entry: LogEntry, prev?: ClusterState): void {
    this.count++;
    const ctx = prev === undefined ? undefined : entryContext(entry, prev);
    if (this.keep) {
      this.kept.push(entry);
      this.contexts.push(ctx);
    }
    if (this.sink) {
      if (this.writer === undefined) {
        this.writer = new LineWriter();
        this.sink(LOG_HEADER);
      }
      this.sink(this.writer.line(entry, ctx));
    }
  }

  get length(): number {
    return this.count;
  }

  entries(): readonly LogEntry[] {
    if (!this.keep) throw new KubesimError('E_USAGE', 'this log was created with keep: false; its entries went to the sink');
    return this.kept;
  }

  /** The header, then one line per entry, as a sink receives them. */
  *lines(): IterableIterator<string> {
    const entries = this.entries();
    yield LOG_HEADER;
    const writer = new LineWriter();
    for (let i = 0; i < entries.length; i++) yield writer.line(entries[i] as LogEntry, this.contexts[i]);
  }

  /** The JSONL text: one line per entry, each ending in a newline. */
  toJsonl(): string {
    let s = '';
    for (const line of this.lines()) s += `${line}\n`;
    return s;
  }

  /** sha256 of the JSONL text: equal hashes mean byte-identical logs. */
  hash(): string {
    const h = new Sha256();
    for (const line of this.lines()) h.update(`${line}\n`);
    return h.digest();
  }
}

/**
 * Reads log lines one at a time (a file read line by line need never be one string):
 * yields each entry, some still needing the state before them, which replay supplies. A line
 * that is not what format 2 allows is reported with the file and line number.
 */
export function* readLog(lines: Iterable<string>, source = 'log'): Generator<ParsedEntry> {
  const reader = new LineReader(source);
  let n = 0;
  for (const line of lines) {
    const entry = reader.read(line, ++n);
    if (entry !== undefined) yield entry;
  }
}

/** Reads JSONL text back into entries; a malformed line is reported with its line number. */
export function parseLog(text: string, source = 'log'): ParsedEntry[] {
  return [...readLog(text.split('\n'), source)];
}
