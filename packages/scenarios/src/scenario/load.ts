import { isKubesimError, KubesimError, type NodeSpec, parseDuration, parseSelector } from '@kubesim/core';
import type { z } from 'zod';
import { expectationOf } from '../expect/load.js';
import { invariantProblem } from '../invariants/library.js';
import { parseCommand } from '../kubectl/kubectl.js';
import { tokenize } from '../kubectl/tokenize.js';
import { checkNodeCount, type ImageBehaviour, imageProfile, scenario } from './builder.js';
import type { ControlPlaneInput } from './controlPlane.js';
import { componentFault } from './faultEntry.js';
import { strictLoadError } from './fieldValidation.js';
import { addLoadSections } from './loadSection.js';
import { loadManifest, manifestOf } from './manifest.js';
import type { Fault, Manifest, Scenario } from './model.js';
import { checkJoiningNode, checkScenarioNodes } from './nodes.js';
import { type FaultEntry, type ImageEntry, type ScenarioFile, ScenarioFileSchema } from './schema.js';
import { usageProfile } from './usage.js';
import { parseYamlDocuments, type YamlDocument } from './yamlDoc.js';

/**
 * Reads a scenario file: the YAML is checked against the schema (unknown keys included), the
 * manifests it lists and every file a step reads with `-f` are loaded and checked as the API
 * server would, and each kubectl step's verb must be one kubesim runs. Every problem is one
 * message naming the file, line and field; nothing runs until the whole scenario is good.
 */
export interface ScenarioFiles {
  /** Reads a file named relative to the scenario; throws if it does not exist. */
  readFile(path: string): string;
}

const DEFAULT_NODES = 3;

type Path = readonly (string | number)[];

function fail(where: string, field: string, message: string): never {
  throw new KubesimError('E_SCENARIO', `${where}: ${field === '' ? '' : `${field}: `}${message}`);
}

function pathString(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The most telling issue: inside a union, the branch that got furthest. */
function bestIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const score = (branch: readonly z.core.$ZodIssue[]): number =>
    branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'unrecognized_keys'))
      ? 1000
      : branch.length;
  const branches = [...issue.errors].sort((a, b) => score(a) - score(b));
  const best = branches[0] as z.core.$ZodIssue[];
  if (score(best) >= 1000) return issue;
  const inner = bestIssue(best[0] as z.core.$ZodIssue);
  return { ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue;
}

function issueMessage(issue: z.core.$ZodIssue): { path: Path; message: string } {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] as string;
    // zod's own text, or the schema's (which names what the field may be: a process, a controller).
    const own = issue.message.startsWith('Unrecognized key');
    return { path: [...path, key], message: own ? `unknown field ${JSON.stringify(key)}` : issue.message };
  }
  return { path, message: issue.message.replace(/^Invalid input: /, '') };
}

function checkShape(doc: YamlDocument): ScenarioFile {
  const parsed = ScenarioFileSchema.safeParse(doc.value ?? {});
  if (parsed.success) return parsed.data;
  const { path, message } = issueMessage(bestIssue(parsed.error.issues[0] as z.core.$ZodIssue));
  return fail(doc.locate(path), pathString(path), message);
}

/** The files a kubectl command line reads with -f / --filename. */
export function filesOf(command: string): string[] {
  const tokens = tokenize(command);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    const m = /^(?:-f|--filename)(?:=(.*))?$/.exec(t) ?? /^-f(.+)$/.exec(t);
    if (m === null) continue;
    const value = m[1] ?? tokens[++i];
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** Reads a scenario file's text (its manifests through `files`) into a Scenario; a mistake throws one located message. */
export function loadScenario(text: string, file: string, files: ScenarioFiles): Scenario {
  const docs = parseYamlDocuments(text, file);
  if (docs.length !== 1) fail(`${file}:1:1`, '', `a scenario file holds one YAML document, found ${docs.length}`);
  const doc = docs[0] as YamlDocument;
  const s = checkShape(doc);
  const b = scenario(s.name).from(file);
  // The seed is text, as --seed takes it: a YAML number is taken as written (`042` is "042", not octal 34).
  if (s.seed !== undefined) b.seed(typeof s.seed === 'number' ? (doc.source(['seed']) ?? String(s.seed)) : s.seed);
  if (s.startTime !== undefined) b.startTime(s.startTime);
  if (s.until !== undefined) b.until(s.until);
  if (s.maxEvents !== undefined) b.maxEvents(s.maxEvents);
  if (s.limits !== undefined) b.limits(Object.fromEntries(Object.entries(s.limits).filter(([, v]) => v !== undefined)));

  const nodes = s.cluster?.nodes ?? DEFAULT_NODES;
  const count = typeof nodes === 'number' ? nodes : Array.isArray(nodes) ? nodes.length : nodes.count;
  try {
    checkNodeCount(count, s.limits?.nodes !== undefined ? { nodes: s.limits.nodes } : {});
  } catch (e) {
    if (isKubesimError(e)) fail(doc.locate(['cluster', 'nodes']), 'cluster.nodes', e.message);
    throw e;
  }
  if (typeof nodes === 'number') b.nodes(nodes);
  else if (Array.isArray(nodes)) for (const n of nodes) b.node(n as NodeSpec);
  else {
    const { count, ...capacity } = nodes;
    b.nodes(count, capacity as Omit<NodeSpec, 'name'>);
  }
  checkScenarioNodes(nodes, doc);
  if (s.cluster?.defaultStorageClass !== undefined) b.defaultStorageClass(s.cluster.defaultStorageClass);
  if (s.cluster?.latency !== undefined) {
    b.latency({
      ...(s.cluster.latency.api !== undefined ? { api: s.cluster.latency.api } : {}),
      ...(s.cluster.latency.controller !== undefined ? { controller: s.cluster.latency.controller } : {}),
    });
  }
  if (s.cluster?.controlPlane !== undefined) {
    try {
      b.controlPlane(s.cluster.controlPlane as ControlPlaneInput);
    } catch (e) {
      // The schema has checked every field; this is a backstop naming the block.
      if (isKubesimError(e)) fail(doc.locate(['cluster', 'controlPlane']), '', `cluster.${e.message}`);
      throw e;
    }
  }
  for (const entry of s.images ?? []) b.image(entry.match, behaviourOf(entry));

  const manifests = new Map<string, Manifest>();
  const read = (name: string, where: string, field: string): Manifest => {
    const known = manifests.get(name);
    if (known !== undefined) return known;
    let content: string;
    try {
      content = files.readFile(name);
    } catch (e) {
      return fail(where, field, `cannot read ${JSON.stringify(name)}: ${(e as Error).message}`);
    }
    const m = loadManifest(name, content, name);
    manifests.set(name, m);
    return m;
  };
  (s.manifests ?? []).forEach((entry, i) => {
    const where = doc.locate(['manifests', i]);
    let m: Manifest;
    if ('file' in entry) m = read(entry.file, where, `manifests[${i}].file`);
    else {
      if (manifests.has(entry.name))
        fail(where, `manifests[${i}].name`, `a manifest named ${JSON.stringify(entry.name)} is already listed`);
      const at = ['manifests', i, 'inline'];
      if (typeof entry.inline === 'string') {
        // A block scalar's text starts on the line after its `|`, at the block's indentation.
        const start = doc.origin(at);
        const firstLine = text.split('\n')[start.line] ?? '';
        const indent = firstLine.length - firstLine.trimStart().length;
        m = loadManifest(entry.name, entry.inline, file, { line: start.line + 1, column: indent + 1 });
      } else {
        const values = Array.isArray(entry.inline) ? entry.inline : [entry.inline];
        m = manifestOf(
          entry.name,
          values.map((value, j) => ({
            value,
            locate: (p) => doc.locate([...at, ...(Array.isArray(entry.inline) ? [j] : []), ...p]),
          })),
        );
      }
      manifests.set(entry.name, m);
    }
    if (entry.apply) {
      // Applied as `kubectl apply` applies it, strictly: an unknown field stops the load at its line.
      const strict = strictLoadError(m.objects, m.name);
      if (strict !== undefined) throw new KubesimError('E_SCENARIO', strict);
      b.kubectl(0, `apply -f ${m.name}`, where);
    }
  });

  (s.steps ?? []).forEach((step, i) => {
    const where = doc.locate(['steps', i]);
    if ('expect' in step) {
      const within = step.within === undefined ? undefined : parseDuration(step.within);
      const e = expectationOf(parseDuration(step.at), within, step.expect, where);
      if ('problem' in e) {
        const path = ['steps', i, 'expect', ...e.path];
        fail(doc.locate(path), pathString(path), e.problem);
      } else b.expect(e);
      return;
    }
    if ('kubectl' in step) {
      try {
        parseCommand(step.kubectl);
      } catch (e) {
        if (isKubesimError(e)) fail(doc.locate(['steps', i, 'kubectl']), `steps[${i}].kubectl`, e.message);
        throw e;
      }
      for (const f of filesOf(step.kubectl)) read(f, doc.locate(['steps', i, 'kubectl']), `steps[${i}].kubectl`);
      b.kubectl(parseDuration(step.at), step.kubectl, where);
    } else {
      const fault = faultOf(step.fault as Record<string, unknown>);
      if (fault.type === 'nodeJoins') checkJoiningNode(fault.node, doc, i);
      if (fault.type === 'podKilled' && fault.selector !== undefined) {
        try {
          parseSelector(fault.selector);
        } catch (e) {
          fail(
            doc.locate(['steps', i, 'fault', 'podKilled', 'selector']),
            `steps[${i}].fault.podKilled.selector`,
            (e as Error).message,
          );
        }
      }
      b.fault(parseDuration(step.at), fault, where);
    }
  });
  for (const m of manifests.values()) b.loadedManifest(m);
  addLoadSections(s.load ?? [], s.externalMetrics ?? [], {
    locate: (p) => doc.locate(p),
    readFile: (f) => files.readFile(f),
    fail,
    load: (spec) => b.load(spec),
    externalMetric: (spec) => b.externalMetric(spec),
  });
  if (s.metricsServer !== undefined) b.metricsServer(s.metricsServer);

  (s.invariants ?? []).forEach((name, i) => {
    const problem = invariantProblem(name);
    if (problem !== undefined) fail(doc.locate(['invariants', i]), `invariants[${i}]`, problem);
  });
  b.invariants(...(s.invariants ?? []));
  try {
    return b.build();
  } catch (e) {
    if (isKubesimError(e)) fail(`${file}:${doc.line}:1`, '', e.message);
    throw e;
  }
}

function faultOf(f: Record<string, unknown>): Fault {
  const podRef = (v: unknown): { pod: string; namespace?: string } =>
    typeof v === 'string' ? { pod: v } : (v as { pod: string; namespace?: string });
  if (typeof f.nodeFails === 'string') return { type: 'nodeFails', node: f.nodeFails };
  if (typeof f.nodeRecovers === 'string') return { type: 'nodeRecovers', node: f.nodeRecovers };
  if (f.nodeJoins !== undefined) return { type: 'nodeJoins', node: f.nodeJoins as NodeSpec };
  if (f.podKilled !== undefined) return { type: 'podKilled', ...podRef(f.podKilled) };
  if (f.containerCrashes !== undefined) {
    return {
      type: 'containerCrashes',
      ...(podRef(f.containerCrashes) as { pod: string; container?: string; exitCode?: number }),
    };
  }
  if (f.imageProfile !== undefined) {
    const entry = f.imageProfile as ImageEntry;
    return { type: 'imageProfile', rule: { match: entry.match, profile: imageProfile(behaviourOf(entry)) } };
  }
  return componentFault(f as FaultEntry);
}

/** An image entry without its match, and without the keys left out. */
function behaviourOf(entry: ImageEntry): ImageBehaviour {
  const { match: _match, usage, ...rest } = entry;
  const b = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as ImageBehaviour;
  return usage === undefined ? b : { ...b, usage: usageProfile(usage) };
}
