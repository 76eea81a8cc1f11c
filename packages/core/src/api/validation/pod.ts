import { isKubesimError } from '../../errors.js';
import { type FieldError, field } from '../fieldErrors.js';
import { formatQuantity, milliValue, parseQuantity, type Quantity } from '../quantity.js';
import type { Container, IntOrString, PodSpec, PodTemplateSpec, Probe, Toleration, Volume } from '../types.js';
import { IS_NEGATIVE_ERROR_MSG, validateAnnotations, validateLabels, validateNonnegative } from './meta.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum } from './names.js';

/**
 * pkg/apis/core/validation: the parts of PodSpec validation a simulation can meet, checked in
 * upstream's order so that a multi-error message lists the errors as the API server does.
 */

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
/** validateTaintEffect's list, in upstream's (unsorted) order. */
export const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const HTTP_SCHEMES = ['HTTP', 'HTTPS'];

/** helper.IsStandardContainerResourceName. */
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
/** helper.standardResources: IsStandardResourceName's names (the quota names included). */
export const STANDARD_RESOURCES: ReadonlySet<string> = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** helper.IsNativeResource: unprefixed, or in the kubernetes.io domain. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** Extended resources (`example.com/gpu`) and huge pages may not be overcommitted. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePages(name);
}

function parseOrError(value: unknown, path: string, errs: FieldError[]): Quantity | undefined {
  try {
    return parseQuantity(value as string);
  } catch (e) {
    // Upstream rejects these while decoding (400), before validation; we report them here.
    if (isKubesimError(e, 'E_QUANTITY')) {
      errs.push(field.invalid(path, value, e.message));
      return undefined;
    }
    throw e;
  }
}

/** validateContainerResourceName. */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => field.invalid(path, name, m));
  const unprefixed = !name.includes('/');
  if (errs.length === 0 && unprefixed && !STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
    errs.push(field.invalid(path, name, 'must be a standard resource type or fully qualified'));
  }
  if (unprefixed) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push(field.invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && name.startsWith('requests.')) {
    errs.push(field.invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue: non-negative, and whole for extended resources. */
function validateQuantityValue(name: string, q: Quantity, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (q.nanos < 0n) errs.push(field.invalid(path, formatQuantity(q), IS_NEGATIVE_ERROR_MSG));
  if (!isNativeResource(name) && milliValue(q) % 1000 !== 0) {
    errs.push(field.invalid(path, formatQuantity(q), 'must be an integer'));
  }
  return errs;
}

/** ValidateResourceRequirements: limits first, then requests and the request-limit rules. */
function validateResources(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits = new Map<string, Quantity>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(c.resources?.limits ?? {})) {
    const p = `${limPath}[${name}]`;
    errs.push(...validateContainerResourceName(name, p));
    const q = parseOrError(value, p, errs);
    if (q === undefined) continue;
    errs.push(...validateQuantityValue(name, q, p));
    limits.set(name, q);
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, value] of Object.entries(c.resources?.requests ?? {})) {
    const p = `${reqPath}[${name}]`;
    errs.push(...validateContainerResourceName(name, p));
    const q = parseOrError(value, p, errs);
    if (q === undefined) continue;
    errs.push(...validateQuantityValue(name, q, p));
    const limit = limits.get(name);
    // The request-limit errors name the `requests` map, not the key.
    if (limit !== undefined) {
      if (q.nanos !== limit.nanos && !isOvercommitAllowed(name)) {
        errs.push(field.invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (q.nanos > limit.nanos) {
        errs.push(
          field.invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`),
        );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(field.required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (hugePages && !cpuOrMemory) errs.push(field.forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

/** ValidatePortNumOrName. */
function validatePortNumOrName(port: IntOrString | undefined, path: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => field.invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => field.invalid(path, port, m));
  return [field.invalid(path, port ?? null, 'must be an integer or a port name')];
}

/** validateHandler for probes: exactly one handler type. */
function validateProbeHandler(p: Probe, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let handlers = 0;
  const one = (name: string, check: () => FieldError[]): void => {
    if (handlers > 0) errs.push(field.forbidden(`${path}.${name}`, 'may not specify more than 1 handler type'));
    else {
      handlers++;
      errs.push(...check());
    }
  };
  if (p.exec !== undefined) {
    one('exec', () => ((p.exec?.command ?? []).length === 0 ? [field.required(`${path}.exec.command`)] : []));
  }
  if (p.httpGet !== undefined) {
    const h = p.httpGet;
    one('httpGet', () => {
      const e: FieldError[] = [];
      if (!h.path) e.push(field.required(`${path}.httpGet.path`));
      e.push(...validatePortNumOrName(h.port, `${path}.httpGet.port`));
      if (!HTTP_SCHEMES.includes(h.scheme ?? ''))
        e.push(field.notSupported(`${path}.httpGet.scheme`, h.scheme ?? '', HTTP_SCHEMES));
      return e;
    });
  }
  if (p.tcpSocket !== undefined) {
    const t = p.tcpSocket;
    one('tcpSocket', () => validatePortNumOrName(t.port, `${path}.tcpSocket.port`));
  }
  if (p.grpc !== undefined) {
    const g = p.grpc;
    one('grpc', () => validatePortNumOrName(g.port, `${path}.grpc.port`));
  }
  if (handlers === 0) errs.push(field.required(path, 'must specify a handler type'));
  return errs;
}

type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** validateProbe plus the per-kind rules (liveness and startup need successThreshold 1). */
function validateProbe(p: Probe | undefined, kind: ProbeKind, path: string): FieldError[] {
  if (p === undefined) return [];
  const errs = validateProbeHandler(p, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...validateNonnegative(p[f], `${path}.${f}`));
  }
  const grace = (p as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds;
  if (grace !== undefined && grace <= 0) {
    errs.push(field.invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than 0'));
  }
  if (kind === 'readinessProbe') {
    if (grace !== undefined) {
      errs.push(field.invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must not be set for readinessProbes'));
    }
  } else if (p.successThreshold !== 1) {
    errs.push(field.invalid(`${path}.successThreshold`, p.successThreshold ?? 0, 'must be 1'));
  }
  return errs;
}

/** validateContainerCommon: what every container (regular or init) must satisfy. */
function validateContainerCommon(c: Container, path: string, volumes: ReadonlySet<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(field.required(`${path}.name`));
  else for (const m of isDNS1123Label(c.name)) errs.push(field.invalid(`${path}.name`, c.name, m));
  // Templates too: only the whitespace check is for pods alone.
  if (!c.image) errs.push(field.required(`${path}.image`));
  if (!c.terminationMessagePolicy) errs.push(field.required(`${path}.terminationMessagePolicy`));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
    errs.push(field.notSupported(`${path}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  }
  const portNames = new Set<string>();
  (c.ports ?? []).forEach((port, i) => {
    const p = `${path}.ports[${i}]`;
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) for (const m of msgs) errs.push(field.invalid(`${p}.name`, port.name, m));
      else if (portNames.has(port.name)) errs.push(field.duplicate(`${p}.name`, port.name));
      else portNames.add(port.name);
    }
    if (!port.containerPort) errs.push(field.required(`${p}.containerPort`));
    else
      for (const m of isValidPortNum(port.containerPort)) errs.push(field.invalid(`${p}.containerPort`, port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(field.invalid(`${p}.hostPort`, port.hostPort, m));
    if (!port.protocol) errs.push(field.required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(field.notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  (c.env ?? []).forEach((e, i) => {
    if (!e.name) errs.push(field.required(`${path}.env[${i}].name`));
  });
  const mountPaths = new Set<string>();
  (c.volumeMounts ?? []).forEach((m, i) => {
    const p = `${path}.volumeMounts[${i}]`;
    if (!m.name) errs.push(field.required(`${p}.name`));
    if (!volumes.has(m.name ?? '')) errs.push(field.notFound(`${p}.name`, m.name ?? ''));
    if (!m.mountPath) errs.push(field.required(`${p}.mountPath`));
    else if (mountPaths.has(m.mountPath)) errs.push(field.invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
    if (m.mountPath) mountPaths.add(m.mountPath);
  });
  if (!c.imagePullPolicy) errs.push(field.required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy)) {
    errs.push(field.notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  errs.push(...validateResources(c, `${path}.resources`));
  return errs;
}

/** ValidateVolumes: returns the names of the volumes that validated, which mounts may use. */
function validateVolumes(volumes: readonly Volume[], path: string): { names: Set<string>; errs: FieldError[] } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = `${path}[${i}]`;
    const el: FieldError[] = [];
    if (v.persistentVolumeClaim !== undefined && !v.persistentVolumeClaim.claimName) {
      el.push(field.required(`${p}.persistentVolumeClaim.claimName`));
    }
    if (!v.name) el.push(field.required(`${p}.name`));
    else for (const m of isDNS1123Label(v.name)) el.push(field.invalid(`${p}.name`, v.name, m));
    if (names.has(v.name)) el.push(field.duplicate(`${p}.name`, v.name));
    if (el.length === 0) names.add(v.name);
    else errs.push(...el);
  });
  return { names, errs };
}

/** The internal (untagged) struct form upstream renders a whole toleration in. */
function tolerationValue(t: Toleration): unknown {
  return {
    Key: t.key ?? '',
    Operator: t.operator ?? '',
    Value: t.value ?? '',
    Effect: t.effect ?? '',
    TolerationSeconds: t.tolerationSeconds ?? null,
  };
}

/** ValidateTolerations. */
export function validateTolerations(tolerations: readonly Toleration[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t.key) for (const m of isQualifiedName(t.key)) errs.push(field.invalid(`${p}.key`, t.key, m));
    if (!t.key && t.operator !== 'Exists') {
      errs.push(
        field.invalid(
          `${p}.operator`,
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(field.invalid(`${p}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? '') {
      case '':
      case 'Equal': {
        const msgs = isValidLabelValue(t.value ?? '');
        if (msgs.length > 0) errs.push(field.invalid(`${p}.operator`, t.value ?? '', msgs.join(';')));
        break;
      }
      case 'Exists':
        if (t.value)
          errs.push(field.invalid(`${p}.operator`, tolerationValue(t), "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(field.notSupported(`${p}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(field.notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
  });
  return errs;
}

export interface PodSpecOptions {
  /** Templates skip the checks that only a concrete pod needs. */
  readonly isTemplate: boolean;
}

/** ValidatePodSpec (and, for pods, validateContainersOnlyForPod after it). */
export function validatePodSpec(spec: PodSpec | undefined, path: string, opts: PodSpecOptions): FieldError[] {
  if (spec === undefined) return [field.required(path)];
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined) errs.push(field.required(`${path}.terminationGracePeriodSeconds`));
  const vols = validateVolumes(spec.volumes ?? [], `${path}.volumes`);
  errs.push(...vols.errs);
  // Regular container names must be unique among themselves; init containers among both.
  const names = new Set<string>();
  if (!spec.containers || spec.containers.length === 0) errs.push(field.required(`${path}.containers`));
  else {
    spec.containers.forEach((c, i) => {
      const p = `${path}.containers[${i}]`;
      errs.push(...validateContainerCommon(c, p, vols.names));
      if (names.has(c.name)) errs.push(field.duplicate(`${p}.name`, c.name));
      else names.add(c.name);
      errs.push(...validateProbe(c.livenessProbe, 'livenessProbe', `${p}.livenessProbe`));
      errs.push(...validateProbe(c.readinessProbe, 'readinessProbe', `${p}.readinessProbe`));
      errs.push(...validateProbe(c.startupProbe, 'startupProbe', `${p}.startupProbe`));
    });
  }
  (spec.initContainers ?? []).forEach((c, i) => {
    const p = `${path}.initContainers[${i}]`;
    errs.push(...validateContainerCommon(c, p, vols.names));
    if (names.has(c.name)) errs.push(field.duplicate(`${p}.name`, c.name));
    else if (c.name) names.add(c.name);
    const sidecar = (c as { restartPolicy?: string }).restartPolicy === 'Always';
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (sidecar) errs.push(...validateProbe(c[kind], kind, `${p}.${kind}`));
      else if (c[kind] !== undefined) {
        errs.push(field.forbidden(`${p}.${kind}`, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  if (!spec.restartPolicy) errs.push(field.required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(spec.restartPolicy)) {
    errs.push(field.notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  if (!spec.dnsPolicy) errs.push(field.required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(spec.dnsPolicy))
    errs.push(field.notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  if (spec.activeDeadlineSeconds !== undefined && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > 2147483647)) {
    errs.push(
      field.invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'),
    );
  }
  if (spec.hostname)
    for (const m of isDNS1123Label(spec.hostname)) errs.push(field.invalid(`${path}.hostname`, spec.hostname, m));
  if (spec.subdomain)
    for (const m of isDNS1123Label(spec.subdomain)) errs.push(field.invalid(`${path}.subdomain`, spec.subdomain, m));
  errs.push(...validateTolerations(spec.tolerations ?? [], `${path}.tolerations`));
  if (!opts.isTemplate) {
    const ws = (list: readonly Container[] | undefined, p: string): void =>
      (list ?? []).forEach((c, i) => {
        if (c.image && c.image.trim() !== c.image) {
          errs.push(field.invalid(`${p}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
        }
      });
    ws(spec.containers, `${path}.containers`);
    ws(spec.initContainers, `${path}.initContainers`);
  }
  return errs;
}

/**
 * ValidatePodTemplateSpec: labels and annotations at `<path>.labels` and `<path>.annotations`
 * (upstream's paths, without `metadata`), then the spec.
 */
export function validatePodTemplateSpec(t: PodTemplateSpec | undefined, path: string): FieldError[] {
  if (t === undefined) return [field.required(path)];
  return [
    ...validateLabels(t.metadata?.labels, `${path}.labels`),
    ...validateAnnotations(t.metadata?.annotations, `${path}.annotations`),
    ...validatePodSpec(t.spec, `${path}.spec`, { isTemplate: true }),
  ];
}

/**
 * The extra rules for the templates of controllers that keep pods running
 * (ValidatePodTemplateSpecForReplicaSet and friends): restartPolicy Always only, no
 * activeDeadlineSeconds.
 */
export function validateLongRunningTemplate(t: PodTemplateSpec | undefined, path: string, kindName: string): FieldError[] {
  const errs: FieldError[] = [];
  if (t?.spec === undefined) return errs;
  if (t.spec.restartPolicy !== 'Always') {
    errs.push(field.notSupported(`${path}.spec.restartPolicy`, t.spec.restartPolicy ?? '', ['Always']));
  }
  if (t.spec.activeDeadlineSeconds !== undefined) {
    errs.push(field.forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kindName} is not Supported`));
  }
  return errs;
}
