/**
 * @kubesim/core: simulated time, the timeline, seeded randomness, the Kubernetes object
 * model (types, selectors, int-or-percent, quantities, defaulting, validation), the
 * persistent store, the event union, the reducer, the engine and controller runtime, and
 * the event log with replay and state hashing.
 */

export {
  BEHAVIOR_SPECS_ANNOTATION,
  convertAutoscalingV1,
  HPA_CONDITIONS_ANNOTATION,
  isAutoscalingV1,
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
} from './api/autoscalingV1.js';
export { base64Decode } from './api/base64.js';
export { controllerOf, newControllerRef } from './api/controllerRef.js';
export { type DecodeFailure, decodeError, decodeFailure } from './api/decode.js';
export { applyDefaults, defaultPullPolicy } from './api/defaults.js';
export {
  dedupeErrors,
  errorBody,
  type FieldError,
  type FieldErrorType,
  field,
  fieldErrorString,
  InvalidObjectError,
  renderValue,
} from './api/fieldErrors.js';
export { BUILTIN_GENERIC_KINDS, type GenericKindInfo, groupKind } from './api/generic/builtinKinds.js';
export type { CRDNames } from './api/generic/crd.js';
export {
  CRD_GROUP_KIND,
  type CRDVersion,
  type CustomResourceDefinition,
  type JSONSchemaProps,
  type PrinterColumn,
} from './api/generic/crd.js';
export {
  genericKindByGroupKind,
  resolveGenericResource,
  type ServedKind,
  servedGenericKind,
  servedGenericKinds,
} from './api/generic/registry.js';
export { getGeneric, listGeneric } from './api/generic/store.js';
export { getScaledValueFromIntOrPercent, intOrPercentValue, isValidPercent } from './api/intstr.js';
export {
  CONTROLLER_UID_LABEL,
  generateJobSelector,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
} from './api/jobSelector.js';
export { isKind, KINDS, type KindInfo, kindInfo, type ObjectOf, qualifiedKind, resolveResource } from './api/kinds.js';
export {
  type Labels,
  labelSelectorAsSelector,
  labelsContain,
  type Operator,
  type Requirement,
  Selector,
  selectorFromSet,
  selectorFromSetOrNothing,
} from './api/labels.js';
export {
  isBuiltinKind,
  OPENAPI_SOURCE,
  pruneUnknownFields,
  strictDecodingError,
  type TypeMismatch,
  typeMismatch,
  type UnknownField,
  unknownFields,
  unknownFieldWarnings,
} from './api/openapi/index.js';
export { applyPatch, jsonPatch, mergePatch, type PatchType, strategicMergePatch } from './api/patch.js';
export {
  conditionsAreUpToDate,
  DISRUPTION_ALLOWED_CONDITION,
  INSUFFICIENT_PODS_REASON,
  pdbsForPod,
  SUFFICIENT_PODS_REASON,
  SYNC_FAILED_REASON,
  setStatusCondition,
  withDisruptionAllowedCondition,
} from './api/pdbHelper.js';
export {
  getCondition,
  isPodActive,
  isPodAvailable,
  isPodReady,
  isPodTerminal,
  kubeletConditions,
  podPhase,
  podReadySince,
  qosClass,
  setCondition,
} from './api/podStatus.js';
export {
  canonicalQuantity,
  formatQuantity,
  integerValue,
  milliValue,
  parseQuantity,
  type Quantity,
  type QuantityFormat,
} from './api/quantity.js';
export { addQuantity, aggregateContainerResources, podResourceTotals } from './api/resourceHelper.js';
export {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  EMPTY_RESOURCES,
  podRequests,
  type ResourceList,
} from './api/resources.js';
export { parseSelector } from './api/selectorParse.js';
export {
  findUntoleratedTaint,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  toleratesTaint,
  tolerationsTolerateTaint,
} from './api/taints.js';
export type * from './api/types.js';
export type { NodeSpec as V1NodeSpec } from './api/types.js';
export { validateObject, validateUpdate } from './api/validation/index.js';
export { isQualifiedName, isValidLabelValue } from './api/validation/names.js';
export {
  addDate,
  type Civil,
  civil,
  date as civilDate,
  type Location,
  LocationError,
  loadLocation,
  UTC,
  ZERO_TIME,
} from './cron/location.js';
export { CronParseError, parseStandard, parseStandardIn } from './cron/parser.js';
export type { FieldBits } from './cron/spec.js';
export { ConstantDelaySchedule, type Schedule, SpecSchedule } from './cron/spec.js';
export type {
  ApiEffect,
  CallFailure,
  CallOptions,
  Controller,
  ControllerRuntimeSpec,
  Effect,
  ReconcileContext,
  Watch,
  WriteReport,
} from './engine/controller.js';
export { Engine, type EngineOptions, type EntryListener, PRIORITY, type RunResult, type StopReason } from './engine/engine.js';
export type { Invariant, InvariantContext, InvariantResult, Violation } from './engine/invariants.js';
export { DEFAULT_LIMITS, type Limits } from './engine/limits.js';
export { ClusterView } from './engine/view.js';
export { type ErrorCode, isKubesimError, KubesimError } from './errors.js';
export type * from './events.js';
export { DEFAULT_INTERNAL_CAUSE, FAULT_WEBHOOK, faultError } from './faults/apiFaults.js';
export { type ControlFaultEvent, isControlFault, RELIST_BACKOFF } from './faults/controlFaults.js';
export { type ForkOptions, Journal, type JournalEntry } from './fork.js';
/** Load on a workload over simulated time: the world the metrics pipeline measures. */
export {
  type CustomMetricSpec,
  DEFAULT_NOISE_INTERVAL,
  type ExternalMetricSpec,
  externalMetricAt,
  type LoadSpec,
  type LoadTarget,
  loadAt,
  loadStream,
  type Noise,
  noiseFactor,
} from './load/load.js';
export { type LoadPattern, type LoadPoint, patternAt } from './load/pattern.js';
export { parseLoadTrace } from './load/trace.js';
export { applyDiff, type Diff, diffJson } from './log/diff.js';
export type { DiffedObjectEvent, StoredUidEvent } from './log/format.js';
export { type EncodedEntry, isEncoded, LOG_FORMAT, type ParsedEntry, Resolver } from './log/format.js';
export { LOG_FORMATS_READ, type LogHeader, type LogTrailer, logHeader, logTrailer } from './log/header.js';
export { EventLog, type LogFacts, type LogSink, parseLog, readLog, serializeEntry } from './log/log.js';
export { type ReplayOptions, replay } from './log/replay.js';
export { stateHash } from './log/stateHash.js';
export * as quota from './quota/index.js';
export { canonicalJson, computeHash, fnv32a, SAFE_ALPHABET, safeEncodeString } from './random/hash.js';
export { deriveUid, generateName } from './random/names.js';
export { Sha256, sha256Hex } from './random/sha256.js';
export { type Distribution, fixed, type RandomStream, randomStream, sample } from './random/streams.js';
export { LAST_APPLIED } from './reducer/api.js';
export { type Change, type ReduceResult, reduce, writtenChange } from './reducer/index.js';
export {
  FINALIZER_KUBERNETES,
  isTerminating as isNamespaceTerminating,
  LABEL_METADATA_NAME,
  SYSTEM_NAMESPACES,
} from './reducer/namespace.js';
export { KUBELET_RESTART_DOWNTIME } from './reducer/nodeFaults.js';
export { checkQuotaRequest, type QuotaAttributes, type QuotaCheck, quotasIn } from './reducer/resourceQuota.js';
export { DEFAULT_SERVICE_ACCOUNT, defaultServiceAccount, NAMESPACES_AT_START } from './reducer/serviceAccount.js';
export { healthyNodeConditions, KUBELET_VERSION } from './reducer/world.js';
export type { EventAggregatorKeyFunc, EventAggregatorMessageFunc, EventSpamKeyFunc } from './runtime/eventsCache.js';
/**
 * client-go's EventCorrelator (tools/record/events_cache.go): one per recording component
 * and host; `correlate(input, now)` says whether to skip, create or patch an Event, and
 * `toRecordEvent` turns that into the RecordEvent to log.
 */
export {
  type CorrelatedEvent,
  type CorrelatorOptions,
  type EventCorrelateResult,
  EventCorrelator,
  type EventCorrelatorInput,
  type EventPatch,
  toRecordEvent,
} from './runtime/eventsCache.js';
export type { ControllerTimingOptions, ProcessTimingOptions } from './runtime/timing.js';
export {
  type ClientTiming,
  type ControllerTiming,
  type ControlPlane,
  type ControlPlaneOptions,
  controlPlane,
  INSTANT,
  KUBE_CONTROLLER_MANAGER,
  KUBE_SCHEDULER,
  KUBELET_PROCESS,
  type ProcessTiming,
  type ProfileName,
  type SyncCost,
  UPSTREAM,
} from './runtime/timing.js';
export { type NodeSpec, nodeFromSpec, Simulation, type SimulationOptions, type TimeArg } from './simulation.js';
export { type ClusterState, initialState } from './state.js';
export { keyOf, objectKey, splitKey } from './store/keys.js';
export { PMap } from './store/pmap.js';
export type { Collections } from './store/store.js';
export {
  emptyStore,
  getObject,
  NO_USAGE,
  type NodeUsage,
  type ObjectLocation,
  putObject,
  removeObject,
  type Store,
} from './store/store.js';
export { formatDuration, HOUR, MINUTE, type Millis, parseDuration, SECOND } from './time/duration.js';
export { humanDuration, shortHumanDuration } from './time/humanDuration.js';
export { formatRFC3339, SIMULATION_EPOCH_MS } from './time/rfc3339.js';
export { parseStartTime, startTimeOr } from './time/startTime.js';
export { Timeline, type TimelineEntry } from './timeline/heap.js';
export { deepEqual } from './util.js';
export { KUBESIM_VERSION } from './version.js';
export {
  type ContainerMetrics,
  DEFAULT_IMAGE_PROFILE,
  DEFAULT_USAGE,
  emptyWorld,
  type ImageProfile,
  type ImageProfileRule,
  type ImageRunOverride,
  imageMatches,
  imageProfileFor,
  type KubeletRestartSpan,
  kubeletStartedAt,
  kubeletState,
  type MetricSeries,
  type NodeMetrics,
  type NodeRuntime,
  type PodMetrics,
  type UsageProfile,
  type WeightedExitCode,
  type WorldState,
} from './world.js';
