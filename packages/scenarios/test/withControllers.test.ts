import type { Controller } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { withControllers } from '../src/index.js';

const c = (name: string, component = name): Controller => ({ name, component, watches: [], reconcile: () => [] });

describe('withControllers', () => {
  it('puts each own controller in place of the default of its name, and adds the others after', () => {
    const defaults = [c('deployment'), c('replicaset'), c('scheduler')];
    const mine = c('replicaset', 'my-replicaset');
    const extra = c('labeller');
    const out = withControllers(defaults, [extra, mine]);
    expect(out.map((x) => x.name)).toEqual(['deployment', 'replicaset', 'scheduler', 'labeller']);
    expect(out[1]).toBe(mine);
    expect(withControllers(defaults, undefined)).toEqual(defaults);
  });

  it('refuses two controllers of one name', () => {
    expect(() => withControllers([c('deployment')], [c('x'), c('x')])).toThrow('two controllers are named "x"');
  });
});
