import { type Container, type EnvVar, integerValue, milliValue, type Pod, parseQuantity } from '@kubesim/core';
import { LEVEL_2, LEVEL_3, type PrefixWriter } from './writer.js';

/** The container's environment as describe.go lists it (describeContainerEnvVars, ...EnvFrom). */

interface ValueFrom {
  fieldRef?: { apiVersion?: string; fieldPath: string };
  resourceFieldRef?: { containerName?: string; resource: string; divisor?: string | number };
  secretKeyRef?: { name?: string; key: string; optional?: boolean };
  configMapKeyRef?: { name?: string; key: string; optional?: boolean };
}

interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

/** fieldpath.ExtractFieldPathAsString for the paths a pod's env can name; templates resolve to nothing. */
function fieldValue(pod: Pod | undefined, path: string): string {
  if (pod === undefined) return '';
  const m = pod.metadata;
  const label = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (label) return (label[1] === 'labels' ? m.labels : m.annotations)?.[label[2] as string] ?? '';
  switch (path) {
    case 'metadata.name':
      return m.name ?? '';
    case 'metadata.namespace':
      return m.namespace ?? '';
    case 'metadata.uid':
      return m.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    default:
      return '';
  }
}

/** ExtractContainerResourceValue: the resource in units of the divisor, rounded up. */
function resourceValue(ref: NonNullable<ValueFrom['resourceFieldRef']>, c: Container): string {
  const [kind, name] = ref.resource.split('.') as [string, string | undefined];
  const list = kind === 'limits' ? c.resources?.limits : kind === 'requests' ? c.resources?.requests : undefined;
  if (list === undefined && kind !== 'limits' && kind !== 'requests') return '';
  try {
    const q = parseQuantity(list?.[name ?? ''] ?? '0');
    const divisor = parseQuantity(ref.divisor ?? '1');
    if (name === 'cpu') return String(Math.ceil(milliValue(q) / milliValue(divisor)));
    return String(Math.ceil(integerValue(q) / integerValue(divisor)));
  } catch {
    return '';
  }
}

export function describeContainerEnvVars(c: Container, pod: Pod | undefined, w: PrefixWriter): void {
  const env: readonly EnvVar[] = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom as ValueFrom | undefined;
    if (from === undefined || from === null) {
      (e.value ?? '').split('\n').forEach((s, i) => {
        w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`);
      });
    } else if (from.fieldRef) {
      const f = from.fieldRef;
      w.write(LEVEL_3, `${e.name}:\t${fieldValue(pod, f.fieldPath)} (${f.apiVersion ?? ''}:${f.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const r = from.resourceFieldRef;
      let value = resourceValue(r, c);
      if (value === '0' && (r.resource === 'limits.cpu' || r.resource === 'limits.memory')) value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${r.resource})\n`);
    } else if (from.secretKeyRef) {
      const s = from.secretKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${s.key}' in secret '${s.name ?? ''}'>\tOptional: ${s.optional === true}\n`);
    } else if (from.configMapKeyRef) {
      const s = from.configMapKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${s.key}' of config map '${s.name ?? ''}'>\tOptional: ${s.optional === true}\n`,
      );
    }
  }
}

export function describeContainerEnvFrom(c: Container, w: PrefixWriter): void {
  const sources = (c.envFrom as EnvFromSource[] | undefined) ?? [];
  if (sources.length === 0) return;
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of sources) {
    const [from, ref] = e.configMapRef ? ['ConfigMap', e.configMapRef] : e.secretRef ? ['Secret', e.secretRef] : ['', undefined];
    const optional = ref?.optional === true;
    const what = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
    w.write(LEVEL_3, `${ref?.name ?? ''}\t${what}\tOptional: ${optional}\n`);
  }
}
