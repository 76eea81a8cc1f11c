import { KubesimError } from '../errors.js';
import type { LogEntry } from '../events.js';
import { Sha256 } from '../random/sha256.js';
import type { ClusterState } from '../state.js';
import { KUBESIM_VERSION } from '../version.js';
import { type EntryContext, entryContext, LineReader, LineWriter, type ParsedEntry } from './format.js';
import { type LogHeader, type LogTrailer, logHeader, logTrailer } from './header.js';

/**
 * The event log: append-only, written out as JSON Lines in format 3 (./format.ts): a header,
 * one line per entry holding what changed, and (once finished) a trailer (./header.ts). A kept log holds the (immutable) entries the
 * engine made plus, for the few that need it, a reference to what their line diffs against,
 * and writes lines only when asked, so logging costs a pointer or two per event until someone
 * reads the log.
 */
export type LogSink = (line: string) => void;

/** One entry whole, as one JSON object with a fixed field order (for display; the log file writes format-3 lines). */
export function serializeEntry(e: LogEntry): string {
  const out: Record<string, unknown> = { seq: e.seq, time: e.time, by: e.by };
  if (e.cause !== undefined) out.cause = e.cause;
  out.event = e.event;
  if (e.error !== undefined) out.error = e.error;
  if (e.skipped !== undefined) out.skipped = e.skipped;
  return JSON.stringify(out);
}

/** The run's event log: each entry encoded as a line for the sink, optionally kept in memory. */
export class EventLog {
  private readonly kept: LogEntry[] = [];
  /** Beside kept, index for index: what each entry's line needs from the state before it. */
  private readonly contexts: (EntryContext | undefined)[] = [];
  private readonly keep: boolean;
  private readonly sink: LogSink | undefined;
  private writer: LineWriter | undefined;
  private count = 0;
  private header: string | undefined;
  private trailer: string | undefined;
  private readonly scenario: string | undefined;
  /** sha256 of the lines the sink received, for the trailer. */
  private readonly written: Sha256 | undefined;
  private fileSha256: string | undefined;

  /** Once finished, with a sink: the sha256 of every line the sink received, the trailer included (the file's bytes). */
  get fileHash(): string | undefined {
    return this.fileSha256;
  }

  /**
   * keep: hold every entry in memory (needed for replay and hashing from the log object);
   * sink: receives the header and then each entry's line as it is appended (streaming to a file);
   * scenario: a hash of the scenario this is a run of, for the header.
   */
  constructor(opts: { keep?: boolean; sink?: LogSink; scenario?: string } = {}) {
    this.keep = opts.keep ?? true;
    this.sink = opts.sink;
    this.scenario = opts.scenario;
    this.written = opts.sink === undefined ? undefined : new Sha256();
  }

  private emit(line: string): void {
    this.written?.update(`${line}\n`);
    this.sink?.(line);
  }

  /**
   * Appends an entry. `prev` is the state before the entry was reduced: the line diffs the
   * entry's object against what prev holds (the stored version, the owner's template). The
   * log keeps no reference to prev. Without it, objects are written whole.
   */
  append(entry: LogEntry, prev?: ClusterState): void {
    if (this.trailer !== undefined) throw new KubesimError('E_USAGE', 'this log is finished: its trailer is written');
    // The header names the seed of the first entry, the engine's Start.
    this.header ??= logHeader({
      version: KUBESIM_VERSION,
      ...(entry.event.type === 'Start' ? { seed: entry.event.seed } : {}),
      ...(this.scenario !== undefined ? { scenario: this.scenario } : {}),
    });
    this.count++;
    const ctx = prev === undefined ? undefined : entryContext(entry, prev);
    if (this.keep) {
      this.kept.push(entry);
      this.contexts.push(ctx);
    }
    if (this.sink) {
      if (this.writer === undefined) {
        this.writer = new LineWriter();
        this.emit(this.header);
      }
      this.emit(this.writer.line(entry, ctx));
    }
  }

  get length(): number {
    return this.count;
  }

  /** The entries kept in memory (a log made with keep: false has none to give). */
  entries(): readonly LogEntry[] {
    if (!this.keep) throw new KubesimError('E_USAGE', 'this log was created with keep: false; its entries went to the sink');
    return this.kept;
  }

  /**
   * Ends the log with its trailer: the entry count, the state hash they replay to (the
   * caller's final state), the sha256 of every line before it, and when the run ended (`end`,
   * the run's until: replay's state and series are then as of the run's end). Nothing may be
   * appended after.
   */
  finish(stateHash: string, end?: number): void {
    if (this.trailer !== undefined) throw new KubesimError('E_USAGE', 'this log is already finished');
    let sha256: string;
    let file: Sha256 | undefined;
    if (this.written !== undefined) {
      if (this.writer === undefined) {
        // No entry was appended: the file still begins with its header.
        this.header ??= logHeader({
          version: KUBESIM_VERSION,
          ...(this.scenario !== undefined ? { scenario: this.scenario } : {}),
        });
        this.writer = new LineWriter();
        this.emit(this.header);
      }
      // The file's own hash goes on past the trailer: the lines are hashed once for both.
      file = this.written.clone();
      sha256 = this.written.digest();
    } else {
      const h = new Sha256();
      for (const line of this.lines()) h.update(`${line}\n`);
      sha256 = h.digest();
    }
    this.trailer = logTrailer({ events: this.count, stateHash, sha256, ...(end !== undefined ? { end } : {}) });
    if (file !== undefined) this.fileSha256 = file.update(`${this.trailer}\n`).digest();
    this.sink?.(this.trailer);
  }

  /** The header, then one line per entry, then the trailer once finished, as a sink receives them. */
  *lines(): IterableIterator<string> {
    const entries = this.entries();
    yield this.header ??
      logHeader({ version: KUBESIM_VERSION, ...(this.scenario !== undefined ? { scenario: this.scenario } : {}) });
    const writer = new LineWriter();
    for (let i = 0; i < entries.length; i++) yield writer.line(entries[i] as LogEntry, this.contexts[i]);
    if (this.trailer !== undefined) yield this.trailer;
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

/** What readLog found besides the entries: filled in as it reads. */
export interface LogFacts {
  header?: LogHeader;
  trailer?: LogTrailer & { readonly line: number };
  /** Entries read so far. */
  entries: number;
  /** The number of the line last read. */
  line: number;
}

/**
 * Reads log lines one at a time (a file read line by line need never be one string):
 * yields each entry, some still needing the state before them, which replay supplies. A line
 * that is not what the format allows, a sequence number that does not increase, time that
 * runs backwards, or a trailer whose count or checksum is not that of the lines before it is
 * reported with the file and line number. A log without a trailer is read as far as it goes:
 * the caller decides, from `facts.trailer`, whether a partial log will do.
 */
export function* readLog(
  lines: Iterable<string>,
  source = 'log',
  facts: LogFacts = { entries: 0, line: 0 },
): Generator<ParsedEntry> {
  const reader = new LineReader(source);
  // The checksum covers each line before the trailer with its newline: the file's bytes.
  const h = new Sha256();
  let n = 0;
  for (const line of lines) {
    facts.line = ++n;
    const entry = reader.read(line, n);
    if (reader.header !== undefined) facts.header = reader.header;
    if (reader.trailer !== undefined && facts.trailer === undefined) {
      const t = reader.trailer;
      facts.trailer = t;
      if (t.events !== facts.entries) {
        throw new KubesimError(
          'E_REPLAY',
          `${source}:${n}: the trailer counts ${t.events} entries, the log holds ${facts.entries}`,
        );
      }
      const sha256 = h.digest();
      if (t.sha256 !== sha256) {
        throw new KubesimError(
          'E_REPLAY',
          `${source}:${n}: the trailer's checksum does not match the lines before it: the log was changed`,
        );
      }
    } else if (reader.trailer === undefined) {
      h.update(`${line}\n`);
    }
    if (entry !== undefined) {
      facts.entries++;
      yield entry;
    }
  }
}

/** Reads JSONL text back into entries; a malformed line is reported with its line number. */
export function parseLog(text: string, source = 'log'): ParsedEntry[] {
  return [...readLog(text.split('\n'), source)];
}
