/**
 * The kubelet: image names as the runtime reports them, the back-off constants, and how an
 * image profile resolves for a container.
 * @module
 */
export { containerID, imageID, normalizeImage } from './images.js';
export { KUBELET, kubelet } from './kubelet.js';
export type { ContainerPhase, ContainerRun, ContainerStop, PodRun, PullState, RestartHistory, Stopping } from './memory.js';
export { type ResolvedProfile, resolveProfile } from './profile.js';
export {
  CRASH_BACKOFF_INITIAL,
  CRASH_BACKOFF_MAX,
  CRASH_BACKOFF_RESET,
  IMAGE_BACKOFF_INITIAL,
  IMAGE_BACKOFF_MAX,
} from './runtime.js';
export type { PendingVolume, VolumeWait } from './volumeWait.js';
