import { kindInfo } from '../api/kinds.js';
import type { RecordEvent } from '../events.js';
import { fnv32a } from '../random/hash.js';
import type { Millis } from '../time/duration.js';

/**
 * client-go's EventCorrelator, as v1.34 has it (staging/src/k8s.io/client-go/tools/record/
 * events_cache.go; the create-or-patch choice is recordToSink/recordEvent in event.go), in
 * simulated milliseconds. A component's recorder runs every event through it before writing:
 * the aggregator folds similar events (same object and reason, ten different messages within
 * ten minutes) into one "(combined from similar events)" event, the logger turns a repeat of
 * a known event into a patch of its count, and the spam filter drops what exceeds a token
 * bucket per source and object. Its caches are the client's memory, so recording costs O(1)
 * whatever the number of earlier events about the object.
 */

const maxLruCacheEntries = 4096;
// Ten events that vary only by message within ten minutes are aggregated.
export const defaultAggregateMaxEvents = 10;
export const defaultAggregateIntervalInSeconds = 600;
// A source may burst 25 events about an object, then 1 every 5 minutes.
export const defaultSpamBurst = 25;
export const defaultSpamQPS: number = 1 / 300;

/** What a component asks its recorder for: record.EventRecorder's Event(object, type, reason, message) and the recorder's source. */
export type EventCorrelatorInput = Pick<RecordEvent, 'involved' | 'eventType' | 'reason' | 'message' | 'component' | 'host'>;

/** The core/v1 Event as the correlator sees it (the fields its keys and the write need). */
export interface CorrelatedEvent {
  readonly name: string;
  readonly namespace: string;
  readonly involved: RecordEvent['involved'];
  readonly eventType: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** source.component; generateEvent also makes it the reportingController. */
  readonly component: string;
  /** source.host; generateEvent also makes it the reportingInstance. */
  readonly host?: string;
  readonly count: number;
  readonly firstTimestamp: Millis;
  readonly lastTimestamp: Millis;
}

/** The fields the recorder's strategic merge patch changes on the named Event. */
export interface EventPatch {
  readonly name: string;
  readonly count: number;
  readonly message: string;
  readonly lastTimestamp: Millis;
}

/**
 * EventCorrelateResult, with recordToSink's choice made: skip (filtered as spam), create the
 * Event, or patch the existing one (`Count > 1`; the recorder creates it instead if the patch
 * finds it gone, so `event` stays whole).
 */
export type EventCorrelateResult =
  | { readonly action: 'skip' }
  | { readonly action: 'create'; readonly event: CorrelatedEvent }
  | { readonly action: 'patch'; readonly event: CorrelatedEvent; readonly patch: EventPatch };

/** Groups events for aggregation: [aggregateKey, localKey]. */
export type EventAggregatorKeyFunc = (event: CorrelatedEvent) => readonly [aggregateKey: string, localKey: string];
/** The message of an aggregate event. */
export type EventAggregatorMessageFunc = (event: CorrelatedEvent) => string;
/** The key the spam filter's token buckets are kept under. */
export type EventSpamKeyFunc = (event: CorrelatedEvent) => string;

/** CorrelatorOptions; a field left out (or 0, as upstream's populateDefaults reads it) takes the default. */
export interface CorrelatorOptions {
  readonly lruCacheSize?: number;
  readonly burstSize?: number;
  readonly qps?: number;
  readonly keyFunc?: EventAggregatorKeyFunc;
  readonly messageFunc?: EventAggregatorMessageFunc;
  readonly maxEvents?: number;
  readonly maxIntervalInSeconds?: number;
  readonly spamKeyFunc?: EventSpamKeyFunc;
}

function apiVersionOf(event: CorrelatedEvent): string {
  return kindInfo(event.involved.kind).apiVersion;
}

// The keys are joined with "" as upstream joins them, so they collide exactly where upstream's do.

/** getEventKey: source, involved object (with fieldPath), type, reason and message. */
export function getEventKey(event: CorrelatedEvent): string {
  const o = event.involved;
  return [
    event.component,
    event.host ?? '',
    o.kind,
    o.namespace ?? '',
    o.name,
    o.fieldPath ?? '',
    o.uid,
    apiVersionOf(event),
    event.eventType,
    event.reason,
    event.message,
  ].join('');
}

/** getSpamKey: source, involved object (without fieldPath) and type; not reason or message. */
export function getSpamKey(event: CorrelatedEvent): string {
  const o = event.involved;
  return [event.component, event.host ?? '', o.kind, o.namespace ?? '', o.name, o.uid, apiVersionOf(event), event.eventType].join(
    '',
  );
}

/**
 * EventAggregatorByReasonFunc: events that differ only by message (and fieldPath, which the
 * aggregate key leaves out) share the aggregate key; the message is the local key.
 */
export function EventAggregatorByReasonFunc(event: CorrelatedEvent): readonly [string, string] {
  const o = event.involved;
  const aggregateKey = [
    event.component,
    event.host ?? '',
    o.kind,
    o.namespace ?? '',
    o.name,
    o.uid,
    apiVersionOf(event),
    event.eventType,
    event.reason,
    // reportingController and reportingInstance: generateEvent copies them from the source.
    event.component,
    event.host ?? '',
  ].join('');
  return [aggregateKey, event.message];
}

export function EventAggregatorByReasonMessageFunc(event: CorrelatedEvent): string {
  return `(combined from similar events): ${event.message}`;
}

/** k8s.io/utils/lru: Get and Add make a key the most recent; Add evicts the oldest past the size (0: no limit). */
class LruCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly maxEntries: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  add(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.maxEntries > 0 && this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }
}

/** time.Duration.Seconds() of a whole number of milliseconds, rounded as Go rounds it. */
function seconds(ms: Millis): number {
  return Math.trunc(ms / 1000) + (ms % 1000) / 1000;
}

/**
 * flowcontrol's tokenBucketPassiveRateLimiter over golang.org/x/time/rate's Limiter, as
 * TryAccept (AllowN(now, 1)) uses it: the bucket starts full, refills at qps a second up to
 * burst, and a refused call takes nothing and leaves the refill clock where it was.
 */
class TokenBucketPassiveRateLimiter {
  private tokens: number;
  private last: Millis | undefined;
  private readonly limit: number;

  constructor(
    qps: number,
    private readonly burst: number,
  ) {
    // The QPS is a float32 upstream: 1/300 refills a token in a hair under 300 s.
    this.limit = Math.fround(qps);
    this.tokens = burst;
  }

  tryAccept(now: Millis): boolean {
    // advance(): a new Limiter's zero `last` fills the bucket; so does having none here.
    const last = this.last === undefined || now < this.last ? now : this.last;
    const delta = this.limit > 0 ? seconds(now - last) * this.limit : 0;
    const tokens = Math.min(this.tokens + delta, this.burst) - 1;
    // durationFromTokens truncates to whole nanoseconds: a sliver of a token short is no wait.
    let waitNanos = 0;
    if (tokens < 0) waitNanos = this.limit > 0 ? Math.trunc((-tokens / this.limit) * 1e9) : Number.POSITIVE_INFINITY;
    const ok = 1 <= this.burst && waitNanos <= 0;
    if (ok) {
      this.last = now;
      this.tokens = tokens;
    }
    return ok;
  }
}

/** EventSourceObjectSpamFilter: a token bucket per spam key (source + object + type). */
export class EventSourceObjectSpamFilter {
  private readonly cache: LruCache<TokenBucketPassiveRateLimiter>;

  constructor(
    lruCacheSize: number,
    private readonly burst: number,
    private readonly qps: number,
    private readonly spamKeyFunc: EventSpamKeyFunc,
  ) {
    this.cache = new LruCache(lruCacheSize);
  }

  /** Filter: true when the event exceeds its source and object's rate and is to be skipped. */
  filter(event: CorrelatedEvent, now: Millis): boolean {
    const eventKey = this.spamKeyFunc(event);
    const rateLimiter = this.cache.get(eventKey) ?? new TokenBucketPassiveRateLimiter(this.qps, this.burst);
    const filter = !rateLimiter.tryAccept(now);
    this.cache.add(eventKey, rateLimiter);
    return filter;
  }
}

interface AggregateRecord {
  /** The distinct local keys seen in the aggregate group; reaching maxEvents aggregates. */
  readonly localKeys: Set<string>;
  /** When the group was last recorded. */
  lastTimestamp: Millis;
}

/** Names new events `<involved name>.<hex>`: see EventCorrelator.generateEventName. */
type NameFunc = (event: EventCorrelatorInput | CorrelatedEvent, now: Millis) => string;

/** EventAggregator: identifies similar events and aggregates them into a single event. */
export class EventAggregator {
  private readonly cache: LruCache<AggregateRecord>;

  constructor(
    lruCacheSize: number,
    private readonly keyFunc: EventAggregatorKeyFunc,
    private readonly messageFunc: EventAggregatorMessageFunc,
    private readonly maxEvents: number,
    private readonly maxIntervalInSeconds: number,
    private readonly generateEventName: NameFunc,
  ) {
    this.cache = new LruCache(lruCacheSize);
  }

  /**
   * EventAggregate: the event to record (the new one, or a fresh aggregate event) and the
   * key the logger counts it under (the full event key, or the aggregate key so that
   * every later similar event bumps the one aggregate).
   */
  eventAggregate(newEvent: CorrelatedEvent, now: Millis): readonly [CorrelatedEvent, string] {
    const eventKey = getEventKey(newEvent);
    const [aggregateKey, localKey] = this.keyFunc(newEvent);
    let record = this.cache.get(aggregateKey);
    // Too old (strictly more than the interval since the group was last seen): start afresh.
    if (record === undefined || now - record.lastTimestamp > this.maxIntervalInSeconds * 1000) {
      record = { localKeys: new Set(), lastTimestamp: now };
    }
    record.localKeys.add(localKey);
    record.lastTimestamp = now;
    this.cache.add(aggregateKey, record);
    if (record.localKeys.size < this.maxEvents) return [newEvent, eventKey];
    // Keep the set below max. Go's PopAny removes an arbitrary member; the oldest keeps runs reproducible.
    const oldest = record.localKeys.values().next();
    if (oldest.done !== true) record.localKeys.delete(oldest.value);
    const eventCopy: CorrelatedEvent = {
      name: this.generateEventName(newEvent, now),
      namespace: newEvent.namespace,
      count: 1,
      firstTimestamp: now,
      involved: newEvent.involved,
      lastTimestamp: now,
      message: this.messageFunc(newEvent),
      eventType: newEvent.eventType,
      reason: newEvent.reason,
      component: newEvent.component,
      ...(newEvent.host !== undefined ? { host: newEvent.host } : {}),
    };
    return [eventCopy, aggregateKey];
  }
}

/** eventLog: what the client remembers of an event it wrote. */
interface EventLog {
  readonly count: number;
  readonly firstTimestamp: Millis;
  /** The name of the first occurrence, which every later occurrence patches. */
  readonly name: string;
}

/** eventLogger: counts occurrences of an event by key. */
export class EventLogger {
  private readonly cache: LruCache<EventLog>;

  constructor(lruCacheEntries: number) {
    this.cache = new LruCache(lruCacheEntries);
  }

  /** eventObserve: a known key keeps its first name and firstTimestamp and counts one more, to be patched. */
  eventObserve(newEvent: CorrelatedEvent, key: string): readonly [CorrelatedEvent, EventPatch | undefined] {
    let event = newEvent;
    let patch: EventPatch | undefined;
    const lastObservation = this.cache.get(key);
    if (lastObservation !== undefined && lastObservation.count > 0) {
      event = {
        ...newEvent,
        name: lastObservation.name,
        firstTimestamp: lastObservation.firstTimestamp,
        count: lastObservation.count + 1,
      };
      // CreateTwoWayMergePatch against a copy with count 0, lastTimestamp 0 and no message.
      patch = { name: event.name, count: event.count, message: event.message, lastTimestamp: event.lastTimestamp };
    }
    this.record(key, event);
    return [event, patch];
  }

  /** updateState: remember the server's copy of a written event under its full key. */
  updateState(event: CorrelatedEvent): void {
    this.record(getEventKey(event), event);
  }

  private record(key: string, event: CorrelatedEvent): void {
    this.cache.add(key, { count: event.count, firstTimestamp: event.firstTimestamp, name: event.name });
  }
}

/**
 * EventCorrelator: filters, aggregates, counts and de-duplicates the events one recorder
 * writes. Keep one per recording component (and host), as each upstream component has its
 * own broadcaster; its caches are that client's memory and are not in the log.
 */
export class EventCorrelator {
  private readonly spamFilter: EventSourceObjectSpamFilter;
  private readonly aggregator: EventAggregator;
  private readonly logger: EventLogger;
  private counter = 0;

  /** NewEventCorrelatorWithOptions (no options: NewEventCorrelator's defaults). */
  constructor(options: CorrelatorOptions = {}) {
    const cacheSize = options.lruCacheSize || maxLruCacheEntries;
    this.spamFilter = new EventSourceObjectSpamFilter(
      cacheSize,
      options.burstSize || defaultSpamBurst,
      options.qps || defaultSpamQPS,
      options.spamKeyFunc ?? getSpamKey,
    );
    this.aggregator = new EventAggregator(
      cacheSize,
      options.keyFunc ?? EventAggregatorByReasonFunc,
      options.messageFunc ?? EventAggregatorByReasonMessageFunc,
      options.maxEvents || defaultAggregateMaxEvents,
      options.maxIntervalInSeconds || defaultAggregateIntervalInSeconds,
      (event, now) => this.generateEventName(event, now),
    );
    this.logger = new EventLogger(cacheSize);
  }

  /**
   * EventCorrelate, for an event the component records at `now` (the recorder's clock, which
   * stamps the Event's timestamps and name), followed by recordToSink's choice.
   */
  correlate(input: EventCorrelatorInput, now: Millis): EventCorrelateResult {
    const newEvent = this.makeEvent(input, now);
    const [aggregateEvent, ckey] = this.aggregator.eventAggregate(newEvent, now);
    const [observedEvent, patch] = this.logger.eventObserve(aggregateEvent, ckey);
    if (this.spamFilter.filter(observedEvent, now)) return { action: 'skip' };
    if (observedEvent.count > 1 && patch !== undefined) return { action: 'patch', event: observedEvent, patch };
    return { action: 'create', event: observedEvent };
  }

  /** UpdateState: what the server returned for a written event (upstream calls it after every successful write). */
  updateState(event: CorrelatedEvent): void {
    this.logger.updateState(event);
  }

  /** recorder.makeEvent: count 1, both timestamps now, the namespace of the object or default. */
  private makeEvent(input: EventCorrelatorInput, now: Millis): CorrelatedEvent {
    return {
      name: this.generateEventName(input, now),
      namespace: input.involved.namespace || 'default',
      involved: input.involved,
      eventType: input.eventType,
      reason: input.reason,
      message: input.message,
      component: input.component,
      ...(input.host !== undefined ? { host: input.host } : {}),
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
    };
  }

  /**
   * util.GenerateEventName: `<involved name>.<UnixNano in hex>`. kubesim's clock is whole
   * milliseconds from zero, so the nanosecond digits are a counter (unique within this
   * correlator) offset by a hash of the source, so two components naming events about one
   * object in the same millisecond do not pick the same name.
   */
  private generateEventName(event: EventCorrelatorInput | CorrelatedEvent, now: Millis): string {
    const offset = fnv32a(`${event.component}\u0000${event.host ?? ''}`);
    const subMillis = (offset + this.counter++) % 1_000_000;
    const nanos = BigInt(now) * 1_000_000n + BigInt(subMillis);
    return `${event.involved.name}.${nanos.toString(16)}`;
  }
}

/**
 * The RecordEvent that writes a correlation's result, or undefined for a skip. The log
 * carries the decision (name, the recorder's timestamp, and for a patch the count and
 * firstTimestamp), so replay needs no correlator, whenever the write lands.
 */
export function toRecordEvent(result: EventCorrelateResult): RecordEvent | undefined {
  if (result.action === 'skip') return undefined;
  const e = result.event;
  return {
    type: 'RecordEvent',
    involved: e.involved,
    eventType: e.eventType,
    reason: e.reason,
    message: e.message,
    component: e.component,
    ...(e.host !== undefined ? { host: e.host } : {}),
    name: e.name,
    lastTimestamp: e.lastTimestamp,
    ...(result.action === 'patch' ? { count: e.count, firstTimestamp: e.firstTimestamp } : {}),
  };
}
