import { isKubesimError } from '../../errors.js';
import { type FieldError, field } from '../fieldErrors.js';
import { formatQuantity, parseQuantity, type Quantity } from '../quantity.js';
import type { Container, PodSpec, PodTemplateSpec, Toleration, Volume } from '../types.js';
import { IS_NEGATIVE_ERROR_MSG, validateAnnotations, validateLabels } from './meta.js';
import { isDNS1123Label, isValidPortName, isValidPortNum } from './names.js';

/** pkg/apis/core/validation: the parts of PodSpec validation a simulation can meet. */

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function parseOrError(value: unknown, path: string, errs: FieldError[]): Quantity | undefined {
  try {
    return parseQuantity(value as string);
  } catch (e) {
    if (isKubesimError(e, 'E_QUANTITY')) {
      errs.push(field.invalid(path, value, e.message));
      return undefined;
    }
    throw e;
  }
}

function validateResources(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(c.resources?.limits ?? {})) {
    const p = `${path}.limits[${name}]`;
    if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
      errs.push(field.invalid(p, name, 'must be a standard resource for containers'));
    }
    const q = parseOrError(value, p, errs);
    if (q === undefined) continue;
    if (q.nanos < 0n) errs.push(field.invalid(p, formatQuantity(q), IS_NEGATIVE_ERROR_MSG));
    limits.set(name, q);
  }
  for (const [name, value] of Object.entries(c.resources?.requests ?? {})) {
    const p = `${path}.requests[${name}]`;
    if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
      errs.push(field.invalid(p, name, 'must be a standard resource for containers'));
    }
    const q = parseOrError(value, p, errs);
    if (q === undefined) continue;
    if (q.nanos < 0n) errs.push(field.invalid(p, formatQuantity(q), IS_NEGATIVE_ERROR_MSG));
    const limit = limits.get(name);
    if (limit !== undefined && q.nanos > limit.nanos) {
      errs.push(
        field.invalid(
          `${path}.requests`,
          formatQuantity(q),
          `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`,
        ),
      );
    }
  }
  return errs;
}

function validateContainer(c: Container, path: string, volumes: ReadonlySet<string>, isTemplate: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(field.required(`${path}.name`));
  else for (const m of isDNS1123Label(c.name)) errs.push(field.invalid(`${path}.name`, c.name, m));
  if (!c.image) errs.push(field.required(`${path}.image`));
  else if (!isTemplate && c.image.trim() !== c.image) {
    errs.push(field.invalid(`${path}.image`, c.image, 'must not have leading or trailing whitespace'));
  }
  if (c.imagePullPolicy === undefined) errs.push(field.required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy)) {
    errs.push(field.notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  if (c.terminationMessagePolicy !== undefined && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
    errs.push(field.notSupported(`${path}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  }
  const portNames = new Set<string>();
  (c.ports ?? []).forEach((port, i) => {
    const p = `${path}.ports[${i}]`;
    if (port.name !== undefined && port.name !== '') {
      for (const m of isValidPortName(port.name)) errs.push(field.invalid(`${p}.name`, port.name, m));
      if (portNames.has(port.name)) errs.push(field.duplicate(`${p}.name`, port.name));
      portNames.add(port.name);
    }
    if (!port.containerPort) errs.push(field.required(`${p}.containerPort`));
    else
      for (const m of isValidPortNum(port.containerPort)) errs.push(field.invalid(`${p}.containerPort`, port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(field.invalid(`${p}.hostPort`, port.hostPort, m));
    if (port.protocol === undefined) errs.push(field.required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(field.notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  (c.volumeMounts ?? []).forEach((m, i) => {
    const p = `${path}.volumeMounts[${i}]`;
    if (!m.name) errs.push(field.required(`${p}.name`));
    else if (!volumes.has(m.name)) errs.push(field.notFound(`${p}.name`, m.name));
    if (!m.mountPath) errs.push(field.required(`${p}.mountPath`));
  });
  (c.env ?? []).forEach((e, i) => {
    if (!e.name) errs.push(field.required(`${path}.env[${i}].name`));
  });
  errs.push(...validateResources(c, `${path}.resources`));
  return errs;
}

function validateVolumes(volumes: readonly Volume[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = `${path}[${i}]`;
    if (!v.name) errs.push(field.required(`${p}.name`));
    else {
      for (const m of isDNS1123Label(v.name)) errs.push(field.invalid(`${p}.name`, v.name, m));
      if (names.has(v.name)) errs.push(field.duplicate(`${p}.name`, v.name));
      names.add(v.name);
    }
    if (v.persistentVolumeClaim !== undefined && !v.persistentVolumeClaim.claimName) {
      errs.push(field.required(`${p}.persistentVolumeClaim.claimName`));
    }
  });
  return errs;
}

function validateTolerations(tolerations: readonly Toleration[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t.operator !== undefined && t.operator !== 'Exists' && t.operator !== 'Equal') {
      errs.push(field.notSupported(`${p}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.operator === 'Exists' && t.value) {
      errs.push(field.invalid(`${p}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    }
    if (!t.key && t.operator !== 'Exists') {
      errs.push(
        field.invalid(
          `${p}.operator`,
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(field.notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(field.invalid(`${p}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
  });
  return errs;
}

export interface PodSpecOptions {
  /** Templates skip the checks that only a concrete pod needs. */
  readonly isTemplate: boolean;
}

export function validatePodSpec(spec: PodSpec | undefined, path: string, opts: PodSpecOptions): FieldError[] {
  if (spec === undefined) return [field.required(path)];
  const errs: FieldError[] = [];
  const volumes = spec.volumes ?? [];
  errs.push(...validateVolumes(volumes, `${path}.volumes`));
  const volumeNames = new Set(volumes.map((v) => v.name));
  const names = new Set<string>();
  const checkAll = (list: readonly Container[] | undefined, p: string): void => {
    (list ?? []).forEach((c, i) => {
      errs.push(...validateContainer(c, `${p}[${i}]`, volumeNames, opts.isTemplate));
      if (c.name) {
        if (names.has(c.name)) errs.push(field.duplicate(`${p}[${i}].name`, c.name));
        names.add(c.name);
      }
    });
  };
  checkAll(spec.initContainers, `${path}.initContainers`);
  if (!spec.containers || spec.containers.length === 0) errs.push(field.required(`${path}.containers`));
  else checkAll(spec.containers, `${path}.containers`);
  if (spec.restartPolicy === undefined) errs.push(field.required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(spec.restartPolicy)) {
    errs.push(field.notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  if (spec.dnsPolicy === undefined) errs.push(field.required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(spec.dnsPolicy))
    errs.push(field.notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (spec.terminationGracePeriodSeconds === undefined) errs.push(field.required(`${path}.terminationGracePeriodSeconds`));
  else if (spec.terminationGracePeriodSeconds < 0) {
    errs.push(field.invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, IS_NEGATIVE_ERROR_MSG));
  }
  if (spec.activeDeadlineSeconds !== undefined && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > 2147483647)) {
    errs.push(
      field.invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'),
    );
  }
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validateTolerations(spec.tolerations ?? [], `${path}.tolerations`));
  if (spec.hostname)
    for (const m of isDNS1123Label(spec.hostname)) errs.push(field.invalid(`${path}.hostname`, spec.hostname, m));
  if (spec.subdomain)
    for (const m of isDNS1123Label(spec.subdomain)) errs.push(field.invalid(`${path}.subdomain`, spec.subdomain, m));
  return errs;
}

/** ValidatePodTemplateSpec: labels, annotations and the spec of a template. */
export function validatePodTemplateSpec(t: PodTemplateSpec | undefined, path: string): FieldError[] {
  if (t === undefined) return [field.required(path)];
  return [
    ...validateLabels(t.metadata?.labels, `${path}.metadata.labels`),
    ...validateAnnotations(t.metadata?.annotations, `${path}.metadata.annotations`),
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
  if (t.spec.restartPolicy !== undefined && t.spec.restartPolicy !== 'Always') {
    errs.push(field.notSupported(`${path}.spec.restartPolicy`, t.spec.restartPolicy, ['Always']));
  }
  if (t.spec.activeDeadlineSeconds !== undefined) {
    errs.push(field.forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kindName} is not Supported`));
  }
  return errs;
}
