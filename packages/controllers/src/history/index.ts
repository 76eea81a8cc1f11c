/**
 * ControllerRevisions (pkg/controller/history): naming, hashing and ordering the revisions
 * StatefulSets and DaemonSets keep.
 * @module
 */
export {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRevisionName,
  equalRevision,
  findEqualRevisions,
  fnv32,
  hashControllerRevision,
  newControllerRevision,
  sortControllerRevisions,
} from './history.js';
