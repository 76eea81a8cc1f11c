import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCheck } from './check.bench.js';
import { benchChurn, type ChurnResult } from './churn.bench.js';
import { compare } from './compare.js';
import { benchDeploymentRollout } from './deployment.bench.js';
import type { EnvelopeResult } from './envelope.js';
import { benchFloor, benchSimpy, floorMeasurements, simpyMeasurements } from './floor.bench.js';
import { canMeasureHeap, type FloorFigures, HARNESS_SETTINGS, nearestFloor, phaseFigures, say } from './harness.js';
import { benchAutoscaledService } from './hpa.bench.js';
import { captureLifecycle } from './lifecycleScript.js';
import { benchReconciles } from './reconcile.bench.js';
import { benchReplicaSetScaleUp } from './replicaset.bench.js';
import { type Measurement, type Results, type Target, target } from './results.js';
import { benchStatefulSet } from './statefulset.bench.js';
import { benchTimeline } from './timeline.bench.js';

/**
 * Runs the suites and writes bench/results/latest.json, then compares it with the committed
 * baseline: bench/baseline.json for the full run, bench/baseline.quick.json for `--quick`.
 *
 *   --quick            small sizes only (under 2 minutes): churn at 1k/10k, scale-ups 0→1k/3k,
 *                      rolling updates of 1k/3k, a 100-replica StatefulSet; no envelope
 *   --with-1m          the full run also churns at 1,000,000 pods (not in the 15-minute budget)
 *   --no-envelope      leave the envelope out
 *   --envelope-budget S  wall seconds the envelope may take in the full run (default 480)
 *   --only a,b         run only these suites (floor, simpy, churn, replicaset, deployment,
 *                      statefulset, hpa, check, micro, envelope), e.g. under `node --cpu-prof`; the floor
 *                      runs whenever a figure needs its ratio
 *   --update-baseline  write the results as the new baseline (of the mode run)
 */
const here = dirname(fileURLToPath(import.meta.url));
// Compiled to bench/dist/src/run.js: the bench folder is two levels up.
const root = join(here, '..', '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const withMillion = !quick && argv.includes('--with-1m');
const withEnvelopeFlag = !quick && !argv.includes('--no-envelope');
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};
const envelopeBudget = Number(option('--envelope-budget') ?? 480);
const only = option('--only')?.split(',');
const wants = (suite: string) => only === undefined || only.includes(suite);
const started = performance.now();

const measurements: Measurement[] = [];
const targets: Target[] = [];
const notes: string[] = [];
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;

if (!canMeasureHeap) notes.push('node ran without --expose-gc: heap figures are without a full collection first');

// ---------------------------------------------------------------- the floor
say(`[${elapsed()}] capturing one pod lifecycle from kubesim's churn log`);
const script = captureLifecycle();
notes.push(
  `floor: kubesim writes ${script.kubesimLines} lines (${script.kubesimBytes} bytes) for one churn lifecycle; the floor and SimPy write the same lines`,
);
const floorSizes = quick ? [1_000, 10_000] : withMillion ? [1_000, 10_000, 100_000, 1_000_000] : [1_000, 10_000, 100_000];
const floors: FloorFigures[] = [];
for (const size of floorSizes) {
  say(`[${elapsed()}] floor: the bare loop at ${size} pods`);
  const f = await benchFloor(script, size, 500, quick ? 20 : 40);
  floors.push(f);
  measurements.push(...floorMeasurements(f));
}
const floorAt = (pods: number) => nearestFloor(floors, pods);

if (wants('simpy')) {
  say(`[${elapsed()}] SimPy's version at 10,000 pods`);
  const simpy = benchSimpy(script, 10_000, quick ? 3_000 : 10_000);
  if (typeof simpy === 'string') {
    notes.push(simpy);
    say(`  ${simpy}`);
  } else measurements.push(...simpyMeasurements(simpy, floorAt(10_000)));
}

// ---------------------------------------------------------------- kubesim
const churnSizes = quick ? [1_000, 10_000] : withMillion ? [1_000, 10_000, 100_000, 1_000_000] : [1_000, 10_000, 100_000];
if (!quick && !withMillion)
  notes.push('the 1,000,000-pod churn is not in the full run (its setup alone takes longer than the budget): run with --with-1m');
const churn = new Map<number, ChurnResult>();
for (const size of wants('churn') ? churnSizes : []) {
  say(`[${elapsed()}] churn: ${size} pods`);
  const r = await benchChurn(size, quick ? 200 : 500, quick ? 5 : 8, floorAt(size));
  churn.set(size, r);
  measurements.push(...r.measurements);
}

const scaleUps = quick ? [1_000, 3_000] : [1_000, 3_000, 10_000];
const scaleUpWall = new Map<number, number>();
for (const n of wants('replicaset') ? scaleUps : []) {
  say(`[${elapsed()}] replicaset: scale-up 0→${n}`);
  const r = await benchReplicaSetScaleUp(n, n <= 1_000 ? 3 : n <= 3_000 ? 2 : 1, floorAt(n));
  scaleUpWall.set(n, r.wallMs);
  measurements.push(...r.measurements);
}

const rollouts = quick ? [1_000, 3_000] : [1_000, 3_000, 10_000];
const rolloutWall = new Map<number, number>();
for (const n of wants('deployment') ? rollouts : []) {
  say(`[${elapsed()}] deployment: rolling update of ${n} replicas`);
  const r = await benchDeploymentRollout(n, n <= 1_000 ? 3 : 1, floorAt(n));
  rolloutWall.set(n, r.wallMs);
  measurements.push(...r.measurements);
}

const sts = quick ? 100 : 1_000;
if (wants('statefulset')) {
  say(`[${elapsed()}] statefulset: ${sts} replicas created OrderedReady, then rolled`);
  measurements.push(...(await benchStatefulSet(sts, floorAt(sts))));
}

if (wants('hpa')) {
  const hours = quick ? 2 : 6;
  say(`[${elapsed()}] hpa: a 100-pod autoscaled service for ${hours} simulated hours`);
  const r = await benchAutoscaledService(hours, floorAt(100));
  measurements.push(...r.measurements);
}

if (wants('check')) {
  const runs = quick ? 50 : 200;
  say(`[${elapsed()}] check: ${runs} property runs of a 3-replica Deployment with faults`);
  measurements.push(...(await benchCheck(runs, floorAt(1_000))));
}

if (wants('micro')) {
  say(`[${elapsed()}] micro: reconciles of a settled workload, the timeline against a plain heap`);
  measurements.push(...(await benchReconciles([10, 100, 1_000], quick ? 200 : 500)));
  for (const size of [1_000, 100_000]) measurements.push(...(await benchTimeline(size, quick ? 200 : 500)));
  const timeline = measurements.find((m) => m.name.startsWith('timeline push+pop (heap of 100000)'));
  const plain = measurements.find((m) => m.name.startsWith('plain heap push+pop (heap of 100000)'));
  if (timeline && plain) {
    measurements.push({ name: 'timeline / plain heap (heap of 100000)', unit: 'ratio', value: timeline.value / plain.value });
  }
}

// ---------------------------------------------------------------- the envelope
let envelope: EnvelopeResult | undefined;
if (withEnvelopeFlag && wants('envelope')) {
  say(
    `[${elapsed()}] envelope: 5,000 nodes, 150,000 pods, CL2's load test (its own process, 6 GiB, ${envelopeBudget}s of wall at most)`,
  );
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=6144', join(here, 'envelope.main.js'), '--budget', String(envelopeBudget)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) notes.push(`the envelope process failed (exit ${r.status}, signal ${r.signal}): out of its 6 GiB?`);
  else {
    envelope = JSON.parse(r.stdout) as EnvelopeResult;
    measurements.push(...envelopeMeasurements(envelope, floorAt(100_000)));
  }
}

function envelopeMeasurements(e: EnvelopeResult, floor: FloorFigures | undefined): Measurement[] {
  const out: Measurement[] = [];
  for (const p of e.phases) out.push(...phaseFigures(`envelope ${p.name}`, p, floor));
  out.push(...phaseFigures('envelope total', e.total, floor));
  out.push(
    { name: 'envelope peak RSS', unit: 'MiB', value: e.peakRssMiB },
    { name: 'envelope peak heap', unit: 'MiB', value: e.peakHeapMiB },
  );
  if (Number.isFinite(e.heapPerPodAtSaturation)) {
    out.push({
      name: 'envelope heap bytes per pod at saturation',
      unit: 'bytes/pod',
      value: e.heapPerPodAtSaturation,
      ...(floor ? { floor: e.heapPerPodAtSaturation / floor.heapPerPod } : {}),
    });
  }
  for (const p of e.phases) {
    for (const [what, q] of [
      ['pod startup', p.startup],
      ['creation to bound', p.scheduling],
      ['StatefulSet pod startup', p.statefulStartup],
    ] as const) {
      if (q === undefined) continue;
      for (const k of ['p50', 'p90', 'p99'] as const)
        out.push({ name: `envelope ${p.name}: ${what} ${k}`, unit: 'ms', value: q[k] });
    }
  }
  return out;
}

// ---------------------------------------------------------------- targets
const c10k = churn.get(10_000);
const f10k = floorAt(10_000);
if (c10k && f10k) {
  targets.push(
    target(
      'churn at 10k pods: lifecycles/s ÷ the bare loop’s',
      c10k.lifecyclesPerSec / f10k.lifecyclesPerSec,
      'atLeast',
      1 / 3,
      '×',
    ),
  );
}
const s1 = scaleUpWall.get(1_000);
const s10 = scaleUpWall.get(10_000);
const s3 = scaleUpWall.get(3_000);
if (s1 && s10) targets.push(target('scale-up wall 0→10k ÷ 0→1k', s10 / s1, 'atMost', 12, '×'));
else if (s1 && s3)
  targets.push(target('scale-up wall 0→3k ÷ 0→1k (quick: the 10k is in the full run)', s3 / s1, 'atMost', 12, '×', 'indicative'));
const r1 = rolloutWall.get(1_000);
const r3 = rolloutWall.get(3_000);
if (r1 && r3) targets.push(target('rolling update wall 3k ÷ 1k', r3 / r1, 'atMost', 3.5, '×'));
const c1k = churn.get(1_000);
const cTop = churn.get(churnSizes.at(-1) as number);
if (c1k && cTop && cTop !== c1k) {
  const top = churnSizes.at(-1) as number;
  targets.push(
    target(
      `per-event cost at ${top.toLocaleString('en-US')} pods ÷ at 1k`,
      c1k.eventsPerSec / cTop.eventsPerSec,
      'atMost',
      1.5,
      '×',
      top === 1_000_000 ? undefined : 'the target is at 1M pods (--with-1m)',
    ),
  );
}
const heapAt = churn.get(100_000) ?? churn.get(10_000);
if (heapAt) {
  const size = churn.get(100_000) ? '100k' : '10k (quick; the target is at 100k)';
  targets.push(target(`heap per running pod, churn at ${size}`, heapAt.heapPerPod, 'atMost', 1024, 'bytes'));
}
if (c10k) targets.push(target('log bytes per logged event, churn at 10k', c10k.bytesPerEvent, 'atMost', 100, 'bytes'));
if (envelope) {
  const wall = envelope.total.wallMs / 1000;
  const t = target('envelope wall (5,000 nodes, 150,000 pods)', wall, 'atMost', 900, 's');
  targets.push(
    envelope.completed
      ? t
      : {
          ...t,
          met: false,
          note:
            `stopped at its ${envelopeBudget}s budget in phase '${envelope.reached.phase}' at ` +
            `${envelope.reached.simulatedS.toFixed(0)} simulated s with ${envelope.reached.pods} pods: not complete ` +
            '(bench:envelope runs it to the end)',
        },
  );
  targets.push(target('envelope peak RSS', envelope.peakRssMiB, 'atMost', 6144, 'MiB'));
  const latency = envelope.phases.find((p) => p.name === 'latency pods')?.startup;
  if (latency) {
    // kops PR #17942, AWS 5,000 nodes, CL2 load at 50 pods/s: p50 1.86 s, p90 4.52 s, p99 5.72 s.
    for (const [k, published] of [
      ['p50', 1861],
      ['p90', 4518],
      ['p99', 5718],
    ] as const) {
      const v = latency[k];
      targets.push({
        name: `envelope latency-pod startup ${k} ÷ published (${published} ms)`,
        value: v / published,
        bound: 2,
        direction: 'atMost',
        unit: '× (plausible within ½–2×)',
        met: v / published >= 0.5 && v / published <= 2,
      });
    }
  }
}

// ---------------------------------------------------------------- write and compare
function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
const head = git(['rev-parse', '--short', 'HEAD']);
const dirty = git(['status', '--porcelain', '--', '../packages']) !== '';
const results: Results = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  quick,
  commit: `${head}${dirty ? ' (packages/ had uncommitted changes)' : ''}`,
  settings: HARNESS_SETTINGS,
  measurements,
  targets,
  notes,
};
mkdirSync(join(root, 'results'), { recursive: true });
const out = join(root, 'results', 'latest.json');
// Written to a temporary file and renamed: a crash never leaves half a file.
writeFileSync(`${out}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
renameSync(`${out}.tmp`, out);

function fmt(v: number, unit: string): string {
  if (unit === 'ratio' || unit === 'sim s/wall s' || unit === 'wall s' || unit === 'sim s' || Math.abs(v) < 10) {
    return v.toFixed(2);
  }
  return Math.round(v).toLocaleString('en-US');
}
for (const m of measurements) {
  const floor = m.floor === undefined ? '' : `  ${m.floor < 0.01 ? m.floor.toExponential(1) : m.floor.toFixed(3)}× floor`;
  console.log(`${m.name.padEnd(78)} ${fmt(m.value, m.unit).padStart(14)} ${m.unit.padEnd(13)}${floor}`);
}
console.log('\ntargets (reported, not asserted):');
for (const t of targets) {
  const bound = `${t.direction === 'atMost' ? '≤' : '≥'} ${t.bound.toFixed(t.bound < 10 ? 2 : 0)}`;
  console.log(
    `  ${t.met ? 'met   ' : 'MISSED'} ${t.name.padEnd(64)} ${fmt(t.value, 'ratio').padStart(10)} ${t.unit} (${bound})${t.note ? ` — ${t.note}` : ''}`,
  );
}
for (const n of notes) console.log(`note: ${n}`);
console.log(`\n${elapsed()} in all`);

const baselinePath = join(root, quick ? 'baseline.quick.json' : 'baseline.json');
if (argv.includes('--update-baseline')) {
  writeFileSync(baselinePath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nbaseline updated: ${baselinePath}`);
} else if (existsSync(baselinePath)) {
  const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as Results;
  console.log(
    `\ncompared with ${quick ? 'baseline.quick.json' : 'baseline.json'} of ${baseline.generatedAt} (${baseline.node}, ${baseline.cpus} cpus):`,
  );
  console.log(compare(baseline, results).join('\n'));
}
