import { closeSync, openSync } from 'node:fs';
import {
  type ClusterState,
  ClusterView,
  canonicalJson,
  formatDuration,
  KINDS,
  type LogFacts,
  readLog,
  replay,
} from '@kubesim/core';
import { fileLines } from './fileLines.js';
import { BadInput, type Io } from './io.js';

/**
 * `kubesim diff LOG_A LOG_B`: where two runs part — two seeds, two configurations, two versions
 * of a controller. The logs are read side by side, line by line; past their headers, the first
 * line that differs is the first event on which the runs diverge (each line encodes its event
 * against the state before it, so equal lines before it mean equal states). Then both logs are
 * replayed to that event and the objects that differ are listed. Exit 0 when the runs are the
 * same event for event, 1 when they diverge, 2 for a log that cannot be read.
 */
export function diffCommand(logA: string, logB: string, io: Io): number {
  const a = openLog(logA, io);
  const b = openLog(logB, io);
  let divergence: { line: number; a: string | undefined; b: string | undefined } | undefined;
  try {
    const la = fileLines(a, logA);
    const lb = fileLines(b, logB);
    // Line 1 is the header (version, seed, scenario hash): told apart below, not an event.
    for (let line = 1; ; line++) {
      const x = la.next();
      const y = lb.next();
      if (x.done && y.done) break;
      if (line === 1) continue;
      const ex = x.done ? undefined : x.value;
      const ey = y.done ? undefined : y.value;
      if (ex === ey) continue;
      // The trailers differ whenever anything did; two equal runs have equal trailers.
      divergence = { line, a: ex, b: ey };
      break;
    }
  } finally {
    closeSync(a);
    closeSync(b);
  }
  if (divergence === undefined) {
    io.stdout.write(`${logA} and ${logB}: the same run, event for event\n`);
    return 0;
  }
  const { line } = divergence;
  const sa = stateThrough(logA, io, line);
  const sb = stateThrough(logB, io, line);
  // When each side's line happens: its entry's time, or the end of its run.
  const when = (text: string | undefined, s: { time: number }): string =>
    text === undefined || text.startsWith('{"kubesim":"end"') ? 'its end' : formatDuration(s.time);
  const ta = when(divergence.a, sa);
  const tb = when(divergence.b, sb);
  const out = [
    `${logA} and ${logB} diverge at line ${line} (${ta === tb ? `at ${ta}` : `${logA}: ${ta}, ${logB}: ${tb}`}):`,
    `  ${logA}:${line}: ${divergence.a ?? '(the log ends)'}`,
    `  ${logB}:${line}: ${divergence.b ?? '(the log ends)'}`,
  ];
  const differ = differingObjects(sa.state, sb.state);
  out.push(differ.length === 0 ? 'no object differs after it yet' : 'objects that differ after it:');
  for (const d of differ.slice(0, 50)) out.push(`  ${d}`);
  if (differ.length > 50) out.push(`  ... and ${differ.length - 50} more`);
  io.stdout.write(`${out.join('\n')}\n`);
  return 1;
}

function openLog(file: string, io: Io): number {
  try {
    return openSync(io.resolve(file), 'r');
  } catch (e) {
    throw new BadInput(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The state a log replays to through line `last` (its trailer and later lines aside). */
function stateThrough(file: string, io: Io, last: number): { state: ClusterState; time: number } {
  const fd = openLog(file, io);
  const facts: LogFacts = { entries: 0, line: 0 };
  try {
    const lines = fileLines(fd, file);
    const upTo = function* (): Generator<string> {
      let n = 0;
      for (const l of lines) {
        if (++n > last) return;
        if (!l.startsWith('{"kubesim":"end"')) yield l;
      }
    };
    const state = replay(readLog(upTo(), file, facts));
    return { state, time: state.time };
  } catch (e) {
    if (e instanceof Error && !(e instanceof BadInput)) throw new BadInput(`${file}:${facts.line}: ${e.message}`);
    throw e;
  } finally {
    closeSync(fd);
  }
}

/** `Kind namespace/name` of every object only in one state or different between them. */
function differingObjects(a: ClusterState, b: ClusterState): string[] {
  const va = new ClusterView(a);
  const vb = new ClusterView(b);
  const out: string[] = [];
  for (const { kind } of KINDS) {
    const name = (o: { metadata: { namespace?: string; name?: string } }): string =>
      `${o.metadata.namespace === undefined ? '' : `${o.metadata.namespace}/`}${o.metadata.name ?? ''}`;
    const inA = new Map(va.list(kind).map((o) => [name(o), o]));
    const inB = new Map(vb.list(kind).map((o) => [name(o), o]));
    for (const [n, o] of inA) {
      const other = inB.get(n);
      if (other === undefined) out.push(`${kind} ${n}: only in the first`);
      else if (canonicalJson(o) !== canonicalJson(other)) out.push(`${kind} ${n}: differs`);
    }
    for (const n of inB.keys()) if (!inA.has(n)) out.push(`${kind} ${n}: only in the second`);
  }
  return out;
}
