import { describe, expect, it } from 'vitest';
import { isKubesimError } from '../errors.js';
import { applyPatch, jsonPatch, mergePatch, strategicMergePatch } from './patch.js';

/** Deep-freezes a value, so any mutation of a patch's input throws in strict mode. */
function frozen<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) frozen(x);
    Object.freeze(v);
  }
  return v;
}

describe('RFC 7386 Appendix A (JSON merge patch)', () => {
  const table: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(table)('merge(%j, %j) = %j', (target, patch, want) => {
    expect(mergePatch(frozen(structuredClone(target)), frozen(structuredClone(patch)))).toEqual(want);
    expect(applyPatch(target, 'merge', patch)).toEqual(want);
  });

  it('does not mutate the target or the patch', () => {
    const target = { spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } } } } };
    const patch = { spec: { replicas: null, template: { metadata: { labels: { tier: 'fe' } } } } };
    const t = structuredClone(target);
    const p = structuredClone(patch);
    const out = mergePatch(t, p);
    expect(t).toEqual(target);
    expect(p).toEqual(patch);
    expect(out).toEqual({ spec: { template: { metadata: { labels: { app: 'web', tier: 'fe' } } } } });
  });
});

function jsonPatchError(doc: unknown, ops: unknown): string {
  try {
    jsonPatch(doc, ops);
  } catch (e) {
    if (isKubesimError(e, 'E_INVALID')) return e.message;
    throw e;
  }
  throw new Error('patch applied');
}

describe('RFC 6902 Appendix A (JSON patch)', () => {
  const table: [string, unknown, unknown[], unknown][] = [
    ['A.1 adding an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
    [
      'A.2 adding an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    ['A.3 removing an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    [
      'A.4 removing an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replacing a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 moving a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 moving an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 testing a value: success',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 adding a nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.11 ignoring unrecognized elements',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
      { foo: 'bar', baz: 'qux' },
    ],
    ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    [
      'A.16 adding an array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    // RFC 6902 §4 examples and kubectl patterns
    ['copy', { a: { x: 1 } }, [{ op: 'copy', from: '/a', path: '/b' }], { a: { x: 1 }, b: { x: 1 } }],
    ['replace the whole document', { a: 1 }, [{ op: 'replace', path: '', value: [1] }], [1]],
    ['a slash in a key', { 'a/b': 1 }, [{ op: 'replace', path: '/a~1b', value: 2 }], { 'a/b': 2 }],
    [
      'scale through /spec/replicas',
      { spec: { replicas: 1, template: {} } },
      [{ op: 'replace', path: '/spec/replicas', value: 5 }],
      { spec: { replicas: 5, template: {} } },
    ],
    [
      'test compares objects whatever their key order (§4.6)',
      { m: { a: 1, b: [1, { c: 2, d: 3 }] } },
      [{ op: 'test', path: '/m', value: { b: [1, { d: 3, c: 2 }], a: 1 } }],
      { m: { a: 1, b: [1, { c: 2, d: 3 }] } },
    ],
  ];
  it.each(table)('%s', (_name, doc, ops, want) => {
    const input = frozen(structuredClone(doc));
    expect(jsonPatch(input, frozen(structuredClone(ops)))).toEqual(want);
    expect(input).toEqual(doc);
  });

  const failures: [string, unknown, unknown[], string][] = [
    ['A.9 testing a value: error', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], 'testing value /baz failed'],
    [
      'A.12 adding to a nonexistent target',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz/bat', value: 'qux' }],
      'add operation does not apply: doc is missing path: /baz/bat',
    ],
    [
      'A.15 comparing strings and numbers',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: '10' }],
      'testing value /~01 failed',
    ],
    [
      'remove a missing member',
      { a: 1 },
      [{ op: 'remove', path: '/b' }],
      'remove operation does not apply: doc is missing path: /b',
    ],
    [
      'replace a missing member',
      { a: 1 },
      [{ op: 'replace', path: '/b', value: 2 }],
      'replace operation does not apply: doc is missing path: /b',
    ],
    [
      'remove past the end of an array',
      { a: [1] },
      [{ op: 'remove', path: '/a/1' }],
      'remove operation does not apply: doc is missing path: /a/1',
    ],
    [
      'add past the end of an array',
      { a: [1] },
      [{ op: 'add', path: '/a/2', value: 0 }],
      'add operation does not apply: doc is missing path: /a/2',
    ],
    [
      'an index with a leading zero',
      { a: [1, 2] },
      [{ op: 'replace', path: '/a/01', value: 0 }],
      'replace operation does not apply: doc is missing path: /a/01',
    ],
    [
      'an empty array index',
      { a: [1, 2] },
      [{ op: 'remove', path: '/a/' }],
      'remove operation does not apply: doc is missing path: /a/',
    ],
    [
      '"-" is only for add',
      { a: [1, 2] },
      [{ op: 'remove', path: '/a/-' }],
      'remove operation does not apply: doc is missing path: /a/-',
    ],
    [
      'an inherited member is not a member',
      { a: {} },
      [{ op: 'remove', path: '/a/toString' }],
      'remove operation does not apply: doc is missing path: /a/toString',
    ],
    [
      'test of a missing path',
      { a: 1 },
      [{ op: 'test', path: '/constructor', value: null }],
      'testing value /constructor failed',
    ],
    [
      'move from a missing path',
      { a: 1 },
      [{ op: 'move', from: '/b', path: '/c' }],
      'move operation does not apply: doc is missing from path: /b',
    ],
    ['a pointer without a leading slash', { a: 1 }, [{ op: 'remove', path: 'a' }], 'JSON pointer must start with "/": "a"'],
    ['an unknown op', { a: 1 }, [{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
  ];
  it.each(failures)('%s fails', (_name, doc, ops, message) => {
    const input = frozen(structuredClone(doc));
    expect(jsonPatchError(input, ops)).toBe(message);
    expect(input).toEqual(doc);
  });

  it('rejects a patch that is not a list of operations', () => {
    expect(jsonPatchError({}, { op: 'add' })).toMatch(/cannot unmarshal object/);
    expect(jsonPatchError({}, [{ path: '/a' }])).toMatch(/each needs "op" and "path"/);
  });

  it('applies all operations or none: a failing op leaves the input untouched', () => {
    const doc = { a: 1, b: 2 };
    const input = structuredClone(doc);
    expect(() =>
      jsonPatch(input, [
        { op: 'remove', path: '/a' },
        { op: 'remove', path: '/zzz' },
      ]),
    ).toThrow();
    expect(input).toEqual(doc);
  });
});

describe('strategic merge patch (apimachinery strategicpatch, k8s.io/api patch tags)', () => {
  const pod = (): Record<string, unknown> => ({
    metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a.io/x', 'b.io/y'] },
    spec: {
      containers: [
        { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] },
        { name: 'sidecar', image: 'envoy:1', env: [{ name: 'A', value: '1' }] },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
    },
  });

  it('merges containers by name instead of replacing the list (kubectl set image)', () => {
    const out = strategicMergePatch(frozen(pod()), frozen({ spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } }));
    expect(out).toMatchObject({
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] },
          { name: 'sidecar', image: 'envoy:1' },
        ],
      },
    });
    // The same patch as a JSON merge patch replaces the whole list.
    expect(
      (
        mergePatch(pod(), { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } }) as {
          spec: { containers: unknown[] };
        }
      ).spec.containers,
    ).toEqual([{ name: 'nginx', image: 'nginx:1.26' }]);
  });

  it('appends a container with a new name', () => {
    const out = strategicMergePatch(frozen(pod()), { spec: { containers: [{ name: 'debug', image: 'busybox' }] } }) as {
      spec: { containers: { name: string }[] };
    };
    expect(out.spec.containers.map((c) => c.name)).toEqual(['nginx', 'sidecar', 'debug']);
  });

  it('merges container ports by containerPort, env by name', () => {
    const out = strategicMergePatch(frozen(pod()), {
      spec: {
        containers: [
          { name: 'nginx', ports: [{ containerPort: 443, name: 'https' }, { containerPort: 8080 }] },
          {
            name: 'sidecar',
            env: [
              { name: 'A', value: '2' },
              { name: 'B', value: '3' },
            ],
          },
        ],
      },
    }) as { spec: { containers: { ports?: unknown[]; env?: unknown[] }[] } };
    expect(out.spec.containers[0]?.ports).toEqual([
      { containerPort: 80, name: 'http' },
      { containerPort: 443, name: 'https' },
      { containerPort: 8080 },
    ]);
    expect(out.spec.containers[1]?.env).toEqual([
      { name: 'A', value: '2' },
      { name: 'B', value: '3' },
    ]);
  });

  it('merges Service ports by port', () => {
    const svc = frozen({
      spec: {
        ports: [
          { port: 80, targetPort: 8080 },
          { port: 443, targetPort: 8443 },
        ],
      },
    });
    expect(strategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } })).toEqual({
      spec: {
        ports: [
          { port: 80, targetPort: 9090 },
          { port: 443, targetPort: 8443 },
        ],
      },
    });
  });

  it('$patch: delete removes the list element with that key', () => {
    const out = strategicMergePatch(frozen(pod()), { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } }) as {
      spec: { containers: { name: string }[] };
    };
    expect(out.spec.containers.map((c) => c.name)).toEqual(['nginx']);
    // deleting an element that is not there is a no-op
    expect(strategicMergePatch(pod(), { spec: { containers: [{ name: 'nope', $patch: 'delete' }] } })).toEqual(pod());
  });

  it('$patch: delete on a map removes the field', () => {
    expect(strategicMergePatch(frozen(pod()), { metadata: { labels: { $patch: 'delete' } } })).toMatchObject({
      metadata: { name: 'web' },
    });
    expect(
      (strategicMergePatch(pod(), { metadata: { labels: { $patch: 'delete' } } }) as { metadata: object }).metadata,
    ).not.toHaveProperty('labels');
  });

  it('$patch: replace on a list replaces it; on a map replaces the map', () => {
    const list = strategicMergePatch(frozen(pod()), {
      spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] },
    }) as { spec: { containers: unknown[] } };
    expect(list.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
    const map = strategicMergePatch(frozen(pod()), { metadata: { labels: { tier: 'fe', $patch: 'replace' } } }) as {
      metadata: { labels: unknown };
    };
    expect(map.metadata.labels).toEqual({ tier: 'fe' });
  });

  it('merges finalizers as a set, and $deleteFromPrimitiveList removes from it', () => {
    const added = strategicMergePatch(frozen(pod()), { metadata: { finalizers: ['b.io/y', 'c.io/z'] } });
    expect((added as { metadata: { finalizers: string[] } }).metadata.finalizers).toEqual(['a.io/x', 'b.io/y', 'c.io/z']);
    const removed = strategicMergePatch(frozen(pod()), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/x'] } });
    expect((removed as { metadata: { finalizers: string[] } }).metadata.finalizers).toEqual(['b.io/y']);
  });

  it('replaces lists without a merge key (args) and deletes a field set to null', () => {
    const target = frozen({ spec: { containers: [{ name: 'a', args: ['x', 'y'], command: ['sh'] }] } });
    expect(strategicMergePatch(target, { spec: { containers: [{ name: 'a', args: ['z'], command: null }] } })).toEqual({
      spec: { containers: [{ name: 'a', args: ['z'] }] },
    });
  });

  it('ignores $setElementOrder and $retainKeys directives', () => {
    const out = strategicMergePatch(frozen(pod()), {
      spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }], $retainKeys: ['containers'] },
    });
    expect(out).toEqual(pod());
  });

  it('never mutates the target or the patch', () => {
    const target = pod();
    const patch = {
      metadata: { finalizers: ['c.io/z'], labels: { app: null } },
      spec: {
        containers: [
          { name: 'nginx', image: 'x', ports: [{ containerPort: 80, $patch: 'delete' }] },
          { name: 'sidecar', $patch: 'delete' },
        ],
      },
    };
    const t = structuredClone(target);
    const p = structuredClone(patch);
    const out = strategicMergePatch(t, p) as { spec: { containers: { name: string; ports?: unknown[] }[] } };
    expect(t).toEqual(target);
    expect(p).toEqual(patch);
    expect(out.spec.containers).toEqual([{ name: 'nginx', image: 'x', ports: [{ containerPort: 443 }] }]);
  });
});
