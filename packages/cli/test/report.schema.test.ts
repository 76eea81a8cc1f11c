import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { exampleScenarios, io, schemas } from './reportHelpers.js';

function validator(name: string): (v: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false });
  for (const s of Object.values(schemas())) ajv.addSchema(s as object);
  const validate = ajv.getSchema(`https://kubesim.dev/schema/${name}`);
  if (validate === undefined) throw new Error(`no schema ${name}`);
  return (v) => (validate(v) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

describe('the --json schemas', () => {
  const run = validator('run.v1.schema.json');
  const examples = exampleScenarios();

  it('finds every example scenario', () => {
    expect(examples.length).toBeGreaterThanOrEqual(14);
  });

  for (const path of examples) {
    it(`run --json of ${path} matches run.v1.schema.json`, () => {
      const c = io();
      main(['run', path, '--json'], c);
      const json = JSON.parse(c.out);
      expect(run(json)).toEqual([]);
      expect(json.series.version).toBe(1);
    });
  }

  it('replay --json matches replay.v1.schema.json, and replay draws the series the run drew', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-schema-'));
    const log = join(dir, 'run.jsonl');
    const c = io();
    expect(main(['run', 'examples/statefulset/web-statefulset.yaml', '--json', '--log', log], c)).toBe(0);
    const ran = JSON.parse(c.out);
    const r = io();
    expect(main(['replay', log, '--json', '--at', `${ran.simulatedMs}ms`], r)).toBe(0);
    const replayed = JSON.parse(r.out);
    expect(validator('replay.v1.schema.json')(replayed)).toEqual([]);
    expect(replayed.series).toEqual(ran.series);
    const g = io();
    expect(main(['replay', log, '--json', 'get', 'pods'], g)).toBe(0);
    expect(validator('replay.v1.schema.json')(JSON.parse(g.out))).toEqual([]);
  });

  it('rejects what is not a run: a wrong series version, a missing field', () => {
    const c = io();
    main(['run', 'examples/job/pi.yaml', '--json'], c);
    const json = JSON.parse(c.out);
    expect(run({ ...json, series: { ...json.series, version: 2 } })).not.toEqual([]);
    const { logHash: _, ...noHash } = json;
    expect(run(noHash)).not.toEqual([]);
    expect(readFileSync(join(import.meta.dirname, '..', 'schema', 'run.v1.schema.json'), 'utf8')).toContain('"$id"');
  });
});
