import { describe, expect, it } from 'vitest';
import { kindInfo } from '../api/kinds.js';
import type { Kind } from '../api/types.js';
import type { Millis } from '../time/duration.js';
import {
  type CorrelatedEvent,
  type CorrelatorOptions,
  defaultAggregateIntervalInSeconds,
  defaultAggregateMaxEvents,
  defaultSpamBurst,
  EventAggregatorByReasonFunc,
  EventAggregatorByReasonMessageFunc,
  type EventCorrelateResult,
  EventCorrelator,
  type EventCorrelatorInput,
  type EventSpamKeyFunc,
  toRecordEvent,
} from './eventsCache.js';

// Ports of client-go v1.34 tools/record/events_cache_test.go (and the correlator's part of
// event_test.go). Upstream's objects carry APIVersion "version"; kubesim derives it from the kind.

type Ref = EventCorrelatorInput['involved'];

function makeObjectReference(kind: Kind, name: string, namespace: string): Ref {
  return { kind, name, namespace, uid: 'C934D34AFB20242', fieldPath: 'spec.containers{mycontainer}' };
}

function makeEvent(reason: string, message: string, involved: Ref): EventCorrelatorInput {
  return { involved, eventType: 'Normal', reason, message, component: 'kubelet', host: 'kublet.node1' };
}

function makeEvents(num: number, template: EventCorrelatorInput): EventCorrelatorInput[] {
  return Array.from({ length: num }, () => template);
}

function makeUniqueEvents(num: number): EventCorrelatorInput[] {
  return Array.from({ length: num }, (_, i) =>
    makeEvent(`reason-${i}`, `message-${i}`, makeObjectReference('Pod', `pod-${i}`, `ns-${i}`)),
  );
}

function makeSimilarEvents(num: number, template: EventCorrelatorInput, messagePrefix: string): EventCorrelatorInput[] {
  return makeEvents(num, template).map((e, i) => ({ ...e, message: `${messagePrefix}-${i}-${e.message}` }));
}

/** The input as the key functions see it (a recorded event with count 1). */
function asEvent(input: EventCorrelatorInput): CorrelatedEvent {
  return { ...input, name: '', namespace: input.involved.namespace ?? 'default', count: 1, firstTimestamp: 0, lastTimestamp: 0 };
}

/**
 * testclocks.SimpleIntervalClock moves on by the interval at every Now(). Per event upstream's
 * TestEventCorrelator reads it once itself, the aggregator once and the spam filter once, so
 * consecutive events are three intervals apart (TestEventSpamFilter: two reads, two intervals);
 * kubesim's correlator takes one `now` per event, the aggregator's reading.
 */
function intervalTimes(count: number, intervalMs: Millis, readsPerEvent: number, firstRead: number): Millis[] {
  return Array.from({ length: count }, (_, i) => (i * readsPerEvent + firstRead) * intervalMs);
}

/** validateEvent: the fields upstream compares, the count, and first/last timestamps equal exactly when count is 1. */
function validateEvent(result: EventCorrelateResult, expected: EventCorrelatorInput & { count: number }): void {
  expect(result.action).toBe(expected.count > 1 ? 'patch' : 'create');
  if (result.action === 'skip') return;
  const e = result.event;
  expect(e).toMatchObject({
    involved: expected.involved,
    eventType: expected.eventType,
    reason: expected.reason,
    message: expected.message,
    component: expected.component,
    host: expected.host,
    count: expected.count,
  });
  if (expected.count > 1) expect(e.firstTimestamp).not.toBe(e.lastTimestamp);
  else expect(e.firstTimestamp).toBe(e.lastTimestamp);
  expect(e.name.startsWith(`${expected.involved.name}.`)).toBe(true);
}

describe('TestEventAggregatorByReasonFunc', () => {
  it('aggregates two events that vary only by message', () => {
    const event1 = makeEvent('end-of-world', 'it was fun', makeObjectReference('Pod', 'pod1', 'other'));
    const event2 = makeEvent('end-of-world', 'it was awful', makeObjectReference('Pod', 'pod1', 'other'));
    const event3 = makeEvent('nevermind', 'it was a bug', makeObjectReference('Pod', 'pod1', 'other'));
    const [aggKey1, localKey1] = EventAggregatorByReasonFunc(asEvent(event1));
    const [aggKey2, localKey2] = EventAggregatorByReasonFunc(asEvent(event2));
    const [aggKey3] = EventAggregatorByReasonFunc(asEvent(event3));
    expect(aggKey1).toBe(aggKey2);
    expect(localKey1).not.toBe(localKey2);
    expect(aggKey1).not.toBe(aggKey3);
  });
});

describe('TestEventAggregatorByReasonMessageFunc', () => {
  it('prefixes the aggregate message', () => {
    const event1 = makeEvent('end-of-world', 'it was fun', makeObjectReference('Pod', 'pod1', 'other'));
    expect(EventAggregatorByReasonMessageFunc(asEvent(event1)).startsWith('(combined from similar events): ')).toBe(true);
  });
});

describe('TestEventCorrelator', () => {
  const firstEvent = makeEvent('first', 'i am first', makeObjectReference('Pod', 'my-pod', 'my-ns'));
  const duplicateEvent = makeEvent('duplicate', 'me again', makeObjectReference('Pod', 'my-pod', 'my-ns'));
  const uniqueEvent = makeEvent('unique', 'snowflake', makeObjectReference('Pod', 'my-pod', 'my-ns'));
  const similarEvent = makeEvent('similar', 'similar message', {
    ...makeObjectReference('Pod', 'my-pod', 'my-ns'),
    fieldPath: 'spec.containers{container1}',
  });
  const aggregateEvent = makeEvent(
    similarEvent.reason,
    EventAggregatorByReasonMessageFunc(asEvent(similarEvent)),
    similarEvent.involved,
  );
  const similarButDifferentContainerEvent: EventCorrelatorInput = {
    ...similarEvent,
    involved: { ...similarEvent.involved, fieldPath: 'spec.containers{container2}' },
  };
  const setCount = (e: EventCorrelatorInput, count: number) => ({ ...e, count });

  interface Scenario {
    readonly previousEvents: readonly EventCorrelatorInput[];
    readonly newEvent: EventCorrelatorInput;
    readonly expectedEvent?: EventCorrelatorInput & { count: number };
    readonly intervalSeconds: number;
    readonly expectedSkip?: boolean;
  }
  const scenario: Record<string, Scenario> = {
    'create-a-single-event': {
      previousEvents: [],
      newEvent: firstEvent,
      expectedEvent: setCount(firstEvent, 1),
      intervalSeconds: 5,
    },
    'the-same-event-should-just-count': {
      previousEvents: makeEvents(1, duplicateEvent),
      newEvent: duplicateEvent,
      expectedEvent: setCount(duplicateEvent, 2),
      intervalSeconds: 5,
    },
    'the-same-event-should-just-count-even-if-more-than-aggregate': {
      previousEvents: makeEvents(defaultAggregateMaxEvents, duplicateEvent),
      newEvent: duplicateEvent,
      expectedEvent: setCount(duplicateEvent, defaultAggregateMaxEvents + 1),
      intervalSeconds: 30, // larger interval induces aggregation but not spam.
    },
    'the-same-event-is-spam-if-happens-too-frequently': {
      previousEvents: makeEvents(defaultSpamBurst + 1, duplicateEvent),
      newEvent: duplicateEvent,
      expectedSkip: true,
      intervalSeconds: 1,
    },
    'create-many-unique-events': {
      previousEvents: makeUniqueEvents(30),
      newEvent: uniqueEvent,
      expectedEvent: setCount(uniqueEvent, 1),
      intervalSeconds: 5,
    },
    'similar-events-should-aggregate-event': {
      previousEvents: makeSimilarEvents(defaultAggregateMaxEvents - 1, similarEvent, similarEvent.message),
      newEvent: similarEvent,
      expectedEvent: setCount(aggregateEvent, 1),
      intervalSeconds: 5,
    },
    'similar-events-many-times-should-count-the-aggregate': {
      previousEvents: makeSimilarEvents(defaultAggregateMaxEvents, similarEvent, similarEvent.message),
      newEvent: similarEvent,
      expectedEvent: setCount(aggregateEvent, 2),
      intervalSeconds: 5,
    },
    'events-from-different-containers-do-not-aggregate': {
      previousEvents: makeEvents(1, similarButDifferentContainerEvent),
      newEvent: similarEvent,
      expectedEvent: setCount(similarEvent, 1),
      intervalSeconds: 5,
    },
    'similar-events-whose-interval-is-greater-than-aggregate-interval-do-not-aggregate': {
      previousEvents: makeSimilarEvents(defaultAggregateMaxEvents - 1, similarEvent, similarEvent.message),
      newEvent: similarEvent,
      expectedEvent: setCount(similarEvent, 1),
      intervalSeconds: defaultAggregateIntervalInSeconds,
    },
  };

  it.each(Object.entries(scenario))('%s', (_, testInput) => {
    const correlator = new EventCorrelator();
    const events = [...testInput.previousEvents, testInput.newEvent];
    const times = intervalTimes(events.length, testInput.intervalSeconds * 1000, 3, 1);
    let result: EventCorrelateResult = { action: 'skip' };
    events.forEach((event, i) => {
      result = correlator.correlate(event, times[i] as Millis);
      // if we are skipping the event, we can avoid updating state
      if (result.action !== 'skip') correlator.updateState(result.event);
    });
    expect(result.action === 'skip').toBe(testInput.expectedSkip ?? false);
    if (testInput.expectedEvent !== undefined) validateEvent(result, testInput.expectedEvent);
  });
});

describe('TestEventSpamFilter', () => {
  const spamKeyFuncBasedOnObjectsAndReason: EventSpamKeyFunc = (e) =>
    [
      e.component,
      e.host ?? '',
      e.involved.kind,
      e.involved.namespace ?? '',
      e.involved.name,
      e.involved.uid,
      kindInfo(e.involved.kind).apiVersion,
      e.reason,
    ].join('');
  const burstSize = 1;
  const eventInterval = 1000;
  const originalEvent = makeEvent('original', 'i am first', makeObjectReference('Pod', 'my-pod', 'my-ns'));
  const differentReasonEvent = makeEvent('duplicate', 'me again', makeObjectReference('Pod', 'my-pod', 'my-ns'));
  const spamEvent = makeEvent('original', 'me again', makeObjectReference('Pod', 'my-pod', 'my-ns'));
  const testCases: Record<
    string,
    {
      newEvent: EventCorrelatorInput;
      expectedEvent?: EventCorrelatorInput;
      expectedSkip: boolean;
      spamKeyFunc?: EventSpamKeyFunc;
    }
  > = {
    'event should be reported as spam if object reference is the same for default spam filter': {
      newEvent: differentReasonEvent,
      expectedSkip: true,
    },
    'event should not be reported as spam if object reference is the same, but reason is different for custom spam filter': {
      newEvent: differentReasonEvent,
      expectedEvent: differentReasonEvent,
      expectedSkip: false,
      spamKeyFunc: spamKeyFuncBasedOnObjectsAndReason,
    },
    'event should  be reported as spam if object reference and reason is the same, but message is different for custom spam filter':
      {
        newEvent: spamEvent,
        expectedSkip: true,
        spamKeyFunc: spamKeyFuncBasedOnObjectsAndReason,
      },
  };

  it.each(Object.entries(testCases))('%s', (_, testInput) => {
    const options: CorrelatorOptions =
      testInput.spamKeyFunc === undefined ? { burstSize } : { burstSize, spamKeyFunc: testInput.spamKeyFunc };
    const correlator = new EventCorrelator(options);
    const [t0, t1] = intervalTimes(2, eventInterval, 2, 1) as [Millis, Millis];
    // emitting original event
    const first = correlator.correlate(originalEvent, t0);
    if (first.action !== 'skip') correlator.updateState(first.event);
    const result = correlator.correlate(testInput.newEvent, t1);
    expect(result.action === 'skip').toBe(testInput.expectedSkip);
    if (testInput.expectedEvent !== undefined) validateEvent(result, { ...testInput.expectedEvent, count: 1 });
  });
});

describe('TestEventf (event_test.go): what the recorder creates and what it patches', () => {
  // testPod and testPod2 share namespace and name but not uid; the references add a fieldPath.
  const testRef: Ref = { kind: 'Pod', name: 'foo', namespace: 'baz', uid: 'bar', fieldPath: 'spec.containers[2]' };
  const testPod: Ref = { kind: 'Pod', name: 'foo', namespace: 'baz', uid: 'bar' };
  const testRef2: Ref = { kind: 'Pod', name: 'foo', namespace: 'baz', uid: 'differentUid', fieldPath: 'spec.containers[3]' };
  const table: readonly [Ref, string, string, number, boolean][] = [
    [testRef, 'Started', 'some verbose message: 1', 1, false],
    [testPod, 'Killed', 'some other verbose message: 1', 1, false],
    [testRef, 'Started', 'some verbose message: 1', 2, true],
    [testRef2, 'Started', 'some verbose message: 1', 1, false],
    [testRef, 'Started', 'some verbose message: 1', 3, true],
    [testRef2, 'Stopped', 'some verbose message: 1', 1, false],
    [testRef2, 'Stopped', 'some verbose message: 1', 2, true],
  ];

  it('counts each distinct event on its own and patches its repeats', () => {
    const correlator = new EventCorrelator();
    const names = new Map<string, string>();
    table.forEach(([involved, reason, message, count, expectUpdate], index) => {
      const now = (index + 1) * 1000; // clock.Step(1 * time.Second)
      const input: EventCorrelatorInput = { involved, eventType: 'Normal', reason, message, component: 'eventTest' };
      const result = correlator.correlate(input, now);
      expect(result.action, `row ${index}`).toBe(expectUpdate ? 'patch' : 'create');
      if (result.action === 'skip') return;
      expect(result.event).toMatchObject({ involved, reason, message, count, namespace: 'baz', lastTimestamp: now });
      // A repeat patches the Event its first occurrence created.
      const id = `${involved.uid}/${involved.fieldPath}/${reason}`;
      if (expectUpdate) {
        expect(result.event.name).toBe(names.get(id));
        expect(result.action === 'patch' && result.patch).toEqual({ name: names.get(id), count, message, lastTimestamp: now });
      } else names.set(id, result.event.name);
      correlator.updateState(result.event);
    });
  });
});

describe('EventCorrelator in simulated time', () => {
  const involved: Ref = { kind: 'ReplicaSet', namespace: 'default', name: 'web-5d9c', uid: 'rs-uid' };
  const created = (i: number): EventCorrelatorInput => ({
    involved,
    eventType: 'Normal',
    reason: 'SuccessfulCreate',
    message: `Created pod: web-5d9c-${i}`,
    component: 'replicaset-controller',
  });

  it('lets a source burst 25 events about an object, then one per 300 s', () => {
    const c = new EventCorrelator();
    const ref: Ref = { kind: 'Pod', namespace: 'default', name: 'p', uid: 'u' };
    const warn = (t: Millis, reason: string) =>
      c.correlate({ involved: ref, eventType: 'Warning', reason, message: 'm', component: 'kubelet' }, t).action;
    const actions = Array.from({ length: 27 }, (_, i) => warn(0, `R${i}`));
    expect(actions.filter((a) => a !== 'skip')).toHaveLength(defaultSpamBurst);
    expect(actions.slice(25)).toEqual(['skip', 'skip']);
    // A refused event takes nothing and does not restart the refill: the next token is 300 s
    // after the last accepted one (the float32 QPS makes 300 s worth 1.00000002 tokens).
    expect(warn(299_999, 'S0')).toBe('skip');
    expect(warn(300_000, 'S1')).toBe('create');
    expect(warn(300_001, 'S2')).toBe('skip');
    // Another type is another bucket.
    expect(
      c.correlate({ involved: ref, eventType: 'Normal', reason: 'R', message: 'm', component: 'kubelet' }, 300_001).action,
    ).toBe('create');
  });

  it('aggregates the tenth similar message within 600 s, but not when the group is older than 600 s', () => {
    const within = new EventCorrelator();
    const spaced = Array.from({ length: 10 }, (_, i) => within.correlate(created(i), i * 600_000));
    expect(spaced.slice(0, 9).every((r) => r.action === 'create' && r.event.count === 1)).toBe(true);
    expect(spaced[9]).toMatchObject({
      action: 'create',
      event: { message: '(combined from similar events): Created pod: web-5d9c-9' },
    });
    const apart = new EventCorrelator();
    const results = Array.from({ length: 10 }, (_, i) => apart.correlate(created(i), i * 600_001));
    expect(results.every((r) => r.action === 'create' && !r.event.message.startsWith('(combined'))).toBe(true);
  });

  it('after aggregating, forgets the oldest message of the group (Go pops an arbitrary one)', () => {
    const c = new EventCorrelator();
    const first = Array.from({ length: 10 }, (_, i) => c.correlate(created(i), i));
    const aggregate = first[9];
    if (aggregate?.action !== 'create') throw new Error('expected the aggregate to be created');
    // Message 1 is still in the group: it is counted as itself.
    const again1 = c.correlate(created(1), 10);
    expect(again1).toMatchObject({ action: 'patch', event: { message: 'Created pod: web-5d9c-1', count: 2 } });
    // Message 0 was popped: it fills the group again and bumps the aggregate.
    const again0 = c.correlate(created(0), 11);
    expect(again0).toMatchObject({
      action: 'patch',
      patch: { name: aggregate.event.name, count: 2, message: '(combined from similar events): Created pod: web-5d9c-0' },
    });
  });

  it('forgets what falls out of its LRU caches', () => {
    const c = new EventCorrelator({ lruCacheSize: 1 });
    const a = created(1);
    const b = created(2);
    const r1 = c.correlate(a, 0);
    expect(c.correlate(b, 1).action).toBe('create');
    const r3 = c.correlate(a, 2);
    expect(r3.action).toBe('create');
    expect(r3.action !== 'skip' && r1.action !== 'skip' && r3.event.name !== r1.event.name).toBe(true);
    const big = new EventCorrelator();
    big.correlate(a, 0);
    big.correlate(b, 1);
    expect(big.correlate(a, 2).action).toBe('patch');
  });

  it('keeps counting what the spam filter skips, so the next write carries the whole count', () => {
    const c = new EventCorrelator({ burstSize: 1 });
    const ev = created(0);
    expect(c.correlate(ev, 0).action).toBe('create');
    expect(c.correlate(ev, 1000).action).toBe('skip');
    expect(c.correlate(ev, 2000).action).toBe('skip');
    expect(c.correlate(ev, 300_000)).toMatchObject({
      action: 'patch',
      event: { count: 4, firstTimestamp: 0, lastTimestamp: 300_000 },
    });
  });

  it('names events <involved name>.<hex of nanoseconds>, distinct within a millisecond and the same on every run', () => {
    const run = () => {
      const c = new EventCorrelator();
      return [c.correlate(created(0), 7), c.correlate(created(1), 7), c.correlate(created(2), 8)].map((r) =>
        r.action === 'skip' ? '' : r.event.name,
      );
    };
    const names = run();
    expect(names).toEqual(run());
    expect(new Set(names).size).toBe(3);
    for (const [i, name] of names.entries()) {
      expect(name).toMatch(/^web-5d9c\.[0-9a-f]+$/);
      const nanos = BigInt(`0x${name.slice('web-5d9c.'.length)}`);
      expect(nanos / 1_000_000n).toBe(i < 2 ? 7n : 8n);
    }
    // Another source naming an event about the same object in the same millisecond picks another name.
    const other = new EventCorrelator().correlate({ ...created(0), component: 'deployment-controller' }, 7);
    expect(other.action !== 'skip' && other.event.name).not.toBe(names[0]);
  });

  it('toRecordEvent: nothing for a skip, a create with its name and time, a patch also with its count and firstTimestamp', () => {
    expect(toRecordEvent({ action: 'skip' })).toBeUndefined();
    const c = new EventCorrelator();
    const first = c.correlate(created(0), 1000);
    const second = c.correlate(created(0), 2000);
    const name = first.action === 'skip' ? '' : first.event.name;
    expect(toRecordEvent(first)).toEqual({ type: 'RecordEvent', ...created(0), name, lastTimestamp: 1000 });
    expect(toRecordEvent(second)).toEqual({
      type: 'RecordEvent',
      ...created(0),
      name,
      lastTimestamp: 2000,
      count: 2,
      firstTimestamp: 1000,
    });
  });
});
