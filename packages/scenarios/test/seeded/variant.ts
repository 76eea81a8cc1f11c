import type { ClusterView, Controller, Effect, Kind, KubeObject, ReconcileContext } from '@kubesim/core';

/**
 * Seeded bugs: each fixture in this folder is a module for `kubesim check --controllers`
 * that wraps ONE real controller with ONE deliberate bug — by what the controller reads (an
 * object seen with a wrong spec, pods it fails to see) or what its context tells it. The rest
 * of the reconcile is the real one, so the bug is exactly the one named.
 */

/** The default controller of that name, which a variant wraps. */
export function real(defaults: readonly Controller[], name: string): Controller {
  const c = defaults.find((d) => d.name === name);
  if (c === undefined) throw new Error(`no default controller named ${name}`);
  return c;
}

/** How a variant misreads objects of one kind: a changed copy, or undefined to not see it at all. */
export type Misread = (obj: KubeObject, view: ClusterView) => KubeObject | undefined;

/** The view as a buggy controller reads it: each object of `kind` through `misread`. */
export function misreadView(view: ClusterView, kind: Kind, misread: Misread): ClusterView {
  const one = (o: unknown): unknown =>
    o !== undefined && o !== null && (o as KubeObject).kind === kind ? misread(o as KubeObject, view) : o;
  const many = (os: unknown[]): unknown[] => os.map(one).filter((o) => o !== undefined);
  return new Proxy(view, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (typeof v !== 'function') return v;
      const f = v as (...args: unknown[]) => unknown;
      switch (prop) {
        case 'get':
        case 'getByKey':
        case 'byUid':
          return (...args: unknown[]) => one(f.apply(target, args));
        case 'list':
        case 'dependentsOf':
        case 'podsOnNode':
        case 'uncontrolledPods':
          return (...args: unknown[]) => many(f.apply(target, args) as unknown[]);
        case 'forEach':
        case 'forEachRange': {
          // The callback is the last argument: it sees what the controller would.
          return (...args: unknown[]) => {
            const fn = args.at(-1) as (o: unknown) => boolean | undefined;
            return f.apply(target, [
              ...args.slice(0, -1),
              (o: unknown) => {
                const seen = one(o);
                return seen === undefined ? true : fn(seen);
              },
            ]);
          };
        }
        default:
          return f.bind(target);
      }
    },
  });
}

/**
 * The controller reading objects of `kind` through `misread`. A whole-object write of such an
 * object carries the real spec back (the bug is in what the controller decides, not a
 * corrupted spec: a status write keeps the spec anyway).
 */
export function misreading(c: Controller, kind: Kind, misread: Misread): Controller {
  return {
    ...c,
    reconcile(view: ClusterView, key: string, ctx: ReconcileContext): readonly Effect[] {
      return c.reconcile(misreadView(view, kind, misread), key, ctx).map((e) => {
        if (e.type !== 'update' || e.object.kind !== kind) return e;
        const actual = view.get(kind, e.object.metadata.namespace, e.object.metadata.name as string) as KubeObject | undefined;
        const spec = (actual as { spec?: unknown } | undefined)?.spec;
        return spec === undefined ? e : { ...e, object: { ...e.object, spec } as KubeObject };
      });
    },
  };
}
