/**
 * @kubesim/scenarios/verify: property-based verification of controllers with fast-check (a
 * peer dependency). Arbitraries for workloads, actions, faults and whole scenario documents;
 * `checkScenarios` runs generated scenarios against the invariants and hands back the shrunk
 * counterexample as a scenario file that `kubesim run` reproduces; an `fc.commands` adapter
 * for model-based tests of a Simulation.
 */
export { type CheckOptions, type CheckResult, type Counterexample, checkScenarios, failureOf, runDocument } from './check.js';
export {
  type ClusterModel,
  type ClusterReal,
  type ClusterSetupOptions,
  clusterSetup,
  deploymentCommands,
  settle,
} from './commands.js';
export { checkScenarioFile, type FileCheckOptions } from './fileCheck.js';
export { cronJobArb, hpaArb, replicationControllerArb } from './kinds.arb.js';
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
export { actionArb, type FaultKind, faultArb, type GeneratedStep, type ScheduleOptions, scheduleArb } from './steps.arb.js';
