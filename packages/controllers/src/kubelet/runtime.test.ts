import { fixed, type Millis, randomStream } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { type ContainerEnv, nextRelist } from './containerEnv.js';
import { beginContainer } from './imagePuller.js';
import { type ContainerRun, NEW_CONTAINER, NO_HISTORY } from './memory.js';
import type { ResolvedProfile } from './profile.js';
import { advanceContainer } from './runtime.js';

const profile: ResolvedProfile = {
  pull: fixed(1000),
  start: fixed(500),
  ready: fixed(200),
  stop: fixed(100),
  neverReady: false,
  runFor: fixed(3000),
  exitCode: 1,
  termExitCode: 143,
  sizeBytes: 1,
};

function env(now: Millis, overrides: Partial<ContainerEnv> = {}): ContainerEnv {
  return {
    now,
    container: { name: 'app', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' },
    profile,
    podUid: 'u-1',
    podLabel: 'web_default(u-1)',
    restartPolicy: 'Always',
    imagePresent: false,
    relist: (t) => nextRelist(0, t),
    random: (purpose) => randomStream(1, purpose),
    event: (eventType, reason, message) =>
      ({ type: 'event', involved: { kind: 'Pod', name: 'web', uid: 'u-1' }, eventType, reason, message }) as never,
    configError: () => undefined,
    ...overrides,
  };
}

/** Every record a container goes through in `until` ms, one sync a millisecond. */
function lifetime(until: Millis, overrides: Partial<ContainerEnv> = {}): ContainerRun[] {
  const runs = [beginContainer(env(0, overrides)).run];
  for (let t = 1; t <= until; t++) {
    const next = advanceContainer(runs.at(-1) as ContainerRun, env(t, overrides)).run;
    if (next !== runs.at(-1)) runs.push(next);
  }
  return runs;
}

describe('the container runtime memory', () => {
  it('keeps one shape: every record has the keys of a new one, in its order', () => {
    const crashLoop = lifetime(60_000);
    const pullErrors = lifetime(60_000, { profile: { ...profile, pullError: 'not found' } });
    expect(crashLoop.map((r) => r.phase)).toContain('crashBackoff');
    expect(pullErrors.map((r) => r.phase)).toContain('pullBackoff');
    const keys = Object.keys(NEW_CONTAINER);
    for (const run of [...crashLoop, ...pullErrors]) expect(Object.keys(run)).toEqual(keys);
    const histories = crashLoop.flatMap((r) => (r.history ? [r.history] : []));
    expect(histories.length).toBeGreaterThan(0);
    for (const h of histories) expect(Object.keys(h)).toEqual(Object.keys(NO_HISTORY));
  });

  it('drops the pull bookkeeping once the image is there', () => {
    const runs = lifetime(2000);
    expect(runs[0]?.pull).toMatchObject({ startedAt: 0, failures: 0 });
    expect(runs.find((r) => r.phase === 'running')?.pull).toBeUndefined();
  });

  it('an unchanged container keeps its record (the status is then reused as is)', () => {
    const running = lifetime(2000).at(-1) as ContainerRun;
    expect(running.phase).toBe('running');
    expect(advanceContainer(running, env(2001)).run).toBe(running);
  });
});
