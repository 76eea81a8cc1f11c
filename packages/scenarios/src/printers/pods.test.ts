import type { Pod } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { podRow, podStatusColumn } from './pods.js';
import { formatTable } from './table.js';

function pod(status: NonNullable<Pod['status']>, extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: 0, ...extra },
    spec: { containers: [{ name: 'c' }] },
    status,
  };
}

describe('printPod (kubectl get pods)', () => {
  it('shows the waiting reason, the terminated reason, or the phase', () => {
    expect(podStatusColumn(pod({ phase: 'Pending' }))).toBe('Pending');
    const waiting = {
      name: 'c',
      state: { waiting: { reason: 'ImagePullBackOff' } },
      lastState: {},
      ready: false,
      restartCount: 0,
      image: '',
      imageID: '',
    };
    expect(podStatusColumn(pod({ phase: 'Pending', containerStatuses: [waiting] }))).toBe('ImagePullBackOff');
    const crashed = { ...waiting, state: { terminated: { exitCode: 1, reason: 'Error' } } };
    expect(podStatusColumn(pod({ phase: 'Running', containerStatuses: [crashed] }))).toBe('Error');
    const noReason = { ...waiting, state: { terminated: { exitCode: 2 } } };
    expect(podStatusColumn(pod({ phase: 'Running', containerStatuses: [noReason] }))).toBe('ExitCode:2');
  });

  it('says Terminating for a pod being deleted, Unknown when its node was lost', () => {
    expect(podStatusColumn(pod({ phase: 'Running' }, { deletionTimestamp: 5 }))).toBe('Terminating');
    expect(podStatusColumn(pod({ phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: 5 }))).toBe('Unknown');
    expect(podStatusColumn(pod({ phase: 'Succeeded' }, { deletionTimestamp: 5 }))).toBe('Succeeded');
  });

  it('prints READY, RESTARTS with the time since the last restart, and AGE', () => {
    const running = {
      name: 'c',
      state: { running: { startedAt: 1000 } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: 60_000 } },
      ready: true,
      restartCount: 3,
      image: '',
      imageID: '',
    };
    expect(podRow(pod({ phase: 'Running', containerStatuses: [running] }), 150_000)).toEqual([
      'p',
      '1/1',
      'Running',
      '3 (90s ago)',
      '2m30s',
    ]);
  });

  it('aligns columns as kubectl does: widest cell plus three spaces', () => {
    expect(formatTable(['NAME', 'READY', 'STATUS'], [['nginx', '1/1', 'Running']])).toBe(
      'NAME    READY   STATUS\nnginx   1/1     Running',
    );
  });
});
