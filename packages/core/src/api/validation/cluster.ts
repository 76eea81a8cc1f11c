import { isKubesimError } from '../../errors.js';
import { type FieldError, field } from '../fieldErrors.js';
import { formatQuantity, parseQuantity } from '../quantity.js';
import type {
  IntOrString,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  PersistentVolumeClaimSpec,
  Pod,
  Service,
  StorageClass,
} from '../types.js';
import { validateLabelSelector, validateLabels } from './meta.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum } from './names.js';
import { TAINT_EFFECTS, validatePodSpec } from './pod.js';

/** Validation for the core kinds that are not workloads. */

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

// Pod specs are immutable values, and every pod of a workload shares its template's: each
// spec is validated once.
const validatedSpecs = new WeakMap<object, FieldError[]>();

export function validatePod(pod: Pod): FieldError[] {
  if (typeof pod.spec !== 'object' || pod.spec === null) return validatePodSpec(pod.spec, 'spec', { isTemplate: false });
  let errs = validatedSpecs.get(pod.spec);
  if (errs === undefined) {
    errs = validatePodSpec(pod.spec, 'spec', { isTemplate: false });
    validatedSpecs.set(pod.spec, errs);
  }
  return [...errs];
}

/** ValidatePositiveQuantityValue, then ValidateResourceQuantityValue. */
function validateStorageRequest(value: unknown, path: string): FieldError[] {
  if (value === undefined) return [field.required(path)];
  try {
    const q = parseQuantity(value as string);
    return q.nanos <= 0n ? [field.invalid(path, formatQuantity(q), 'must be greater than zero')] : [];
  } catch (e) {
    if (isKubesimError(e, 'E_QUANTITY')) return [field.invalid(path, value, e.message)];
    throw e;
  }
}

function validateAccessModes(modes: readonly string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const m of modes ?? []) if (!ACCESS_MODES.includes(m)) errs.push(field.notSupported(path, m, ACCESS_MODES));
  const rwop = (modes ?? []).includes('ReadWriteOncePod');
  if (rwop && (modes ?? []).some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m))) {
    errs.push(field.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

/** ValidatePersistentVolumeClaimSpec. */
export function validatePersistentVolumeClaimSpec(s: PersistentVolumeClaimSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.accessModes || s.accessModes.length === 0) {
    errs.push(field.required(`${path}.accessModes`, 'at least 1 access mode is required'));
  }
  errs.push(...validateLabelSelector(s.selector, `${path}.selector`));
  errs.push(...validateAccessModes(s.accessModes, `${path}.accessModes`));
  errs.push(...validateStorageRequest(s.resources?.requests?.storage, `${path}.resources[storage]`));
  if (s.volumeMode !== undefined && s.volumeMode !== 'Block' && s.volumeMode !== 'Filesystem') {
    errs.push(field.notSupported(`${path}.volumeMode`, s.volumeMode, ['Block', 'Filesystem']));
  }
  return errs;
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim): FieldError[] {
  return validatePersistentVolumeClaimSpec(pvc.spec, 'spec');
}

export function validatePersistentVolume(pv: PersistentVolume): FieldError[] {
  const s = pv.spec;
  const errs: FieldError[] = [];
  if (!s.accessModes || s.accessModes.length === 0) errs.push(field.required('spec.accessModes'));
  errs.push(...validateAccessModes(s.accessModes, 'spec.accessModes'));
  if (s.capacity?.storage === undefined) errs.push(field.required('spec.capacity'));
  else errs.push(...validateStorageRequest(s.capacity.storage, 'spec.capacity[storage]'));
  const rp = s.persistentVolumeReclaimPolicy;
  if (rp !== undefined && !['Delete', 'Recycle', 'Retain'].includes(rp)) {
    errs.push(field.notSupported('spec.persistentVolumeReclaimPolicy', rp, ['Delete', 'Recycle', 'Retain']));
  }
  return errs;
}

export function validateStorageClass(sc: StorageClass): FieldError[] {
  const errs: FieldError[] = [];
  if (!sc.provisioner) errs.push(field.required('provisioner'));
  const mode = sc.volumeBindingMode;
  if (mode !== undefined && mode !== 'Immediate' && mode !== 'WaitForFirstConsumer') {
    errs.push(field.notSupported('volumeBindingMode', mode, ['Immediate', 'WaitForFirstConsumer']));
  }
  return errs;
}

/** ValidatePortNumOrName for a Service's targetPort. */
function validateTargetPort(port: IntOrString | undefined, path: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => field.invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => field.invalid(path, port, m));
  return [];
}

/** ValidateService, in upstream's order (ports, selector, affinity, type, node ports, duplicates). */
export function validateService(svc: Service): FieldError[] {
  const s = svc.spec;
  const errs: FieldError[] = [];
  const headless = s.clusterIP === 'None';
  const ports = s.ports ?? [];
  if (ports.length === 0 && !headless && s.type !== 'ExternalName') errs.push(field.required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(field.required(`${path}.name`));
    else if (p.name) {
      // Service port names are DNS labels (container port names are IANA service names).
      for (const m of isDNS1123Label(p.name)) errs.push(field.invalid(`${path}.name`, p.name, m));
      if (names.has(p.name)) errs.push(field.duplicate(`${path}.name`, p.name));
      else names.add(p.name);
    }
    for (const m of isValidPortNum(p.port)) errs.push(field.invalid(`${path}.port`, p.port, m));
    if (!p.protocol) errs.push(field.required(`${path}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(field.notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    errs.push(...validateTargetPort(p.targetPort, `${path}.targetPort`));
  });
  errs.push(...validateLabels(s.selector, 'spec.selector'));
  const sa = s.sessionAffinity;
  if (!sa) errs.push(field.required('spec.sessionAffinity'));
  else if (sa !== 'None' && sa !== 'ClientIP') errs.push(field.notSupported('spec.sessionAffinity', sa, ['ClientIP', 'None']));
  if (!s.type) errs.push(field.required('spec.type'));
  else if (!SERVICE_TYPES.includes(s.type)) errs.push(field.notSupported('spec.type', s.type, SERVICE_TYPES));
  if (s.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(field.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(field.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    // Upstream renders the internal ServicePort{Protocol, Port} key here.
    if (seen.has(key)) errs.push(field.duplicate(`spec.ports[${i}]`, { Protocol: p.protocol ?? '', Port: p.port }));
    seen.add(key);
  });
  return errs;
}

/**
 * ValidateNode's taint checks. Upstream builds their path from `metadata`, so the errors read
 * `metadata.taints[0].effect`, not `spec.taints`.
 */
export function validateNode(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (node.spec.taints ?? []).forEach((t, i) => {
    const p = `metadata.taints[${i}]`;
    for (const m of isQualifiedName(t.key ?? '')) errs.push(field.invalid(`${p}.key`, t.key ?? '', m));
    const valueErrs = isValidLabelValue(t.value ?? '');
    if (valueErrs.length > 0) errs.push(field.invalid(`${p}.value`, t.value ?? '', valueErrs.join(';')));
    if (!t.effect) errs.push(field.required(`${p}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(field.notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
    const key = `${t.effect}\u0000${t.key}`;
    if (seen.has(key)) {
      // Rendered as the internal (untagged) core.Taint struct, as upstream prints it.
      const value = { Key: t.key ?? '', Value: t.value ?? '', Effect: t.effect ?? '', TimeAdded: null };
      errs.push({ ...field.duplicate(p, value), detail: 'taints must be unique by key and effect pair' });
      return;
    }
    seen.add(key);
  });
  return errs;
}
