import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/index.js';
import {
  FAULT_KINDS,
  faultArb,
  faultEpisodeArb,
  faultKindsOf,
  scenarioDocumentArb,
  scenarioYaml,
  scheduleArb,
  stepEnd,
} from '../src/verify/index.js';

const NO_FILES = {
  readFile: (name: string): string => {
    throw new Error(`no file ${name}`);
  },
};

const targets = { nodes: ['node-1', 'node-2'], selectors: ['app=web'] };
const keyOf = (f: object): string => Object.keys(f)[0] as string;

function must<T>(a: T | undefined): T {
  if (a === undefined) throw new Error('no arbitrary');
  return a;
}

describe('fault arbitraries', () => {
  it('draw every fault kind, each lasting one with its end', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(must(faultEpisodeArb(targets)), (e) => {
        const first = e.steps[0];
        expect(first?.after).toBe(0);
        seen.add(keyOf(first?.fault ?? {}));
        const last = e.steps.at(-1)?.fault as Record<string, unknown>;
        // What lasts ends: a recovery, a skew put right, a lag of 0, or a duration of its own.
        const k = keyOf(first?.fault ?? {});
        if (k === 'nodeFails') expect(keyOf(last)).toBe('nodeRecovers');
        if (k === 'clockSkew') expect(last.clockSkew).toMatchObject({ skew: '0s' });
        if (k === 'controllerLag') expect(last.controllerLag).toMatchObject({ lag: '0s' });
        if (k === 'nodePartition' || k === 'watchFault' || k === 'apiFaults')
          expect(((first?.fault ?? {}) as Record<string, { duration?: string }>)[k]?.duration).toMatch(/^\d+s$/);
      }),
      { numRuns: 400, seed: 13 },
    );
    for (const kind of FAULT_KINDS) expect(seen).toContain(kind);
  });

  it('draw only the kinds asked for', () => {
    const arb = must(faultEpisodeArb(targets, ['control-plane']));
    fc.assert(
      fc.property(arb, (e) => {
        expect(['controllerLag', 'controllerRestart', 'watchFault', 'apiFaults']).toContain(keyOf(e.steps[0]?.fault ?? {}));
      }),
      { numRuns: 50, seed: 1 },
    );
    expect(faultEpisodeArb({ nodes: [], selectors: [] }, ['nodes', 'pods'])).toBeUndefined();
    expect(() => faultArb([], [], ['nodes'])).toThrow('no faults to draw');
  });

  it('shrink towards the simplest kind and the earliest end', () => {
    const arb = must(faultEpisodeArb(targets, ['nodePartition', 'clockSkew']));
    const result = fc.check(
      fc.property(arb, () => false),
      { seed: 3 },
    );
    expect(result.counterexample?.[0]).toEqual({
      steps: [{ after: 0, fault: { nodePartition: { node: 'node-1', duration: '5s' } } }],
    });
  });

  it('schedules load as scenario steps', () => {
    fc.assert(
      fc.property(scenarioDocumentArb({ maxSteps: 6, faultKinds: ['nodes', 'control-plane'] }), (doc) => {
        const s = loadScenario(scenarioYaml(doc), 'generated.yaml', NO_FILES);
        expect(s.steps.length).toBeGreaterThan(0);
      }),
      { numRuns: 25, seed: 5 },
    );
    fc.assert(
      fc.property(
        scheduleArb([{ kind: 'Deployment', name: 'web', selector: 'app=web', manifest: {} } as never], ['node-1'], {
          faultKinds: ['kubeletRestart'],
        }),
        (steps) => {
          expect(steps.map((s) => s.at)).toEqual([...steps.map((s) => s.at)].sort((a, b) => a - b));
        },
      ),
      { numRuns: 30, seed: 2 },
    );
  });

  it('a generated run settles 10 minutes after its last fault is over, not merely begun', () => {
    expect(stepEnd({ at: 129, fault: { nodePartition: { node: 'node-3', duration: '599s' } } })).toBe(728);
    expect(stepEnd({ at: 10, fault: { apiFaults: { error: 'Conflict', duration: '1m' } } })).toBe(70);
    expect(stepEnd({ at: 10, fault: { nodePartition: 'node-1' } })).toBe(10);
    fc.assert(
      // Workloads without a load or a schedule: their tail counts from the last step alone.
      fc.property(
        scenarioDocumentArb({ maxSteps: 6, faultKinds: ['nodePartition'], kinds: ['Deployment', 'StatefulSet', 'DaemonSet'] }),
        (doc) => {
          const ends = (doc.steps ?? []).map((st) =>
            stepEnd({ at: Number.parseInt(st.at, 10), ...('fault' in st ? { fault: st.fault } : {}) }),
          );
          expect(Number.parseInt(doc.until ?? '0', 10)).toBe(Math.max(0, ...ends) + 600);
        },
      ),
      { numRuns: 40, seed: 8 },
    );
  });

  it('parse --faults profiles and kind lists', () => {
    expect(faultKindsOf('all')).toEqual({ kinds: FAULT_KINDS });
    expect(faultKindsOf('none')).toEqual({ kinds: [] });
    expect(faultKindsOf('nodes')).toEqual({ kinds: ['nodeFails', 'kubeletRestart', 'nodePartition', 'clockSkew'] });
    expect(faultKindsOf('pods,controllerRestart')).toEqual({ kinds: ['podKilled', 'controllerRestart'] });
    expect(faultKindsOf('nodes,partition')).toEqual({ unknown: 'partition' });
  });
});
