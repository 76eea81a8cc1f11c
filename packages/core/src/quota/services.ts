import type { Service } from '../api/types.js';
import { type Evaluator, objectCountName } from './evaluator.js';
import { count, intersection, type ResourceQuantities, ZERO } from './resources.js';

/**
 * The service evaluator (pkg/quota/v1/evaluator/core/services.go): `services`, `count/services`,
 * `services.loadbalancers` and `services.nodeports` (a NodePort or LoadBalancer service uses
 * one node port per port; with allocateLoadBalancerNodePorts false, only the ports that name
 * one). Charged on create and on update, since an update can change the type.
 */

const SERVICE_COUNT = objectCountName('services');
const SERVICE_RESOURCES: ReadonlySet<string> = new Set([
  SERVICE_COUNT,
  'services',
  'services.nodeports',
  'services.loadbalancers',
]);

/** Usage. */
export function serviceUsage(svc: Service): ResourceQuantities {
  const ports = svc.spec.ports ?? [];
  const out = new Map([
    [SERVICE_COUNT, count(1)],
    ['services', count(1)],
    ['services.loadbalancers', ZERO],
    ['services.nodeports', ZERO],
  ]);
  if (svc.spec.type === 'NodePort') out.set('services.nodeports', count(ports.length));
  if (svc.spec.type === 'LoadBalancer') {
    const explicitOnly = svc.spec.allocateLoadBalancerNodePorts === false;
    out.set('services.nodeports', count(explicitOnly ? ports.filter((p) => (p.nodePort ?? 0) !== 0).length : ports.length));
    out.set('services.loadbalancers', count(1));
  }
  return out;
}

/** GetQuotaServiceType: NodePort or LoadBalancer, else none (what a replenishing update compares). */
export function quotaServiceType(svc: Service): string {
  return svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer' ? svc.spec.type : '';
}

/** NewServiceEvaluator. */
export const serviceEvaluator: Evaluator = {
  groupResource: 'services',
  matchingResources: (input) => intersection(input, SERVICE_RESOURCES),
  handles: () => true,
  constraints: () => undefined,
  matchesScope: () => false,
  usage: (obj) => serviceUsage(obj as Service),
};
