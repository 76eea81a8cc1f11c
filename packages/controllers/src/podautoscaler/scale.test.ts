import { type KubeObject, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { getScale } from './scale.js';

/**
 * The scale subresource as the HPA reads it: each scalable kind's Scale (registry's
 * scaleFromDeployment & co.), and the errors of the three steps reconcileAutoscaler takes
 * (ParseGroupVersion, RESTMappings, Scales.Get).
 */

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
const objects: KubeObject[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
      template,
    },
  } as KubeObject,
  {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'rc' },
    spec: { replicas: 2, selector: { app: 'web' }, template },
  } as KubeObject,
];

function view() {
  const sim = new Simulation({ seed: 1, objects, controlPlane: { profile: 'instant' } });
  sim.run('1s');
  return sim.view;
}

describe('getScale', () => {
  const v = view();
  it('a Deployment: spec.replicas, status.replicas and its selector as a selector string', () => {
    const a = getScale(v, 'default', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    expect(a.error).toBeUndefined();
    expect(a).toMatchObject({ scale: { specReplicas: 3, statusReplicas: 0, selector: 'app=web,tier notin (db)' } });
    expect(a.error === undefined && a.ref).toEqual({ kind: 'Deployment', namespace: 'default', name: 'web' });
  });
  it('a ReplicationController: its equality selector', () => {
    expect(getScale(v, 'default', { apiVersion: 'v1', kind: 'ReplicationController', name: 'rc' })).toMatchObject({
      scale: { specReplicas: 2, selector: 'app=web' },
    });
  });
  it('a missing target: the GET fails with NotFound', () => {
    expect(getScale(v, 'default', { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' })).toEqual({
      error: 'statefulsets.apps "db" not found',
      stage: 'get',
    });
  });
  it('a kind the group does not have: no REST mapping', () => {
    expect(getScale(v, 'default', { apiVersion: 'v1', kind: 'Deployment', name: 'web' })).toEqual({
      error: 'no matches for kind "Deployment" in group ""',
      stage: 'mapping',
    });
  });
  it('an apiVersion with two slashes: ParseGroupVersion fails', () => {
    expect(getScale(v, 'default', { apiVersion: 'apps/v1/x', kind: 'Deployment', name: 'web' })).toEqual({
      error: 'unexpected GroupVersion string: apps/v1/x',
      stage: 'apiVersion',
    });
  });
  it('a kind without a scale subresource', () => {
    expect(getScale(v, 'default', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'x' })).toEqual({
      error: 'the server could not find the requested resource',
      stage: 'get',
    });
  });
});
