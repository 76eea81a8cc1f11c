import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch.js';

function frozen<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) frozen(x);
    Object.freeze(v);
  }
  return v;
}

// Through JSON text, as a manifest or patch arrives: no -0, no undefined.
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const jsonObject = fc.dictionary(fc.constantFrom('a', 'b', 'c'), json, { maxKeys: 3 });

/** Pod-spec-shaped documents: lists merged by key (containers, ports), sets (finalizers), plain fields. */
const container = fc.record(
  {
    name: fc.constantFrom('web', 'sidecar', 'init'),
    image: fc.constantFrom('nginx:1', 'nginx:2', 'envoy'),
    ports: fc.array(fc.record({ containerPort: fc.constantFrom(80, 443, 8080), name: fc.constantFrom('http', 'https') }), {
      maxLength: 2,
    }),
    args: fc.array(fc.constantFrom('-v', '--x'), { maxLength: 2 }),
  },
  { requiredKeys: ['name'] },
);
const podLike = fc.record(
  {
    metadata: fc.record(
      {
        labels: fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('a', 'b')),
        finalizers: fc.array(fc.constantFrom('x.io/a', 'x.io/b', 'x.io/c'), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    spec: fc.record({ containers: fc.array(container, { maxLength: 3 }), replicas: fc.nat(5) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

describe('patch properties', () => {
  it('a merge patch never mutates its inputs', () => {
    fc.assert(
      fc.property(json, json, (target, patch) => {
        const t = frozen(structuredClone(target));
        const p = frozen(structuredClone(patch));
        mergePatch(t, p);
        expect(t).toEqual(target);
        expect(p).toEqual(patch);
      }),
    );
  });

  it('a merge patch is idempotent (RFC 7386)', () => {
    fc.assert(
      fc.property(json, jsonObject, (target, patch) => {
        const once = mergePatch(target, patch);
        expect(mergePatch(once, patch)).toEqual(once);
      }),
    );
  });

  it('a strategic merge patch never mutates its inputs and is idempotent without directives', () => {
    fc.assert(
      fc.property(podLike, podLike, (target, patch) => {
        const t = frozen(structuredClone(target));
        const p = frozen(structuredClone(patch));
        const once = strategicMergePatch(t, p);
        expect(t).toEqual(target);
        expect(p).toEqual(patch);
        expect(strategicMergePatch(once, p)).toEqual(once);
      }),
    );
  });

  it('JSON patch add then test succeeds, and remove undoes an add of a new member', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), json, { maxKeys: 3 }),
        fc.constantFrom('a', 'b', 'c', 'd'),
        json,
        (doc, key, value) => {
          const input = frozen(structuredClone(doc));
          const added = jsonPatch(input, [
            { op: 'add', path: `/${key}`, value },
            { op: 'test', path: `/${key}`, value },
          ]);
          expect(input).toEqual(doc);
          expect((added as Record<string, unknown>)[key]).toEqual(value);
          if (!Object.hasOwn(doc, key)) expect(jsonPatch(added, [{ op: 'remove', path: `/${key}` }])).toEqual(doc);
        },
      ),
    );
  });
});
