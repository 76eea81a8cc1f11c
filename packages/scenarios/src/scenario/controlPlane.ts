import { defaultControllers } from '@kubesim/controllers';
import {
  type ControlPlaneOptions,
  controlPlane,
  type Distribution,
  isKubesimError,
  KubesimError,
  type Millis,
  parseDuration,
} from '@kubesim/core';
import { parseDistribution } from './distribution.js';
import { fineMillis } from './fineDuration.js';
import type { ControllerTimingSpec, ControlPlaneSpec, ProcessTimingSpec, ProfileName } from './model.js';

/**
 * The control plane's timing in a scenario: which names it may override (the processes and
 * controllers kubesim runs), the builder's input turned into the model's numbers, and the
 * model laid over the engine's profile.
 */

export const PROFILE_NAMES: readonly ProfileName[] = ['upstream', 'instant'];

const DEFAULT_PROCESS = 'kube-controller-manager';

/** The controllers kubesim runs, with the process each runs in and its workers by default. */
export const RUNNING_CONTROLLERS: readonly { name: string; process: string; workers: number | undefined }[] = defaultControllers()
  .map((c) => ({ name: c.name, process: c.runtime?.process ?? DEFAULT_PROCESS, workers: c.runtime?.workers }))
  .sort((a, b) => a.name.localeCompare(b.name));

export const CONTROLLER_NAMES: readonly string[] = RUNNING_CONTROLLERS.map((c) => c.name);

export const PROCESS_NAMES: readonly string[] = [...new Set(RUNNING_CONTROLLERS.map((c) => c.process))].sort();

export function unknownProcess(name: string): string {
  return `unknown process ${JSON.stringify(name)}; kubesim runs ${PROCESS_NAMES.join(', ')}`;
}

export function unknownController(name: string): string {
  return `unknown controller ${JSON.stringify(name)}; kubesim runs ${CONTROLLER_NAMES.join(', ')}`;
}

/** `unlimited`, in a client's QPS or a controller's workers. */
export type Unlimited = 'unlimited';

/** A process's timing as the builder takes it. */
export interface ProcessTimingInput {
  /** Requests a second (--kube-api-qps), or `unlimited`. */
  readonly qps?: number | Unlimited;
  /** Requests at once (--kube-api-burst). */
  readonly burst?: number;
  /** A client of its own for Events. */
  readonly eventQps?: number | Unlimited;
  readonly eventBurst?: number;
  /** A Go duration (`5ms`) or whole milliseconds. */
  readonly informerLag?: string | number;
}

/** A controller's timing as the builder takes it. */
export interface ControllerTimingInput {
  /** Concurrent syncs (--concurrent-*-syncs), or `unlimited` (a worker per key). */
  readonly workers?: number | Unlimited;
  /** A Go duration to the nanosecond (`100us`, `2µs`) or fractional milliseconds. */
  readonly syncBase?: string | number;
  /** The same, per object a sync reads from its informers. */
  readonly syncPerObject?: string | number;
}

/** The control plane's timing as the builder (and, after its schema, the YAML file) gives it. */
export interface ControlPlaneInput {
  readonly profile?: ProfileName;
  /** A duration (`8ms`), a distribution (`lognormal(8ms, 0.5)`), a Distribution, or milliseconds. */
  readonly apiLatency?: string | number | Distribution;
  readonly processes?: Readonly<Record<string, ProcessTimingInput>>;
  readonly controllers?: Readonly<Record<string, ControllerTimingInput>>;
}

function bad(field: string, message: string): never {
  throw new KubesimError('E_SCENARIO', `${field}: ${message}`);
}

function rate(value: number | Unlimited, field: string): number {
  if (value === 'unlimited') return Number.POSITIVE_INFINITY;
  if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0)) {
    bad(field, `expected a number above 0, or unlimited, not ${JSON.stringify(value)}`);
  }
  return value;
}

function count(value: number, field: string): number {
  if (!(Number.isInteger(value) && value >= 1)) bad(field, `expected a whole number of 1 or more, not ${JSON.stringify(value)}`);
  return value;
}

function lag(value: string | number, field: string): Millis {
  let ms: number;
  try {
    ms = typeof value === 'number' ? value : parseDuration(value);
  } catch (e) {
    return bad(field, (e as Error).message);
  }
  if (!(Number.isInteger(ms) && ms >= 0)) bad(field, `expected whole milliseconds of 0 or more, not ${JSON.stringify(value)}`);
  return ms;
}

function distribution(value: string | number | Distribution, field: string): Distribution {
  if (typeof value === 'number') {
    if (!(Number.isFinite(value) && value >= 0)) bad(field, `expected milliseconds of 0 or more, not ${value}`);
    return { kind: 'fixed', value };
  }
  if (typeof value !== 'string') return value;
  try {
    return parseDistribution(value);
  } catch (e) {
    return bad(field, (e as Error).message);
  }
}

/** An object without the keys whose value is undefined (exactOptionalPropertyTypes). */
function defined<T extends object>(o: { [K in keyof T]-?: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The builder's input checked and turned into the model's numbers (`field` prefixes messages). */
export function controlPlaneSpec(input: ControlPlaneInput, field = 'controlPlane'): ControlPlaneSpec {
  if (input.profile !== undefined && !PROFILE_NAMES.includes(input.profile)) {
    bad(`${field}.profile`, `expected upstream or instant, not ${JSON.stringify(input.profile)}`);
  }
  const processes: Record<string, ProcessTimingSpec> = {};
  for (const [name, p] of Object.entries(input.processes ?? {})) {
    const at = `${field}.processes.${name}`;
    if (!PROCESS_NAMES.includes(name)) bad(`${field}.processes.${name}`, unknownProcess(name));
    processes[name] = defined<ProcessTimingSpec>({
      qps: p.qps === undefined ? undefined : rate(p.qps, `${at}.qps`),
      burst: p.burst === undefined ? undefined : count(p.burst, `${at}.burst`),
      eventQps: p.eventQps === undefined ? undefined : rate(p.eventQps, `${at}.eventQps`),
      eventBurst: p.eventBurst === undefined ? undefined : count(p.eventBurst, `${at}.eventBurst`),
      informerLag: p.informerLag === undefined ? undefined : lag(p.informerLag, `${at}.informerLag`),
    });
  }
  const controllers: Record<string, ControllerTimingSpec> = {};
  for (const [name, c] of Object.entries(input.controllers ?? {})) {
    const at = `${field}.controllers.${name}`;
    if (!CONTROLLER_NAMES.includes(name)) bad(at, unknownController(name));
    controllers[name] = defined<ControllerTimingSpec>({
      workers:
        c.workers === undefined
          ? undefined
          : c.workers === 'unlimited'
            ? Number.POSITIVE_INFINITY
            : count(c.workers, `${at}.workers`),
      syncBase: c.syncBase === undefined ? undefined : fineMillis(c.syncBase, `${at}.syncBase`),
      syncPerObject: c.syncPerObject === undefined ? undefined : fineMillis(c.syncPerObject, `${at}.syncPerObject`),
    });
  }
  const spec = defined<ControlPlaneSpec>({
    profile: input.profile,
    apiLatency: input.apiLatency === undefined ? undefined : distribution(input.apiLatency, `${field}.apiLatency`),
    processes: Object.keys(processes).length > 0 ? processes : undefined,
    controllers: Object.keys(controllers).length > 0 ? controllers : undefined,
  });
  // What holds only over the profile (a qps under instant's unlimited burst limits nothing).
  try {
    controlPlane(engineControlPlane(spec));
  } catch (e) {
    if (isKubesimError(e, 'E_USAGE')) bad(field, e.message.replace(/^controlPlane: /, ''));
    throw e;
  }
  return spec;
}

/** A later spec over an earlier one, field by field (a process's qps alone keeps its burst). */
export function mergeControlPlane(a: ControlPlaneSpec | undefined, b: ControlPlaneSpec): ControlPlaneSpec {
  if (a === undefined) return b;
  const merge = <T>(x: Readonly<Record<string, T>> | undefined, y: Readonly<Record<string, T>> | undefined) => {
    if (x === undefined || y === undefined) return x ?? y;
    const out: Record<string, T> = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = { ...out[k], ...v };
    return out;
  };
  return defined<ControlPlaneSpec>({
    profile: b.profile ?? a.profile,
    apiLatency: b.apiLatency ?? a.apiLatency,
    processes: merge(a.processes, b.processes),
    controllers: merge(a.controllers, b.controllers),
  });
}

/**
 * The engine's options for a scenario's control plane, with `profile` (the CLI's
 * --control-plane) in place of the scenario's. Core lays them over the profile field by
 * field, so `qps: 100` alone keeps kube-controller-manager's burst of 30.
 */
export function engineControlPlane(spec: ControlPlaneSpec | undefined, profile?: ProfileName): ControlPlaneOptions | undefined {
  if (spec === undefined && profile === undefined) return undefined;
  const chosen = profile ?? spec?.profile;
  const processes: Record<string, NonNullable<ControlPlaneOptions['processes']>[string]> = {};
  for (const [name, p] of Object.entries(spec?.processes ?? {})) {
    processes[name] = {
      ...(p.qps !== undefined || p.burst !== undefined ? { client: defined({ qps: p.qps, burst: p.burst }) } : {}),
      ...(p.eventQps !== undefined || p.eventBurst !== undefined
        ? { eventClient: defined({ qps: p.eventQps, burst: p.eventBurst }) }
        : {}),
      ...(p.informerLag !== undefined ? { informerLag: p.informerLag } : {}),
    };
  }
  const controllers: Record<string, NonNullable<ControlPlaneOptions['controllers']>[string]> = {};
  for (const [name, c] of Object.entries(spec?.controllers ?? {})) {
    controllers[name] = {
      ...(c.workers !== undefined ? { workers: c.workers } : {}),
      ...(c.syncBase !== undefined || c.syncPerObject !== undefined
        ? { sync: defined({ base: c.syncBase, perObject: c.syncPerObject }) }
        : {}),
    };
  }
  return {
    ...(chosen !== undefined ? { profile: chosen } : {}),
    ...(spec?.apiLatency !== undefined ? { apiLatency: spec.apiLatency } : {}),
    ...(Object.keys(processes).length > 0 ? { processes } : {}),
    ...(Object.keys(controllers).length > 0 ? { controllers } : {}),
  };
}
