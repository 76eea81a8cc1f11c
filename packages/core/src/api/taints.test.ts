import { describe, expect, it } from 'vitest';
import { findUntoleratedTaint, toleratesTaint, tolerationsTolerateTaint } from './taints.js';
import type { Taint, Toleration } from './types.js';

describe('TestTolerationToleratesTaint (k8s.io/api core/v1)', () => {
  const table: [string, Toleration, Taint, boolean][] = [
    [
      'same key and effect, Exists, taint has no value',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'foo', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key and effect, Exists, taint has some value',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      true,
    ],
    [
      'same effect, empty key and Exists: matches all taints',
      { key: '', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key, effect and value, Equal',
      { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key and effect, different values, Equal',
      { key: 'foo', operator: 'Equal', value: 'value1', effect: 'NoSchedule' },
      { key: 'foo', value: 'value2', effect: 'NoSchedule' },
      false,
    ],
    [
      'same key and value, different effects, Equal',
      { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoExecute' },
      false,
    ],
  ];
  it.each(table)('%s', (_n, t, taint, want) => expect(toleratesTaint(t, taint)).toBe(want));

  it('an empty effect matches every effect', () => {
    for (const effect of ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const) {
      expect(toleratesTaint({ key: 'foo', operator: 'Exists' }, { key: 'foo', effect })).toBe(true);
    }
  });
  it('an empty operator means Equal, also for an empty key (the value is still compared)', () => {
    expect(toleratesTaint({ key: 'foo', value: 'bar' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' })).toBe(true);
    expect(toleratesTaint({ key: 'foo' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' })).toBe(false);
    expect(toleratesTaint({}, { key: 'foo', value: 'bar', effect: 'NoSchedule' })).toBe(false);
    expect(toleratesTaint({}, { key: 'foo', effect: 'NoSchedule' })).toBe(true);
  });
  it('a different key is not tolerated, whatever the operator', () => {
    expect(toleratesTaint({ key: 'foo', operator: 'Exists' }, { key: 'bar', effect: 'NoSchedule' })).toBe(false);
  });
  it('an unknown operator tolerates nothing', () => {
    expect(
      toleratesTaint({ key: 'foo', operator: 'Gt' as never, value: '1' }, { key: 'foo', value: '1', effect: 'NoSchedule' }),
    ).toBe(false);
  });
});

describe('tolerationsTolerateTaint and findUntoleratedTaint', () => {
  const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
  const gpu: Taint = { key: 'gpu', value: 'true', effect: 'NoSchedule' };
  const soft: Taint = { key: 'spot', effect: 'PreferNoSchedule' };
  it('any one toleration is enough; none tolerates nothing', () => {
    expect(
      tolerationsTolerateTaint(
        [
          { key: 'x', operator: 'Exists' },
          { key: 'gpu', value: 'true' },
        ],
        gpu,
      ),
    ).toBe(true);
    expect(tolerationsTolerateTaint(undefined, gpu)).toBe(false);
    expect(tolerationsTolerateTaint([], gpu)).toBe(false);
  });
  it('returns the first untolerated taint that passes the filter, in node order', () => {
    const hard = (t: Taint) => t.effect !== 'PreferNoSchedule';
    expect(findUntoleratedTaint([soft, notReady, gpu], [], hard)).toBe(notReady);
    expect(findUntoleratedTaint([soft, notReady, gpu], [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }], hard)).toBe(
      gpu,
    );
    expect(findUntoleratedTaint([soft, notReady, gpu], [{ operator: 'Exists' }], hard)).toBeUndefined();
    expect(findUntoleratedTaint(undefined, [], hard)).toBeUndefined();
  });
});
