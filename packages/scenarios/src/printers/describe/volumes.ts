import type { Volume } from '@kubesim/core';
import { quantityString } from './format.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer.js';

/**
 * describeVolumes: each volume's name and its source, in upstream's words. Sources kubesim
 * never sees (cloud disks, iSCSI, ...) print as `<unknown>`.
 */
export function describeVolumes(volumes: readonly Volume[] | undefined, w: PrefixWriter, space: string): void {
  if (volumes === undefined || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    describeVolumeSource(v, w);
  }
}

type Loose = Record<string, unknown>;
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const bool = (v: unknown): string => String(v === true);

function describeVolumeSource(v: Volume, w: PrefixWriter): void {
  if (v.hostPath) {
    w.write(
      LEVEL_2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`,
    );
  } else if (v.emptyDir) {
    const e = v.emptyDir as Loose;
    const limit =
      e.sizeLimit !== undefined && quantityString(str(e.sizeLimit)) !== '0' ? quantityString(str(e.sizeLimit)) : '<unset>';
    w.write(
      LEVEL_2,
      `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${str(e.medium)}\n    SizeLimit:\t${limit}\n`,
    );
  } else if (v.secret) {
    const s = v.secret as Loose;
    w.write(
      LEVEL_2,
      `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${str(s.secretName)}\n    Optional:\t${bool(s.optional)}\n`,
    );
  } else if (v.configMap) {
    const c = v.configMap as Loose;
    w.write(
      LEVEL_2,
      `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${str(c.name)}\n    Optional:\t${bool(c.optional)}\n`,
    );
  } else if (v.persistentVolumeClaim) {
    const c = v.persistentVolumeClaim;
    w.write(
      LEVEL_2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${c.claimName}\n    ReadOnly:\t${bool(c.readOnly)}\n`,
    );
  } else if (v.projected) {
    describeProjected(v.projected as Loose, w);
  } else if (v.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of ((v.downwardAPI as Loose).items as Loose[] | undefined) ?? []) {
      const field = item.fieldRef as Loose | undefined;
      const resource = item.resourceFieldRef as Loose | undefined;
      if (field) w.write(LEVEL_3, `${str(field.fieldPath)} -> ${str(item.path)}\n`);
      if (resource) w.write(LEVEL_3, `${str(resource.resource)} -> ${str(item.path)}\n`);
    }
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

function describeProjected(p: Loose, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
  for (const source of (p.sources as Loose[] | undefined) ?? []) {
    const secret = source.secret as Loose | undefined;
    const configMap = source.configMap as Loose | undefined;
    const token = source.serviceAccountToken as Loose | undefined;
    if (secret) w.write(LEVEL_2, `SecretName:\t${str(secret.name)}\n    Optional:\t${bool(secret.optional)}\n`);
    else if (source.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
    else if (configMap) w.write(LEVEL_2, `ConfigMapName:\t${str(configMap.name)}\n    Optional:\t${bool(configMap.optional)}\n`);
    else if (token) w.write(LEVEL_2, `TokenExpirationSeconds:\t${str(token.expirationSeconds)}\n`);
  }
}
