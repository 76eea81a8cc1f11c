import {
  formatRFC3339,
  type GenericObject,
  humanDuration,
  type Millis,
  type PrinterColumn,
  type ServedKind,
} from '@kubesim/core';

/**
 * `kubectl get` columns for the kinds kubesim stores generically: upstream's server-side
 * printers for the common built-ins (pkg/printers/internalversion/printers.go), a CRD's
 * additionalPrinterColumns for custom resources (apiextensions' tableconvertor), and NAME/AGE
 * (the default table) for the rest.
 */
export interface GenericPrinter {
  readonly columns: readonly string[];
  readonly wide: readonly string[];
  row(obj: GenericObject, now: Millis, startTime: number): { cells: string[]; wide: string[] };
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const or = (s: string, fallback: string): string => (s === '' ? fallback : s);

function age(o: GenericObject, now: Millis): string {
  const t = o.metadata.creationTimestamp;
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

function createdAt(o: GenericObject, startTime: number): string {
  const t = o.metadata.creationTimestamp;
  return t === undefined ? '<unknown>' : formatRFC3339(t, startTime);
}

/** formatHosts: the first three, then `+ N more...`. */
function hosts(rules: unknown[]): string {
  const list = rules.map((r) => str(obj(r).host)).filter((h) => h !== '');
  if (list.length === 0) return '*';
  const shown = list.slice(0, 3).join(',');
  return list.length > 3 ? `${shown} + ${list.length - 3} more...` : shown;
}

/** formatEndpointSlice-style: the first three, then `+ N more...`. */
function firstThree(items: string[], empty: string): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, 3).join(',');
  return items.length > 3 ? `${shown} + ${items.length - 3} more...` : shown;
}

/** metav1.FormatLabelSelector for a policy's podSelector. */
function labelSelector(sel: Json): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(obj(sel.matchLabels)).sort(([a], [b]) => (a < b ? -1 : 1))) parts.push(`${k}=${str(v)}`);
  for (const e of arr(sel.matchExpressions)) {
    const x = obj(e);
    const op = str(x.operator);
    const values = arr(x.values).map(str).join(',');
    if (op === 'In') parts.push(`${str(x.key)} in (${values})`);
    else if (op === 'NotIn') parts.push(`${str(x.key)} notin (${values})`);
    else if (op === 'Exists') parts.push(str(x.key));
    else if (op === 'DoesNotExist') parts.push(`!${str(x.key)}`);
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

const name = (o: GenericObject): string => o.metadata.name ?? '';

const BUILTIN: Readonly<Record<string, GenericPrinter>> = {
  'Ingress.networking.k8s.io': {
    columns: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
    wide: [],
    row: (o, now) => {
      const spec = obj(o.spec);
      const lb = arr(obj(obj(o.status).loadBalancer).ingress).map((i) => str(obj(i).ip) || str(obj(i).hostname));
      const ports = arr(spec.tls).length > 0 ? '80, 443' : '80';
      return {
        cells: [name(o), or(str(spec.ingressClassName), '<none>'), hosts(arr(spec.rules)), lb.join(','), ports, age(o, now)],
        wide: [],
      };
    },
  },
  'IngressClass.networking.k8s.io': {
    columns: ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'],
    wide: [],
    row: (o, now) => {
      const spec = obj(o.spec);
      const p = obj(spec.parameters);
      const params = spec.parameters === undefined ? '<none>' : `${str(p.kind)}.${str(p.apiGroup)}/${str(p.name)}`;
      return { cells: [name(o), str(spec.controller), params, age(o, now)], wide: [] };
    },
  },
  'NetworkPolicy.networking.k8s.io': {
    columns: ['NAME', 'POD-SELECTOR', 'AGE'],
    wide: [],
    row: (o, now) => ({ cells: [name(o), labelSelector(obj(obj(o.spec).podSelector)), age(o, now)], wide: [] }),
  },
  'Role.rbac.authorization.k8s.io': {
    columns: ['NAME', 'CREATED AT'],
    wide: [],
    row: (o, _now, start) => ({ cells: [name(o), createdAt(o, start)], wide: [] }),
  },
  'ClusterRole.rbac.authorization.k8s.io': {
    columns: ['NAME', 'CREATED AT'],
    wide: [],
    row: (o, _now, start) => ({ cells: [name(o), createdAt(o, start)], wide: [] }),
  },
  'RoleBinding.rbac.authorization.k8s.io': bindingPrinter(),
  'ClusterRoleBinding.rbac.authorization.k8s.io': bindingPrinter(),
  'PriorityClass.scheduling.k8s.io': {
    columns: ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'],
    wide: [],
    row: (o, now) => ({
      cells: [
        name(o),
        str(o.value ?? 0),
        String(o.globalDefault === true),
        age(o, now),
        or(str(o.preemptionPolicy), 'PreemptLowerPriority'),
      ],
      wide: [],
    }),
  },
  'Lease.coordination.k8s.io': {
    columns: ['NAME', 'HOLDER', 'AGE'],
    wide: [],
    row: (o, now) => ({ cells: [name(o), str(obj(o.spec).holderIdentity), age(o, now)], wide: [] }),
  },
  'CustomResourceDefinition.apiextensions.k8s.io': {
    columns: ['NAME', 'CREATED AT'],
    wide: [],
    row: (o, _now, start) => ({ cells: [name(o), createdAt(o, start)], wide: [] }),
  },
  'EndpointSlice.discovery.k8s.io': {
    columns: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    wide: [],
    row: (o, now) => {
      const ports = arr(o.ports).map((p) => str(obj(p).port));
      const addrs = arr(o.endpoints).flatMap((e) => arr(obj(e).addresses).map(str));
      return {
        cells: [name(o), str(o.addressType), firstThree(ports, '<unset>'), firstThree(addrs, '<unset>'), age(o, now)],
        wide: [],
      };
    },
  },
};

function bindingPrinter(): GenericPrinter {
  return {
    columns: ['NAME', 'ROLE', 'AGE'],
    wide: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
    row: (o, now) => {
      const ref = obj(o.roleRef);
      const subjects = arr(o.subjects).map(obj);
      const of = (kind: string): string =>
        subjects
          .filter((s) => s.kind === kind)
          .map((s) => (kind === 'ServiceAccount' ? `${str(s.namespace)}/${str(s.name)}` : str(s.name)))
          .join(', ');
      return {
        cells: [name(o), `${str(ref.kind)}/${str(ref.name)}`, age(o, now)],
        wide: [of('User'), of('Group'), of('ServiceAccount')],
      };
    },
  };
}

const DEFAULT: GenericPrinter = {
  columns: ['NAME', 'AGE'],
  wide: [],
  row: (o, now) => ({ cells: [name(o), age(o, now)], wide: [] }),
};

/**
 * A simple JSONPath as CRD printer columns use (`.spec.replicas`, `.status.conditions[0].type`):
 * the values found, undefined when the path leads nowhere.
 */
export function evalJsonPath(root: unknown, path: string): unknown {
  const p = path.replace(/^\{?\$?/, '').replace(/\}$/, '');
  const steps = p.match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]/g) ?? [];
  let v: unknown = root;
  for (const s of steps) {
    if (v === undefined || v === null) return undefined;
    if (s.startsWith('[')) {
      const key = s.startsWith("['") ? s.slice(2, -2) : Number(s.slice(1, -1));
      v = typeof key === 'number' ? (Array.isArray(v) ? v[key] : undefined) : obj(v)[key];
    } else v = obj(v)[s.slice(1)];
  }
  return v;
}

/** The tableconvertor's cell for a column: dates as ages, scalars printed, the rest as JSON. */
function columnCell(o: GenericObject, c: PrinterColumn, now: Millis): string {
  const v = evalJsonPath(o, c.jsonPath);
  if (v === undefined || v === null) return '<none>';
  if (c.type === 'date') {
    const t = typeof v === 'number' ? v : undefined;
    return t === undefined ? str(v) : humanDuration(now - t);
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The printer for a generic kind. */
export function genericPrinter(s: ServedKind): GenericPrinter {
  const columns = s.crd?.printerColumns;
  if (columns !== undefined && columns.length > 0) {
    const normal = columns.filter((c) => (c.priority ?? 0) === 0);
    const extra = columns.filter((c) => (c.priority ?? 0) > 0);
    return {
      columns: ['NAME', ...normal.map((c) => c.name.toUpperCase())],
      wide: extra.map((c) => c.name.toUpperCase()),
      row: (o, now) => ({
        cells: [name(o), ...normal.map((c) => columnCell(o, c, now))],
        wide: extra.map((c) => columnCell(o, c, now)),
      }),
    };
  }
  return BUILTIN[s.groupKind] ?? DEFAULT;
}
