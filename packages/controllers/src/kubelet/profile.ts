import { type Container, DEFAULT_IMAGE_PROFILE, type Distribution, type ImageProfile, type Millis } from '@kubesim/core';

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

export function resolveProfile(profile: ImageProfile, container: Container): ResolvedProfile {
  return {
    pull: profile.pull ?? DEFAULT_IMAGE_PROFILE.pull,
    start: profile.start ?? DEFAULT_IMAGE_PROFILE.start,
    ready: profile.ready ?? readyFromProbe(container),
    stop: profile.stop ?? DEFAULT_IMAGE_PROFILE.stop,
    ...(profile.pullError !== undefined ? { pullError: profile.pullError } : {}),
    neverReady: profile.neverReady ?? false,
    ...(profile.runFor !== undefined ? { runFor: profile.runFor } : {}),
    exitCode: profile.exitCode ?? 1,
    sizeBytes: profile.sizeBytes ?? DEFAULT_IMAGE_PROFILE.sizeBytes,
  };
}
