/**
 * The bundled example: a two-node cluster runs three nginx pods and one whose image tag is
 * mistyped. At 60s node-2 dies; the node lifecycle controller notices, taints it, and the
 * pods on it are evicted after their 300s toleration — and, being bare pods with no
 * ReplicaSet behind them, nobody replaces them. node-2 comes back at 8m.
 *
 * Prints a `kubectl get pods -w`-style timeline with a simulated-time column, then the
 * final `kubectl get pods -o wide` and `kubectl get nodes`.
 *
 *   npx --yes pnpm@10 install && npx --yes pnpm@10 example:api
 */
import { defaultControllers } from '@kubesim/controllers';
import { formatDuration, type Pod, Simulation } from '@kubesim/core';
import { formatTable, NODE_COLUMNS, nodeRow, nodeStatusColumn, POD_WIDE_COLUMNS, podRow } from '@kubesim/scenarios';

function nginx(name: string, image = 'nginx:1.25.3'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: {
      containers: [
        {
          name: 'nginx',
          image,
          ports: [{ containerPort: 80 }],
          resources: { requests: { cpu: '250m', memory: '64Mi' } },
          readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 2, periodSeconds: 5 },
        },
      ],
    },
  };
}

const sim = new Simulation({
  seed: 2024,
  controllers: defaultControllers(),
  nodes: [
    { name: 'node-1', cpu: '2', memory: '4Gi' },
    { name: 'node-2', cpu: '2', memory: '4Gi' },
  ],
  objects: [nginx('web-1'), nginx('web-2'), nginx('web-3'), nginx('typo', 'nginx:1.91')],
  imageProfiles: [
    {
      match: 'nginx:1.91',
      profile: {
        pullError:
          'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.91": docker.io/library/nginx:1.91: not found',
      },
    },
  ],
});
sim.failNode('node-2', '60s');
sim.recoverNode('node-2', '8m');

// The watch: one line each time a pod's or node's printed row changes.
const shown = new Map<string, string>();
const lines: string[][] = [];
sim.engine.onEntry((entry, changes) => {
  for (const change of changes) {
    if (change.kind === 'Pod') {
      const pod = change.new as Pod | undefined;
      const row = pod ? podRow(pod, entry.time) : [change.key.split('/')[1] ?? change.key, '', 'deleted', '', ''];
      const key = row.slice(1, 4).join(' ');
      if (shown.get(change.key) === key) continue;
      shown.set(change.key, key);
      lines.push([formatDuration(entry.time), `pod/${row[0]}`, row[1] ?? '', row[2] ?? '', row[3] ?? '']);
    } else if (change.kind === 'Node' && change.new !== undefined) {
      const status = nodeStatusColumn(change.new);
      if (shown.get(`node/${change.key}`) === status) continue;
      shown.set(`node/${change.key}`, status);
      lines.push([formatDuration(entry.time), `node/${change.key}`, '', status, '']);
    }
  }
});

const result = sim.run('10m');
console.log(formatTable(['TIME', 'NAME', 'READY', 'STATUS', 'RESTARTS'], lines));
console.log(`\n$ kubectl get pods -o wide   # at ${formatDuration(sim.now)}`);
console.log(
  formatTable(
    POD_WIDE_COLUMNS,
    sim.list('Pod').map((p) => podRow(p, sim.now, true)),
  ),
);
console.log('\n$ kubectl get nodes');
console.log(
  formatTable(
    NODE_COLUMNS,
    sim.list('Node').map((n) => nodeRow(n, sim.now)),
  ),
);
console.log(
  `\n${result.events} events in ${formatDuration(result.time)} simulated; log ${sim.log.hash().slice(0, 16)}, state ${sim.stateHash().slice(0, 16)}`,
);
