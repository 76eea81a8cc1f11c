import { describe, expect, it } from 'vitest';
import type { ScenarioFile } from '../src/scenario/schema.js';
import { runDocument } from '../src/verify/index.js';
import { minimize } from '../src/verify/minimize.js';

const rs = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'bad:1' }] } },
  },
});

/** A ReplicaSet whose image never pulls breaks eventual-convergence; the rest is noise. */
const DOC: ScenarioFile = {
  seed: '1',
  until: '2m',
  cluster: { nodes: 3 },
  images: [{ match: 'bad:*', pullError: 'not found' }],
  manifests: [{ name: 'w.yaml', inline: [rs('web', 1), rs('api', 0)], apply: true }],
  steps: [
    { at: '5s', kubectl: 'cordon node-2' },
    { at: '10s', kubectl: 'uncordon node-2' },
  ],
  invariants: ['eventual-convergence'],
};

describe('minimize', () => {
  it('drops the steps, objects and nodes a failure does not need, and keeps what it does', () => {
    const { document, removed } = minimize(DOC, (d) => runDocument(d));
    expect(document.steps).toEqual([]);
    const objects = ((document.manifests ?? [])[0] as unknown as { inline: { metadata: { name: string } }[] }).inline;
    expect(objects.map((o) => o.metadata.name)).toEqual(['web']);
    expect(document.cluster?.nodes).toBe(1);
    expect(removed).toBe(5);
    expect(runDocument(document).invariants[0]?.holds).toBe(false);
  });

  it('leaves a document that does not fail as it is', () => {
    const fine = { ...DOC, images: [{ match: 'bad:*', pull: '1s' }] };
    expect(minimize(fine, (d) => runDocument(d))).toEqual({ document: fine, removed: 0 });
  });
});
