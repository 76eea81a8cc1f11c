import type { Controller, ReconcileContext } from '@kubesim/core';
import { real } from './variant.js';

/**
 * Seeded bug: a ReplicaSet controller that ignores its expectations — it acts as if none of
 * its creates and deletes were still on their way, so a sync that runs before its informer
 * shows the pods it just created creates them again. Caught by replicaset-convergence.
 */
export default (defaults: readonly Controller[]): Controller => {
  const rs = real(defaults, 'replicaset');
  const forgetful = (ctx: ReconcileContext): ReconcileContext =>
    new Proxy(ctx, {
      get: (target, prop) => {
        if (prop === 'inFlight') return () => 0;
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  return { ...rs, reconcile: (view, key, ctx) => rs.reconcile(view, key, forgetful(ctx)) };
};
