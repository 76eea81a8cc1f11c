import { type Kind, type Millis, parseDuration } from '@kubesim/core';
import type { ComponentFault } from './faults.js';
import type { FaultEntry } from './schema.js';

/**
 * A node or control-plane fault as the scenario file writes it (already validated against the
 * schema), as the model holds it. `node: NAME` may be written as the bare name.
 */
export function componentFault(f: FaultEntry): ComponentFault {
  const opt = <K extends string>(key: K, d: string | undefined): Partial<Record<K, Millis>> =>
    d === undefined ? {} : ({ [key]: parseDuration(d) } as Record<K, Millis>);
  if (f.kubeletRestart !== undefined) {
    const r = typeof f.kubeletRestart === 'string' ? { node: f.kubeletRestart } : f.kubeletRestart;
    return { type: 'kubeletRestart', node: r.node, ...opt('downtime', r.downtime) };
  }
  if (f.nodePartition !== undefined) {
    const p = typeof f.nodePartition === 'string' ? { node: f.nodePartition } : f.nodePartition;
    return { type: 'nodePartition', node: p.node, ...opt('duration', p.duration) };
  }
  if (f.nodePartitionHeals !== undefined) return { type: 'nodePartitionHeals', node: f.nodePartitionHeals };
  if (f.clockSkew !== undefined) return { type: 'clockSkew', node: f.clockSkew.node, skew: parseDuration(f.clockSkew.skew) };
  if (f.controllerLag !== undefined) {
    const l = f.controllerLag;
    return {
      type: 'controllerLag',
      controller: l.controller,
      ...opt('lag', l.lag),
      ...(l.events !== undefined ? { events: l.events } : {}),
    };
  }
  if (f.controllerRestart !== undefined) {
    const r = typeof f.controllerRestart === 'string' ? { controller: f.controllerRestart } : f.controllerRestart;
    return { type: 'controllerRestart', controller: r.controller, ...opt('delay', r.delay), ...opt('relistLag', r.relistLag) };
  }
  if (f.watchFault !== undefined) {
    const w = f.watchFault;
    return {
      type: 'watchFault',
      ...(w.controller !== undefined ? { controller: w.controller } : {}),
      ...(w.kind !== undefined ? { kind: w.kind as Kind } : {}),
      mode: w.mode,
      ...opt('delay', w.delay),
      ...opt('duration', w.duration),
    };
  }
  const a = f.apiFaults;
  if (a === undefined) throw new Error('a fault entry names no fault (the schema lets none through)');
  return {
    type: 'apiFaults',
    ...(a.controller !== undefined ? { controller: a.controller } : {}),
    ...(a.kind !== undefined ? { kind: a.kind as Kind } : {}),
    ...(a.verb !== undefined ? { verb: a.verb } : {}),
    error: a.error,
    ...(a.probability !== undefined ? { probability: a.probability } : {}),
    ...(a.count !== undefined ? { count: a.count } : {}),
    ...opt('duration', a.duration),
    ...(a.message !== undefined ? { message: a.message } : {}),
  };
}
