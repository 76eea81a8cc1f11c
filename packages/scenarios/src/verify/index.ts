/**
 * @kubesim/scenarios/verify: property-based verification of controllers with fast-check (a
 * peer dependency). Arbitraries for workloads, actions, faults and whole scenario documents;
 * `checkScenarios` runs generated scenarios against the invariants and hands back the shrunk
 * counterexample as a scenario file that `kubesim run` reproduces; an `fc.commands` adapter
 * for model-based tests of a Simulation.
 */
export { type CheckOptions, type CheckResult, type Counterexample, checkScenarios, failureOf, runDocument } from './check.js';
export type { ClusterCommand } from './commands.js';
export {
  type ClusterModel,
  type ClusterReal,
  type ClusterSetupOptions,
  clusterSetup,
  deploymentCommands,
  settle,
} from './commands.js';
export {
  expandFaultKinds,
  FAULT_KINDS,
  FAULT_PROFILES,
  type FaultEpisode,
  type FaultFamily,
  type FaultKind,
  type FaultTargets,
  faultEpisodeArb,
  faultKindsOf,
  stepEnd,
} from './faults.arb.js';
export { checkScenarioFile, type FileCheckOptions } from './fileCheck.js';
export { cronJobArb, hpaArb, replicationControllerArb } from './kinds.arb.js';
export {
  DEFAULT_STABLE_BOUND,
  type EventuallyStable,
  type EventuallyStableOptions,
  eventuallyStable,
  type FinishContext,
  withLiveness,
} from './liveness.js';
export { type Outcome, outcome, outcomeDifference, outcomeOf } from './livenessOutcome.js';
export {
  differentOutcome,
  type OutcomeVariant,
  type SameOutcomeResult,
  sameOutcome,
  sameOutcomeWithoutFaults,
  settledOutcome,
  unsettled,
} from './livenessSameOutcome.js';
export {
  daemonSetArb,
  deploymentArb,
  type GeneratedWorkload,
  IMAGES,
  jobArb,
  replicaSetArb,
  statefulSetArb,
  type WorkloadKind,
  workloadArb,
} from './manifests.arb.js';
export { GENERATED_IMAGES, heal, healed, type ScenarioArbOptions, scenarioDocumentArb, scenarioYaml } from './scenario.arb.js';
export { actionArb, faultArb, type GeneratedStep, type ScheduleOptions, scheduleArb } from './steps.arb.js';
