import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { produce as globalProduce, setAutoFreeze } from 'immer';
import { afterAll, describe, expect, it } from 'vitest';

// kubesim runs on its own immer instance: importing it leaves the process-wide immer settings,
// and so its user's own immer code, as they were.
describe('immer instance', () => {
  afterAll(() => setAutoFreeze(true));

  it('importing @kubesim/core does not change immer auto-freeze', async () => {
    setAutoFreeze(false); // the user's choice, made before importing kubesim
    const core = await import('../src/index.js');
    const mine = globalProduce({ a: { b: 1 } }, (d) => {
      d.a.b = 2;
    });
    expect(Object.isFrozen(mine)).toBe(false);
    expect(Object.isFrozen(mine.a)).toBe(false);
    // kubesim still freezes its own objects under the test suite.
    const { produce } = await import('../src/immer.js');
    const its = produce({ a: { b: 1 } }, (d) => {
      d.a.b = 2;
    });
    expect(Object.isFrozen(its)).toBe(true);
    expect(core.KINDS.length).toBeGreaterThan(0);
  });
});

describe('immer imports', () => {
  it('no package takes produce or the global settings from immer itself', () => {
    const packages = fileURLToPath(new URL('../..', import.meta.url));
    const offenders: string[] = [];
    for (const pkg of readdirSync(packages)) {
      const src = join(packages, pkg, 'src');
      let files: string[];
      try {
        files = readdirSync(src, { recursive: true }).map(String);
      } catch {
        continue;
      }
      for (const f of files.filter((f) => f.endsWith('.ts'))) {
        const text = readFileSync(join(src, f), 'utf8');
        for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'immer'/g)) {
          const names = (m[1] ?? '').split(',').map((n) => n.trim());
          if (names.some((n) => /^(produce|produceWithPatches|setAutoFreeze|setUseStrictShallowCopy|enablePatches)\b/.test(n)))
            offenders.push(`${pkg}/src/${f}`);
        }
      }
    }
    expect(offenders.filter((f) => f !== 'core/src/immer.ts')).toEqual([]);
  });
});
