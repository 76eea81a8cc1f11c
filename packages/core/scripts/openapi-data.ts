/**
 * Writes src/api/openapi/data.ts: the field schema of every built-in kind of Kubernetes v1.34,
 * trimmed to what strict field validation needs (each type's properties and the type of each).
 *
 * Source: the models that openapi-generator makes from upstream's v1.34.0 OpenAPI document,
 * as published by kubernetes-client in `@kubernetes/client-node` 1.4.0 (each model's header says
 * "OpenAPI spec version: v1.34.0"). Its `attributeTypeMap`s are the definitions' properties with
 * their types; its API classes name, for each collection a POST creates into, the kind's group,
 * version and model. Run it by hand when the Kubernetes version moves:
 *
 *   npm pack @kubernetes/client-node@1.4.0 kubernetes-models@5.1.0 && mkdir -p .scratch/client-node .scratch/kubernetes-models &&
 *   tar xzf kubernetes-client-node-1.4.0.tgz -C .scratch/client-node && tar xzf kubernetes-models-5.1.0.tgz -C .scratch/kubernetes-models
 *   npx tsx packages/core/scripts/openapi-data.ts .scratch/client-node/package .scratch/kubernetes-models/package
 *   npx biome format --write packages/core/src/api/openapi/data.ts
 *
 * Type codes in the data (short, since the data ships in core's bundle):
 *   s string, q quantity (a string or a number), t time (RFC 3339 string), b bool, i int32, l int64, f float64, o int-or-string,
 *   * anything (RawExtension, JSON, x-kubernetes-preserve-unknown-fields: never an unknown
 *   field below it), [X a list of X, {X a map of string to X, any other word a type's name.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Attribute {
  readonly baseName: string;
  readonly type: string;
  readonly format: string;
}

const dir = process.argv[2] ?? '.scratch/client-node/package';
const quantityDir = process.argv[3] ?? '.scratch/kubernetes-models/package';
const out = process.argv[4] ?? join(import.meta.dirname, '../src/api/openapi/data.ts');
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
const modelsDir = join(dir, 'dist/gen/models');
const apisDir = join(dir, 'dist/gen/apis');

/** Every model's attributes (stale ones too; only those reachable from a kind are kept), read from its generated `attributeTypeMap` (a JSON array literal). */
const models = new Map<string, Attribute[]>();
let specVersion = '';
for (const file of readdirSync(modelsDir).filter((f) => f.endsWith('.js'))) {
  const text = readFileSync(join(modelsDir, file), 'utf8');
  const m = /^(\w+)\.attributeTypeMap = (\[[\s\S]*?\]);$/m.exec(text);
  if (m === null) continue;
  models.set(m[1] as string, JSON.parse(m[2] as string) as Attribute[]);
  specVersion ||= /OpenAPI spec version: (\S+)/.exec(text)?.[1] ?? '';
}

/**
 * The fields whose type is a resource.Quantity (a string or a number in JSON): the generated
 * models flatten Quantity to `string`, so they are read from kubernetes-models 5.1.0's
 * declarations (also generated from the v1.34 document), which keep the $ref. Keyed like the
 * models: `V1ResourceRequirements` → its quantity fields.
 */
const quantities = new Map<string, Set<string>>();
function readQuantities(folder: string, version: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '_schemas' && entry.name !== 'node_modules') readQuantities(path, entry.name);
      continue;
    }
    if (!entry.name.endsWith('.d.ts') || !/^v\d/.test(version)) continue;
    const text = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const body = /export interface I\w+[^{]*\{([\s\S]*?)\n\}/.exec(text)?.[1] ?? '';
    const parts = body.split(/\n\s*"(\w+)"\??: /).slice(1);
    for (let i = 0; i + 1 < parts.length; i += 2) {
      if (!(parts[i + 1] as string).includes('ResourceQuantity')) continue;
      const model = `${version[0]?.toUpperCase()}${version.slice(1)}${entry.name.replace(/\.d\.ts$/, '')}`;
      const set = quantities.get(model) ?? new Set<string>();
      set.add(parts[i] as string);
      quantities.set(model, set);
    }
  }
}
readQuantities(quantityDir, '');

/**
 * group/version → kind → model, from the POST endpoints that create into a collection. Only the
 * API classes the package exports: its folder keeps stale files of versions v1.34 no longer
 * serves (resource.k8s.io/v1alpha2, flowcontrol v1beta3).
 */
const exported = new Set([...readFileSync(join(dir, 'dist/gen/index.js'), 'utf8').matchAll(/ as (\w+Api)\b/g)].map((m) => m[1]));
const kinds = new Map<string, Map<string, string>>();
for (const file of readdirSync(apisDir).filter((f) => exported.has(f.replace(/\.js$/, '')))) {
  const text = readFileSync(join(apisDir, file), 'utf8');
  const parts = text.split(/const localVarPath = '/).slice(1);
  for (const part of parts) {
    const path = part.slice(0, part.indexOf("'"));
    if (!/HttpMethod\.POST/.test(part) || path.includes('{name}')) continue;
    const body = /ObjectSerializer\.serialize\(body, "(\w+)"/.exec(part)?.[1];
    if (body === undefined || !models.get(body)?.some((a) => a.baseName === 'kind')) continue;
    const segs = path.split('/');
    const gv = segs[1] === 'api' ? (segs[2] as string) : `${segs[2]}/${segs[3]}`;
    const kind = body.replace(/^([A-Z][a-z0-9]*)*?V\d+((alpha|beta)\d+)?(?=[A-Z])/, '');
    const byKind = kinds.get(gv) ?? new Map<string, string>();
    byKind.set(kind, body);
    kinds.set(gv, byKind);
  }
}

/** The compact code of an attribute's type (see the header). */
function code(type: string, format: string): string {
  const list = /^Array<(.+)>$/.exec(type);
  if (list) return `[${code(list[1] as string, format)}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return `{${code(map[1] as string, format)}`;
  switch (type) {
    case 'string':
      return 's';
    case 'Date':
    case 'V1MicroTime':
      return 't';
    case 'boolean':
      return 'b';
    case 'number':
      return format === 'int32' ? 'i' : format === 'int64' ? 'l' : 'f';
    case 'IntOrString':
      return 'o';
    case 'any':
    case 'object':
      return '*';
    default:
      if (!models.has(type)) throw new Error(`unknown type ${type}`);
      return type;
  }
}

/** The types reachable from the kinds, each as { field: code }, in name order. */
const types: Record<string, Record<string, string>> = {};
const todo = [...kinds.values()].flatMap((m) => [...m.values()]);
while (todo.length > 0) {
  const name = todo.pop() as string;
  if (types[name] !== undefined) continue;
  const fields: Record<string, string> = {};
  for (const a of models.get(name) ?? []) {
    let c = code(a.type, a.format);
    // `V1ResourceRequirements` or, for a name two groups share, `CoreV1X` (the Quantity key drops the group).
    const plain = name.replace(/^(?:[A-Z][a-z0-9]*)*?(?=V\d+(?:(?:alpha|beta)\d+)?[A-Z])/, '');
    if (quantities.get(plain)?.has(a.baseName)) c = c.replace(/s$/, 'q');
    fields[a.baseName] = c;
    const ref = c.replace(/^[[{]+/, '');
    if (models.has(ref)) todo.push(ref);
  }
  types[name] = fields;
}

const sorted = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const kindsOut = sorted(Object.fromEntries([...kinds].map(([gv, m]) => [gv, sorted(Object.fromEntries(m))])));
// One line per type, `name: 'field:code,field:code'`: a third of the size of nested JSON.
const typeLines = Object.entries(sorted(types)).map(
  ([name, fields]) =>
    `  ${name}: '${Object.entries(fields)
      .map(([f, c]) => `${f}:${c}`)
      .join(',')}',`,
);

const qpkg = JSON.parse(readFileSync(join(quantityDir, 'package.json'), 'utf8')) as { name: string; version: string };
const text = `// Generated by packages/core/scripts/openapi-data.ts; do not edit.
// Source: the Kubernetes ${specVersion} OpenAPI document, as the models ${pkg.name}@${pkg.version} generates from it
// (Quantity fields from ${qpkg.name}@${qpkg.version}'s declarations of the same document).

/** Where the schemas come from. */
export const OPENAPI_SOURCE = { kubernetes: '${specVersion}', from: '${pkg.name}@${pkg.version}', quantities: '${qpkg.name}@${qpkg.version}' } as const;

/** group/version → kind → the type of its object. */
export const OPENAPI_KINDS: Readonly<Record<string, Readonly<Record<string, string>>>> = ${JSON.stringify(kindsOut)};

/** Each type's fields, as \`name:code\` pairs joined by commas (codes: see the script's header). */
export const OPENAPI_TYPES: Readonly<Record<string, string>> = {
${typeLines.join('\n')}
};
`;
writeFileSync(out, text);
console.log(
  `${out}: ${Object.keys(types).length} types, ${[...kinds.values()].reduce((n, m) => n + m.size, 0)} kinds, ${text.length} bytes`,
);
