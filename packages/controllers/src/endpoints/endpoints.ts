import {
  type Change,
  type ClusterView,
  type Controller,
  deepEqual,
  type Effect,
  type Endpoints,
  type Pod,
  type ReconcileContext,
  type Selector,
  type Service,
  selectorFromSetOrNothing,
} from '@kubesim/core';
import { refOf } from '../util/effects.js';
import { endpointSubsets } from './subsets.js';

/**
 * The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go): for every
 * Service with a selector, an Endpoints object of the same name listing the matching pods,
 * ready ones under addresses and the others under notReadyAddresses, with the hostname of
 * pods whose subdomain is the service. Services without a selector are left to their users.
 */
export const ENDPOINT_CONTROLLER = 'endpoint-controller';

/** LabelServiceHeadless: set on the Endpoints of a headless service. */
export const LABEL_SERVICE_HEADLESS = 'service.kubernetes.io/headless';

const selectors = new WeakMap<Service, Selector>();

function selectorOf(svc: Service): Selector {
  let sel = selectors.get(svc);
  if (sel === undefined) {
    sel = selectorFromSetOrNothing(svc.spec.selector);
    selectors.set(svc, sel);
  }
  return sel;
}

/** A pod change concerns the services (of its namespace) that select it before or after. */
function podKeys(change: Change, view: ClusterView): Iterable<string> {
  const before = change.old as Pod | undefined;
  const after = change.new as Pod | undefined;
  const namespace = (after ?? before)?.metadata.namespace;
  const keys: string[] = [];
  view.forEach('Service', namespace, (svc) => {
    const sel = selectorOf(svc);
    if (
      (before !== undefined && sel.matches(before.metadata.labels)) ||
      (after !== undefined && sel.matches(after.metadata.labels))
    ) {
      keys.push(`${svc.metadata.namespace}/${svc.metadata.name}`);
    }
    return true;
  });
  return keys;
}

/** The Endpoints object's labels: the service's, plus the headless marker. */
function endpointsLabels(svc: Service): Record<string, string> | undefined {
  const labels = { ...(svc.metadata.labels ?? {}) };
  if (svc.spec.clusterIP === 'None') labels[LABEL_SERVICE_HEADLESS] = '';
  return Object.keys(labels).length === 0 ? undefined : labels;
}

/** syncService. */
function syncService(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  if (ctx.inFlight() > 0) return [];
  const existing = view.getByKey('Endpoints', key);
  const svc = view.getByKey('Service', key);
  if (svc === undefined) {
    // The service is gone: so are its endpoints (only the ones this controller manages).
    return existing === undefined ? [] : [{ type: 'delete', ref: refOf(existing), uid: existing.metadata.uid as string }];
  }
  // An ExternalName service gets no endpoints from this controller, selector or not (upstream
  // returns before the selector check, kubernetes#105986); nor does one without a selector.
  if (svc.spec.type === 'ExternalName') return [];
  if (svc.spec.selector === undefined || Object.keys(svc.spec.selector).length === 0) return [];
  const sel = selectorOf(svc);
  const pods: Pod[] = [];
  view.forEach('Pod', svc.metadata.namespace, (pod) => {
    if (sel.matches(pod.metadata.labels)) pods.push(pod);
    return true;
  });
  const subsets = endpointSubsets(svc, pods);
  const labels = endpointsLabels(svc);
  if (existing !== undefined && deepEqual(existing.subsets ?? [], subsets) && deepEqual(existing.metadata.labels, labels))
    return [];
  const metadata: Endpoints['metadata'] =
    existing === undefined
      ? { name: svc.metadata.name as string, namespace: svc.metadata.namespace as string }
      : (({ resourceVersion: _rv, ...m }) => m)(existing.metadata);
  const object: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...metadata, ...(labels !== undefined ? { labels } : {}) },
    ...(subsets.length > 0 ? { subsets } : {}),
  };
  if (labels === undefined) delete object.metadata.labels;
  return [{ type: existing === undefined ? 'create' : 'update', object }];
}

export function endpointsController(): Controller {
  return {
    name: 'endpoints',
    component: ENDPOINT_CONTROLLER,
    watches: [{ kind: 'Service' }, { kind: 'Pod', keys: podKeys }],
    reconcile: syncService,
    // --concurrent-endpoint-syncs
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}
