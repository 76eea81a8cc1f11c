import { isKubesimError, type KubeObject, KubesimError } from '@kubesim/core';
import { isMap, isSeq, parseDocument } from 'yaml';
import { loadScenario, type ScenarioFiles } from '../scenario/load.js';
import { manifestOf } from '../scenario/manifest.js';
import type { Manifest, Scenario } from '../scenario/model.js';
import type { Combination, ParamValue, SweepParam } from './params.js';

/** The scenario a sweep starts from: its text, the name messages use, and how it reads its files. */
export interface SweepBase {
  readonly text: string;
  readonly name: string;
  readonly files: ScenarioFiles;
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function usage(message: string): KubesimError {
  return new KubesimError('E_USAGE', message);
}

/**
 * The scenario text with each scenario-field parameter set, comments and layout kept
 * (missing maps on the way are created; a list index must exist). The loader then checks the
 * result as it checks any scenario file.
 */
function withScenarioFields(base: SweepBase, set: readonly { p: SweepParam; v: ParamValue }[]): string {
  if (set.length === 0) return base.text;
  const doc = parseDocument(base.text, { version: '1.1' });
  if (doc.errors.length > 0) return base.text; // the loader reports it, with its line
  for (const { p, v } of set) {
    if (p.target.in !== 'scenario') continue;
    const path = p.target.path;
    for (let k = 0; k < path.length; k++) {
      const parent = k === 0 ? doc.contents : doc.getIn(path.slice(0, k), true);
      const key = path[k] as string | number;
      if (parent === undefined || parent === null) break; // created below, as maps
      if (typeof key === 'number' && (!isSeq(parent) || key >= parent.items.length))
        throw usage(`--param ${p.path}: ${pathText(path.slice(0, k)) || 'the scenario'} has no item [${key}]`);
      if (typeof key === 'string' && !isMap(parent))
        throw usage(
          `--param ${p.path}: ${pathText(path.slice(0, k))} is not a mapping, so it has no field ${JSON.stringify(key)}`,
        );
    }
    doc.setIn(path, v);
  }
  // lineWidth 0: no folding of long strings, so a value reads back exactly as it was.
  return doc.toString({ lineWidth: 0 });
}

/** Sets `path` in a JSON object (a copy the caller owns), creating missing objects on the way. */
function setField(root: Record<string, unknown>, path: readonly (string | number)[], value: ParamValue, param: string): void {
  let node: unknown = root;
  for (let k = 0; k < path.length; k++) {
    const key = path[k] as string | number;
    const here = pathText(path.slice(0, k)) || 'the object';
    if (typeof key === 'number') {
      if (!Array.isArray(node) || key >= node.length) throw usage(`--param ${param}: ${here} has no item [${key}]`);
    } else if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw usage(`--param ${param}: ${here} is not an object, so it has no field ${JSON.stringify(key)}`);
    }
    const holder = node as Record<string | number, unknown>;
    if (k === path.length - 1) {
      holder[key] = value;
      return;
    }
    if (holder[key] === undefined || holder[key] === null) holder[key] = {};
    node = holder[key];
  }
}

function matches(o: KubeObject, t: Extract<SweepParam['target'], { in: 'object' }>): boolean {
  // kubectl's KIND/NAME: the kind in any case (deployment/nginx); a namespaced object without one is in default.
  return (
    o.kind.toLowerCase() === t.kind.toLowerCase() &&
    o.metadata.name === t.name &&
    (t.namespace === undefined || (o.metadata.namespace ?? 'default') === t.namespace)
  );
}

/**
 * The manifests with each object parameter set on every object it names (each manifest that
 * holds one is checked again as the API server checks a create, the message naming the
 * --param). An object parameter that names no object is an error.
 */
function withObjectFields(scenario: Scenario, set: readonly { p: SweepParam; v: ParamValue }[]): Scenario {
  const objectSet = set.filter(({ p }) => p.target.in === 'object');
  if (objectSet.length === 0) return scenario;
  const manifests = new Map<string, Manifest>();
  const hits = new Set<SweepParam>();
  for (const [key, m] of scenario.manifests) {
    const by = new Map<number, string>();
    const objects = m.objects.map((o, i) => {
      let copy: KubeObject | undefined;
      for (const { p, v } of objectSet) {
        if (p.target.in !== 'object' || !matches(o, p.target)) continue;
        hits.add(p);
        copy ??= structuredClone(o);
        setField(copy as unknown as Record<string, unknown>, p.target.path, v, p.path);
        // Every parameter set on the object: a value may be bad only beside another (maxSurge 0 with maxUnavailable 0).
        const named = `--param ${p.path}=${JSON.stringify(v)}`;
        by.set(i, by.has(i) ? `${by.get(i)} with ${named}` : named);
      }
      return copy ?? o;
    });
    if (by.size === 0) {
      manifests.set(key, m);
      continue;
    }
    const checked = manifestOf(
      m.name,
      objects.map((value, i) => ({ value, locate: () => by.get(i) ?? m.locations?.[i] ?? m.name })),
    );
    manifests.set(key, { ...checked, ...(m.locations !== undefined ? { locations: m.locations } : {}) });
  }
  for (const { p } of objectSet) {
    if (hits.has(p) || p.target.in !== 'object') continue;
    const have = [...scenario.manifests.values()].flatMap((m) => m.objects.map((o) => `${o.kind}/${o.metadata.name}`));
    throw usage(
      `--param ${p.path}: no ${p.target.kind} named ${JSON.stringify(p.target.name)}${p.target.namespace !== undefined ? ` in namespace ${p.target.namespace}` : ''} in the scenario's manifests (they hold ${have.length === 0 ? 'no objects' : [...new Set(have)].join(', ')})`,
    );
  }
  return { ...scenario, manifests };
}

/** The scenario of one combination: the base with every parameter set, checked as a scenario file is. */
export function scenarioOf(base: SweepBase, params: readonly SweepParam[], c: Combination): Scenario {
  const set = params.map((p, i) => ({ p, v: c.values[i] as ParamValue }));
  const text = withScenarioFields(
    base,
    set.filter(({ p }) => p.target.in === 'scenario'),
  );
  let scenario: Scenario;
  try {
    scenario = loadScenario(text, base.name, base.files);
  } catch (e) {
    if (!isKubesimError(e) || text === base.text) throw e;
    // The base loads (the caller checked it): name the scenario parameter that breaks it.
    const culprit = set.find(({ p, v }) => {
      if (p.target.in !== 'scenario') return false;
      try {
        loadScenario(withScenarioFields(base, [{ p, v }]), base.name, base.files);
        return false;
      } catch {
        return true;
      }
    });
    const named = culprit === undefined ? set.filter(({ p }) => p.target.in === 'scenario') : [culprit];
    throw usage(`${named.map(({ p, v }) => `--param ${p.path}=${JSON.stringify(v)}`).join(' with ')}: ${(e as Error).message}`);
  }
  return withObjectFields(scenario, set);
}
