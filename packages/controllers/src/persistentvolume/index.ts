/**
 * The PersistentVolume binder and a dynamic provisioner (pkg/controller/volume/
 * persistentvolume): matching claims to volumes and upstream's util predicates.
 * @module
 */
export { PV_CONTROLLER, PV_RESYNC, persistentVolumeController } from './binder.js';
export { findBestMatchForClaim, findByClaim, findMatchingVolume, findMatchingVolumes } from './match.js';
export {
  dynamicProvisioner,
  PROVISIONER_COMPONENT,
  type ProvisionerOptions,
  provisionedVolumeName,
  provisionVolume,
} from './provisioner.js';
export {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  checkAccessModes,
  checkNodeAffinity,
  getDefaultClass,
  getPersistentVolumeClaimClass,
  getPersistentVolumeClass,
  IS_DEFAULT_CLASS_ANNOTATION,
  isDelayBindingMode,
  isVolumeBoundToClaim,
  NO_PROVISIONER,
} from './util.js';
