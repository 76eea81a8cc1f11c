import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every export has a doc comment (issue 15): typedoc, with the root typedoc.json (core,
 * controllers, scenarios and scenarios/verify, `notDocumented` validation on), warns once per
 * exported name without one; this test fails listing each of them.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const typedoc = fileURLToPath(new URL('../../../node_modules/.bin/typedoc', import.meta.url));
const hasTypedoc = existsSync(typedoc);
/** Colour codes, in case typedoc colours its output anyway. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

if (!hasTypedoc) console.warn(`apiDocs.test.ts skipped: typedoc is not installed (${typedoc}); run pnpm install`);

describe.skipIf(!hasTypedoc)('API docs', () => {
  it('every export of core, controllers, scenarios and scenarios/verify has a doc comment', () => {
    const r = spawnSync(typedoc, ['--emit', 'none'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 170_000,
    });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.replace(ANSI, '');
    // typedoc itself failing (a type error, a bad option) is not a pass.
    expect(r.error, output).toBeUndefined();
    expect(r.status, output).toBe(0);
    const undocumented = output
      .split('\n')
      .filter((l) => l.includes('does not have any documentation'))
      .map((l) => l.replace(/^\[warning\]\s*/, '').trim());
    expect(undocumented, `${undocumented.length} export(s) without a doc comment:\n${undocumented.join('\n')}`).toEqual([]);
  }, 180_000);
});
