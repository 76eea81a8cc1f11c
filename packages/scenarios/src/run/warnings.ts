import { GARBAGE_COLLECTOR, RESOURCE_QUOTA_CONTROLLER } from '@kubesim/controllers';
import { type ClusterView, type Controller, isKind, KINDS, type KubeObject, type LoadSpec } from '@kubesim/core';

/**
 * What a run did not act on, said once: objects of a kind no kubesim controller serves, and
 * fields whose upstream effect kubesim does not reproduce. A green run must mean something
 * happened; a DaemonSet that no controller reads would otherwise show `DESIRED 0` and pass.
 *
 * Only what the user (kubectl, manifests) or the world wrote is looked at: a controller's own
 * objects repeat what their owner's template said, and the owner was looked at already.
 */

/** Kinds that are data upstream too: read by controllers, acted on by none of their own. */
const DATA_KINDS: ReadonlySet<string> = new Set(['ControllerRevision', 'Event', 'ConfigMap', 'Secret']);

/** Kinds an admission plugin kubesim runs acts on (LimitRanger), with no controller of their own. */
const ADMISSION_KINDS: readonly string[] = ['LimitRange'];

/**
 * The kinds some controller watches, the garbage collector and the resource quota controller
 * aside: they watch every kind, but never act on what an object's spec asks for.
 */
export function kindsServed(controllers: readonly Controller[]): ReadonlySet<string> {
  const served = new Set<string>([...DATA_KINDS, ...ADMISSION_KINDS]);
  for (const c of controllers) {
    // The resource quota controller watches every kind quota charges, to give usage back when
    // an object goes; of their specs it acts on none.
    if (c.component === RESOURCE_QUOTA_CONTROLLER) served.add('ResourceQuota');
    else if (c.component !== GARBAGE_COLLECTOR) for (const w of c.watches) served.add(w.kind);
  }
  return served;
}

/**
 * Pod spec fields kubesim accepts and stores but does not act on, with what a user should
 * expect instead. Paths are relative to a pod spec; `containers[]` covers every container.
 */
const UNMODELLED_POD_FIELDS: readonly (readonly [path: string, consequence: string])[] = [
  ['affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution', 'preferred node affinity does not score nodes'],
  ['affinity.podAffinity', 'the scheduler places pods as if it were absent'],
  ['affinity.podAntiAffinity', 'the scheduler places pods as if it were absent'],
  ['topologySpreadConstraints', 'the scheduler places pods as if they were absent'],
  ['schedulingGates', 'scheduling gates are not honoured: the pod is scheduled as if it had none'],
  ['priorityClassName', 'pods have no priority and nothing is preempted'],
  ['priority', 'pods have no priority and nothing is preempted'],
  ['preemptionPolicy', 'pods have no priority and nothing is preempted'],
  ['initContainers', 'init containers are not run: the app containers start as if there were none'],
  ['ephemeralContainers', 'ephemeral containers are not run'],
  ['readinessGates', 'readiness gates are not evaluated: a pod is ready when its containers are'],
  ['activeDeadlineSeconds', 'the kubelet does not end a pod at its deadline'],
  ['runtimeClassName', 'a RuntimeClass has no scheduling or overhead effect'],
  ['overhead', 'pod overhead is not counted by the scheduler'],
  ['resources', 'pod-level resources are not counted by the scheduler (quota and the QoS class use them)'],
  ['containers[].livenessProbe', 'liveness probes are not run: containers are never restarted by one'],
  ['containers[].startupProbe', 'startup probes are not run: readiness probes start at once'],
  ['containers[].lifecycle', 'postStart and preStop hooks are not run'],
];

/** Where a kind keeps the pod spec its pods are made from. */
const POD_SPEC_AT: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function at(obj: unknown, path: readonly string[]): unknown {
  let v = obj;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** Whether a field is set: present and not an empty list or object. */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function podFieldSet(spec: unknown, field: string): boolean {
  if (!field.startsWith('containers[].')) return isSet(at(spec, field.split('.')));
  const rest = field.slice('containers[].'.length).split('.');
  const containers = at(spec, ['containers']);
  return Array.isArray(containers) && containers.some((c) => isSet(at(c, rest)));
}

const plural = (kind: string): string => KINDS.find((k) => k.kind === kind)?.resource ?? `${kind.toLowerCase()}s`;

/** The first few names, then how many more. */
function shortList(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN_NAMES).join(', ');
  return names.length > SHOWN_NAMES ? `${shown} and ${names.length - SHOWN_NAMES} more` : shown;
}
const SHOWN_NAMES = 3;

/** Collects the run's warnings as objects are written; each subject is said once, naming its objects. */
export class RunWarnings {
  private readonly served: ReadonlySet<string>;
  /** Subject → the objects it concerns, in the order first seen. */
  private readonly subjects = new Map<string, { readonly text: (names: string) => string; readonly names: Set<string> }>();

  constructor(controllers: readonly Controller[]) {
    this.served = kindsServed(controllers);
  }

  /** Looks at an object the user or the world wrote. */
  observe(obj: KubeObject): void {
    const name = `${obj.metadata.namespace !== undefined ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name ?? ''}`;
    if (!this.served.has(obj.kind)) {
      this.add(
        `kind/${obj.kind}`,
        (names) =>
          `no kubesim controller acts on ${obj.kind} objects (${names}): they are stored and listed, and nothing else happens`,
        name,
      );
    }
    const specAt = POD_SPEC_AT[obj.kind];
    if (specAt === undefined) return;
    const spec = at(obj, specAt);
    for (const [field, consequence] of UNMODELLED_POD_FIELDS) {
      if (!podFieldSet(spec, field)) continue;
      const path = [...specAt, field].join('.');
      this.add(
        `field/${obj.kind}/${path}`,
        (names) => `${path} of ${plural(obj.kind)} (${names}) is not modelled: ${consequence}`,
        name,
      );
    }
  }

  /** A Node the user wrote that no simulated kubelet runs (not one of the scenario's cluster.nodes). */
  nodeWithoutKubelet(name: string): void {
    this.add(
      'node/no-kubelet',
      (names) =>
        `node ${names} has no simulated kubelet (only cluster.nodes have one): it never heartbeats, turns Unknown after node-monitor-grace-period (50s; 60s if it never posted Ready) and is tainted unreachable, and pods bound to it never start; name it under cluster.nodes to give it a kubelet`,
      name,
    );
  }

  private add(subject: string, text: (names: string) => string, name: string): void {
    const s = this.subjects.get(subject);
    if (s === undefined) this.subjects.set(subject, { text, names: new Set([name]) });
    else s.names.add(name);
  }

  /**
   * The scenario's loads at the end of a run: one nothing measured (no metrics-server), and one
   * whose target is not there (its load reached no pod while it was missing).
   */
  loads(loads: readonly LoadSpec[], view: ClusterView, metricsServer: boolean): void {
    for (const l of loads) {
      const t = l.target;
      const what = `${t.kind.toLowerCase()}/${t.name}`;
      if (!metricsServer) {
        this.add(
          'load/unmeasured',
          (names) => `load on ${names} is not measured: the scenario runs no metrics-server (metricsServer: false)`,
          what,
        );
      } else if (!isKind(t.kind) || view.get(t.kind, t.namespace, t.name) === undefined) {
        this.add(
          `load/missing/${t.namespace}`,
          (names) =>
            `load on ${names}: no such object in namespace ${t.namespace} at the end of the run; its load reached no pod while it was missing`,
          what,
        );
      }
    }
  }

  /** The warnings, one line each, in the order their subjects were first met. */
  list(): string[] {
    return [...this.subjects.values()].map((s) => s.text(shortList([...s.names])));
  }
}
