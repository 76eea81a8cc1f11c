import { defaultControllers } from '@kubesim/controllers';
import { EventLog, type LogEntry, type Pod, Simulation } from '@kubesim/core';

/**
 * A cluster of `pods` running pods (100 per node, bound up front as static pods are, so
 * the scheduler is out of the picture), then a steady churn: every millisecond of
 * simulated time one pod is deleted and a new one created, each going through the whole
 * lifecycle (create, sandbox, start, ready, graceful stop, removal). Every event is
 * written to the log as a JSON line.
 */
export const PODS_PER_NODE = 100;

function pod(i: number, nodes: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, labels: { app: 'bench' } },
    spec: {
      nodeName: `node-${Math.floor(i / PODS_PER_NODE) % nodes}`,
      containers: [{ name: 'app', image: 'registry.local/app:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
    },
  };
}

/** A log that serialises every entry and, while recording, also keeps them (to weigh them). */
export class BenchLog extends EventLog {
  bytes = 0;
  recording = false;
  readonly window: LogEntry[] = [];

  constructor() {
    super({
      keep: false,
      sink: (line) => {
        this.bytes += line.length + 1;
      },
    });
  }

  override append(entry: LogEntry): void {
    super.append(entry);
    if (this.recording) this.window.push(entry);
  }
}

export interface ChurnCluster {
  readonly sim: Simulation;
  readonly log: BenchLog;
  readonly pods: number;
  readonly setupEvents: number;
}

export function churnCluster(pods: number, churn: number): ChurnCluster {
  const log = new BenchLog();
  const nodes = Math.ceil(pods / PODS_PER_NODE);
  const sim = new Simulation({
    seed: 'bench',
    controllers: defaultControllers(),
    log,
    recordEvents: false,
    nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i}`, cpu: '16', memory: '64Gi' })),
    imageProfiles: [
      {
        match: '*',
        profile: {
          pull: { kind: 'uniform', min: 500, max: 1500 },
          start: { kind: 'uniform', min: 50, max: 150 },
          stop: { kind: 'uniform', min: 50, max: 150 },
        },
      },
    ],
    maxEventsPerInstant: Number.MAX_SAFE_INTEGER,
  });
  // Spread creations over time so that a million pods do not all start at one instant.
  for (let i = 0; i < pods; i++) sim.create(pod(i, nodes), Math.floor(i / 100));
  const setup = sim.run();
  const t0 = sim.now + 1000;
  for (let k = 0; k < churn; k++) {
    const at = t0 + k;
    // Pod k goes; pod pods + k takes its place on the same node.
    sim.delete({ kind: 'Pod', name: `p-${k}` }, {}, at);
    sim.create(pod(pods + k, nodes), at);
  }
  return { sim, log, pods, setupEvents: setup.events };
}
