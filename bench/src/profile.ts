import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, a .cpuprofile file): self time by function
 * (name, file and line) and by file, the top entries of each, as percentages of the samples.
 *
 *   node --cpu-prof --cpu-prof-dir=prof --expose-gc dist/src/run.js --quick --only churn
 *   node dist/src/profile.js prof/*.cpuprofile [--top 30]
 */
interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function shortFile(url: string): string {
  if (url === '') return '(native)';
  const m = /\/(packages\/[^/]+\/|bench\/)(dist\/)?(.*)$/.exec(url);
  if (m) return `${m[1]}${m[3]}`;
  const nm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return `${nm[1]} (dependency)`;
  return url.replace(/^node:/, 'node:').replace(/^file:\/\//, '');
}

export function summarise(profile: CpuProfile, top: number): string[] {
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) byId.set(n.id, n);
  const selfByFunction = new Map<string, number>();
  const selfByFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (node === undefined) return;
    total += dt;
    const f = node.callFrame;
    const file = shortFile(f.url);
    const name = `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + dt);
    selfByFile.set(file, (selfByFile.get(file) ?? 0) + dt);
  });
  const lines = [`${(total / 1e6).toFixed(1)} s sampled`, '', 'self time by function:'];
  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)}%`;
  for (const [k, v] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`);
  lines.push('', 'self time by file:');
  for (const [k, v] of [...selfByFile].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`);
  return lines;
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
for (const file of args.filter((a, i) => a.endsWith('.cpuprofile') && (topAt < 0 || i !== topAt + 1))) {
  console.log(`== ${file}`);
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top).join('\n'));
}
