import { isKubesimError } from '../../errors.js';
import { type FieldError, field } from '../fieldErrors.js';
import { parseQuantity } from '../quantity.js';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, Service, StorageClass } from '../types.js';
import { validateLabelSelector } from './meta.js';
import { isValidPortName, isValidPortNum } from './names.js';
import { validatePodSpec } from './pod.js';

/** Validation for the core kinds that are not workloads. */

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function validatePod(pod: Pod): FieldError[] {
  return validatePodSpec(pod.spec, 'spec', { isTemplate: false });
}

function validateStorageRequest(value: unknown, path: string): FieldError[] {
  if (value === undefined) return [field.required(path)];
  try {
    const q = parseQuantity(value as string);
    return q.nanos <= 0n ? [field.invalid(path, value, 'must be greater than zero')] : [];
  } catch (e) {
    if (isKubesimError(e, 'E_QUANTITY')) return [field.invalid(path, value, e.message)];
    throw e;
  }
}

function validateAccessModes(modes: readonly string[] | undefined, path: string): FieldError[] {
  if (!modes || modes.length === 0) return [field.required(path, 'at least 1 access mode is required')];
  return modes.filter((m) => !ACCESS_MODES.includes(m)).map((m) => field.notSupported(path, m, ACCESS_MODES));
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim): FieldError[] {
  const s = pvc.spec;
  return [
    ...validateAccessModes(s.accessModes, 'spec.accessModes'),
    ...validateLabelSelector(s.selector, 'spec.selector'),
    ...validateStorageRequest(s.resources?.requests?.storage, 'spec.resources[storage]'),
  ];
}

export function validatePersistentVolume(pv: PersistentVolume): FieldError[] {
  const s = pv.spec;
  const errs = [
    ...validateAccessModes(s.accessModes, 'spec.accessModes'),
    ...validateStorageRequest(s.capacity?.storage, 'spec.capacity'),
  ];
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

export function validateService(svc: Service): FieldError[] {
  const s = svc.spec;
  const errs: FieldError[] = [];
  const headless = s.clusterIP === 'None';
  const ports = s.ports ?? [];
  if (s.type === undefined) errs.push(field.required('spec.type'));
  else if (!SERVICE_TYPES.includes(s.type)) errs.push(field.notSupported('spec.type', s.type, SERVICE_TYPES));
  if (ports.length === 0 && !headless && s.type !== 'ExternalName') errs.push(field.required('spec.ports'));
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(field.required(`${path}.name`));
    if (p.name) for (const m of isValidPortName(p.name)) errs.push(field.invalid(`${path}.name`, p.name, m));
    for (const m of isValidPortNum(p.port)) errs.push(field.invalid(`${path}.port`, p.port, m));
    if (p.protocol === undefined) errs.push(field.required(`${path}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(field.notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(field.duplicate(path, { port: p.port, protocol: p.protocol }));
    seen.add(key);
    if (p.nodePort !== undefined && s.type === 'ClusterIP') {
      errs.push(field.forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
  });
  const sa = s.sessionAffinity;
  if (sa !== undefined && sa !== 'None' && sa !== 'ClientIP')
    errs.push(field.notSupported('spec.sessionAffinity', sa, ['ClientIP', 'None']));
  return errs;
}

export function validateNode(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  (node.spec.taints ?? []).forEach((t, i) => {
    const p = `spec.taints[${i}]`;
    if (!t.key) errs.push(field.required(`${p}.key`));
    if (!['NoExecute', 'NoSchedule', 'PreferNoSchedule'].includes(t.effect)) {
      errs.push(field.notSupported(`${p}.effect`, t.effect, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']));
    }
  });
  return errs;
}
