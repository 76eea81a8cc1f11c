/**
 * The disruption controller (pkg/controller/disruption): a PodDisruptionBudget's status from
 * its pods and the scale of their controllers, and how many of them may be evicted now.
 * @module
 */
export { countHealthyPods, DELETION_TIMEOUT, DISRUPTION_CONTROLLER, disruptionController } from './disruption.js';
export type { ExpectedPodCount } from './expected.js';
export { getExpectedPodCount, getExpectedScale } from './expected.js';
