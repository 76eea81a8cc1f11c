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
  type WriteReport,
} from '@kubesim/core';
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

/** maxRetries: a service whose sync keeps failing is dropped after this many requeues. */
const MAX_RETRIES = 15;

/** The rate limiter's per-item back-off (5ms doubling) for a sync that returns an error without a failed call. */
function errorRequeue(key: string, ctx: ReconcileContext): Effect[] {
  const tries = ctx.memory<number>(`errors/${key}`) ?? 0;
  if (tries >= MAX_RETRIES) return [{ type: 'remember', key: `errors/${key}`, value: undefined }];
  return [
    { type: 'requeueAfter', after: 5 * 2 ** tries },
    { type: 'remember', key: `errors/${key}`, value: tries + 1 },
  ];
}

/** The Event recorded on the Endpoints when its write fails. */
function failureReport(svc: Service, endpoints: Endpoints, create: boolean): WriteReport {
  const ns = svc.metadata.namespace as string;
  const name = svc.metadata.name as string;
  return {
    involved: { kind: 'Endpoints', namespace: ns, name, uid: endpoints.metadata.uid ?? '' },
    failure: create
      ? {
          eventType: 'Warning',
          reason: 'FailedToCreateEndpoint',
          message: `Failed to create endpoint for service ${ns}/${name}: `,
        }
      : { eventType: 'Warning', reason: 'FailedToUpdateEndpoint', message: `Failed to update endpoint ${ns}/${name}: ` },
  };
}

/**
 * syncService: one call at most. A service gone: DELETE its Endpoints by name (NotFound is
 * fine). Otherwise the Endpoints computed from the pods, created or updated over the version
 * the informer has (a stale one meets Conflict), unless they are already so.
 *
 * No expectations; the staleEndpointsTracker instead: after an update, a sync that still finds
 * the version it replaced in its informer returns an error ("endpoints informer cache is out
 * of date") and is retried through the rate limiter. Here the replaced version is remembered
 * when the update is sent; it is stale while that write has not reached the informer yet
 * (ctx.inFlight) and the update did not fail.
 */
function syncService(view: ClusterView, key: string, ctx: ReconcileContext): Effect[] {
  const svc = view.getByKey('Service', key);
  const replacedKey = `replaced/${key}`;
  const replaced = ctx.memory<string>(replacedKey);
  const forget: Effect[] = [];
  if (replaced !== undefined) forget.push({ type: 'remember', key: replacedKey, value: undefined });
  if (ctx.memory(`errors/${key}`) !== undefined) forget.push({ type: 'remember', key: `errors/${key}`, value: undefined });
  if (svc === undefined) {
    const [namespace, name] = key.split('/') as [string, string];
    return [...forget, { type: 'delete', ref: { kind: 'Endpoints', namespace, name } }];
  }
  // An ExternalName service gets no endpoints from this controller, selector or not (upstream
  // returns before the selector check, kubernetes#105986); nor does one without a selector.
  if (svc.spec.type === 'ExternalName') return forget;
  if (svc.spec.selector === undefined || Object.keys(svc.spec.selector).length === 0) return forget;
  const existing = view.getByKey('Endpoints', key);
  const updateFailed = ctx.failures().some((f) => f.write === 'Update');
  if (
    existing !== undefined &&
    replaced !== undefined &&
    existing.metadata.resourceVersion === replaced &&
    ctx.inFlight() > 0 &&
    !updateFailed
  ) {
    return errorRequeue(key, ctx);
  }
  const sel = selectorOf(svc);
  const pods: Pod[] = [];
  view.forEach('Pod', svc.metadata.namespace, (pod) => {
    if (sel.matches(pod.metadata.labels)) pods.push(pod);
    return true;
  });
  const subsets = endpointSubsets(svc, pods);
  const labels = endpointsLabels(svc);
  if (existing !== undefined && deepEqual(existing.subsets ?? [], subsets) && deepEqual(existing.metadata.labels, labels))
    return forget;
  const metadata: Endpoints['metadata'] =
    existing === undefined
      ? { name: svc.metadata.name as string, namespace: svc.metadata.namespace as string }
      : existing.metadata;
  const object: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...metadata, ...(labels !== undefined ? { labels } : {}) },
    ...(subsets.length > 0 ? { subsets } : {}),
  };
  if (labels === undefined) delete object.metadata.labels;
  if (existing === undefined) return [...forget, { type: 'create', object, report: failureReport(svc, object, true) }];
  return [
    ...forget.filter((e) => e.type === 'remember' && e.key !== replacedKey),
    { type: 'update', object, report: failureReport(svc, object, false) },
    { type: 'remember', key: replacedKey, value: existing.metadata.resourceVersion },
  ];
}

/** onEndpointsDelete: Endpoints gone wake their service (which recreates them if it still selects). */
function endpointsKeys(change: Change): Iterable<string> {
  return change.new === undefined ? [change.key] : [];
}

/** The Endpoints controller (5 workers): a Service's ready and not-ready addresses. */
export function endpointsController(): Controller {
  return {
    name: 'endpoints',
    component: ENDPOINT_CONTROLLER,
    watches: [{ kind: 'Service' }, { kind: 'Pod', keys: podKeys }, { kind: 'Endpoints', keys: endpointsKeys }],
    reconcile: syncService,
    // --concurrent-endpoint-syncs
    runtime: { process: 'kube-controller-manager', workers: 5 },
  };
}
