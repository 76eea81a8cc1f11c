import { type FieldError, field } from '../fieldErrors.js';
import { intOrPercentValue, isValidPercent } from '../intstr.js';
import { labelSelectorAsSelector, type Selector, selectorFromSet } from '../labels.js';
import type {
  CronJob,
  DaemonSet,
  Deployment,
  HorizontalPodAutoscaler,
  IntOrString,
  Job,
  LabelSelector,
  PodTemplateSpec,
  ReplicaSet,
  ReplicationController,
  StatefulSet,
} from '../types.js';
import { IS_NEGATIVE_ERROR_MSG, validateLabelSelector, validateNonnegative } from './meta.js';
import { validateLongRunningTemplate, validatePodTemplateSpec } from './pod.js';

/** pkg/apis/apps/validation and the workload parts of pkg/apis/{core,batch,autoscaling}/validation. */

const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

/** ValidatePositiveIntOrPercent. */
export function validatePositiveIntOrPercent(value: IntOrString | undefined, path: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value === 'string') {
    if (!isValidPercent(value)) {
      return [
        field.invalid(
          path,
          value,
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        ),
      ];
    }
    return [];
  }
  if (typeof value === 'number') return value < 0 ? [field.invalid(path, value, IS_NEGATIVE_ERROR_MSG)] : [];
  return [field.invalid(path, value, "must be an integer or percentage (e.g '5%%')")];
}

function isNotMoreThan100Percent(value: IntOrString | undefined, path: string): FieldError[] {
  if (typeof value !== 'string' || !isValidPercent(value)) return [];
  return intOrPercentValue(value) > 100 ? [field.invalid(path, value, 'must not be greater than 100%')] : [];
}

/** Selector checks shared by Deployment, ReplicaSet, StatefulSet and DaemonSet. */
function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  kindWord: string,
  templateKind: string,
  validateSpec: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  if (selector === undefined || selector === null) {
    errs.push(field.required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) {
      errs.push(field.invalid('spec.selector', selector, `empty selector is invalid for ${kindWord}`));
    }
  }
  if (template === undefined) {
    errs.push(field.required('spec.template'));
    return errs;
  }
  if (selector !== undefined && errs.length === 0) {
    let sel: Selector | undefined;
    try {
      sel = labelSelectorAsSelector(selector);
    } catch {
      errs.push(field.invalid('spec.selector', selector, 'invalid label selector'));
    }
    if (sel !== undefined && !sel.isEmpty && !sel.matches(template.metadata?.labels)) {
      errs.push(field.invalid('spec.template.metadata.labels', template.metadata?.labels ?? {}, SELECTOR_MISMATCH));
    }
  }
  if (validateSpec) errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...validateLongRunningTemplate(template, 'spec.template', templateKind));
  return errs;
}

export function validateDeployment(d: Deployment): FieldError[] {
  const s = d.spec;
  const errs: FieldError[] = [...validateNonnegative(s.replicas, 'spec.replicas')];
  errs.push(...validateSelectorAndTemplate(s.selector, s.template, 'deployment', 'ReplicaSet', true));
  const strategy = s.strategy ?? {};
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined) {
      errs.push(field.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (strategy.type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate;
    if (ru === undefined) {
      errs.push(field.required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    } else {
      const p = 'spec.strategy.rollingUpdate';
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      if (
        ru.maxUnavailable !== undefined &&
        ru.maxSurge !== undefined &&
        intOrPercentValue(ru.maxUnavailable) === 0 &&
        intOrPercentValue(ru.maxSurge) === 0
      ) {
        // Both zero would let no pod ever be replaced.
        errs.push(field.invalid(`${p}.maxUnavailable`, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
    }
  } else {
    errs.push(field.notSupported('spec.strategy', strategy, ['Recreate', 'RollingUpdate']));
  }
  errs.push(...validateNonnegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (s.progressDeadlineSeconds !== undefined) {
    errs.push(...validateNonnegative(s.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) {
      errs.push(field.invalid('spec.progressDeadlineSeconds', s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const s = rs.spec;
  return [
    ...validateNonnegative(s.replicas, 'spec.replicas'),
    ...validateNonnegative(s.minReadySeconds, 'spec.minReadySeconds'),
    // Upstream reuses the Deployment wording for an empty ReplicaSet selector.
    ...validateSelectorAndTemplate(s.selector, s.template, 'deployment', 'ReplicaSet', true),
  ];
}

export function validateReplicationController(rc: ReplicationController): FieldError[] {
  const s = rc.spec;
  const errs: FieldError[] = [...validateNonnegative(s.minReadySeconds, 'spec.minReadySeconds')];
  if (Object.keys(s.selector ?? {}).length === 0) errs.push(field.required('spec.selector'));
  errs.push(...validateNonnegative(s.replicas, 'spec.replicas'));
  if (s.template === undefined) {
    errs.push(field.required('spec.template'));
    return errs;
  }
  if (Object.keys(s.selector ?? {}).length > 0 && !selectorFromSet(s.selector).matches(s.template.metadata?.labels)) {
    errs.push(field.invalid('spec.template.metadata.labels', s.template.metadata?.labels ?? {}, SELECTOR_MISMATCH));
  }
  errs.push(...validatePodTemplateSpec(s.template, 'spec.template'));
  errs.push(...validateLongRunningTemplate(s.template, 'spec.template', 'ReplicationController'));
  return errs;
}

export function validateStatefulSet(sts: StatefulSet): FieldError[] {
  const s = sts.spec;
  const errs: FieldError[] = [];
  const policy = s.podManagementPolicy;
  if (policy === undefined) errs.push(field.required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(field.invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const us = s.updateStrategy;
  if (us?.type === undefined) errs.push(field.required('spec.updateStrategy'));
  else if (us.type === 'OnDelete') {
    if (us.rollingUpdate !== undefined) {
      errs.push(
        field.invalid('spec.updateStrategy.rollingUpdate', us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"),
      );
    }
  } else if (us.type === 'RollingUpdate') {
    const ru = us.rollingUpdate;
    if (ru !== undefined) {
      errs.push(...validateNonnegative(ru.partition, 'spec.updateStrategy.rollingUpdate.partition'));
      if (ru.maxUnavailable !== undefined) {
        const p = 'spec.updateStrategy.rollingUpdate.maxUnavailable';
        errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, p));
        if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(field.invalid(p, ru.maxUnavailable, 'cannot be 0'));
        errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, p));
      }
    }
  } else {
    errs.push(field.invalid('spec.updateStrategy', us, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = s.persistentVolumeClaimRetentionPolicy;
  if (retention !== undefined) {
    for (const f of ['whenDeleted', 'whenScaled'] as const) {
      const v = retention[f];
      if (v !== undefined && v !== 'Retain' && v !== 'Delete') {
        errs.push(field.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ['Retain', 'Delete']));
      }
    }
  }
  errs.push(...validateNonnegative(s.replicas, 'spec.replicas'));
  errs.push(...validateNonnegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(s.ordinals?.start, 'spec.ordinals.start'));
  errs.push(...validateSelectorAndTemplate(s.selector, s.template, 'statefulset', 'StatefulSet', true));
  return errs;
}

export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  const s = ds.spec;
  const errs: FieldError[] = [...validateSelectorAndTemplate(s.selector, s.template, 'daemonset', 'DaemonSet', true)];
  errs.push(...validateNonnegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const us = s.updateStrategy;
  if (us?.type === 'RollingUpdate') {
    const ru = us.rollingUpdate;
    const p = 'spec.updateStrategy.rollingUpdate';
    if (ru === undefined) errs.push(field.required(p));
    else {
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      const mu = ru.maxUnavailable === undefined ? 0 : intOrPercentValue(ru.maxUnavailable);
      const ms = ru.maxSurge === undefined ? 0 : intOrPercentValue(ru.maxSurge);
      if (mu !== 0 && ms !== 0)
        errs.push(field.invalid(`${p}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
      if (mu === 0 && ms === 0) errs.push(field.required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...isNotMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`));
    }
  } else if (us?.type !== 'OnDelete') {
    errs.push(field.notSupported('spec.updateStrategy', us, ['RollingUpdate', 'OnDelete']));
  }
  return errs;
}

export function validateJob(job: Job): FieldError[] {
  const s = job.spec;
  const errs: FieldError[] = [
    ...validateNonnegative(s.parallelism, 'spec.parallelism'),
    ...validateNonnegative(s.completions, 'spec.completions'),
    ...validateNonnegative(s.backoffLimit, 'spec.backoffLimit'),
  ];
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds <= 0) {
    errs.push(field.invalid('spec.activeDeadlineSeconds', s.activeDeadlineSeconds, 'must be greater than 0'));
  }
  if (s.completionMode === 'Indexed' && s.completions === undefined) {
    errs.push(field.required('spec.completions', 'when completion mode is Indexed'));
  }
  if (s.template === undefined) {
    errs.push(field.required('spec.template'));
    return errs;
  }
  errs.push(...validatePodTemplateSpec(s.template, 'spec.template'));
  const rp = s.template.spec?.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never') {
    errs.push(field.notSupported('spec.template.spec.restartPolicy', rp ?? '', ['OnFailure', 'Never']));
  }
  return errs;
}

export function validateCronJob(cj: CronJob): FieldError[] {
  const s = cj.spec;
  const errs: FieldError[] = [];
  if (!s.schedule) errs.push(field.required('spec.schedule'));
  const cp = s.concurrencyPolicy;
  if (cp !== undefined && cp !== 'Allow' && cp !== 'Forbid' && cp !== 'Replace') {
    errs.push(field.notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  }
  errs.push(...validateNonnegative(s.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  errs.push(...validateNonnegative(s.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...validateNonnegative(s.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  if (s.jobTemplate?.spec === undefined) errs.push(field.required('spec.jobTemplate.spec'));
  return errs;
}

export function validateHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): FieldError[] {
  const s = hpa.spec;
  const errs: FieldError[] = [];
  if (!s.scaleTargetRef?.kind) errs.push(field.required('spec.scaleTargetRef.kind'));
  if (!s.scaleTargetRef?.name) errs.push(field.required('spec.scaleTargetRef.name'));
  if (s.minReplicas !== undefined && s.minReplicas < 1) {
    errs.push(field.invalid('spec.minReplicas', s.minReplicas, 'must be greater than or equal to 1'));
  }
  if (s.maxReplicas === undefined || s.maxReplicas < 1) {
    errs.push(field.invalid('spec.maxReplicas', s.maxReplicas ?? 0, 'must be greater than 0'));
  } else if (s.minReplicas !== undefined && s.maxReplicas < s.minReplicas) {
    errs.push(field.invalid('spec.maxReplicas', s.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  }
  return errs;
}
