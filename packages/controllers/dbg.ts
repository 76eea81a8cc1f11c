import { Simulation } from '@kubesim/core';
import { defaultControllers } from './src/index.js';

const dep = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', labels: { app: 'nginx' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
    },
  },
} as any;
const sim = new Simulation({
  seed: 1,
  controllers: defaultControllers(),
  nodes: ['node-1', 'node-2'],
  objects: [dep],
  imageProfiles: [
    {
      match: '*',
      profile: {
        pull: { kind: 'fixed', value: 2000 },
        start: { kind: 'fixed', value: 1000 },
        ready: { kind: 'fixed', value: 2000 },
      },
    },
  ],
});
sim.run('60s');
sim.patch(
  { kind: 'Deployment', name: 'nginx-deployment' },
  { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1' }] } } } },
  'strategic',
  '60s',
);
let minAvail = 99;
sim.engine.onEntry((e, ch, st) => {
  const d = st.store.objects.Deployment.get('default/nginx-deployment');
  if (d?.status && e.time > 60000) minAvail = Math.min(minAvail, d.status.availableReplicas ?? 0);
});
sim.run('120s');
for (const e of sim.log.entries()) {
  const ev = e.event as any;
  if (ev.type === 'RecordEvent' && ev.involved.kind === 'Deployment') console.log(e.time, ev.reason, ev.message);
  if (e.error && e.by !== 'scheduler') console.log('ERR', e.time, e.by, ev.type, e.error.message);
}
console.log('min available', minAvail);
console.log(JSON.stringify(sim.get('Deployment', 'nginx-deployment')?.status, null, 1));
console.log(sim.list('ReplicaSet').map((r) => `${r.metadata.name} ${r.spec.replicas} ${JSON.stringify(r.metadata.annotations)}`));
