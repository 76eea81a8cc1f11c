import type { Pod, ServiceAccount } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { cluster, eventsAbout, pod, replicaSet } from './helpers.js';

/** The ServiceAccount admission plugin and the service account controller. */

const account = (name: string): ServiceAccount => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });

describe('ServiceAccount admission (plugin/pkg/admission/serviceaccount)', () => {
  it('a pod that names no account runs as default (serviceAccountName and the deprecated serviceAccount)', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(pod('web'));
    sim.run('1s');
    const spec = sim.get('Pod', 'web')?.spec;
    expect(spec?.serviceAccountName).toBe('default');
    expect(spec?.serviceAccount).toBe('default');
  });

  it('refuses a pod naming a missing account, with the API server message', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create(pod('web', { serviceAccountName: 'robot' }));
    sim.run('1s');
    expect(sim.get('Pod', 'web')).toBeUndefined();
    const refused = sim.log.entries().find((e) => e.event.type === 'Create' && e.error !== undefined);
    expect(refused?.error).toEqual({
      reason: 'Forbidden',
      message: 'pods "web" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    });
    sim.create(account('robot'), '2s');
    sim.create(pod('web', { serviceAccountName: 'robot' }), '3s');
    sim.run('4s');
    expect(sim.get('Pod', 'web')?.spec.serviceAccountName).toBe('robot');
  });

  it('a ReplicaSet whose pods name a missing account: FailedCreate, retried until it exists', () => {
    const sim = cluster({ nodes: ['node-1'] });
    const rs = replicaSet('web', 2);
    const withAccount = {
      ...rs,
      spec: { ...rs.spec, template: { ...rs.spec.template, spec: { ...rs.spec.template.spec, serviceAccountName: 'robot' } } },
    };
    sim.create(withAccount);
    sim.run('5s');
    expect(sim.list('Pod')).toEqual([]);
    const failed = eventsAbout(sim, 'web').filter((e) => e.includes('FailedCreate'));
    // Upstream names the pod by its generateName (`pods "web-" is forbidden`): the API server
    // has no name yet. kubesim's controllers send their pods named, so the name shows.
    expect(failed[0]).toMatch(
      /^\d+ FailedCreate: Error creating: pods "web-[a-z0-9]{5}" is forbidden: error looking up service account default\/robot: serviceaccount "robot" not found$/,
    );
    const status = sim.get('ReplicaSet', 'web')?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    expect(status).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    sim.create(account('robot'), '5s');
    sim.run('1m');
    expect(sim.list('Pod').map((p: Pod) => p.spec.serviceAccountName)).toEqual(['robot', 'robot']);
  });
});

describe('the service account controller (serviceaccounts_controller.go)', () => {
  it('every system namespace starts with its default account, and a deleted one comes back', () => {
    const sim = cluster({ nodes: ['node-1'] });
    expect(sim.list('ServiceAccount').map((sa) => `${sa.metadata.namespace}/${sa.metadata.name}`)).toEqual([
      'default/default',
      'kube-node-lease/default',
      'kube-public/default',
      'kube-system/default',
    ]);
    const before = sim.get('ServiceAccount', 'default')?.metadata.uid;
    sim.delete({ kind: 'ServiceAccount', name: 'default' }, {}, '1s');
    sim.run('2s');
    const after = sim.get('ServiceAccount', 'default');
    expect(after).toBeDefined();
    expect(after?.metadata.uid).not.toBe(before);
    expect(sim.log.entries().some((e) => e.event.type === 'Create' && e.by === 'serviceaccount')).toBe(true);
  });

  it('a namespace that is created gets its default account; a terminating one does not', () => {
    const sim = cluster({ nodes: ['node-1'] });
    sim.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    sim.run('2s');
    expect(sim.get('ServiceAccount', 'default', 'team-a')?.metadata.namespace).toBe('team-a');
    sim.delete({ kind: 'ServiceAccount', name: 'default', namespace: 'team-a' }, {}, '3s');
    sim.delete({ kind: 'Namespace', name: 'team-a' }, {}, '3s');
    sim.run('4s');
    // syncNamespace skips a namespace that is not Active: the deleted account is not made again.
    expect(sim.get('ServiceAccount', 'default', 'team-a')).toBeUndefined();
  });
});
