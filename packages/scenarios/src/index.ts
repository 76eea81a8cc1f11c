/**
 * @kubesim/scenarios: what a user touches first. The scenario model (builder and YAML file),
 * kubectl command lines run against a simulated cluster and the printers behind their
 * output, the invariant library, and the runner with its report.
 */

export type { Compare, FieldCheck } from './expect/field.js';
export { formatExpectations } from './expect/report.js';
export type { Expectation, ExpectationResult } from './expect/types.js';
export { createInvariants, INVARIANT_NAMES, INVARIANTS, invariantProblem } from './invariants/library.js';
export type { ScenarioInvariant } from './invariants/types.js';
export type { KubectlContext } from './kubectl/context.js';
export { type KubectlOptions, kubectl, parseCommand, SUPPORTED_VERBS } from './kubectl/kubectl.js';
export {
  errorLine,
  failed,
  type KubectlOutcome,
  type KubectlWrite,
  printed,
  type Watcher,
  type WatchStep,
  wrote,
} from './kubectl/outcome.js';
export { daemonSetStatus } from './kubectl/rollout/daemonset.js';
export { rolloutHistory, rolloutPause, rolloutResume, rolloutStatus, rolloutUndo } from './kubectl/rollout/deployment.js';
export { rolloutRestart } from './kubectl/rollout/restart.js';
export { type RevisionedKind, revisionHistory, revisionUndo } from './kubectl/rollout/revisions.js';
export { statefulSetHistory, statefulSetStatus, statefulSetUndo } from './kubectl/rollout/statefulset.js';
export { tokenize } from './kubectl/tokenize.js';
export { asList, toApiForm, toJson, toYaml } from './printers/apiform.js';
export type { DescribableKind } from './printers/describe/index.js';
export { describeObject, isDescribable } from './printers/describe/index.js';
export { formatLabels, PRINTERS, type Printer } from './printers/get.js';
export { NODE_COLUMNS, nodeRolesColumn, nodeRow, nodeStatusColumn } from './printers/nodes.js';
export { POD_COLUMNS, POD_WIDE_COLUMNS, podReadyColumn, podRestartsColumn, podRow, podStatusColumn } from './printers/pods.js';
export { formatRFC1123Z } from './printers/rfc1123.js';
export { formatTable } from './printers/table.js';
export type { TabwriterOptions } from './printers/tabwriter.js';
export { DESCRIBE_TABWRITER, GET_TABWRITER, tabwrite } from './printers/tabwriter.js';
export {
  type HtmlReportInput,
  htmlReport,
  MAX_POD_ROWS,
  type RunSeries,
  SERIES_VERSION,
  SeriesRecorder,
} from './report/index.js';
export type {
  EventRow,
  HpaSeries,
  Mark,
  NodeSeries,
  PodCategory,
  PodSpan,
  PodTrack,
  WorkloadKind,
  WorkloadSeries,
} from './report/series/types.js';
export { withControllers } from './run/controllers.js';
export {
  exitCodeOf,
  formatReport,
  type InvariantVerdictJson,
  type RunReportJson,
  reportJson,
  type StepJson,
} from './run/report.js';
export {
  type InvariantReport,
  type RunOptions,
  type RunReport,
  runScenario,
  type StepResult,
  serverError,
} from './run/runner.js';
export { formatTimeline, type TimelineLine } from './run/timeline.js';
export { formatVerdicts } from './run/verdicts.js';
export { kindsServed, RunWarnings } from './run/warnings.js';
export type { IndexBehaviour } from './scenario/builder.js';
export {
  DEFAULT_TAIL,
  type DelayInput,
  type ImageBehaviour,
  imageProfile,
  ScenarioBuilder,
  scenario,
} from './scenario/builder.js';
export type { ControllerTimingInput, ControlPlaneInput, ProcessTimingInput } from './scenario/controlPlane.js';
export { DISTRIBUTION_SYNTAX, formatDistribution, parseDistribution } from './scenario/distribution.js';
export type { ApiError, ComponentFault, ControlPlaneFault, NodeFault, WatchMode, WriteVerb } from './scenario/faults.js';
export { API_ERRORS, WATCH_MODES, WRITE_VERBS } from './scenario/faults.js';
export {
  DEFAULT_MAX_FILE_BYTES,
  InputFileError,
  readInputFile,
  type ScenarioFilesOptions,
  scenarioFiles,
} from './scenario/inputFiles.js';
export { filesOf, loadScenario, type ScenarioFiles } from './scenario/load.js';
export type { ExternalMetricEntry, LoadEntry, NoiseEntry } from './scenario/loadSection.js';
export { loadManifest } from './scenario/manifest.js';
export type { ControllerTimingSpec, ControlPlaneSpec, ProcessTimingSpec, ProfileName } from './scenario/model.js';
export {
  type ClusterSpec,
  describeFault,
  type Fault,
  type FaultStep,
  isKubectlStep,
  type KubectlStep,
  type Manifest,
  type Scenario,
  type Step,
} from './scenario/model.js';
export type {
  ApiFaultsEntry,
  ControllerTimingEntry,
  ControlPlaneEntry,
  DelayText,
  ExpectEntry,
  FaultEntry,
  ImageEntry,
  IndexEntry,
  NodeEntry,
  PodRefEntry,
  ProcessTimingEntry,
  QuantityText,
  WatchFaultEntry,
} from './scenario/schema.js';
export { type ScenarioFile, scenarioJsonSchema } from './scenario/schema.js';
export type { UsageEntry } from './scenario/usage.js';
export type { Origin, YamlOptions } from './scenario/yamlDoc.js';
export { parseYamlDocuments, type YamlDocument } from './scenario/yamlDoc.js';
export * from './sweep/index.js';
