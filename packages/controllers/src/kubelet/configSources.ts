import type { ClusterView, Container, Pod, Volume } from '@kubesim/core';

/**
 * What a container's configuration and a pod's volumes read from ConfigMaps and Secrets, and
 * the error the kubelet meets when one is missing (kubelet_pods.go makeEnvironmentVariables,
 * pkg/volume/configmap and secret SetUpAt). The kubelet's object cache answers a missing
 * object with NotFound on its resource `configmap` / `secret` (watch_based_manager.go).
 */

interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}
interface EnvSource {
  configMapKeyRef?: KeyRef;
  secretKeyRef?: KeyRef;
}
interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

type Source = 'ConfigMap' | 'Secret';

const RESOURCE: Readonly<Record<Source, string>> = { ConfigMap: 'configmap', Secret: 'secret' };

function notFound(kind: Source, name: string): string {
  return `${RESOURCE[kind]} ${JSON.stringify(name)} not found`;
}

/** The keys of a ConfigMap's `data` (env reads only that) or a Secret's `data`, or undefined when absent. */
function keysOf(view: ClusterView, kind: Source, namespace: string, name: string): Record<string, string> | undefined {
  const obj = view.get(kind, namespace, name);
  if (obj === undefined) return undefined;
  return obj.data ?? {};
}

/**
 * The error makeEnvironmentVariables returns for this container, or undefined when its
 * environment can be made: envFrom first (in order), then env. An optional source that is
 * missing, or an optional key that is, is skipped.
 */
export function makeEnvironmentVariablesError(pod: Pod, container: Container, view: ClusterView): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const from of (container.envFrom as EnvFromSource[] | undefined) ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (ref === undefined) continue;
    const kind: Source = from.configMapRef !== undefined ? 'ConfigMap' : 'Secret';
    const name = ref.name ?? '';
    if (keysOf(view, kind, ns, name) === undefined && ref.optional !== true) return notFound(kind, name);
  }
  for (const env of container.env ?? []) {
    // A literal value wins over a source (runtimeVal != "" is checked first).
    if (env.value !== undefined && env.value !== '') continue;
    const from = env.valueFrom as EnvSource | undefined;
    const ref = from?.configMapKeyRef ?? from?.secretKeyRef;
    if (ref === undefined) continue;
    const kind: Source = from?.configMapKeyRef !== undefined ? 'ConfigMap' : 'Secret';
    const name = ref.name ?? '';
    const optional = ref.optional === true;
    const data = keysOf(view, kind, ns, name);
    if (data === undefined) {
      if (optional) continue;
      return notFound(kind, name);
    }
    const key = ref.key ?? '';
    if (!(key in data) && !optional) return `couldn't find key ${key} in ${kind} ${ns}/${name}`;
  }
  return undefined;
}

interface VolumeSource {
  name?: string;
  secretName?: string;
  optional?: boolean;
  items?: { key?: string }[];
}

/** The pod's volumes whose SetUp reads a ConfigMap or a Secret (projected volumes aside). */
export function configVolumes(pod: Pod): Volume[] {
  return (pod.spec.volumes ?? []).filter((v) => v.configMap !== undefined || v.secret !== undefined);
}

/**
 * Why SetUp fails for a configMap or secret volume, or undefined when it mounts: the object
 * is missing (and the volume not optional), or an item names a key it lacks (MakePayload).
 */
export function volumeSetUpError(pod: Pod, volume: Volume, view: ClusterView): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const isConfigMap = volume.configMap !== undefined;
  const src = (volume.configMap ?? volume.secret) as VolumeSource | undefined;
  if (src === undefined) return undefined;
  const kind: Source = isConfigMap ? 'ConfigMap' : 'Secret';
  const name = (isConfigMap ? src.name : src.secretName) ?? '';
  const obj = view.get(kind, ns, name);
  const optional = src.optional === true;
  if (obj === undefined) return optional ? undefined : notFound(kind, name);
  // A volume shows both of a ConfigMap's maps.
  const keys = { ...(obj.data ?? {}), ...((obj as { binaryData?: Record<string, string> }).binaryData ?? {}) };
  for (const item of src.items ?? []) {
    const key = item.key ?? '';
    if (key in keys || optional) continue;
    return isConfigMap ? `configmap references non-existent config key: ${key}` : `references non-existent secret key: ${key}`;
  }
  return undefined;
}
