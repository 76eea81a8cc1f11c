import { describe, expect, it } from 'vitest';
import { parseQuantity, type Quantity } from '../api/quantity.js';
import type { Service, ServicePort } from '../api/types.js';
import { equals } from './resources.js';
import { serviceEvaluator } from './services.js';

/** pkg/quota/v1/evaluator/core/services_test.go (v1.34). */

const rl = (list: Record<string, string>): Map<string, Quantity> =>
  new Map(Object.entries(list).map(([k, v]) => [k, parseQuantity(v)]));

function svc(spec: Partial<Service['spec']>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'ns' }, spec: spec as Service['spec'] };
}
const ports = (...p: [number, number?][]): ServicePort[] =>
  p.map(([port, nodePort]) => ({ port, ...(nodePort !== undefined ? { nodePort } : {}) }) as ServicePort);

describe('TestServiceEvaluatorMatchesResources', () => {
  it('matches only the service resources', () => {
    const input = ['configmaps', 'cpu', 'services', 'services.nodeports', 'services.loadbalancers'];
    expect(new Set(serviceEvaluator.matchingResources(input))).toEqual(
      new Set(['services', 'services.nodeports', 'services.loadbalancers']),
    );
  });
});

describe('TestServiceEvaluatorUsage', () => {
  const usage = (lb: string, np: string) => ({
    services: '1',
    'services.loadbalancers': lb,
    'services.nodeports': np,
    'count/services': '1',
  });
  const cases: [string, Service, Record<string, string>][] = [
    ['loadbalancer', svc({ type: 'LoadBalancer' }), usage('1', '0')],
    ['loadbalancer_ports', svc({ type: 'LoadBalancer', ports: ports([27443]) }), usage('1', '1')],
    ['loadbalancer_2_ports', svc({ type: 'LoadBalancer', ports: ports([27443], [27444]) }), usage('1', '2')],
    ['clusterip', svc({ type: 'ClusterIP' }), usage('0', '0')],
    ['nodeports', svc({ type: 'NodePort', ports: ports([27443]) }), usage('0', '1')],
    ['multi-nodeports', svc({ type: 'NodePort', ports: ports([27443], [27444]) }), usage('0', '2')],
    [
      'nodeports-disabled',
      svc({ type: 'LoadBalancer', ports: ports([27443], [27444]), allocateLoadBalancerNodePorts: false }),
      usage('1', '0'),
    ],
    ['nodeports-default-enabled', svc({ type: 'LoadBalancer', ports: ports([27443, 32001], [27444, 32002]) }), usage('1', '2')],
    [
      'nodeports-explicitly-enabled',
      svc({ type: 'LoadBalancer', ports: ports([27443], [27444]), allocateLoadBalancerNodePorts: true }),
      usage('1', '2'),
    ],
    [
      'nodeports-disabled-but-specified',
      svc({ type: 'LoadBalancer', ports: ports([27443, 32001], [27444, 32002]), allocateLoadBalancerNodePorts: false }),
      usage('1', '2'),
    ],
  ];
  for (const [name, service, want] of cases) {
    it(name, () => expect(equals(rl(want), serviceEvaluator.usage(service, 0))).toBe(true));
  }
});

describe('TestServiceConstraintsFunc', () => {
  const cases: [string, Service, string[]][] = [
    ['loadbalancer', svc({ type: 'LoadBalancer' }), ['services.loadbalancers']],
    ['clusterip', svc({ type: 'ClusterIP' }), ['services.loadbalancers', 'services']],
    ['nodeports', svc({ type: 'NodePort', ports: ports([27443]) }), ['services.nodeports']],
    ['multi-nodeports', svc({ type: 'NodePort', ports: ports([27443], [27444]) }), ['services.nodeports']],
  ];
  for (const [name, service, required] of cases) {
    it(name, () => expect(serviceEvaluator.constraints(required, service)).toBeUndefined());
  }
});
