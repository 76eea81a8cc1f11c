import { randomStream, Timeline } from '@kubesim/core';
import { Bench } from 'tinybench';
import { PlainHeap } from './plainHeap.js';
import type { Measurement } from './results.js';

/**
 * Timeline push+pop against a hand-written heap of plain numbers, in one run: a heap of
 * `size` entries in steady state, each operation one push and one pop.
 */
const BATCH = 1000;

export async function benchTimeline(size: number, time: number): Promise<Measurement[]> {
  const rng = randomStream(1, 'bench/timeline');
  const times = Array.from({ length: 1 << 16 }, () => Math.floor(rng.next() * 1e6));
  const timeline = new Timeline<number>();
  const plain = new PlainHeap();
  for (let i = 0; i < size; i++) {
    timeline.push(times[i & 0xffff] as number, 1, i);
    plain.push(times[i & 0xffff] as number);
  }
  let k = 0;
  let clock = 0;
  const bench = new Bench({ time, warmup: true });
  bench.add(`timeline push+pop (heap of ${size})`, () => {
    for (let i = 0; i < BATCH; i++) {
      const top = timeline.pop();
      clock = top?.time ?? clock;
      timeline.push(clock + (times[k++ & 0xffff] as number), (k & 3) as number, k);
    }
  });
  bench.add(`plain heap push+pop (heap of ${size})`, () => {
    for (let i = 0; i < BATCH; i++) {
      const top = plain.pop() ?? 0;
      plain.push(top + (times[k++ & 0xffff] as number));
    }
  });
  await bench.run();
  return bench.tasks.map((t) => {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`${t.name}: ${r.state}`);
    return {
      name: t.name,
      unit: 'ops/s',
      value: (BATCH * 1000) / r.latency.p50,
      medianMs: r.latency.p50,
      samples: r.latency.samplesCount ?? 0,
    };
  });
}
