import type { KubeEvent } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeEvents } from './events.js';
import { LEVEL_0, tabbedString } from './writer.js';

const MINUTE = 60_000;

function event(reason: string, first: number, last: number, count: number, extra: Partial<KubeEvent> = {}): KubeEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `p.${reason}` },
    involvedObject: { kind: 'Pod', name: 'p', uid: 'u' },
    reason,
    message: ` ${reason} happened \n`,
    type: 'Normal',
    source: { component: 'kubelet' },
    firstTimestamp: first,
    lastTimestamp: last,
    count,
    ...extra,
  };
}

describe('DescribeEvents', () => {
  it('joins the alignment run above it when there are no events', () => {
    const text = tabbedString((w) => {
      w.write(LEVEL_0, 'Session Affinity:\tNone\n');
      describeEvents([], w, 0);
    });
    expect(text).toBe('Session Affinity:  None\nEvents:            <none>\n');
  });

  it('sorts by last seen, counts repeats as (xN over age), and prints the message without the field path (v1.34)', () => {
    const events = [
      event('BackOff', 0, 4 * MINUTE, 3, {
        type: 'Warning',
        involvedObject: { kind: 'Pod', name: 'p', uid: 'u', fieldPath: 'spec.containers{app}' },
      }),
      event('Scheduled', 30_000, 30_000, 1, { source: { component: '' }, reportingComponent: 'default-scheduler' }),
    ];
    const text = tabbedString((w) => describeEvents(events, w, 5 * MINUTE));
    expect(text.split('\n')).toEqual([
      'Events:',
      '  Type     Reason     Age               From               Message',
      '  ----     ------     ----              ----               -------',
      '  Normal   Scheduled  4m30s             default-scheduler  Scheduled happened',
      '  Warning  BackOff    60s (x3 over 5m)  kubelet            BackOff happened',
      '',
    ]);
  });
});
