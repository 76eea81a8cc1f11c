import { formatSummary, lineText, type SweepHeader, type SweepLine } from '@kubesim/scenarios';
import { BadInput, type Io } from './io.js';
import { checkOutputTarget, type RunInput } from './outputTarget.js';
import { readResults, writeResults } from './sweepFile.js';
import { writeSweepReport } from './sweepReport.js';

export interface MergeFlags {
  readonly out?: string;
  readonly report?: string;
}

/**
 * `kubesim sweep merge A.jsonl B.jsonl ... --out F`: the shards of one sweep (the same
 * fingerprint) joined into the file the whole sweep run on one machine writes, byte for byte:
 * the header without a shard, the runs in canonical order. Every run must be there once (a run
 * in two shards must be the same line).
 */
export function mergeCommand(files: readonly string[], flags: MergeFlags, io: Io): number {
  if (files.length === 0) throw new BadInput('sweep merge: name the shards\u2019 results files');
  if (flags.out === undefined) throw new BadInput('sweep merge: --out FILE is required (where the merged results go)');
  const inputs: RunInput[] = files.map((f) => ({ path: io.resolve(f), what: `the shard ${f}` }));
  checkOutputTarget('--out', flags.out, io.resolve(flags.out), inputs);
  if (flags.report !== undefined) checkOutputTarget('--report', flags.report, io.resolve(flags.report), inputs);
  let header: SweepHeader | undefined;
  const lines = new Map<number, SweepLine>();
  for (const f of files) {
    const r = readResults(io.resolve(f), f);
    if (header === undefined) header = r.header;
    else if (r.header.fingerprint !== header.fingerprint)
      throw new BadInput(`sweep merge: ${f} is from another sweep than ${files[0]} (their fingerprints differ)`);
    for (const [i, l] of r.lines) {
      const known = lines.get(i);
      if (known !== undefined && lineText(known) !== lineText(l))
        throw new BadInput(`sweep merge: run ${l.run} differs between two files (${f} and one before it)`);
      lines.set(i, l);
    }
  }
  const h = header as SweepHeader;
  const missing: string[] = [];
  for (let i = 0; i < h.runs && missing.length < 3; i++) if (!lines.has(i)) missing.push(String(i));
  if (lines.size !== h.runs) {
    throw new BadInput(
      `sweep merge: ${h.runs - lines.size} of ${h.runs} runs are missing (run index ${missing.join(', ')}${h.runs - lines.size > missing.length ? ', ...' : ''}): a shard is missing or unfinished`,
    );
  }
  const { shard: _shard, ...whole } = h;
  writeResults(io.resolve(flags.out), flags.out, whole, lines.values(), io);
  const sorted = [...lines.values()].sort((a, b) => a.index - b.index);
  if (flags.report !== undefined) writeSweepReport(io.resolve(flags.report), flags.report, whole, sorted, io);
  io.stdout.write(formatSummary(whole, sorted));
  const failed = sorted.filter((l) => !l.ok).length;
  io.stdout.write(`${sorted.length} runs from ${files.length} file${files.length === 1 ? '' : 's'}; results in ${flags.out}\n`);
  return failed === 0 ? 0 : 1;
}
