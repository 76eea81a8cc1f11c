import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../src/index.js';

describe('scenario.schema.json', () => {
  it('is the JSON Schema of the zod definition (regenerate with `pnpm --filter @kubesim/scenarios run schema`)', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it('documents every top-level key and forbids unknown ones', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual([
      'name',
      'description',
      'seed',
      'until',
      'maxEvents',
      'cluster',
      'images',
      'manifests',
      'steps',
      'invariants',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });
});
