import { describe, expect, it } from 'vitest';
import { randomStream } from '../random/streams.js';
import { Simulation } from '../simulation.js';
import { ApiFaultRules, faultError } from './apiFaults.js';
import { INSTANT, keeper, lines, pod, replaysExactly } from './testing.js';

const create = { type: 'Create', object: pod('web-1') } as const;
const rs = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { a: 'b' } },
    template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } },
  },
} as const;

describe('faultError: the error a faulted write returns, as upstream words it', () => {
  it('Conflict: NewConflict over the resource and name', () => {
    expect(faultError('Conflict', { type: 'UpdateStatus', object: rs as never })).toEqual({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on replicasets.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
  });
  it('InternalError: NewInternalError, etcd losing its leader unless the event names a cause', () => {
    expect(faultError('InternalError', create).message).toBe('Internal error occurred: etcdserver: leader changed');
    expect(faultError('InternalError', create, 'boom').message).toBe('Internal error occurred: boom');
  });
  it('Timeout: the 504 generic response, naming the method and resource (and the name, but for a create)', () => {
    expect(faultError('Timeout', create)).toEqual({
      reason: 'Timeout',
      message:
        'the server was unable to return a response in the time allotted, but may still be processing the request (post pods)',
    });
    expect(faultError('Timeout', { type: 'Delete', ref: { kind: 'Pod', name: 'web-1' } }).message).toMatch(
      /\(delete pods web-1\)$/,
    );
    expect(faultError('Timeout', { type: 'Update', object: rs as never }).message).toMatch(/\(put replicasets\.apps web\)$/);
  });
  it('Rejected: a webhook denial (ToStatusErr), without explanation or with the message', () => {
    expect(faultError('Rejected', create)).toEqual({
      reason: 'Forbidden',
      message: 'pods "web-1" is forbidden: admission webhook "faults.kubesim.io" denied the request without explanation',
    });
    expect(faultError('Rejected', create, 'no pods today').message).toBe(
      'pods "web-1" is forbidden: admission webhook "faults.kubesim.io" denied the request: no pods today',
    );
  });
});

describe('ApiFaultRules', () => {
  it('matches by controller, kind and verb; counts down; ends at until', () => {
    const rules = new ApiFaultRules(randomStream(1, 'faults'));
    rules.add({ type: 'ApiFaults', controller: 'a', kind: 'Pod', verb: 'create', error: 'Conflict', count: 2, until: 100 });
    expect(rules.decide('b', create, 0)).toBeUndefined();
    expect(rules.decide('a', { type: 'Delete', ref: { kind: 'Pod', name: 'x' } }, 0)).toBeUndefined();
    expect(rules.decide('a', create, 0)?.error).toBe('Conflict');
    expect(rules.decide('a', create, 1)?.error).toBe('Conflict');
    expect(rules.decide('a', create, 2)).toBeUndefined();
    rules.add({ type: 'ApiFaults', error: 'Timeout', until: 100 });
    expect(rules.decide('z', create, 99)?.error).toBe('Timeout');
    expect(rules.decide('z', create, 100)).toBeUndefined();
    expect(rules.size).toBe(0);
  });
  it('draws a probability from the seeded stream: the same seed fails the same writes', () => {
    const draw = (seed: number): boolean[] => {
      const rules = new ApiFaultRules(randomStream(seed, 'faults'));
      rules.add({ type: 'ApiFaults', error: 'InternalError', probability: 0.5 });
      return Array.from({ length: 40 }, () => rules.decide('c', create, 0) !== undefined);
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const n = draw(7).filter(Boolean).length;
    expect(n).toBeGreaterThan(8);
    expect(n).toBeLessThan(32);
  });
});

describe('injected API faults in a run', () => {
  function run(error: 'Conflict' | 'InternalError' | 'Timeout' | 'Rejected'): { sim: Simulation; seen: string[] } {
    const seen: string[] = [];
    const sim = new Simulation({ seed: 1, controllers: [keeper(1, seen)], controlPlane: INSTANT, apiLatency: 5 });
    sim.inject({ type: 'ApiFaults', controller: 'keeper', kind: 'Pod', verb: 'create', error, count: 1 }, 0);
    sim.create(pod('go'), 10);
    sim.run();
    return { sim, seen };
  }

  it.each(['Conflict', 'InternalError', 'Rejected'] as const)(
    '%s: the create is refused and logged with its fault; the key is retried and the pod made',
    (error) => {
      const { sim, seen } = run(error);
      const reason = error === 'Rejected' ? 'Forbidden' : error;
      expect(lines(sim, (e) => e.event.type === 'Create' || e.event.type === 'ApiFaults')).toEqual([
        '0 world ApiFaults',
        '10 user Create go',
        `15 keeper Create m-0 fault=${error} error=${reason}`,
        // AddRateLimited: the default controller rate limiter's first back-off is 5ms, so the
        // key is synced again at 20 and its create lands after the 5ms API latency.
        '25 keeper Create m-0',
      ]);
      // The refused create lowered the expectation at once; the failure reached the retried sync.
      expect(seen[1]).toBe(`20 inFlight=0 failures=${reason}`);
      expect(sim.get('Pod', 'm-0')).toBeDefined();
      expect(replaysExactly(sim)).toBe(true);
    },
  );

  it('Timeout: the create lands, the caller sees the error; the watch meets the expectation and no second pod is made', () => {
    const { sim, seen } = run('Timeout');
    expect(lines(sim, (e) => e.event.type === 'Create')).toEqual(['10 user Create go', '15 keeper Create m-0 fault=Timeout']);
    expect(seen[1]).toBe('15 inFlight=0 failures=Timeout');
    expect(sim.log.toJsonl()).toContain('"fault":"Timeout"');
    expect(replaysExactly(sim)).toBe(true);
  });

  it('the log line carries the fault and error; replay refuses the same write', () => {
    const { sim } = run('InternalError');
    const line = sim.log
      .toJsonl()
      .split('\n')
      .find((l) => l.includes('"fault"'));
    expect(line).toContain('"fault":"InternalError"');
    expect(line).toContain('"error":{"reason":"InternalError","message":"Internal error occurred: etcdserver: leader changed"}');
  });

  it('refuses a fault naming a controller that does not run', () => {
    const sim = new Simulation({ seed: 1, controllers: [keeper(1)], controlPlane: INSTANT });
    expect(() => sim.inject({ type: 'ApiFaults', controller: 'nope', error: 'Conflict' })).toThrow(/no controller named nope/);
  });
});

// apiserver/pkg/admission/plugin/webhook/errors/statuserror_test.go, the rows a Rejected fault
// can give (its webhook answers with a message or nothing; no reason, no code of its own), on a
// Pod create instead of upstream's mock `bars.foo` resource.
describe('TestToStatusErr', () => {
  const deniedBy = 'admission webhook "faults.kubesim.io" denied the request';
  const named = { type: 'Create', object: pod('example') } as const;
  const unnamed = { type: 'Create', object: { ...pod('x'), metadata: {} } } as const;
  it('nil result', () => {
    expect(faultError('Rejected', named)).toEqual({
      reason: 'Forbidden',
      message: `pods "example" is forbidden: ${deniedBy} without explanation`,
    });
  });
  it('only message', () => {
    expect(faultError('Rejected', named, 'you shall not pass').message).toBe(
      `pods "example" is forbidden: ${deniedBy}: you shall not pass`,
    );
  });
  it('no message, no reason', () => {
    expect(faultError('Rejected', named).message).toBe(`pods "example" is forbidden: ${deniedBy} without explanation`);
  });
  it('unknown name', () => {
    expect(faultError('Rejected', unnamed as never).message).toBe(`pods "Unknown" is forbidden: ${deniedBy} without explanation`);
  });
  it.skip('only reason: a Rejected fault carries a message, never a reason of its own', () => {});
  it.skip('message and reason: as above', () => {});
  it.skip('500 error: a webhook answering 500 is an InternalError fault here', () => {});
});
