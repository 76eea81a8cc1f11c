import { formatQuantity, type Kind, type KubeObject, kindInfo, parseQuantity } from '@kubesim/core';
import { toJson, toYaml } from '../printers/apiform.js';
import { bool, type FlagSpec, flag, flagAll, intFlag, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { failed, type KubectlOutcome, type KubectlWrite } from './outcome.js';
import { groupResource, parseTargets, type Target } from './resources.js';

/**
 * `kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS
 * [--cpu=CPU] [--memory=MEMORY]` as k8s.io/kubectl v0.34's pkg/cmd/autoscale builds it: an
 * autoscaling/v2 HorizontalPodAutoscaler named after its target (or --name), with a metric only
 * for the flags given (none: the API server's default of 80% CPU applies).
 */

export const AUTOSCALE_FLAGS: FlagSpec = {
  values: ['min', 'max', 'cpu-percent', 'cpu', 'memory', 'name', 'filename', 'dry-run', 'output'],
  booleans: ['record'],
  short: { f: 'filename', o: 'output' },
};

/** The flag's deprecation notice pflag prints when --cpu-percent is set (NewCmdAutoscale). */
export const CPU_PERCENT_DEPRECATED =
  "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n";

/** The kinds with a scale subresource, which is what ScaleForResource looks up in discovery. */
const SCALABLE: ReadonlySet<Kind> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** resource.Builder's missingResourceError. */
const MISSING_RESOURCE =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export interface AutoscaleOptions {
  readonly name?: string;
  readonly min: number;
  readonly max: number;
  readonly cpuPercent: number;
  readonly cpu?: string;
  readonly memory?: string;
}

type ParsedInput =
  | { readonly type: 'Utilization'; readonly averageUtilization: number }
  | { readonly type: 'AverageValue'; readonly averageValue: string };

/**
 * parseResourceInput: `70%` is a utilization; a bare number is a quantity in the resource's
 * default unit (millicores, mebibytes); anything else must parse as a quantity.
 */
export function parseResourceInput(input: string, resource: 'cpu' | 'memory'): ParsedInput | { error: string } {
  const text = input.trim();
  if (text === '') return { error: 'empty input' };
  if (text.endsWith('%')) {
    // strconv.ParseInt(trimmed, 10, 32): an optional sign and decimal digits, within int32.
    const trimmed = text.slice(0, -1);
    const n = /^[+-]?[0-9]+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (Number.isNaN(n) || n < 0 || n > 2147483647) return { error: `invalid percentage value: ${trimmed}` };
    return { type: 'Utilization', averageUtilization: n };
  }
  const unit = resource === 'cpu' ? 'm' : 'Mi';
  const bare = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text);
  try {
    // %g of the float, then the unit: `500` → `500m`, `512` → `512Mi`.
    const q = parseQuantity(bare ? `${Number(text)}${unit}` : text);
    return { type: 'AverageValue', averageValue: formatQuantity(q) };
  } catch {
    return { error: `invalid resource ${resource} value: ${input}` };
  }
}

/** The --cpu and --memory targets given, in that order, each parsed. */
function resourceInputs(o: AutoscaleOptions): { resource: 'cpu' | 'memory'; parsed: ParsedInput | { error: string } }[] {
  const given = [
    ['cpu', o.cpu],
    ['memory', o.memory],
  ] as const;
  return given
    .filter(([, input]) => (input ?? '') !== '')
    .map(([resource, input]) => ({ resource, parsed: parseResourceInput(input as string, resource) }));
}

/** AutoscaleOptions.Validate. */
export function validateAutoscale(o: AutoscaleOptions): string | undefined {
  if (o.max < 1) return `--max=MAXPODS is required and must be at least 1, max: ${o.max}`;
  if (o.max < o.min) return `--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${o.max}, min: ${o.min}`;
  if (o.cpuPercent > 0 && (o.cpu ?? '') !== '') return '--cpu-percent and --cpu are mutually exclusive';
  for (const { parsed } of resourceInputs(o)) if ('error' in parsed) return parsed.error;
  return undefined;
}

function resourceMetric(name: 'cpu' | 'memory', target: ParsedInput) {
  return { type: 'Resource', resource: { name, target } };
}

/** createHorizontalPodAutoscalerV2, with the fields in the Go struct's order (what -o json shows). */
export function createHorizontalPodAutoscalerV2(o: AutoscaleOptions, refName: string, kind: Kind): KubeObject {
  const metrics: unknown[] = [];
  if (o.cpuPercent > 0) metrics.push(resourceMetric('cpu', { type: 'Utilization', averageUtilization: o.cpuPercent }));
  for (const { resource, parsed } of resourceInputs(o)) if (!('error' in parsed)) metrics.push(resourceMetric(resource, parsed));
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: o.name !== undefined && o.name !== '' ? o.name : refName },
    spec: {
      scaleTargetRef: { apiVersion: kindInfo(kind).apiVersion, kind, name: refName },
      ...(o.min > 0 ? { minReplicas: o.min } : {}),
      maxReplicas: o.max,
      ...(metrics.length > 0 ? { metrics } : {}),
    },
  } as unknown as KubeObject;
}

/**
 * canCreateHPAV1: the v1 fallback, tried when the v2 create fails, needs a CPU utilization
 * target and no memory one. It parses --cpu first, so with no --cpu it always fails ("empty
 * input"), and an unsuitable configuration reports Go's `%!w(<nil>)`.
 */
function v1FallbackError(o: AutoscaleOptions): string | undefined {
  const r = parseResourceInput(o.cpu ?? '', 'cpu');
  const prefix = 'failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: ';
  if ('error' in r) return prefix + r.error;
  const ok = (o.cpuPercent >= 0 && (o.memory ?? '') === '') || ((o.memory ?? '') === '' && r.type === 'Utilization');
  return ok ? undefined : `${prefix}%!w(<nil>)`;
}

function options(args: ParsedArgs): AutoscaleOptions | string {
  const min = intFlag(args, 'min', -1);
  const max = intFlag(args, 'max', -1);
  const cpuPercent = intFlag(args, 'cpu-percent', -1);
  for (const v of [min, max, cpuPercent]) if (typeof v === 'string') return v;
  // cobra's MarkFlagRequired("max"), checked before the command runs.
  if (flag(args, 'max') === undefined) return 'required flag(s) "max" not set';
  const name = flag(args, 'name');
  const cpu = flag(args, 'cpu');
  const memory = flag(args, 'memory');
  return {
    min: min as number,
    max: max as number,
    cpuPercent: cpuPercent as number,
    ...(name !== undefined ? { name } : {}),
    ...(cpu !== undefined ? { cpu } : {}),
    ...(memory !== undefined ? { memory } : {}),
  };
}

/** What the builder visits: the named objects (each must exist), or the objects of the -f files. */
function targetsOf(args: ParsedArgs, ctx: KubectlContext): Target[] | string {
  const files = flagAll(args, 'filename');
  const fromFiles = files.flatMap((f) => ctx.readFile(f)).map((o) => ({ kind: o.kind as Kind, name: o.metadata.name ?? '' }));
  if (args.positionals.length === 0) return fromFiles.length > 0 || files.length > 0 ? fromFiles : MISSING_RESOURCE;
  const { targets } = parseTargets(args.positionals);
  if (targets.length === 0) return 'resource(s) were provided, but no name was specified';
  for (const t of targets) {
    if (ctx.view.get(t.kind, kindInfo(t.kind).namespaced ? ctx.namespace : undefined, t.name) === undefined) {
      return `Error from server (NotFound): ${groupResource(t.kind)} ${JSON.stringify(t.name)} not found`;
    }
  }
  return [...fromFiles, ...targets];
}

export function autoscale(args: ParsedArgs, ctx: KubectlContext, line: string): KubectlOutcome {
  const stderr = flag(args, 'cpu-percent') !== undefined ? CPU_PERCENT_DEPRECATED : '';
  const warned = stderr === '' ? {} : { stderr };
  const o = options(args);
  if (typeof o === 'string') return { ...failed(o), ...warned };
  const dryRun = flag(args, 'dry-run') ?? 'none';
  if (!['none', 'client', 'server'].includes(dryRun)) {
    return { ...failed(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`), ...warned };
  }
  const output = flag(args, 'output');
  if (output !== undefined && !(dryRun === 'client' && ['yaml', 'json', 'name'].includes(output))) {
    return { ...failed("kubesim's kubectl autoscale prints -o yaml|json|name only with --dry-run=client"), ...warned };
  }
  const invalid = validateAutoscale(o);
  if (invalid !== undefined) return { ...failed(invalid), ...warned };
  const targets = targetsOf(args, ctx);
  if (typeof targets === 'string') return { ...failed(targets), ...warned };

  let stdout = '';
  const writes: KubectlWrite[] = [];
  const created = new Set<string>();
  for (const t of targets) {
    if (!SCALABLE.has(t.kind)) {
      const { group, resource } = kindInfo(t.kind);
      const version = kindInfo(t.kind).apiVersion.split('/').at(-1);
      const gvr = `${group}/${version}, Resource=${resource}`;
      return {
        stdout,
        writes,
        ...warned,
        error: `cannot autoscale a ${t.kind}: could not find scale subresource for ${gvr} in discovery information`,
      };
    }
    let hpa = createHorizontalPodAutoscalerV2(o, t.name, t.kind);
    if (bool(args, 'record')) {
      // The Recorder's change-cause annotation: the command line as typed.
      hpa = { ...hpa, metadata: { ...hpa.metadata, annotations: { 'kubernetes.io/change-cause': line } } } as KubeObject;
    }
    const name = hpa.metadata.name ?? '';
    if (dryRun === 'client') {
      // The typed v2 object's empty status: desiredReplicas and currentMetrics have no omitempty.
      const shown = { ...hpa, status: { desiredReplicas: 0, currentMetrics: null } };
      if (output === 'yaml') stdout += toYaml(shown);
      else if (output === 'json') stdout += toJson(shown);
      else if (output === 'name') stdout += `horizontalpodautoscaler.autoscaling/${name}\n`;
      else stdout += `horizontalpodautoscaler.autoscaling/${name} created (dry run)\n`;
      continue;
    }
    if (ctx.view.get('HorizontalPodAutoscaler', ctx.namespace, name) !== undefined || created.has(name)) {
      // The v2 create is AlreadyExists; the v1 fallback either cannot be built or meets the same.
      const error =
        v1FallbackError(o) ??
        `Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling ${JSON.stringify(name)} already exists`;
      return { stdout, writes, ...warned, error };
    }
    created.add(name);
    if (dryRun === 'server') {
      stdout += `horizontalpodautoscaler.autoscaling/${name} autoscaled (server dry run)\n`;
      continue;
    }
    const object = { ...hpa, metadata: { ...hpa.metadata, namespace: ctx.namespace } } as KubeObject;
    writes.push({ event: { type: 'Create', object }, printed: `horizontalpodautoscaler.autoscaling/${name} autoscaled\n` });
  }
  if (targets.length === 0) return { stdout, writes, ...warned, error: 'no objects passed to autoscale' };
  return { stdout, writes, ...warned };
}
