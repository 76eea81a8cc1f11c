/**
 * The ReplicaSet controller and the ReplicationController it also runs as
 * (pkg/controller/replicaset, replication): the status a set's pods add up to.
 * @module
 */
export { replicaSetController, replicationController } from './replicaset.js';
export { calculateStatus, type ManageError, statusChanged } from './status.js';
export { type ReplicaKind, type Replicated, replicated } from './workload.js';
