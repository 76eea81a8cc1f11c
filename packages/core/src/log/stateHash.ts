import { KINDS } from '../api/kinds.js';
import { canonicalJson } from '../random/hash.js';
import { Sha256 } from '../random/sha256.js';
import { withSystemNamespaces } from '../reducer/namespace.js';
import { withDefaultServiceAccounts } from '../reducer/serviceAccount.js';
import type { ClusterState } from '../state.js';
import { emptyStore } from '../store/store.js';

const pristine = new Map<number, Map<string, string>>();

/** The system namespaces as a cluster with this UID salt starts with them, as canonical JSON. */
function pristineNamespaces(uidSalt: number): Map<string, string> {
  let m = pristine.get(uidSalt);
  if (m === undefined) {
    m = new Map();
    for (const [key, ns] of withSystemNamespaces(emptyStore(), uidSalt).objects.Namespace.entries())
      m.set(key, canonicalJson(ns));
    if (pristine.size > 64) pristine.clear();
    pristine.set(uidSalt, m);
  }
  return m;
}

/**
 * Namespaces, bar the system ones while they are as the cluster started with them: a run
 * that never touches a namespace hashes as it did before kubesim modelled them (old logs
 * replay to the hash their trailer names), and any change to one shows.
 */
function hashNamespaces(h: Sha256, state: ClusterState): void {
  const initial = pristineNamespaces(state.uidSalt);
  const lines: string[] = [];
  let seen = 0;
  for (const [key, obj] of state.store.objects.Namespace.entries()) {
    const json = canonicalJson(obj);
    if (initial.get(key) === json) {
      seen++;
      continue;
    }
    lines.push(`${key}\t${json}\n`);
  }
  if (lines.length === 0 && seen === initial.size) return;
  h.update('#Namespace\n');
  // A system namespace that is gone is a change too.
  for (const key of initial.keys()) if (!state.store.objects.Namespace.has(key)) h.update(`-${key}\n`);
  for (const line of lines) h.update(line);
}

/**
 * Kinds added after the hash's layout was fixed: hashed only when they hold objects, so a run
 * that uses none of them keeps the hash it always had.
 */
const HASHED_WHEN_PRESENT: ReadonlySet<string> = new Set([
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'PodDisruptionBudget',
  'LimitRange',
  'ResourceQuota',
]);

const pristineAccounts = new Map<number, Map<string, string>>();

/** The `default` ServiceAccounts a cluster with this UID salt starts with, as canonical JSON. */
function accountsAtStart(uidSalt: number): Map<string, string> {
  let m = pristineAccounts.get(uidSalt);
  if (m === undefined) {
    m = new Map();
    for (const [key, sa] of withDefaultServiceAccounts(emptyStore(), uidSalt).objects.ServiceAccount.entries()) {
      m.set(key, canonicalJson(sa));
    }
    if (pristineAccounts.size > 64) pristineAccounts.clear();
    pristineAccounts.set(uidSalt, m);
  }
  return m;
}

/**
 * ServiceAccounts, bar the ones the cluster started with while they are as they were: a run
 * that never touches one hashes as before kubesim modelled them; a change to one shows.
 */
function hashServiceAccounts(h: Sha256, state: ClusterState): void {
  const initial = accountsAtStart(state.uidSalt);
  const lines: string[] = [];
  let unchanged = 0;
  for (const [key, obj] of state.store.objects.ServiceAccount.entries()) {
    const json = canonicalJson(obj);
    if (initial.get(key) === json) unchanged++;
    else lines.push(`${key}\t${json}\n`);
  }
  if (lines.length === 0 && unchanged === initial.size) return;
  h.update('#ServiceAccount\n');
  for (const key of initial.keys()) if (!state.store.objects.ServiceAccount.has(key)) h.update(`-${key}\n`);
  for (const line of lines) h.update(line);
}

/**
 * A stable hash of a state: every object of every kind in key order, then the world, each
 * as canonical JSON. Two states hash equal exactly when they hold the same objects with the
 * same content, however they were reached.
 */
export function stateHash(state: ClusterState): string {
  const h = new Sha256();
  for (const { kind } of KINDS) {
    if (kind === 'Namespace') {
      hashNamespaces(h, state);
      continue;
    }
    if (kind === 'ServiceAccount') {
      hashServiceAccounts(h, state);
      continue;
    }
    if (HASHED_WHEN_PRESENT.has(kind) && state.store.objects[kind].size === 0) continue;
    h.update(`#${kind}\n`);
    for (const [key, obj] of state.store.objects[kind].entries()) h.update(`${key}\t${canonicalJson(obj)}\n`);
  }
  // Generic objects (api/generic/), only when there are any: a state without them hashes as before.
  if (state.store.generic.size > 0) {
    h.update('#generic\n');
    for (const [key, obj] of state.store.generic.entries()) h.update(`${key}\t${canonicalJson(obj)}\n`);
  }
  h.update('#world\n');
  for (const [name, n] of state.world.nodes.entries()) h.update(`${name}\t${canonicalJson(n)}\n`);
  h.update(`${canonicalJson(state.world.imageProfiles)}\n`);
  for (const [key, m] of state.world.metrics.entries()) h.update(`${key}\t${canonicalJson(m)}\n`);
  for (const [key, m] of state.world.nodeMetrics.entries()) h.update(`${key}\t${canonicalJson(m)}\n`);
  for (const [key, m] of state.world.customMetrics.entries()) h.update(`${key}\t${canonicalJson(m)}\n`);
  if (state.world.metricsServer) h.update('metrics-server\n');
  h.update(`${state.world.nodesJoined}/${state.world.serviceIPs}/${state.store.resourceVersion}\n`);
  // Only a named start time is hashed, so runs without one keep their hashes.
  if (state.startTime !== undefined) h.update(`#start\n${state.startTime}\n`);
  return h.digest();
}
