import { isKind, KINDS, parseDuration, parseStartTime } from '@kubesim/core';
import { z } from 'zod';
import { INVARIANT_NAMES } from '../invariants/library.js';
import { SUPPORTED_VERBS } from '../kubectl/kubectl.js';
import { CONTROLLER_NAMES, PROCESS_NAMES, RUNNING_CONTROLLERS, unknownController, unknownProcess } from './controlPlane.js';
import { DISTRIBUTION_SYNTAX, parseDistribution } from './distribution.js';
import { API_ERRORS, WATCH_MODES, WRITE_VERBS } from './faults.js';
import { parseFineDuration } from './fineDuration.js';
import { type ExternalMetricEntry, ExternalMetricEntrySchema, type LoadEntry, LoadEntrySchema } from './loadSection.js';
import {
  DISTRIBUTION_PATTERN,
  DNS_SUBDOMAIN_PATTERN,
  DURATION_PATTERN,
  FINE_DURATION_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
  NON_NEGATIVE_DURATION_PATTERN,
  QUANTITY_PATTERN,
  RFC3339_PATTERN,
} from './patterns.js';
import { type UsageEntry, UsageSchema } from './usage.js';

/** A delay as a scenario writes it: a duration (`500ms`, `2s`), a distribution, or milliseconds. */
export type DelayText = string | number;
/** A resource quantity as a scenario writes it (`500m`, `2Gi`, or a number). */
export type QuantityText = string | number;

/** A node as a scenario's `cluster.nodes:` list or a `nodeJoins` fault describes it. */
export interface NodeEntry {
  name: string;
  cpu?: QuantityText | undefined;
  memory?: string | undefined;
  pods?: number | undefined;
  labels?: Record<string, string> | undefined;
  taints?: { key: string; value?: string | undefined; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[] | undefined;
  unschedulable?: boolean | undefined;
}

/** A scenario's `images:` entry: the pull, start and ready delays of the images it matches. */
export interface ImageEntry {
  match: string;
  pull?: DelayText | undefined;
  start?: DelayText | undefined;
  ready?: DelayText | undefined;
  stop?: DelayText | undefined;
  pullError?: string | undefined;
  neverReady?: boolean | undefined;
  crashAfter?: DelayText | undefined;
  exitAfter?: DelayText | undefined;
  exitCode?: number | undefined;
  exitCodes?: Record<string, number> | undefined;
  termExitCode?: number | undefined;
  logs?: string | undefined;
  byIndex?: Record<string, IndexEntry> | undefined;
  usage?: UsageEntry | undefined;
}

/** An image behaviour for pods of one completion index (`images[].byIndex`). */
export interface IndexEntry {
  exitAfter?: DelayText | undefined;
  exitCode?: number | undefined;
  exitCodes?: Record<string, number> | undefined;
  logs?: string | undefined;
}

/** A pod a fault names, by name or selector, in a namespace. */
export interface PodRefEntry {
  pod: string;
  namespace?: string | undefined;
}

/** A scenario's `faults:` entry: one node, pod or control-plane fault at its time. */
export interface FaultEntry {
  nodeFails?: string | undefined;
  nodeRecovers?: string | undefined;
  nodeJoins?: NodeEntry | undefined;
  podKilled?: string | { pod?: string | undefined; selector?: string | undefined; namespace?: string | undefined } | undefined;
  containerCrashes?: (PodRefEntry & { container?: string | undefined; exitCode?: number | undefined }) | undefined;
  imageProfile?: ImageEntry | undefined;
  kubeletRestart?: string | { node: string; downtime?: string | undefined } | undefined;
  nodePartition?: string | { node: string; duration?: string | undefined } | undefined;
  nodePartitionHeals?: string | undefined;
  clockSkew?: { node: string; skew: string } | undefined;
  controllerLag?: { controller: string; lag?: string | undefined; events?: number | undefined } | undefined;
  controllerRestart?: string | { controller: string; delay?: string | undefined; relistLag?: string | undefined } | undefined;
  watchFault?: WatchFaultEntry | undefined;
  apiFaults?: ApiFaultsEntry | undefined;
}

interface FaultTargetEntry {
  controller?: string | undefined;
  kind?: string | undefined;
  duration?: string | undefined;
}

/** A fault's `watchFault:`: watch notifications delayed, dropped or duplicated. */
export interface WatchFaultEntry extends FaultTargetEntry {
  mode: 'delay' | 'drop' | 'duplicate';
  delay?: string | undefined;
}

/** A fault's `apiFaults:`: API writes that fail with an error. */
export interface ApiFaultsEntry extends FaultTargetEntry {
  verb?: 'create' | 'update' | 'patch' | 'delete' | undefined;
  error: 'Conflict' | 'InternalError' | 'Timeout' | 'Rejected';
  probability?: number | undefined;
  count?: number | undefined;
  message?: string | undefined;
}

/** A process's timing in `cluster.controlPlane.processes:`. */
export interface ProcessTimingEntry {
  qps?: number | 'unlimited' | undefined;
  burst?: number | undefined;
  eventQps?: number | 'unlimited' | undefined;
  eventBurst?: number | undefined;
  informerLag?: string | undefined;
}

/** A controller's timing in `cluster.controlPlane.controllers:`. */
export interface ControllerTimingEntry {
  workers?: number | 'unlimited' | undefined;
  syncBase?: string | number | undefined;
  syncPerObject?: string | number | undefined;
}

/** A scenario's `cluster.controlPlane:`: the timing profile, API latency, and per-process and per-controller timing. */
export interface ControlPlaneEntry {
  profile?: 'upstream' | 'instant' | undefined;
  apiLatency?: DelayText | undefined;
  processes?: Record<string, ProcessTimingEntry | undefined> | undefined;
  controllers?: Record<string, ControllerTimingEntry | undefined> | undefined;
}

/** A scenario file, as the schema reads it. */
export interface ScenarioFile {
  name?: string | undefined;
  description?: string | undefined;
  seed?: string | number | undefined;
  startTime?: string | undefined;
  until?: string | undefined;
  maxEvents?: number | undefined;
  limits?: { pods?: number | undefined; nodes?: number | undefined; objects?: number | undefined } | undefined;
  cluster?:
    | {
        nodes?: number | NodeEntry[] | (Omit<NodeEntry, 'name'> & { count: number }) | undefined;
        defaultStorageClass?: string | undefined;
        latency?: { api?: string | undefined; controller?: string | undefined } | undefined;
        controlPlane?: ControlPlaneEntry | undefined;
      }
    | undefined;
  images?: ImageEntry[] | undefined;
  manifests?:
    | (
        | { file: string; apply?: boolean | undefined }
        | { name: string; inline: string | Record<string, unknown> | Record<string, unknown>[]; apply?: boolean | undefined }
      )[]
    | undefined;
  steps?:
    | (
        | { at: string; kubectl: string }
        | { at: string; fault: FaultEntry }
        | { at: string; within?: string | undefined; expect: ExpectEntry }
      )[]
    | undefined;
  invariants?: string[] | undefined;
  load?: LoadEntry[] | undefined;
  externalMetrics?: ExternalMetricEntry[] | undefined;
  metricsServer?: boolean | undefined;
}

/**
 * The scenario file format (YAML), defined once here: the loader validates against it and
 * the JSON Schema in scenario.schema.json is generated from it (`pnpm --filter
 * @kubesim/scenarios run schema`). Unknown keys are errors, so a typo never passes silently.
 */

const isDuration = (s: string): boolean => {
  try {
    parseDuration(s);
    return true;
  } catch {
    return false;
  }
};

const isStartTime = (s: string): boolean => {
  try {
    parseStartTime(s);
    return true;
  } catch {
    return false;
  }
};

const isDistribution = (s: string): boolean => {
  try {
    parseDistribution(s);
    return true;
  } catch {
    return false;
  }
};

const Duration = z
  .string()
  .refine(isDuration, { error: 'not a duration (write it as Go does: 500ms, 30s, 1m30s, 2h)' })
  .meta({ pattern: DURATION_PATTERN })
  .describe('A Go duration: 500ms, 30s, 1m30s, 2h.');

const Delay = z
  .union([z.string().meta({ pattern: DISTRIBUTION_PATTERN }), z.number().nonnegative()], {
    error: `expected ${DISTRIBUTION_SYNTAX}`,
  })
  .refine((v) => typeof v === 'number' || isDistribution(v), { error: `expected ${DISTRIBUTION_SYNTAX}` })
  .describe(`A delay: ${DISTRIBUTION_SYNTAX}. A bare number is milliseconds.`);

// The patterns (.meta) are for the JSON Schema only: the loader's own checks and messages stay.
const QuantityText: z.ZodString = z.string().meta({ pattern: QUANTITY_PATTERN });
const Quantity = z.union([QuantityText, z.number()], { error: 'expected a quantity (4, 3500m, 8Gi)' });
const Labels = z.record(
  z.string().meta({ pattern: LABEL_KEY_PATTERN }),
  z.string().meta({ pattern: LABEL_VALUE_PATTERN, maxLength: 63 }),
);

const Taint = z.strictObject({
  key: z.string().meta({ pattern: LABEL_KEY_PATTERN }),
  value: z.string().meta({ pattern: LABEL_VALUE_PATTERN, maxLength: 63 }).optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

const Node = z.strictObject({
  name: z.string().meta({ pattern: DNS_SUBDOMAIN_PATTERN, maxLength: 253 }).describe('The node name (a DNS subdomain).'),
  cpu: Quantity.optional().describe('CPU capacity. Default 4.'),
  memory: QuantityText.optional().describe('Memory capacity. Default 8Gi.'),
  pods: z.number().int().positive().optional().describe('Pod capacity. Default 110.'),
  labels: Labels.optional(),
  taints: z.array(Taint).optional(),
  unschedulable: z.boolean().optional(),
});

const NodeCapacity = Node.omit({ name: true });

const ExitCodes = z.record(z.string().regex(/^\d+$/, 'an exit code (0-255)'), z.number().nonnegative());

const IndexRun = z.strictObject({
  exitAfter: Delay.optional(),
  exitCode: z.number().int().min(0).max(255).optional(),
  exitCodes: ExitCodes.optional(),
  logs: z.string().optional(),
});

const ImageSchema = z
  .strictObject({
    match: z.string().describe('An image (nginx:1.25) or a glob over images (nginx:*, *). The first matching entry wins.'),
    pull: Delay.optional().describe('Pulling the image when the node does not have it.'),
    start: Delay.optional().describe('Creating and starting a container once the image is there.'),
    ready: Delay.optional().describe('From start until the readiness probe first passes.'),
    stop: Delay.optional().describe('From SIGTERM until the process exits (the grace period caps it).'),
    pullError: z.string().optional().describe('Every pull fails with this message (ErrImagePull, then ImagePullBackOff).'),
    neverReady: z.boolean().optional().describe('The readiness probe never passes.'),
    crashAfter: Delay.optional().describe('The process exits after running this long (CrashLoopBackOff).'),
    exitAfter: Delay.optional().describe(
      "The process runs to completion after this long (a Job's pod). Exit code 0 unless exitCode says.",
    ),
    exitCode: z
      .number()
      .int()
      .min(0)
      .max(255)
      .optional()
      .describe('The exit code of crashAfter (default 1) or exitAfter (default 0).'),
    exitCodes: ExitCodes.optional().describe('The exit code drawn per run, by weight: { "0": 3, "1": 1 }.'),
    termExitCode: z
      .number()
      .int()
      .min(0)
      .max(255)
      .optional()
      .describe(
        'The exit code when SIGTERM stops it within the grace period: default 0, or 143 for a process with crashAfter or exitAfter.',
      ),
    logs: z.string().optional().describe('What the process prints (kubectl logs).'),
    usage: UsageSchema.optional(),
    byIndex: z
      .record(z.string().regex(/^\d+$/, 'a Job completion index (0, 1, ...)'), IndexRun)
      .optional()
      .describe('Per Job completion index: what its containers do instead.'),
  })
  .refine((e) => e.crashAfter === undefined || e.exitAfter === undefined, {
    message: 'give crashAfter or exitAfter, not both',
    path: ['exitAfter'],
  })
  // Each refine is also written for the JSON Schema (.meta), which cannot run it.
  .meta({ not: { required: ['crashAfter', 'exitAfter'] } })
  .describe('How containers of an image behave.');

const QPS_ERROR = 'expected a number above 0, or unlimited';
const Qps = z.union(
  [z.number({ error: QPS_ERROR }).positive({ error: QPS_ERROR }), z.literal('unlimited', { error: QPS_ERROR })],
  { error: QPS_ERROR },
);

const COUNT_ERROR = 'expected a whole number of 1 or more';
const Count = z.number({ error: COUNT_ERROR }).int({ error: COUNT_ERROR }).min(1, { error: COUNT_ERROR });

const WORKERS_ERROR = 'expected a whole number of 1 or more, or unlimited';
const Workers = z.union(
  [
    z.number({ error: WORKERS_ERROR }).int({ error: WORKERS_ERROR }).min(1, { error: WORKERS_ERROR }),
    z.literal('unlimited', { error: WORKERS_ERROR }),
  ],
  { error: WORKERS_ERROR },
);

/** An informer lag: a Go duration in whole milliseconds (simulated time has no finer tick). */
const Lag = z
  .string({ error: 'expected a duration (5ms, 1s)' })
  .superRefine((s, ctx) => {
    let ms: number;
    try {
      ms = parseDuration(s);
    } catch {
      let fine = false;
      try {
        parseFineDuration(s);
        fine = true;
      } catch {}
      ctx.addIssue({
        code: 'custom',
        message: fine
          ? 'must be whole milliseconds: simulated time has a resolution of 1ms'
          : 'not a duration (write it as Go does: 0s, 5ms, 1s)',
      });
      return;
    }
    if (ms < 0) ctx.addIssue({ code: 'custom', message: 'must not be negative' });
  })
  .meta({ pattern: NON_NEGATIVE_DURATION_PATTERN })
  .describe('A Go duration in whole milliseconds: 0s, 5ms, 1s.');

const SYNC_COST_SYNTAX = 'a Go duration to the nanosecond (100us, 2µs, 1.5ms, 0s) or a number of milliseconds (0.002)';

/** A sync cost: a duration finer than the clock, kept as fractional milliseconds. */
const SyncCost = z
  .union([z.string().meta({ pattern: FINE_DURATION_PATTERN }), z.number().nonnegative({ error: 'must not be negative' })], {
    error: `expected ${SYNC_COST_SYNTAX}`,
  })
  .superRefine((v, ctx) => {
    if (typeof v === 'number') return;
    try {
      parseFineDuration(v);
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: v.trim().startsWith('-')
          ? 'must not be negative'
          : `not a duration (${(e as Error).message}); write ${SYNC_COST_SYNTAX}`,
      });
    }
  })
  .describe(`Simulated time: ${SYNC_COST_SYNTAX}.`);

const ProcessTimingSchema = z
  .strictObject({
    qps: Qps.optional().describe("Its client's requests a second (--kube-api-qps, the kubelet's kubeAPIQPS), or unlimited."),
    burst: Count.optional().describe("Its client's requests at once (--kube-api-burst)."),
    eventQps: Qps.optional().describe('A client of its own for Events: its requests a second, or unlimited.'),
    eventBurst: Count.optional().describe("The Events client's burst."),
    informerLag: Lag.optional().describe("From a write landing in the API server to the process's informers seeing it."),
  })
  .meta({
    id: 'ProcessTiming',
    description:
      'A process: its client (one per controller in kube-controller-manager, one per node for the kubelet) and its informers.',
  });

const PROCESS_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'kube-controller-manager': "Upstream: qps 20, burst 30; Events through the controller's own client.",
  'kube-scheduler': 'Upstream: qps 50, burst 100; Events through a second client (eventQps 50, eventBurst 100).',
  kubelet: 'Upstream, per node: qps 50, burst 100; Events through its own client (eventQps 50, eventBurst 100).',
  'external-provisioner': 'The CSI external-provisioner sidecar. Upstream: qps 5, burst 10.',
};

const Processes = z
  .strictObject(
    Object.fromEntries(
      PROCESS_NAMES.map((name) => [name, ProcessTimingSchema.optional().describe(PROCESS_DESCRIPTIONS[name] ?? name)]),
    ),
    { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownProcess(String(issue.keys[0])) : undefined) },
  )
  .describe("Overrides by process; a field left out keeps the profile's value.");

const ControllerTimingSchema = z
  .strictObject({
    workers: Workers.optional().describe('Concurrent syncs (--concurrent-*-syncs), or unlimited (a worker per key).'),
    syncBase: SyncCost.optional().describe('The simulated cost of one sync, before the objects it reads.'),
    syncPerObject: SyncCost.optional().describe('The simulated cost per object a sync reads from its informers.'),
  })
  .meta({ id: 'ControllerTiming', description: "A controller's workers and the simulated cost of one sync." });

function workersText(workers: number | undefined): string {
  if (workers === Number.POSITIVE_INFINITY) return 'a worker per key';
  const n = workers ?? 1;
  return `${n} worker${n === 1 ? '' : 's'}`;
}

const Controllers = z
  .strictObject(
    Object.fromEntries(
      RUNNING_CONTROLLERS.map((c) => [
        c.name,
        ControllerTimingSchema.optional().describe(`Runs in ${c.process}; upstream: ${workersText(c.workers)}.`),
      ]),
    ),
    { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownController(String(issue.keys[0])) : undefined) },
  )
  .describe("Overrides by controller; a field left out keeps the profile's value.");

const ControlPlaneSchema = z
  .strictObject({
    profile: z
      .enum(['upstream', 'instant'], { error: 'expected upstream or instant' })
      .optional()
      .describe(
        "upstream (the default): a real cluster's client limits, informer lag and sync costs; instant: every controller reacts at once.",
      ),
    apiLatency: Delay.optional().describe('From a request leaving its client to the API server answering.'),
    processes: Processes.optional(),
    controllers: Controllers.optional(),
  })
  .describe('The timing of the control plane: a profile and overrides on it. The full form of latency.');

const ManifestEntry = z.union(
  [
    z.strictObject({
      file: z.string().describe('A YAML file, relative to the scenario; `kubectl -f` names it by this path.'),
      apply: z.boolean().optional().describe('Apply it at 0s, as a first step would.'),
    }),
    z.strictObject({
      name: z.string().describe('The name `kubectl -f` uses for it.'),
      inline: z
        .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))])
        .describe('The YAML text, or the object(s) written in place.'),
      apply: z.boolean().optional(),
    }),
  ],
  { error: 'expected {file: PATH} or {name: NAME, inline: ...}' },
);

const PodRef = z.strictObject({ pod: z.string(), namespace: z.string().optional() });

const FAULT_KEYS = [
  'nodeFails',
  'nodeRecovers',
  'nodeJoins',
  'podKilled',
  'containerCrashes',
  'imageProfile',
  'kubeletRestart',
  'nodePartition',
  'nodePartitionHeals',
  'clockSkew',
  'controllerLag',
  'controllerRestart',
  'watchFault',
  'apiFaults',
];

/** A duration that is not negative. */
const Length = z
  .string()
  .refine((s) => isDuration(s) && parseDuration(s) >= 0, { error: 'not a duration of 0 or more (500ms, 30s, 1m30s)' })
  .meta({ pattern: NON_NEGATIVE_DURATION_PATTERN })
  .describe('A Go duration, not negative: 500ms, 30s, 1m30s.');

const ControllerName = z
  .string()
  .refine((n) => CONTROLLER_NAMES.includes(n), { error: (issue) => unknownController(String(issue.input)) });

const FaultTarget = z.strictObject({
  controller: ControllerName.optional().describe('Only this controller (default: every one).'),
  kind: z
    .string()
    .refine(isKind, {
      error: (issue) => `unknown kind ${JSON.stringify(issue.input)}; kubesim has ${KINDS.map((k) => k.kind).join(', ')}`,
    })
    .optional()
    .describe('Only objects of this kind (default: every kind).'),
  duration: Length.optional().describe('How long it lasts (default: to the end of the run).'),
});

const FaultSchema = z
  .strictObject({
    nodeFails: z.string().optional().describe('The node stops: no heartbeats, its containers stop progressing.'),
    nodeRecovers: z.string().optional().describe('A failed node comes back; its kubelet restarts.'),
    nodeJoins: Node.optional().describe('A new node registers.'),
    podKilled: z
      .union([
        z.string(),
        z
          .strictObject({ pod: z.string().optional(), selector: z.string().optional(), namespace: z.string().optional() })
          .refine((p) => (p.pod === undefined) !== (p.selector === undefined), { error: 'name the pod, or give a selector' })
          .meta({ oneOf: [{ required: ['pod'] }, { required: ['selector'] }] }),
      ])
      .optional()
      .describe('A pod (by name, or the first running pod a label selector matches) is deleted at once, with no grace period.'),
    containerCrashes: PodRef.extend({
      container: z.string().optional(),
      exitCode: z.number().int().min(0).max(255).optional(),
    })
      .optional()
      .describe("A container's process dies."),
    imageProfile: ImageSchema.optional().describe('An image behaves differently from now on.'),
    kubeletRestart: z
      .union([z.string(), z.strictObject({ node: z.string(), downtime: Length.optional() })])
      .optional()
      .describe("The node's kubelet process restarts (down `downtime`, default 10s); its containers run on."),
    nodePartition: z
      .union([z.string(), z.strictObject({ node: z.string(), duration: Length.optional() })])
      .optional()
      .describe(
        'The node is cut off from the API server (its pods run on); with a duration, it heals after it (else see nodePartitionHeals).',
      ),
    nodePartitionHeals: z.string().optional().describe("A node's partition heals."),
    clockSkew: z
      .strictObject({ node: z.string(), skew: Duration.describe('Signed: -30s is behind, 30s ahead; 0 puts it right.') })
      .optional()
      .describe("The node's clock reads off the true time from now on: its kubelet stamps what it writes with it."),
    controllerLag: z
      .strictObject({
        controller: ControllerName,
        lag: Length.optional().describe('Its informers show the state this long ago; 0 ends the lag.'),
        events: z.number().int().positive().optional().describe('Its informers are this many events behind.'),
      })
      .refine((l) => (l.lag === undefined) !== (l.events === undefined), { error: 'give lag or events' })
      .optional()
      .describe("A controller's informers lag behind the API server from now on (a stale view)."),
    controllerRestart: z
      .union([
        ControllerName,
        z.strictObject({
          controller: ControllerName,
          delay: Length.optional().describe('How long it is down (default 0).'),
          relistLag: Length.optional().describe('Its first list after the restart comes from an API server this far behind.'),
        }),
      ])
      .optional()
      .describe('A controller crashes and restarts: its memory, expectations and work queue are lost; it relists.'),
    watchFault: FaultTarget.extend({
      mode: z.enum(WATCH_MODES),
      delay: Length.optional().describe('How long a delayed notification waits.'),
    })
      .optional()
      .describe(
        'Watch notifications (to a controller, of a kind, or all) are delayed, dropped (then relisted) or delivered twice.',
      ),
    apiFaults: FaultTarget.extend({
      verb: z.enum(WRITE_VERBS).optional(),
      error: z.enum(API_ERRORS).describe('Timeout: the write lands, the caller sees an error.'),
      probability: z.number().gt(0).max(1).optional().describe('Each matching write fails with this probability (seeded).'),
      count: z.number().int().positive().optional().describe('The next this-many matching writes fail.'),
      message: z.string().optional().describe("The error's cause (InternalError) or the webhook's message (Rejected)."),
    })
      .optional()
      .describe('API writes fail: conflicts, server errors, timeouts whose write did land, admission rejections.'),
  })
  .refine((f) => Object.values(f).filter((v) => v !== undefined).length === 1, {
    error: `a fault names exactly one of ${FAULT_KEYS.join(', ')}`,
  })
  .meta({ minProperties: 1, maxProperties: 1 });

/** What an `expect` step checks: a field expression, an object's field, or a kubectl command's output. */
export type ExpectEntry =
  | string
  | {
      object: string;
      path: string;
      equals?: unknown;
      notEquals?: unknown;
      atLeast?: number | string | undefined;
      atMost?: number | string | undefined;
      matches?: string | undefined;
    }
  | { kubectl: string; contains?: string | undefined; matches?: string | undefined; equals?: string | undefined };

const ExpectSchema: z.ZodType<ExpectEntry> = z.union(
  [
    z.string().describe('KIND/NAME PATH OP VALUE: `deployment/web status.availableReplicas >= 2` (OP: == != >= <= > < =~).'),
    z
      .strictObject({
        object: z.string().describe('KIND/NAME (`deployment/web`), or KIND/NAMESPACE/NAME.'),
        path: z.string().describe('A field path: `status.readyReplicas`, `status.conditions[type=Available].status`.'),
        equals: z.unknown().optional(),
        notEquals: z.unknown().optional(),
        atLeast: z.union([z.number(), z.string()]).optional(),
        atMost: z.union([z.number(), z.string()]).optional(),
        matches: z.string().optional().describe('A regular expression the value (as text) matches.'),
      })
      .describe("An object's field, compared with exactly one of equals, notEquals, atLeast, atMost, matches."),
    z
      .strictObject({
        kubectl: z.string().describe('A read-only kubectl command: get, describe, rollout status/history, logs, top, events.'),
        contains: z.string().optional(),
        matches: z.string().optional().describe('A regular expression the output matches.'),
        equals: z.string().optional().describe('The whole output, exactly (a golden block).'),
      })
      .describe("A kubectl command's output, compared with exactly one of contains, matches, equals."),
  ],
  {
    error:
      'expect is KIND/NAME PATH OP VALUE, {object, path, equals|notEquals|atLeast|atMost|matches} or {kubectl, contains|matches|equals}',
  },
);

const Step = z.union(
  [
    z.strictObject({
      at: Duration.describe('When, from the start of the run.'),
      kubectl: z
        .string()
        // The loader refuses a verb kubesim does not run (its flags it checks alone).
        .meta({ pattern: `^\\s*(?:kubectl\\s+)?(?:${SUPPORTED_VERBS.join('|')})(?:\\s|$)` })
        .describe('A kubectl command line, as typed (the leading `kubectl` is optional).'),
    }),
    z.strictObject({ at: Duration, fault: FaultSchema }),
    z.strictObject({
      at: Duration,
      within: Duration.optional().describe('Passes at the first instant it holds in [at, at + within]; without it, at `at`.'),
      expect: ExpectSchema,
    }),
  ],
  { error: 'a step is {at: DURATION, kubectl: COMMAND}, {at: DURATION, fault: {...}} or {at: DURATION, expect: ...}' },
);

export const ScenarioFileSchema: z.ZodType<ScenarioFile> = z
  .strictObject({
    name: z.string().optional(),
    description: z.string().optional(),
    seed: z.union([z.string(), z.number().int()]).optional().describe('The run seed. Default 1.'),
    startTime: z
      // YAML 1.1 reads an unquoted timestamp as a date: it is the same instant as its text.
      .preprocess(
        (v) => (v instanceof Date ? v.toISOString() : v),
        z.string().meta({ pattern: RFC3339_PATTERN }).refine(isStartTime, {
          error: 'startTime is an RFC 3339 time such as 2026-03-08T01:59:00Z or 2026-03-08T01:59:00-05:00',
        }),
      )
      .optional()
      .describe(
        'The wall-clock instant the run starts at (RFC 3339): CronJob schedules and printed times count from it. Default 2026-01-01T00:00:00Z.',
      ),
    until: Duration.optional().describe('When the run ends. Default: 5m after the last step.'),
    maxEvents: z.number().int().positive().optional().describe('Stop a run that logs more events than this.'),
    limits: z
      .strictObject({
        pods: z.number().int().positive().optional().describe('Pods at once. Default 100000.'),
        nodes: z.number().int().positive().optional().describe('Nodes. Default 10000.'),
        objects: z.number().int().positive().optional().describe('Objects of all kinds. Default 1000000.'),
      })
      .optional()
      .describe('Bounds on the work of a run: it stops (exit 1) when the cluster would hold more.'),
    cluster: z
      .strictObject({
        nodes: z
          .union(
            [z.number().int().min(0), z.array(Node), z.strictObject({ count: z.number().int().min(0), ...NodeCapacity.shape })],
            {
              error: 'nodes is a count, a list of nodes, or {count, cpu, memory, ...}',
            },
          )
          .optional()
          .describe('A count (node-1..node-N), {count, cpu, memory, ...}, or a list of nodes. Default 3.'),
        defaultStorageClass: z.string().optional().describe('Create a StorageClass of this name and make it the default.'),
        latency: z
          .strictObject({ api: Duration.optional(), controller: Duration.optional() })
          .optional()
          .describe(
            'Shorthand: every API call takes exactly `api`, every informer lags by `controller`. controlPlane is the full form.',
          ),
        controlPlane: ControlPlaneSchema.optional(),
      })
      .refine((c) => c.latency === undefined || c.controlPlane === undefined, {
        error:
          'give cluster.latency (the shorthand) or cluster.controlPlane, not both: write latency.api as controlPlane.apiLatency, latency.controller as controlPlane.processes.NAME.informerLag',
        path: ['controlPlane'],
      })
      .meta({ not: { required: ['latency', 'controlPlane'] } })
      .optional(),
    images: z.array(ImageSchema).optional(),
    manifests: z.array(ManifestEntry).optional(),
    steps: z.array(Step).optional(),
    invariants: z
      .array(
        z.string().meta({
          anyOf: [
            { enum: [...INVARIANT_NAMES] },
            // eventually-stable with its bound: `eventually-stable(15m)`.
            { pattern: String.raw`^eventually-stable\(.+\)$` },
            // The scenario's own, over a field: `deployment/web status.availableReplicas >= 2 from 30s`.
            { pattern: String.raw`^\S+/\S+\s+\S+\s+\S+\s+\S` },
          ],
        }),
      )
      .optional()
      .describe('Names from the invariant library, or your own: KIND/NAME PATH OP VALUE [from DURATION] [until DURATION].'),
    load: z.array(LoadEntrySchema).optional().describe('How busy each workload is over time.'),
    externalMetrics: z.array(ExternalMetricEntrySchema).optional(),
    metricsServer: z
      .boolean()
      .optional()
      .describe('Run a metrics-server. Default: when the scenario has load, an HPA, or a kubectl autoscale or top step.'),
  })
  .describe('A kubesim scenario.');

/** The JSON Schema of the scenario file, for editors. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioFileSchema, { io: 'input', unrepresentable: 'any' });
}
