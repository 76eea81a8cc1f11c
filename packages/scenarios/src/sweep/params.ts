import { KubesimError } from '@kubesim/core';
import { parse } from 'yaml';
import { parseFieldPath } from '../scenario/yamlDoc.js';

/** A value a sweep gives a field: a YAML scalar, as the field would be written in the file. */
export type ParamValue = string | number | boolean | null;

/**
 * What a `--param` addresses. A scenario field by its path in the scenario file
 * (`cluster.nodes`, `cluster.controlPlane.profile`, `steps[3].at`), or a field of a manifest
 * object by `Kind/name:path` or `Kind/namespace/name:path`
 * (`Deployment/nginx-deployment:spec.strategy.rollingUpdate.maxSurge`). Paths are written as
 * the API server writes field paths: dots between keys, `[n]` for a list index, `[key.with.dots]`
 * for a key holding dots (a label).
 */
export type ParamTarget =
  | { readonly in: 'scenario'; readonly path: readonly (string | number)[] }
  | {
      readonly in: 'object';
      readonly kind: string;
      readonly namespace?: string;
      readonly name: string;
      readonly path: readonly (string | number)[];
    };

/** One parsed `--param PATH=V1,V2,...`: the field it sets and the values the sweep gives it. */
export interface SweepParam {
  /** The path as the user wrote it: the key of the parameter in results. */
  readonly path: string;
  readonly target: ParamTarget;
  readonly values: readonly ParamValue[];
}

/** A bad --param: exit 2, the message names it. */
function bad(text: string, why: string): never {
  throw new KubesimError('E_USAGE', `--param ${text}: ${why}`);
}

function fieldPath(text: string, path: string): (string | number)[] {
  if (path === '' || /^[.[]|\.$|\.\.|\[\]/.test(path)) bad(text, `${JSON.stringify(path)} is not a field path (a.b[0].c)`);
  if ((path.match(/\[/g) ?? []).length !== (path.match(/\]/g) ?? []).length)
    bad(text, `unbalanced [ ] in ${JSON.stringify(path)}`);
  return parseFieldPath(path);
}

/** `PATH=v1,v2,...`: each value read as a YAML 1.1 scalar (kubectl's YAML): `25%`, `2`, `true`, `upstream`. */
export function parseParam(text: string): SweepParam {
  const eq = text.indexOf('=');
  if (eq <= 0) bad(text, 'expected PATH=VALUE[,VALUE...]');
  const path = text.slice(0, eq).trim();
  const list = text.slice(eq + 1);
  const values: ParamValue[] = [];
  const seen = new Set<string>();
  for (const raw of list.split(',')) {
    const v = raw.trim();
    if (v === '') bad(text, list.trim() === '' ? 'no values: nothing to sweep' : 'an empty value in the list');
    if (seen.has(v)) bad(text, `the value ${JSON.stringify(v)} is given twice`);
    seen.add(v);
    let value: unknown;
    try {
      value = parse(v, { version: '1.1' });
    } catch (e) {
      bad(text, `${JSON.stringify(v)} is not a YAML scalar (${(e as Error).message.split('\n')[0]})`);
    }
    if (value !== null && typeof value === 'object')
      bad(text, `${JSON.stringify(v)} is not a scalar: give one value, not a list or map`);
    values.push(value as ParamValue);
  }
  // An object path: Kind/name:path or Kind/namespace/name:path (a colon before any dot).
  const colon = path.indexOf(':');
  if (colon >= 0 && !path.slice(0, colon).includes('.')) {
    const ref = path.slice(0, colon).split('/');
    if (ref.length < 2 || ref.length > 3 || ref.some((p) => p === ''))
      bad(text, `expected Kind/name:path or Kind/namespace/name:path, not ${JSON.stringify(path)}`);
    const [kind, a, b] = ref as [string, string, string | undefined];
    return {
      path,
      target: {
        in: 'object',
        kind,
        ...(b !== undefined ? { namespace: a } : {}),
        name: b ?? a,
        path: fieldPath(text, path.slice(colon + 1)),
      },
      values,
    };
  }
  return { path, target: { in: 'scenario', path: fieldPath(text, path) }, values };
}

/** Every --param, checked together: a path may be swept once. */
export function parseParams(texts: readonly string[]): SweepParam[] {
  const params = texts.map(parseParam);
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.path)) throw new KubesimError('E_USAGE', `--param ${p.path}: given twice; list every value in one --param`);
    seen.add(p.path);
  }
  return params;
}

/** One point of the grid: a value for every parameter, in the order the parameters were given. */
export interface Combination {
  readonly index: number;
  readonly values: readonly ParamValue[];
}

/**
 * The grid, in a fixed order: the first --param varies slowest (as nested loops in the order
 * written), each parameter's values in the order listed. No parameter: one combination.
 */
export function combinations(params: readonly SweepParam[]): Combination[] {
  let grid: ParamValue[][] = [[]];
  for (const p of params) grid = grid.flatMap((prefix) => p.values.map((v) => [...prefix, v]));
  return grid.map((values, index) => ({ index, values }));
}

/** A combination as the results show it: `{path: value}`, in parameter order. */
export function paramsRecord(params: readonly SweepParam[], c: Combination): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  params.forEach((p, i) => {
    out[p.path] = c.values[i] as ParamValue;
  });
  return out;
}
