import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { io } from './capture.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.25}]}
`;

/** A rolling update to `image`. */
function scenarioDir(image: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-check-'));
  writeFileSync(join(dir, 'web.yaml'), DEPLOYMENT);
  writeFileSync(
    join(dir, 'roll.yaml'),
    `seed: 1
until: 3m
cluster: {nodes: 3}
images: [{match: "bad:*", pullError: "not found"}, {match: "*", pull: 1s, start: 500ms}]
manifests: [{file: web.yaml}]
steps:
  - {at: 0s, kubectl: apply -f web.yaml}
  - {at: 30s, kubectl: set image deployment/web web=${image}}
invariants: [deployment-availability, deployment-surge, replicaset-convergence, eventual-convergence]
`,
  );
  return dir;
}

describe('kubesim check', () => {
  it('runs seeds and node outages and pod kills over a scenario; every invariant holds', () => {
    const dir = scenarioDir('nginx:1.26');
    const c = io(dir);
    expect(main(['check', 'roll.yaml', '--runs', '6', '--seed', '5'], c)).toBe(0);
    expect(c.out).toBe('6 runs (seed 5, faults: all): every invariant held (eventually-stable too)\n');
    const off = io(dir);
    expect(main(['check', 'roll.yaml', '--runs', '2', '--seed', '5', '--no-liveness'], off)).toBe(0);
    expect(off.out).toBe('2 runs (seed 5, faults: all): every invariant held\n');
  });

  it('writes a shrunk counterexample beside the scenario that kubesim run reproduces', () => {
    // A rollout to an image that never pulls never converges.
    const dir = scenarioDir('bad:1');
    const c = io(dir);
    expect(main(['check', 'roll.yaml', '--runs', '20', '--seed', '5', '--faults', 'pods'], c)).toBe(1);
    expect(c.out).toMatch(
      /^run 1 of 20 failed \(seed 5\); shrunk in \d+ steps to seed \d+ and 0 fault\(s\):\n {2}replicaset-convergence, eventual-convergence violated at 180\.000s/,
    );
    expect(c.out).toMatch(/wrote roll\.counterexample\.yaml; reproduce with: kubesim run roll\.counterexample\.yaml\n$/);
    const written = readFileSync(join(dir, 'roll.counterexample.yaml'), 'utf8');
    const hash = /log hash ([0-9a-f]{64})/.exec(written)?.[1];
    const again = io(dir);
    expect(main(['run', 'roll.counterexample.yaml', '--json'], again)).toBe(1);
    expect(JSON.parse(again.out).logHash).toBe(hash);
  });

  it('takes a profile or a comma list of kinds: node faults (restarts, partitions, clock skew) hold too', () => {
    const dir = scenarioDir('nginx:1.26');
    const c = io(dir);
    expect(
      main(['check', 'roll.yaml', '--runs', '4', '--seed', '7', '--faults', 'kubeletRestart,nodePartition,clockSkew'], c),
    ).toBe(0);
    expect(c.out).toBe(
      '4 runs (seed 7, faults: kubeletRestart,nodePartition,clockSkew): every invariant held (eventually-stable too)\n',
    );
  });

  it('documents the profiles and kinds in --help', () => {
    const c = io(scenarioDir('nginx:1.26'));
    main(['check', '--help'], c);
    for (const word of ['control-plane', 'kubeletRestart', 'nodePartition', 'clockSkew', 'apiFaults', 'comma list'])
      expect(c.out).toContain(word);
  });

  it('refuses bad flags with exit 2', () => {
    const dir = scenarioDir('nginx:1.26');
    for (const [flags, message] of [
      [['--runs', '0'], '--runs: expected a whole number of 1 or more, not "0"'],
      [
        ['--faults', 'disks'],
        '--faults: unknown fault kind "disks"; expected all (the default), none, nodes, pods, control-plane, or',
      ],
      [['--faults', 'nodes,clockskew'], '--faults: unknown fault kind "clockskew"'],
      [['--out', '/tmp/elsewhere.yaml'], "--out /tmp/elsewhere.yaml: must be in the scenario's folder"],
    ] as const) {
      const c = io(dir);
      expect(main(['check', 'roll.yaml', ...flags], c)).toBe(2);
      expect(c.err).toContain(message);
    }
  });
});
