import * as fc from 'fast-check';
import type { Draft } from 'immer';
import { describe, expect, it } from 'vitest';
import { produce } from '../immer.js';
import { canonicalList, defaultPullPolicy, unset } from './containerDefaults.js';
import { defaultPodSpec } from './podSpecDefaults.js';
import type { Container, PodSpec, Probe } from './types.js';

/*
 * The reference: pod spec defaulting as first written, in place on an immer draft. The pure,
 * shared version must give the same specs, key for key in the same order.
 */
function refCanonicalise(list: Record<string, string> | undefined): void {
  if (list === undefined) return;
  const canonical = canonicalList(list);
  for (const [k, v] of Object.entries(canonical)) if (list[k] !== v) list[k] = v;
}

function refProbe(p: Draft<Probe> | undefined): void {
  if (p === undefined) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  if (p.httpGet) {
    if (unset(p.httpGet.path)) p.httpGet.path = '/';
    if (unset(p.httpGet.scheme)) p.httpGet.scheme = 'HTTP';
  }
}

function refContainer(c: Draft<Container>, isPod: boolean, hostNetwork: boolean): void {
  if (unset(c.imagePullPolicy)) c.imagePullPolicy = defaultPullPolicy(c.image);
  if (unset(c.terminationMessagePath)) c.terminationMessagePath = '/dev/termination-log';
  if (unset(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  for (const port of c.ports ?? []) {
    if (unset(port.protocol)) port.protocol = 'TCP';
    if (hostNetwork && !port.hostPort) port.hostPort = port.containerPort;
  }
  refProbe(c.readinessProbe);
  refProbe(c.livenessProbe);
  refProbe(c.startupProbe);
  if (c.resources) {
    refCanonicalise(c.resources.limits);
    refCanonicalise(c.resources.requests);
    if (isPod && c.resources.limits) {
      c.resources.requests ??= {};
      for (const [k, v] of Object.entries(c.resources.limits)) c.resources.requests[k] ??= v;
    }
  }
}

function refWalk(spec: Draft<PodSpec>, isPod: boolean): void {
  if (unset(spec.restartPolicy)) spec.restartPolicy = 'Always';
  if (unset(spec.dnsPolicy)) spec.dnsPolicy = 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= 30;
  if (unset(spec.schedulerName)) spec.schedulerName = 'default-scheduler';
  spec.securityContext ??= {};
  if (isPod) spec.enableServiceLinks ??= true;
  const hostNetwork = isPod && spec.hostNetwork === true;
  for (const c of spec.containers ?? []) refContainer(c, isPod, hostNetwork);
  for (const c of spec.initContainers ?? []) refContainer(c, isPod, hostNetwork);
  for (const v of spec.volumes ?? []) if (Object.keys(v).filter((k) => k !== 'name').length === 0) v.emptyDir = {};
}

function refPodOnly(spec: Draft<PodSpec>): void {
  spec.enableServiceLinks ??= true;
  const hostNetwork = spec.hostNetwork === true;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c.resources?.limits;
    if (limits !== undefined && c.resources !== undefined) {
      const requests = c.resources.requests ?? {};
      const missing = Object.entries(limits).filter(([k]) => requests[k] === undefined);
      if (missing.length > 0) c.resources.requests = { ...requests, ...Object.fromEntries(missing) };
    }
    if (hostNetwork) for (const port of c.ports ?? []) if (!port.hostPort) port.hostPort = port.containerPort;
  }
}

const reference = (spec: PodSpec, isPod: boolean): PodSpec => produce(spec, (d) => refWalk(d, isPod));

// Specs with every field the defaulters look at: absent, set, or set to a zero value.
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const quantity = fc.constantFrom('100m', '0.0001', '1.5Gi', '64Mi', '2', 'bad');
const resources = fc.record(
  {
    limits: fc.dictionary(fc.constantFrom('cpu', 'memory'), quantity),
    requests: fc.dictionary(fc.constantFrom('cpu', 'memory'), quantity),
  },
  { requiredKeys: [] },
);
const probe = fc.record(
  {
    timeoutSeconds: fc.constantFrom(0, 5),
    periodSeconds: fc.constantFrom(0, 3),
    failureThreshold: fc.constantFrom(0, 1),
    httpGet: fc.record(
      { path: fc.constantFrom('', '/healthz'), port: fc.constant(80), scheme: fc.constantFrom('', 'HTTPS') },
      { requiredKeys: ['port'] },
    ),
  },
  { requiredKeys: [] },
);
const container = fc.record(
  {
    name: fc.constantFrom('app', 'side'),
    image: fc.constantFrom('nginx', 'nginx:1.25', 'nginx:latest', `reg.local/app@sha256:${'a'.repeat(64)}`),
    imagePullPolicy: fc.constantFrom('', 'Never'),
    terminationMessagePath: fc.constantFrom('', '/tmp/log'),
    ports: fc.array(
      fc.record(
        { containerPort: fc.constantFrom(80, 53), protocol: fc.constantFrom('', 'UDP'), hostPort: fc.constantFrom(0, 8080) },
        { requiredKeys: ['containerPort'] },
      ),
      { maxLength: 2 },
    ),
    readinessProbe: probe,
    livenessProbe: probe,
    resources,
  },
  { requiredKeys: ['name'] },
) as fc.Arbitrary<Container>;
const spec = fc.record(
  {
    containers: fc.array(container, { minLength: 1, maxLength: 2 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    restartPolicy: fc.constantFrom('', 'Never'),
    dnsPolicy: maybe(fc.constantFrom('', 'Default')),
    terminationGracePeriodSeconds: fc.constantFrom(0, 5),
    securityContext: fc.constant({ runAsUser: 1 }),
    enableServiceLinks: fc.boolean(),
    hostNetwork: fc.boolean(),
    nodeName: fc.constantFrom('node-1', 'node-2'),
    volumes: fc.array(
      fc.oneof(
        fc.record({ name: fc.constant('v') }),
        fc.record({ name: fc.constant('w'), configMap: fc.record({ name: fc.constant('c') }) }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['containers'] },
) as fc.Arbitrary<PodSpec>;

const text = (v: unknown): string => JSON.stringify(v);
const copy = <T>(v: T): T => structuredClone(v);

describe('pod spec defaulting without drafts', () => {
  it('gives what defaulting on a draft gives, key for key, for pods and templates', () => {
    fc.assert(
      fc.property(spec, fc.boolean(), (s, isPod) => {
        expect(text(defaultPodSpec(copy(s), isPod))).toBe(text(reference(copy(s), isPod)));
      }),
      { numRuns: 500 },
    );
  });

  it('a pod created from a defaulted template gets the template defaults plus the pod-only ones', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const template = defaultPodSpec(copy(s), false);
        const want = produce(reference(copy(s), false), (d) => refPodOnly(d));
        expect(text(defaultPodSpec(template, true))).toBe(text(want));
      }),
      { numRuns: 300 },
    );
  });

  it('returns a spec that needs nothing as it is, and defaults an equal spec to the same shared object', () => {
    fc.assert(
      fc.property(spec, fc.boolean(), (s, isPod) => {
        const once = defaultPodSpec(copy(s), isPod);
        expect(defaultPodSpec(copy(s), isPod)).toBe(once); // by value
        if (!isPod) expect(defaultPodSpec(once, false)).toBe(once); // template defaulting is idempotent
        expect(Object.isFrozen(once)).toBe(true); // shared, so frozen under the tests
      }),
      { numRuns: 200 },
    );
  });

  it('shares the sub-objects a spec did not need defaults for', () => {
    const c: Container = {
      name: 'app',
      image: 'nginx:1.25',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/x',
      terminationMessagePolicy: 'File',
    };
    const s: PodSpec = { containers: [c], volumes: [{ name: 'v', emptyDir: {} }] };
    const out = defaultPodSpec(s, true);
    expect(out).not.toBe(s);
    expect(out.containers).toBe(s.containers);
    expect(out.volumes).toBe(s.volumes);
  });
});
