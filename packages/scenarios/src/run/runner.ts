import { defaultControllers } from '@kubesim/controllers';
import {
  type Actor,
  type Change,
  type ClusterView,
  type Controller,
  Engine,
  EventLog,
  isKind,
  isPodActive,
  type KubeObject,
  KubesimError,
  type LogEntry,
  type LogSink,
  type Millis,
  nodeFromSpec,
  parseSelector,
  randomStream,
  type SimEvent,
  type StopReason,
  stateHash,
  type Violation,
  type WriteError,
} from '@kubesim/core';
import { describeResult, ExpectationRunner } from '../expect/run.js';
import type { Expectation, ExpectationResult } from '../expect/types.js';
import { createInvariants } from '../invariants/library.js';
import type { ScenarioInvariant } from '../invariants/types.js';
import { kubectl } from '../kubectl/kubectl.js';
import { errorLine, type KubectlOutcome, type KubectlWrite, type Watcher } from '../kubectl/outcome.js';
import { ResourceError } from '../kubectl/resources.js';
import { podRow } from '../printers/pods.js';
import { SeriesRecorder } from '../report/series/recorder.js';
import type { RunSeries } from '../report/series/types.js';
import { engineControlPlane } from '../scenario/controlPlane.js';
import { componentFaultEvent } from '../scenario/faults.js';
import { wantsMetricsServer } from '../scenario/metricsServer.js';
import { describeFault, type Fault, isKubectlStep, type ProfileName, type Scenario, type Step } from '../scenario/model.js';
import { withControllers } from './controllers.js';
import { scenarioHash } from './scenarioHash.js';
import { finalTables } from './tables.js';
import type { TimelineLine } from './timeline.js';
import { RunWarnings } from './warnings.js';

/** What a step did: what it printed, and kubectl's exit code (undefined while a watch still waits at the end). */
export interface StepResult {
  readonly at: Millis;
  readonly step: string;
  readonly location?: string;
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

/** One invariant's verdict in a RunReport: whether it held, its violations, and what it could not judge. */
export interface InvariantReport {
  readonly name: string;
  readonly description: string;
  readonly holds: boolean;
  readonly violations: readonly Violation[];
  /** What it could not judge and why (a liveness property's "not applicable"); absent when none. */
  readonly notes?: readonly string[];
}

/**
 * What `kubesim run` reports: the run's bounds and hashes, why it stopped, its steps, timeline,
 * invariant verdicts and expectations.
 */
export interface RunReport {
  readonly scenario?: string;
  readonly seed: string;
  /** Log entries written. */
  readonly events: number;
  readonly simulatedMs: Millis;
  /** sha256 of the JSONL event log. */
  readonly logHash: string;
  readonly stateHash: string;
  readonly stoppedBy: StopReason;
  /** Why a bound stopped the run early. */
  readonly message?: string;
  readonly steps: readonly StepResult[];
  readonly timeline: readonly TimelineLine[];
  readonly invariants: readonly InvariantReport[];
  /** What the run did not act on: kinds no controller serves, fields kubesim does not model. */
  readonly warnings: readonly string[];
  /** The `kubectl get` tables of the kinds present at the end. */
  readonly tables: string;
  /** The cluster at the end, for more queries. */
  readonly view: ClusterView;
  /** The run's time series (RunOptions.series), for --json and the HTML report. */
  readonly series?: RunSeries;
  /** How the scenario's `expect` steps came out, in its order (absent when it has none). */
  readonly expectations?: readonly ExpectationResult[];
}

/**
 * How runScenario runs a scenario: overrides of its seed, end and control-plane profile, a log sink,
 * progress, series, controllers.
 */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string;
  /** Overrides the scenario's end. */
  readonly until?: Millis;
  /** Receives each log line (JSONL) as it is written. */
  readonly log?: LogSink;
  /** Overrides the scenario's control-plane profile; its other timing overrides still apply. */
  readonly controlPlane?: ProfileName;
  /** Called now and then with the simulated time, for a progress bar. */
  readonly onProgress?: (now: Millis, until: Millis) => void;
  /** Records the time series the HTML report draws (RunReport.series). */
  readonly series?: boolean;
  /** Controllers in place of the defaults of the same name, or added to them (see withControllers). */
  readonly controllers?: readonly Controller[];
}

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const NAMESPACE = 'default';

/** A pending action of the run: a step, or a watching command's deadline. */
type Action =
  | { readonly at: Millis; readonly step: Step; readonly index: number }
  | { readonly at: Millis; readonly deadline: ActiveWatch }
  /** An `expect` step looking (or, `end`, its `within` running out). */
  | { readonly at: Millis; readonly expect: Expectation; readonly end: boolean }
  /** A client's retry of a refused write (drain's eviction after a 429). */
  | { readonly at: Millis; readonly retry: { readonly write: KubectlWrite; readonly watch: ActiveWatch } };

interface ActiveWatch {
  readonly watcher: Watcher;
  readonly result: StepResult;
  done: boolean;
}

/**
 * Runs a scenario: nodes and the default storage class at 0s, then each step at its time
 * (the cluster runs up to that instant, the step looks at it, and its writes land at that
 * instant), watching commands printing as the state moves, until the scenario's end.
 */
export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunReport {
  const seed = opts.seed ?? scenario.seed;
  const until = opts.until ?? scenario.until;
  const log = new EventLog({
    keep: false,
    scenario: scenarioHash(scenario),
    sink: (line) => opts.log?.(line),
  });
  const invariants: ScenarioInvariant[] = createInvariants(scenario.invariants);
  const controlPlane = engineControlPlane(scenario.cluster.controlPlane, opts.controlPlane);
  // A metrics-server when the scenario reads metrics (see wantsMetricsServer).
  const metricsServer = wantsMetricsServer(scenario);
  const controllers = withControllers(
    defaultControllers(
      metricsServer ? { metricsServer: { loads: scenario.loads, externalMetrics: scenario.externalMetrics, seed } } : {},
    ),
    opts.controllers,
  );
  const warnings = new RunWarnings(controllers);
  const engine = new Engine({
    seed,
    controllers,
    imageProfiles: scenario.images,
    ...(scenario.startTime !== undefined ? { startTime: scenario.startTime } : {}),
    log,
    invariants,
    ...(controlPlane !== undefined ? { controlPlane } : {}),
    ...(scenario.cluster.apiLatency !== undefined ? { apiLatency: scenario.cluster.apiLatency } : {}),
    ...(scenario.cluster.controllerLatency !== undefined ? { controllerLatency: scenario.cluster.controllerLatency } : {}),
    ...(scenario.limits !== undefined ? { limits: scenario.limits } : {}),
  });
  const timeline: TimelineLine[] = [];
  const steps: StepResult[] = [];
  const watches: ActiveWatch[] = [];
  const lastRow = new Map<string, string>();
  let submitting = false;
  const held: { entry: LogEntry; changes: readonly Change[] }[] = [];
  let reported = 0;

  const recorder = opts.series ? new SeriesRecorder() : undefined;
  if (recorder !== undefined) engine.onEntry((entry, changes) => recorder.observe(entry, changes));
  engine.onEntry((entry, changes) => {
    if (entry.by === 'user' || entry.by === 'world') {
      for (const c of changes) if (c.new !== undefined && c.kind !== 'NodeRuntime') warnings.observe(c.new as KubeObject);
      // A generic object (an Ingress, a Role, a custom resource) changes no typed object: its
      // write is looked at instead; a CRD does act (it registers its kind).
      const e = entry.event;
      if (entry.by === 'user' && (e.type === 'Apply' || e.type === 'Create') && entry.error === undefined) {
        const kind = String(e.object.kind);
        if (!isKind(kind) && kind !== 'CustomResourceDefinition') warnings.observe(e.object);
      }
      // A Node the user created that no kubelet registered (NodeAdded creates the kubelet's nodes).
      if (entry.by === 'user') {
        for (const c of changes) {
          if (c.kind === 'Node' && c.old === undefined && c.new !== undefined && engine.view.nodeRuntime(c.key) === undefined)
            warnings.nodeWithoutKubelet(c.key);
        }
      }
    }
    // A step's own write prints its line before anything the write set off.
    if (submitting) held.push({ entry, changes });
    else observe(entry, changes);
  });

  function observe(entry: LogEntry, changes: readonly Change[]): void {
    for (const change of changes) {
      if (change.kind !== 'Pod') continue;
      const pod = (change.new ?? change.old) as KubeObject & { kind: 'Pod' };
      if (pod.metadata.namespace !== NAMESPACE) continue;
      const cells = podRow(pod, entry.time);
      // A row when what it shows changes (AGE aside), and a last one when the pod is gone.
      const visible = cells.slice(0, -1).join('\t');
      if (change.new === undefined) lastRow.delete(change.key);
      else if (lastRow.get(change.key) === visible) continue;
      else lastRow.set(change.key, visible);
      timeline.push({ time: entry.time, kind: 'pod', cells });
    }
    if (watches.length > 0 && changes.length > 0) followWatches(entry, changes);
    if (expects.waiting && changes.length > 0) expects.observe();
    while (reported < engine.violations.length && (engine.violations[reported] as Violation).seq <= entry.seq) {
      const v = engine.violations[reported++] as Violation;
      timeline.push({ time: v.time, kind: 'violation', text: `${v.invariant}: ${v.message}` });
    }
    if (opts.onProgress !== undefined && entry.seq % 5000 === 0) opts.onProgress(entry.time, until);
  }

  const followWatches = (entry: LogEntry, changes: readonly Change[]): void => {
    for (const w of watches) {
      if (w.done || !changes.some((c) => c.kind !== 'NodeRuntime' && w.watcher.concerns(c.kind, c.key))) continue;
      const r = w.watcher.next(engine.view);
      if (r.output) print(w.result, entry.time, 'stdout', r.output);
      if (r.error !== undefined) fail(w.result, entry.time, r.error, r.errorVerbatim ?? false);
      if (r.done) finishWatch(w, r.error === undefined ? 0 : 1);
    }
  };

  const releaseHeld = (): void => {
    for (const h of held.splice(0)) observe(h.entry, h.changes);
  };

  const print = (result: StepResult, time: Millis, stream: 'stdout' | 'stderr', text: string): void => {
    if (text === '') return;
    result[stream] += text;
    timeline.push({ time, kind: stream, text });
  };
  const fail = (result: StepResult, time: Millis, error: string, verbatim = false): void => {
    print(result, time, 'stderr', `${verbatim ? error : errorLine(error)}\n`);
    result.exitCode = 1;
  };
  const finishWatch = (w: ActiveWatch, exitCode: number): void => {
    w.done = true;
    if (w.result.exitCode === undefined) w.result.exitCode = exitCode;
    watches.splice(watches.indexOf(w), 1);
  };

  /** Sends one event at the current instant and returns its log entry (the API server's answer). */
  const submit = (event: SimEvent, by: Actor): LogEntry => {
    engine.schedule(engine.now, event, by);
    submitting = true;
    const entry = engine.step();
    submitting = false;
    if (entry === undefined || entry.event.type !== event.type) {
      throw new KubesimError('E_USAGE', `internal: ${event.type} at ${engine.now}ms was not processed first`);
    }
    return entry;
  };

  // The cluster at 0s: its nodes, and the default storage class.
  for (const n of scenario.cluster.nodes) engine.schedule(0, { type: 'NodeAdded', node: nodeFromSpec(n) }, 'world');
  if (scenario.cluster.defaultStorageClass !== undefined) {
    engine.schedule(0, { type: 'Create', object: defaultStorageClass(scenario.cluster.defaultStorageClass) }, 'world');
  }

  const actions: Action[] = scenario.steps.map((step, index) => ({ at: step.at, step, index }));
  for (const e of scenario.expectations ?? []) {
    actions.push({ at: e.at, expect: e, end: false });
    if (e.within !== undefined) actions.push({ at: e.at + e.within, expect: e, end: true });
  }
  let stoppedBy: StopReason = 'until';
  let message: string | undefined;
  // The scenario's event bound holds for the whole run, across the steps' segments.
  const runTo = (t: Millis): boolean => {
    const bound = scenario.maxEvents === undefined ? {} : { maxEvents: Math.max(0, scenario.maxEvents - log.length) };
    const r = engine.run({ until: t, ...bound });
    if (r.stoppedBy === 'until' || r.stoppedBy === 'quiet') return true;
    stoppedBy = r.stoppedBy;
    message = r.message;
    return false;
  };

  const kubectlFiles = (path: string): KubeObject[] => {
    const m = scenario.manifests.get(path);
    if (m === undefined) throw new ResourceError(`the path ${JSON.stringify(path)} does not exist`);
    return [...m.objects];
  };
  const random = randomStream(seed, 'kubectl');
  const expects = new ExpectationRunner(
    scenario.expectations ?? [],
    { view: () => engine.view, now: () => engine.now, namespace: NAMESPACE, seed },
    (r) => timeline.push({ time: r.time, kind: r.passed ? 'note' : 'violation', text: describeResult(r) }),
  );

  let stopped = false;
  while (actions.length > 0 && !stopped) {
    actions.sort((a, b) => a.at - b.at || order(a) - order(b));
    const action = actions.shift() as Action;
    if (action.at > until) break;
    if (!runTo(action.at)) {
      stopped = true;
      break;
    }
    if ('expect' in action) {
      if (action.end) expects.deadline(action.expect);
      else expects.start(action.expect);
      continue;
    }
    if ('retry' in action) {
      const { write, watch } = action.retry;
      if (!watch.done) {
        const r = attempt(write, watch.result);
        if (r === 'again') actions.push({ at: engine.now + (write.retry?.after ?? 0), retry: action.retry });
        else if (r === 'failed') askWatch(watch, engine.now);
        else if (r !== 'done') {
          // A refusal the command has no handler for ends it with the server's error.
          fail(watch.result, engine.now, r, true);
          finishWatch(watch, 1);
        }
      }
      releaseHeld();
      continue;
    }
    if ('deadline' in action) {
      const w = action.deadline;
      if (!w.done) {
        const stderr = w.watcher.timeoutStderr?.(engine.view);
        if (stderr !== undefined) fail(w.result, action.at, stderr, true);
        else fail(w.result, action.at, w.watcher.timeoutError);
        finishWatch(w, 1);
      }
      continue;
    }
    const { step } = action;
    const result: StepResult = {
      at: step.at,
      step: isKubectlStep(step) ? `kubectl ${step.kubectl.replace(/^kubectl\s+/, '')}` : describeFault(step.fault),
      ...(step.location !== undefined ? { location: step.location } : {}),
      stdout: '',
      stderr: '',
      exitCode: 0,
    };
    steps.push(result);
    if (!isKubectlStep(step)) {
      timeline.push({ time: step.at, kind: 'fault', text: result.step });
      const event = faultEvent(step.fault, engine.view, step.at);
      if (typeof event === 'string') fail(result, step.at, event);
      else {
        const entry = submit(event, 'world');
        if (entry.error !== undefined) fail(result, step.at, entry.error.message);
        releaseHeld();
      }
      continue;
    }
    timeline.push({ time: step.at, kind: 'command', text: result.step });
    const outcome = kubectl(step.kubectl, {
      view: engine.view,
      now: engine.now,
      namespace: NAMESPACE,
      readFile: kubectlFiles,
      random,
    });
    execute(outcome, result);
  }

  /**
   * Sends a command's writes at the step's instant, printing each one's line as the server
   * accepts it, then the errors; a watching command starts watching before anything the
   * writes set off is observed, so it sees all of it.
   */
  function execute(outcome: KubectlOutcome, result: StepResult): void {
    const now = engine.now;
    print(result, now, 'stderr', outcome.stderr ?? '');
    print(result, now, 'stdout', outcome.stdout);
    const serverErrors: string[] = [];
    const retried: KubectlWrite[] = [];
    let recorded = false;
    for (const w of outcome.writes) {
      if (w.retry !== undefined) {
        const r = attempt(w, result);
        if (r === 'again') retried.push(w);
        else if (r === 'failed') recorded = true;
        else if (r !== 'done') serverErrors.push(r);
        continue;
      }
      const entry = submit(w.event, 'user');
      if (entry.error === undefined) print(result, now, 'stdout', w.printed);
      else if (w.wrapError !== undefined) serverErrors.push(`error: ${w.wrapError}: ${entry.error.message}`);
      else serverErrors.push(serverError(entry.error, w.event, w.createdFrom));
    }
    if (outcome.error !== undefined) fail(result, now, outcome.error, outcome.errorVerbatim ?? false);
    for (const e of serverErrors) fail(result, now, e, true);
    const watch = outcome.error === undefined && serverErrors.length === 0 ? outcome.watch : undefined;
    if (watch !== undefined) {
      const active: ActiveWatch = { watcher: watch, result, done: false };
      result.exitCode = undefined;
      watches.push(active);
      if (watch.timeout !== undefined) actions.push({ at: now + watch.timeout, deadline: active });
      for (const w of retried) actions.push({ at: now + (w.retry?.after ?? 0), retry: { write: w, watch: active } });
      if (recorded) askWatch(active, now);
    }
    releaseHeld();
  }

  /** A watch asked what to print now, though nothing it watches changed (a write of its command failed). */
  function askWatch(w: ActiveWatch, time: Millis): void {
    const r = w.watcher.next(engine.view);
    if (r.output) print(w.result, time, 'stdout', r.output);
    if (r.error !== undefined) fail(w.result, time, r.error, r.errorVerbatim ?? false);
    if (r.done) finishWatch(w, r.error === undefined ? 0 : 1);
  }

  /**
   * One try of a write the client retries: its line first, then the call; `again` when the
   * server refused it as the write retries on (the refusal printed), else `done`, or the
   * server's error as kubectl prints it.
   */
  function attempt(w: KubectlWrite, result: StepResult): 'done' | 'again' | 'failed' | string {
    const now = engine.now;
    print(result, now, 'stdout', w.printed);
    const entry = submit(w.event, 'user');
    if (entry.error === undefined || entry.error.reason === 'NotFound') return 'done';
    if (entry.error.reason === w.retry?.on) {
      print(result, now, 'stderr', w.retry.line(entry.error.message));
      return 'again';
    }
    if (w.retry?.failed !== undefined) {
      w.retry.failed(entry.error.message);
      return 'failed';
    }
    return serverError(entry.error, w.event);
  }

  if (!stopped && runTo(until)) stoppedBy = 'until';
  for (const w of watches)
    timeline.push({ time: engine.now, kind: 'note', text: `${w.result.step} was still waiting when the run ended` });

  const end = engine.now;
  // Nothing left on the timeline: the state is final (a liveness property's strongest verdict).
  const idle = engine.pending === 0;
  const finals: Violation[][] = invariants.map((inv) =>
    (inv.finish?.(engine.view, end, { idle }) ?? []).map((r) => ({
      invariant: inv.name,
      time: end,
      seq: log.length,
      event: 'End',
      message: typeof r === 'string' ? r : r.message,
      objects: typeof r === 'string' ? [] : [...(r.objects ?? [])],
    })),
  );
  for (const vs of finals)
    for (const v of vs) timeline.push({ time: end, kind: 'violation', text: `${v.invariant}: ${v.message}` });
  if (message !== undefined) timeline.push({ time: end, kind: 'note', text: `the run stopped early: ${message}` });

  // The trailer vouches for the log: what it holds and the state it replays to. The log hash
  // covers it too: it is the hash of the file's bytes.
  const finalHash = stateHash(engine.state);
  warnings.loads(scenario.loads, engine.view, metricsServer);
  log.finish(finalHash, end);
  return {
    ...(scenario.name !== undefined ? { scenario: scenario.name } : {}),
    seed,
    events: log.length,
    simulatedMs: end,
    logHash: log.fileHash as string,
    stateHash: finalHash,
    stoppedBy,
    ...(message !== undefined ? { message } : {}),
    steps,
    timeline,
    invariants: invariants.map((inv, i) => {
      const violations = [...engine.violations.filter((v) => v.invariant === inv.name), ...(finals[i] ?? [])];
      const notes = inv.notes?.() ?? [];
      return {
        name: inv.name,
        description: inv.description,
        holds: violations.length === 0,
        violations,
        ...(notes.length > 0 ? { notes } : {}),
      };
    }),
    warnings: warnings.list(),
    tables: finalTables(engine.view, end, NAMESPACE),
    view: engine.view,
    ...(recorder !== undefined ? { series: recorder.series(end) } : {}),
    ...(scenario.expectations !== undefined ? { expectations: expects.list() } : {}),
  };
}

/**
 * Deadlines, then a client's retries, before steps at the same instant; steps in their written
 * order; expectations after them.
 */
function order(a: Action): number {
  return 'deadline' in a ? -2 : 'retry' in a ? -1 : 'expect' in a ? Number.MAX_SAFE_INTEGER : a.index;
}

/** The event a fault makes, or why it cannot happen now. */
function faultEvent(f: Fault, view: ClusterView, at: Millis): SimEvent | string {
  switch (f.type) {
    case 'nodeFails':
      return { type: 'NodeFails', name: f.node };
    case 'nodeRecovers':
      return { type: 'NodeRecovers', name: f.node };
    case 'nodeJoins':
      return { type: 'NodeAdded', node: nodeFromSpec(f.node) };
    case 'podKilled': {
      const namespace = f.namespace ?? NAMESPACE;
      let name = f.pod;
      if (name === undefined) {
        const selector = parseSelector(f.selector ?? '');
        name = view.list('Pod', namespace).find((p) => isPodActive(p) && selector.matches(p.metadata.labels ?? {}))
          ?.metadata.name;
        if (name === undefined) return `no running pod matches ${f.selector}`;
      }
      return { type: 'Delete', ref: { kind: 'Pod', namespace, name }, gracePeriodSeconds: 0 };
    }
    case 'containerCrashes':
      return {
        type: 'ContainerCrash',
        ref: { kind: 'Pod', namespace: f.namespace ?? NAMESPACE, name: f.pod },
        ...(f.container !== undefined ? { container: f.container } : {}),
        ...(f.exitCode !== undefined ? { exitCode: f.exitCode } : {}),
      };
    case 'imageProfile':
      return { type: 'SetImageProfile', match: f.rule.match, profile: f.rule.profile };
    default:
      return componentFaultEvent(f, at);
  }
}

/** A StorageClass as kind (Kubernetes in Docker) installs it: local-path volumes, bound when a pod needs them. */
function defaultStorageClass(name: string): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  } as KubeObject;
}

/**
 * How kubectl prints an error the API server returned for a write (cmdutil.CheckErr); a create
 * from a manifest names its file (AddSourceToErr), except in an Invalid error, whose text
 * CheckErr rebuilds from the details.
 */
export function serverError(error: WriteError, event: SimEvent, createdFrom?: string): string {
  if (error.reason === 'Invalid' && error.causes !== undefined) {
    const target = 'object' in event ? event.object : 'ref' in event ? event.ref : undefined;
    const kind = target === undefined ? '' : 'kind' in target ? target.kind : '';
    const name =
      target === undefined ? '' : 'metadata' in target ? (target.metadata?.name ?? '') : 'name' in target ? target.name : '';
    const head = `The ${kind} ${JSON.stringify(name)} is invalid`;
    if (error.causes.length === 1) return `${head}: ${error.causes[0]}`;
    return [`${head}: `, ...error.causes.map((c) => `* ${c}`)].join('\n');
  }
  const source = createdFrom === undefined ? '' : `error when creating ${JSON.stringify(createdFrom)}: `;
  return `Error from server (${error.reason}): ${source}${error.message}`;
}
