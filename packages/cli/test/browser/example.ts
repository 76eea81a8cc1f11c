import { defaultControllers } from '@kubesim/controllers';
import { type Deployment, Simulation } from '@kubesim/core';

/** What the browser example reports: equal in Node and in a browser, to the byte. */
export interface ExampleResult {
  readonly events: number;
  readonly running: number;
  readonly logHash: string;
  readonly stateHash: string;
}

/** A three-replica Deployment on two nodes, one node failing at 1m, run for 3 minutes. */
export function runExample(): ExampleResult {
  const web: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] },
      },
    },
  };
  const sim = new Simulation({
    seed: 15,
    controllers: defaultControllers(),
    nodes: ['node-1', 'node-2'],
    objects: [web],
  });
  sim.failNode('node-2', '1m');
  const result = sim.run('3m');
  return {
    events: result.events,
    running: sim.list('Pod').filter((p) => p.status?.phase === 'Running').length,
    logHash: sim.log.hash(),
    stateHash: sim.stateHash(),
  };
}
