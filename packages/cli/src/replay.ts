import { closeSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import {
  ClusterView,
  isKubesimError,
  type LogFacts,
  type Millis,
  type ParsedEntry,
  randomStream,
  readLog,
  replay,
  stateHash,
} from '@kubesim/core';
import { errorLine, kubectl, parseCommand, SeriesRecorder } from '@kubesim/scenarios';
import { fileLines } from './fileLines.js';
import { openReport, writeReplayReport } from './htmlReport.js';
import { BadInput, durationFlag, type Io } from './io.js';
import { ViolationWatch, violationLine, watchedInvariants } from './replayViolation.js';

/** What replay can show: the read-only views of kubectl. */
const READ_ONLY = new Set(['get', 'describe', 'events', 'rollout']);

export interface ReplayFlags {
  readonly at?: string;
  readonly json?: boolean;
  readonly partial?: boolean;
  readonly report?: string;
  readonly toEvent?: string;
  readonly toViolation?: boolean;
  /** With --to-violation: the invariants to check, comma-separated; default the whole library. */
  readonly invariants?: string;
}

/**
 * `kubesim replay LOG [--at DUR] [--json] [get|describe|rollout status|history|events ...]`:
 * folds the log through the reducer (no controllers, no randomness) and shows the state
 * as it was at that time.
 */
export function replayCommand(logFile: string, flags: ReplayFlags, command: readonly string[], io: Io): number {
  const at = flags.at === undefined ? undefined : durationFlag('at', flags.at);
  const toEvent = flags.toEvent === undefined ? undefined : eventFlag(flags.toEvent);
  if (at !== undefined && toEvent !== undefined) throw new BadInput('give --at or --to-event, not both');
  if (flags.toViolation === true && (at !== undefined || toEvent !== undefined))
    throw new BadInput('--to-violation finds its own instant: give it without --at or --to-event');
  if (flags.invariants !== undefined && flags.toViolation !== true) throw new BadInput('--invariants goes with --to-violation');
  const watch = flags.toViolation === true ? new ViolationWatch(watchedInvariants(flags.invariants)) : undefined;
  // The command is checked before anything is read or written.
  const parsed = command.length > 0 ? parseCommand(command.map(quote).join(' ')) : undefined;
  if (
    parsed !== undefined &&
    (!READ_ONLY.has(parsed.verb) || (parsed.verb === 'rollout' && !['status', 'history'].includes(parsed.tokens[0] ?? '')))
  ) {
    throw new BadInput(
      `replay shows the state; it runs get, describe, events, rollout status and rollout history, not "${command.join(' ')}"`,
    );
  }
  const path = io.resolve(logFile);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new BadInput(`cannot read ${logFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // The log is read line by line as replay folds it: a long run's log is never one string.
  // After the entries replay needs (up to --at), the rest is read too: the trailer vouches
  // for the whole file.
  const facts: LogFacts = { entries: 0, line: 0 };
  let used = 0;
  let state: ReturnType<typeof replay>;
  // The report and --json draw the series the run drew, from the same entries.
  const recorder = flags.report !== undefined || flags.json === true ? new SeriesRecorder() : undefined;
  let html: ReturnType<typeof openReport> | undefined;
  try {
    // The log is the report's input: --report must not name it.
    html = flags.report === undefined ? undefined : openReport(flags.report, io, [{ path, what: 'the log' }]);
    const lines = readLog(fileLines(fd, logFile, flags.partial === true), logFile, facts);
    const counted = function* (): Generator<ParsedEntry> {
      for (let r = lines.next(); !r.done; r = lines.next()) {
        // --to-event: the entries up to that sequence number (the rest is still read and checked).
        if (toEvent !== undefined && r.value.seq > toEvent) return;
        // --to-violation: nothing after the entry that broke an invariant.
        if (watch?.found !== undefined) return;
        if (at === undefined || r.value.time <= at) used++;
        yield r.value;
      }
    };
    state = replayNaming(logFile, counted(), at, facts, recorder, watch);
    for (let r = lines.next(); !r.done; r = lines.next()) {
      // Only read: checked line by line, and against the trailer.
    }
  } catch (e) {
    html?.abort();
    throw e;
  } finally {
    closeSync(fd);
  }
  const trailer = facts.trailer;
  const partial = trailer === undefined;
  if (partial && !flags.partial) {
    html?.abort();
    throw new BadInput(
      facts.header?.format === 2
        ? `${logFile}: a format-2 log has no trailer to check it by; replay --partial reads it`
        : `${logFile}: the log has no trailer: it was cut short after line ${facts.line} (a run that was stopped, a copy cut off); replay --partial reads what there is`,
    );
  }
  // No violation on the way: the verdicts at the run's end (eventual convergence and the like).
  if (watch !== undefined && watch.found === undefined) watch.finish(state, trailer?.end ?? state.time);
  const stopped = watch?.found !== undefined && watch.found.seq >= 0;
  if (trailer !== undefined && at === undefined && toEvent === undefined && !stopped && stateHash(state) !== trailer.stateHash) {
    html?.abort();
    throw new BadInput(
      `${logFile}:${trailer.line}: the trailer's state hash ${trailer.stateHash} is not that of the replayed state, ${stateHash(state)}`,
    );
  }
  const note = partial ? `(a partial log: no trailer; read to line ${facts.line})` : undefined;
  // Without --at: as of the run's end (its until, in the trailer), which may be after the last entry.
  const now = at ?? (toEvent !== undefined || stopped ? state.time : (trailer?.end ?? state.time));
  const found = watch?.found;
  const verdict =
    watch === undefined
      ? ''
      : found !== undefined
        ? `${violationLine(found)}\n`
        : `no invariant was violated (checked at every one of the ${used} events: ${watchedInvariants(flags.invariants).join(', ')})\n`;
  const series = recorder?.series(now);
  if (html !== undefined && series !== undefined) {
    writeReplayReport(html, basename(logFile), series, { events: used, stateHash: stateHash(state), seed: state.seed });
    html.commit();
  }
  let output = '';
  let errorText = '';
  // A violation found: 1, as `kubesim run` exits on one (and `diff` on a difference).
  let exitCode = found !== undefined ? 1 : 0;
  if (command.length > 0 && parsed !== undefined) {
    const { verb, tokens } = parsed;
    const args = verb === 'rollout' && tokens[0] === 'status' ? [...tokens, '--watch=false'] : tokens;
    const outcome = kubectl([verb, ...args].map(quote).join(' '), {
      view: new ClusterView(state),
      now,
      readFile: () => {
        throw new BadInput('replay cannot read manifests');
      },
      random: randomStream(state.seed, 'kubectl'),
    });
    output = outcome.stdout;
    errorText = `${outcome.stderr ?? ''}${outcome.error !== undefined ? `${outcome.errorVerbatim ? outcome.error : errorLine(outcome.error)}\n` : ''}`;
    if (outcome.error !== undefined) exitCode = 1;
    errorText = `${verdict}${errorText}`;
  }
  if (flags.json) {
    const json = {
      events: used,
      ...(partial ? { partial: true } : {}),
      time: now,
      stateHash: stateHash(state),
      ...(watch !== undefined ? { violation: found ?? null } : {}),
      ...(command.length > 0 ? { output, error: errorText } : {}),
      ...(series !== undefined ? { series } : {}),
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (command.length > 0) {
    io.stdout.write(output);
    io.stderr.write(`${errorText}${note !== undefined ? `kubesim: ${logFile}: ${note}\n` : ''}`);
  } else {
    io.stdout.write(
      `${verdict}${used} events replayed${note !== undefined ? ` ${note}` : ''}, state at ${now}ms\nstate ${stateHash(state)}\n`,
    );
  }
  return exitCode;
}

/** Quotes a word for the kubectl tokenizer when it holds blanks or quotes. */
function quote(word: string): string {
  return /^[^\s'"\\]*$/.test(word) && word !== '' ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * replay(), with its complaints about the log (empty, no Start) naming the file, and an entry
 * the reducer cannot take (a line kubesim did not write) named by its line: bad input, not a crash.
 */
function replayNaming(
  logFile: string,
  entries: Parameters<typeof replay>[0],
  at: Millis | undefined,
  facts: LogFacts,
  recorder?: SeriesRecorder,
  watch?: ViolationWatch,
): ReturnType<typeof replay> {
  try {
    return replay(entries, {
      ...(at === undefined ? {} : { at }),
      ...(recorder !== undefined || watch !== undefined
        ? {
            onEntry: (entry, changes, state, prev) => {
              recorder?.observe(entry, changes);
              watch?.observe(entry, changes, state, prev);
            },
          }
        : {}),
    });
  } catch (e) {
    if (isKubesimError(e, 'E_REPLAY')) {
      const message = (e as Error).message;
      // Replay reads one entry at a time: the line read last is the one it could not take.
      const where = facts.entries === 0 ? logFile : `${logFile}:${facts.line}`;
      throw new BadInput(message.startsWith(`${logFile}:`) ? message : `${where}: ${message}`);
    }
    if (isKubesimError(e)) throw new BadInput(`${logFile}:${facts.line}: cannot be replayed: ${(e as Error).message}`);
    // The reducer takes what the engine gives it; a line it cannot take (a kind that is not
    // one, a field of the wrong type) is a line kubesim did not write: the log is bad input.
    if (e instanceof Error) {
      throw new BadInput(`${logFile}:${facts.line}: cannot be replayed: the entry is not one kubesim writes (${e.message})`);
    }
    throw e;
  }
}

/** `--to-event N`: an entry's sequence number (the log's entries count from the Start, 0). */
function eventFlag(text: string): number {
  if (!/^\d+$/.test(text)) throw new BadInput(`--to-event: expected an entry's number (0, 1, ...), not ${JSON.stringify(text)}`);
  return Number(text);
}
