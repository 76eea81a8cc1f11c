import { getGeneric, type KubeObject } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, pod } from './helpers.js';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
  },
} as unknown as KubeObject;

const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } } as unknown as KubeObject;

describe('garbage collection and owners kubesim stores generically', () => {
  it('keeps a pod owned by a custom resource that exists, and deletes one whose owner is gone', () => {
    const sim = cluster({ nodes: ['n1'] });
    sim.create(crd, '0s');
    sim.create(widget, '1s');
    sim.run('2s');
    const uid = getGeneric(sim.view.state.store, 'Widget.example.com', 'default', 'w')?.metadata.uid as string;
    expect(uid).toBeDefined();
    const owned = (name: string, ownerUid: string) => ({
      ...pod(name),
      metadata: {
        ...pod(name).metadata,
        ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: ownerUid }],
      },
    });
    sim.create(owned('kept', uid), '3s');
    sim.create(owned('orphaned', 'not-the-uid'), '3s');
    sim.run('30s');
    expect(sim.get('Pod', 'kept')).toBeDefined();
    expect(sim.get('Pod', 'orphaned')).toBeUndefined();
  });
});
