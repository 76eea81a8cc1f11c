import {
  type ClusterView,
  getCondition,
  humanDuration,
  type Kind,
  type KindMap,
  type KubeObject,
  labelSelectorAsSelector,
  type Millis,
  type PodTemplateSpec,
} from '@kubesim/core';
import { CONFIG_PRINTERS } from './config.js';
import { hpaCells } from './hpa.js';
import { LIMIT_RANGE_PRINTERS } from './limitRange.js';
import { nodeRolesColumn, nodeStatusColumn } from './nodes.js';
import { POD_COLUMNS, POD_WIDE_COLUMNS, podRow } from './pods.js';
import { POLICY_PRINTERS } from './policy.js';
import { RESOURCE_QUOTA_PRINTERS } from './resourceQuota.js';

/**
 * The columns of `kubectl get` for every kind kubesim stores, computed as the API server's
 * table printers compute them (pkg/printers/internalversion/printers.go).
 */
export interface Printer<K extends Kind> {
  readonly columns: readonly string[];
  readonly wide: readonly string[];
  /** One object's cells, and its extra cells for `-o wide`. */
  row(obj: KindMap[K], now: Millis, view: ClusterView): { cells: string[]; wide: string[] };
}

const age = (obj: KubeObject, now: Millis): string =>
  obj.metadata.creationTimestamp === undefined ? '<unknown>' : humanDuration(now - obj.metadata.creationTimestamp);

const or = (v: string | undefined, fallback: string): string => (v === undefined || v === '' ? fallback : v);

/** labels.FormatLabels: `k=v,k2=v2` sorted, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** Container names and images of a template, each joined by commas (layoutContainerCells). */
function containerCells(t: PodTemplateSpec | undefined): [string, string] {
  const cs = t?.spec.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}

function selectorString(sel: Parameters<typeof labelSelectorAsSelector>[0]): string {
  try {
    return or(labelSelectorAsSelector(sel).toString(), '<none>');
  } catch {
    return '<error>';
  }
}

const ACCESS_MODES: readonly [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order, deduplicated. */
export function accessModes(modes: readonly string[] | undefined): string {
  return ACCESS_MODES.filter(([m]) => (modes ?? []).includes(m))
    .map(([, s]) => s)
    .join(',');
}

const str = (n: number | undefined): string => String(n ?? 0);

/** The `kubectl get` table of each kind: its columns, wide columns and rows, as the API server's Table printers make them. */
export const PRINTERS: { readonly [K in Kind]: Printer<K> } = {
  // printNamespace: NAME STATUS AGE, the status being the phase.
  Namespace: {
    columns: ['NAME', 'STATUS', 'AGE'],
    wide: [],
    row: (ns, now) => ({ cells: [ns.metadata.name ?? '', ns.status?.phase ?? '', age(ns, now)], wide: [] }),
  },
  Pod: {
    columns: POD_COLUMNS,
    wide: POD_WIDE_COLUMNS.slice(POD_COLUMNS.length),
    row: (p, now) => {
      const r = podRow(p, now, true);
      return { cells: r.slice(0, POD_COLUMNS.length), wide: r.slice(POD_COLUMNS.length) };
    },
  },
  Node: {
    columns: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (n, now) => {
      const addr = (t: string): string => n.status?.addresses?.find((a) => a.type === t)?.address ?? '<none>';
      const info = n.status?.nodeInfo ?? {};
      return {
        cells: [n.metadata.name ?? '', nodeStatusColumn(n), nodeRolesColumn(n), age(n, now), info.kubeletVersion ?? ''],
        wide: [
          addr('InternalIP'),
          addr('ExternalIP'),
          or(info.osImage, '<unknown>'),
          or(info.kernelVersion, '<unknown>'),
          or(info.containerRuntimeVersion, '<unknown>'),
        ],
      };
    },
  },
  Deployment: {
    columns: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (d, now) => {
      const s = d.status ?? {};
      return {
        cells: [
          d.metadata.name ?? '',
          `${s.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`,
          str(s.updatedReplicas),
          str(s.availableReplicas),
          age(d, now),
        ],
        wide: [...containerCells(d.spec.template), selectorString(d.spec.selector)],
      };
    },
  },
  ReplicaSet: {
    columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (rs, now) => ({
      cells: [
        rs.metadata.name ?? '',
        str(rs.spec.replicas ?? 1),
        str(rs.status?.replicas),
        str(rs.status?.readyReplicas),
        age(rs, now),
      ],
      wide: [...containerCells(rs.spec.template), selectorString(rs.spec.selector)],
    }),
  },
  ReplicationController: {
    columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (rc, now) => ({
      cells: [
        rc.metadata.name ?? '',
        str(rc.spec.replicas ?? 1),
        str(rc.status?.replicas),
        str(rc.status?.readyReplicas),
        age(rc, now),
      ],
      wide: [...containerCells(rc.spec.template), formatLabels(rc.spec.selector)],
    }),
  },
  StatefulSet: {
    columns: ['NAME', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES'],
    row: (s, now) => ({
      cells: [s.metadata.name ?? '', `${s.status?.readyReplicas ?? 0}/${s.spec.replicas ?? 1}`, age(s, now)],
      wide: containerCells(s.spec.template),
    }),
  },
  DaemonSet: {
    columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (ds, now) => {
      const s = ds.status;
      return {
        cells: [
          ds.metadata.name ?? '',
          str(s?.desiredNumberScheduled),
          str(s?.currentNumberScheduled),
          str(s?.numberReady),
          str(s?.updatedNumberScheduled),
          str(s?.numberAvailable),
          formatLabels(ds.spec.template.spec.nodeSelector),
          age(ds, now),
        ],
        wide: [...containerCells(ds.spec.template), selectorString(ds.spec.selector)],
      };
    },
  },
  Service: {
    columns: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wide: ['SELECTOR'],
    row: (svc, now) => {
      const ports = (svc.spec.ports ?? [])
        .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
        .join(',');
      const type = svc.spec.type ?? 'ClusterIP';
      const external = type === 'LoadBalancer' ? '<pending>' : '<none>';
      return {
        cells: [
          svc.metadata.name ?? '',
          type,
          or(svc.spec.clusterIPs?.[0] ?? svc.spec.clusterIP, '<none>'),
          external,
          or(ports, '<none>'),
          age(svc, now),
        ],
        wide: [formatLabels(svc.spec.selector)],
      };
    },
  },
  Endpoints: {
    columns: ['NAME', 'ENDPOINTS', 'AGE'],
    wide: [],
    row: (ep, now) => {
      const list: string[] = [];
      for (const s of ep.subsets ?? []) {
        for (const a of s.addresses ?? []) for (const p of s.ports ?? [{ port: 0 }]) list.push(`${a.ip}:${p.port}`);
      }
      const shown = list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
      return { cells: [ep.metadata.name ?? '', or(shown, '<none>'), age(ep, now)], wide: [] };
    },
  },
  PersistentVolumeClaim: {
    columns: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    wide: ['VOLUMEMODE'],
    row: (pvc, now) => {
      const bound = pvc.spec.volumeName !== undefined && pvc.spec.volumeName !== '';
      const status = pvc.metadata.deletionTimestamp !== undefined ? 'Terminating' : (pvc.status?.phase ?? 'Pending');
      return {
        cells: [
          pvc.metadata.name ?? '',
          status,
          pvc.spec.volumeName ?? '',
          bound ? (pvc.status?.capacity?.storage ?? '') : '',
          bound ? accessModes(pvc.status?.accessModes) : '',
          pvc.spec.storageClassName ?? '',
          '<unset>',
          age(pvc, now),
        ],
        wide: [pvc.spec.volumeMode ?? '<unset>'],
      };
    },
  },
  PersistentVolume: {
    columns: [
      'NAME',
      'CAPACITY',
      'ACCESS MODES',
      'RECLAIM POLICY',
      'STATUS',
      'CLAIM',
      'STORAGECLASS',
      'VOLUMEATTRIBUTESCLASS',
      'REASON',
      'AGE',
    ],
    wide: ['VOLUMEMODE'],
    row: (pv, now) => {
      const ref = pv.spec.claimRef;
      return {
        cells: [
          pv.metadata.name ?? '',
          pv.spec.capacity?.storage ?? '',
          accessModes(pv.spec.accessModes),
          pv.spec.persistentVolumeReclaimPolicy ?? 'Retain',
          pv.metadata.deletionTimestamp !== undefined ? 'Terminating' : (pv.status?.phase ?? 'Pending'),
          ref?.name ? `${ref.namespace}/${ref.name}` : '',
          pv.spec.storageClassName ?? '',
          '<unset>',
          '',
          age(pv, now),
        ],
        wide: [pv.spec.volumeMode ?? '<unset>'],
      };
    },
  },
  StorageClass: {
    columns: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
    wide: [],
    row: (sc, now) => {
      const isDefault = sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
      return {
        cells: [
          `${sc.metadata.name}${isDefault ? ' (default)' : ''}`,
          sc.provisioner,
          sc.reclaimPolicy ?? 'Delete',
          sc.volumeBindingMode ?? 'Immediate',
          String(sc.allowVolumeExpansion ?? false),
          age(sc, now),
        ],
        wide: [],
      };
    },
  },
  ControllerRevision: {
    columns: ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
    wide: [],
    row: (cr, now) => {
      const ref = cr.metadata.ownerReferences?.find((r) => r.controller);
      const group = ref?.apiVersion.includes('/') ? `.${ref.apiVersion.split('/')[0]}` : '';
      return {
        cells: [
          cr.metadata.name ?? '',
          ref ? `${ref.kind.toLowerCase()}${group}/${ref.name}` : '<none>',
          String(cr.revision),
          age(cr, now),
        ],
        wide: [],
      };
    },
  },
  HorizontalPodAutoscaler: {
    columns: ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
    wide: [],
    row: (hpa, now) => ({ cells: [hpa.metadata.name ?? '', ...hpaCells(hpa), age(hpa, now)], wide: [] }),
  },
  Job: {
    columns: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (job, now) => {
      const s = job.status ?? {};
      const cond = (t: string): boolean => getCondition(s.conditions, t)?.status === 'True';
      const status = cond('Complete')
        ? 'Complete'
        : cond('Failed')
          ? 'Failed'
          : job.metadata.deletionTimestamp !== undefined
            ? 'Terminating'
            : cond('Suspended')
              ? 'Suspended'
              : cond('FailureTarget')
                ? 'FailureTarget'
                : cond('SuccessCriteriaMet')
                  ? 'SuccessCriteriaMet'
                  : 'Running';
      // printJob: a work queue (no completions) with parallelism above 1 shows `0/1 of 3`.
      const parallelism = job.spec.parallelism ?? 0;
      const completions =
        job.spec.completions !== undefined
          ? `${s.succeeded ?? 0}/${job.spec.completions}`
          : parallelism > 1
            ? `${s.succeeded ?? 0}/1 of ${parallelism}`
            : `${s.succeeded ?? 0}/1`;
      const duration = s.startTime === undefined ? '' : humanDuration((s.completionTime ?? now) - s.startTime);
      return {
        cells: [job.metadata.name ?? '', status, completions, duration, age(job, now)],
        wide: [...containerCells(job.spec.template), selectorString(job.spec.selector)],
      };
    },
  },
  CronJob: {
    columns: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (cj, now) => ({
      cells: [
        cj.metadata.name ?? '',
        cj.spec.schedule,
        cj.spec.timeZone ?? '<none>',
        cj.spec.suspend === undefined ? '<unset>' : cj.spec.suspend ? 'True' : 'False',
        String(cj.status?.active?.length ?? 0),
        cj.status?.lastScheduleTime === undefined ? '<none>' : humanDuration(now - cj.status.lastScheduleTime),
        age(cj, now),
      ],
      wide: [...containerCells(cj.spec.jobTemplate.spec.template), selectorString(cj.spec.jobTemplate.spec.selector)],
    }),
  },
  Event: {
    columns: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    wide: [],
    row: (ev, now) => ({
      cells: [
        humanDuration(now - (ev.lastTimestamp ?? ev.firstTimestamp)),
        ev.type,
        ev.reason,
        `${ev.involvedObject.kind.toLowerCase()}/${ev.involvedObject.name}`,
        ev.message.trim(),
      ],
      wide: [],
    }),
  },
  ...CONFIG_PRINTERS,
  ...POLICY_PRINTERS,
  ...LIMIT_RANGE_PRINTERS,
  ...RESOURCE_QUOTA_PRINTERS,
};
