import type { Controller, Pod } from '@kubesim/core';
import { misreading, real } from './variant.js';

/**
 * Seeded bug: a DaemonSet controller that counts only Running pods as a node's daemon pod — a
 * pod still Pending (pulling its image, starting) goes unseen, so the next sync places a
 * second pod on the node. Caught by daemonset-one-pod-per-node.
 */
export default (defaults: readonly Controller[]): Controller =>
  misreading(real(defaults, 'daemonset'), 'Pod', (o) => ((o as Pod).status?.phase === 'Pending' ? undefined : o));
