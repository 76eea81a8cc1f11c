import {
  type Container,
  DEFAULT_IMAGE_PROFILE,
  type Distribution,
  type ImageProfile,
  type Millis,
  type WeightedExitCode,
} from '@kubesim/core';

/** batch.kubernetes.io/job-completion-index: the Job controller puts it on an Indexed Job's pods. */
export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';

/** An image profile with every delay resolved for one container. */
export interface ResolvedProfile {
  readonly pull: Distribution;
  readonly start: Distribution;
  readonly ready: Distribution;
  readonly stop: Distribution;
  readonly pullError?: string;
  readonly neverReady: boolean;
  readonly runFor?: Distribution;
  readonly exitCode: number;
  readonly exitCodes?: readonly WeightedExitCode[];
  /** The exit code of a stop on SIGTERM within the grace period. */
  readonly termExitCode: number;
  readonly logs?: string;
  readonly sizeBytes: number;
}

/**
 * Without a profile's `ready`, readiness follows the container's readiness probe: the
 * prober ticks every periodSeconds from container start and first succeeds on the first
 * tick at or after initialDelaySeconds. No probe: ready as soon as it runs.
 */
function readyFromProbe(c: Container): Distribution {
  const probe = c.readinessProbe;
  if (probe === undefined) return { kind: 'fixed', value: 0 };
  const period: Millis = (probe.periodSeconds ?? 10) * 1000;
  const delay: Millis = (probe.initialDelaySeconds ?? 0) * 1000;
  return { kind: 'fixed', value: Math.ceil(delay / period) * period };
}

/**
 * The profile for one container; `index` is its pod's Job completion index, if any, whose
 * entry in `byIndex` replaces the run's length, exit code and output.
 */
export function resolveProfile(base: ImageProfile, container: Container, index?: string): ResolvedProfile {
  const override = index === undefined ? undefined : base.byIndex?.[index];
  const profile: ImageProfile = override === undefined ? base : { ...base, ...override };
  return {
    pull: profile.pull ?? DEFAULT_IMAGE_PROFILE.pull,
    start: profile.start ?? DEFAULT_IMAGE_PROFILE.start,
    ready: profile.ready ?? readyFromProbe(container),
    stop: profile.stop ?? DEFAULT_IMAGE_PROFILE.stop,
    ...(profile.pullError !== undefined ? { pullError: profile.pullError } : {}),
    neverReady: profile.neverReady ?? false,
    ...(profile.runFor !== undefined ? { runFor: profile.runFor } : {}),
    exitCode: profile.exitCode ?? 1,
    ...(profile.exitCodes !== undefined && profile.exitCodes.length > 0 ? { exitCodes: profile.exitCodes } : {}),
    termExitCode: profile.termExitCode ?? (profile.runFor !== undefined ? 143 : 0),
    ...(profile.logs !== undefined ? { logs: profile.logs } : {}),
    sizeBytes: profile.sizeBytes ?? DEFAULT_IMAGE_PROFILE.sizeBytes,
  };
}
