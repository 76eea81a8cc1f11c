import { withSystemNamespaces } from './reducer/namespace.js';
import { withDefaultServiceAccounts } from './reducer/serviceAccount.js';
import { emptyStore, type Store } from './store/store.js';
import type { Millis } from './time/duration.js';
import { emptyWorld, type ImageProfileRule, type WorldState } from './world.js';

/**
 * The whole simulated state at one instant: the API server's objects and the world behind
 * them. A value: reducing an event returns a new state and leaves this one as it was.
 */
export interface ClusterState {
  readonly time: Millis;
  readonly seed: string;
  /** Mixed into every UID, so runs with different seeds get different UIDs. */
  readonly uidSalt: number;
  readonly store: Store;
  readonly world: WorldState;
  /** The wall-clock instant (Unix ms) time 0 stands for, when a run names one (../time/startTime.ts). */
  readonly startTime?: number;
}

/** The state of an empty cluster at time 0, for a seed. */
export function initialState(
  seed: string,
  uidSalt: number,
  imageProfiles: readonly ImageProfileRule[] = [],
  startTime?: number,
): ClusterState {
  const state: ClusterState = {
    time: 0,
    seed,
    uidSalt,
    // The cluster as kubeadm leaves it: the system namespaces, each with its `default` ServiceAccount.
    store: withDefaultServiceAccounts(withSystemNamespaces(emptyStore(), uidSalt), uidSalt),
    world: emptyWorld(imageProfiles),
  };
  return startTime === undefined ? state : { ...state, startTime };
}
