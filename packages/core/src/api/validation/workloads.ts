import { type FieldError, field } from '../fieldErrors.js';
import { intOrPercentValue, isValidPercent } from '../intstr.js';
import { labelSelectorAsSelector, Selector, selectorFromSet } from '../labels.js';
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
import { validateCronJobSpec } from './cronjob.js';
import { validateJobSelector } from './jobSelector.js';
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

export function isNotMoreThan100Percent(value: IntOrString | undefined, path: string): FieldError[] {
  if (typeof value !== 'string' || !isValidPercent(value)) return [];
  return intOrPercentValue(value) > 100 ? [field.invalid(path, value, 'must not be greater than 100%')] : [];
}

/**
 * metav1.LabelSelectorAsSelector fails exactly when ValidateLabelSelector (with invalid label
 * values disallowed) reports an error: both reject the same keys, values and operators.
 */
function selectorConverts(selector: LabelSelector): boolean {
  return validateLabelSelector(selector, 'spec.selector').length === 0;
}

/** The selector a template is matched against: a nil selector matches nothing. */
function selectorFor(selector: LabelSelector | undefined): Selector {
  return selector === undefined || selector === null ? Selector.NOTHING : labelSelectorAsSelector(selector);
}

/** `selector` does not match template `labels`, checked only for a non-empty selector. */
function templateMismatch(sel: Selector, template: PodTemplateSpec): FieldError[] {
  if (sel.isEmpty || sel.matches(template.metadata?.labels)) return [];
  return [field.invalid('spec.template.metadata.labels', template.metadata?.labels ?? null, SELECTOR_MISMATCH)];
}

/**
 * ValidateDeploymentSpec / ValidateReplicaSetSpec's selector part: a nil selector is Required
 * (and then matches no template); an empty one is invalid; one that does not convert skips
 * the whole template validation, as upstream does.
 */
function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  kindWord: string,
  templateKind: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const nil = selector === undefined || selector === null;
  if (nil) errs.push(field.required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      errs.push(field.invalid('spec.selector', selector, `empty selector is invalid for ${kindWord}`));
    }
  }
  if (!nil && !selectorConverts(selector)) {
    errs.push(field.invalid('spec.selector', selector, 'invalid label selector'));
    return errs;
  }
  if (template === undefined) {
    errs.push(field.required('spec.template'));
    return errs;
  }
  errs.push(...templateMismatch(selectorFor(selector), template));
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...validateLongRunningTemplate(template, 'spec.template', templateKind));
  return errs;
}

export function validateDeployment(d: Deployment): FieldError[] {
  const s = d.spec;
  const errs: FieldError[] = [...validateNonnegative(s.replicas, 'spec.replicas')];
  // Upstream says "in ReplicaSet" for a Deployment's template too.
  errs.push(...validateSelectorAndTemplate(s.selector, s.template, 'deployment', 'ReplicaSet'));
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
      // Both zero would let no pod ever be replaced. (An absent value is the int 0.)
      if (intOrPercentValue(ru.maxUnavailable ?? 0) === 0 && intOrPercentValue(ru.maxSurge ?? 0) === 0) {
        errs.push(field.invalid(`${p}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
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
    ...validateSelectorAndTemplate(s.selector, s.template, 'deployment', 'ReplicaSet'),
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
  errs.push(...templateMismatch(selectorFromSet(s.selector), s.template));
  errs.push(...validatePodTemplateSpec(s.template, 'spec.template'));
  errs.push(...validateLongRunningTemplate(s.template, 'spec.template', 'ReplicationController'));
  return errs;
}

/**
 * volumesToAddForTemplates: the template as its pods will be, with a claim volume for each
 * volumeClaimTemplate it does not already name, so that mounts of claim templates validate.
 */
function withClaimVolumes(s: StatefulSet['spec']): PodTemplateSpec {
  const named = new Set((s.template.spec?.volumes ?? []).map((v) => v.name));
  const extra = (s.volumeClaimTemplates ?? [])
    .map((t) => t.metadata?.name ?? '')
    .filter((name) => name !== '' && !named.has(name))
    .map((name) => ({ name, persistentVolumeClaim: { claimName: name } }));
  if (extra.length === 0) return s.template;
  return { ...s.template, spec: { ...s.template.spec, volumes: [...(s.template.spec.volumes ?? []), ...extra] } };
}

export function validateStatefulSet(sts: StatefulSet): FieldError[] {
  const s = sts.spec;
  const errs: FieldError[] = [];
  const policy = s.podManagementPolicy;
  if (!policy) errs.push(field.required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(field.invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const us = s.updateStrategy;
  if (!us?.type) errs.push(field.required('spec.updateStrategy'));
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
      const v = retention[f] ?? '';
      if (v !== 'Retain' && v !== 'Delete') {
        errs.push(field.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ['Retain', 'Delete']));
      }
    }
  }
  errs.push(...validateNonnegative(s.replicas, 'spec.replicas'));
  errs.push(...validateNonnegative(s.minReadySeconds, 'spec.minReadySeconds'));
  // Upstream's path really is the single segment `ordinals.start`.
  if (s.ordinals !== undefined) errs.push(...validateNonnegative(s.ordinals.start ?? 0, 'spec.ordinals.start'));
  const nil = s.selector === undefined || s.selector === null;
  if (nil) errs.push(field.required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
    if (Object.keys(s.selector.matchLabels ?? {}).length + (s.selector.matchExpressions ?? []).length === 0) {
      errs.push(field.invalid('spec.selector', s.selector, 'empty selector is invalid for statefulset'));
    }
  }
  if (!nil && !selectorConverts(s.selector)) {
    errs.push(field.invalid('spec.selector', s.selector, ''));
  } else if (s.template === undefined) {
    errs.push(field.required('spec.template'));
  } else {
    errs.push(...templateMismatch(selectorFor(s.selector), s.template));
    // Newer releases (k/k PR #131790) validate the whole template; older ones only its labels.
    errs.push(...validatePodTemplateSpec(withClaimVolumes(s), 'spec.template'));
  }
  errs.push(...validateLongRunningTemplate(s.template, 'spec.template', 'StatefulSet'));
  return errs;
}

export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  const s = ds.spec;
  // ValidateDaemonSetSpec: no Required for a nil selector; it just matches no template.
  const errs: FieldError[] = [...validateLabelSelector(s.selector, 'spec.selector')];
  const converts = s.selector === undefined || s.selector === null || selectorConverts(s.selector);
  if (s.template === undefined) {
    errs.push(field.required('spec.template'));
    return errs;
  }
  if (converts) {
    const sel = selectorFor(s.selector);
    if (!sel.matches(s.template.metadata?.labels)) {
      errs.push(field.invalid('spec.template.metadata.labels', s.template.metadata?.labels ?? null, SELECTOR_MISMATCH));
    }
  }
  if (
    s.selector !== undefined &&
    s.selector !== null &&
    Object.keys(s.selector.matchLabels ?? {}).length + (s.selector.matchExpressions ?? []).length === 0
  ) {
    errs.push(field.invalid('spec.selector', s.selector, 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(s.template, 'spec.template'));
  errs.push(...validateLongRunningTemplate(s.template, 'spec.template', 'DaemonSet'));
  errs.push(...validateNonnegative(s.minReadySeconds, 'spec.minReadySeconds'));
  const us = s.updateStrategy;
  if (us?.type === 'RollingUpdate') {
    const ru = us.rollingUpdate;
    const p = 'spec.updateStrategy.rollingUpdate';
    if (ru === undefined) errs.push(field.required(p));
    else {
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...isNotMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`));
      // Exactly one of the two must be non-zero.
      const mu = intOrPercentValue(ru.maxUnavailable ?? 0);
      const ms = intOrPercentValue(ru.maxSurge ?? 0);
      if (mu !== 0 && ms !== 0) {
        errs.push(field.invalid(`${p}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
      }
      if (mu === 0 && ms === 0) errs.push(field.required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    }
  } else if (us?.type !== 'OnDelete') {
    errs.push(field.notSupported('spec.updateStrategy', us ?? null, ['RollingUpdate', 'OnDelete']));
  }
  errs.push(...validateNonnegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** ValidateJobSpec (the fields kubesim models), in upstream's order. */
export function validateJob(job: Job): FieldError[] {
  const s = job.spec;
  const errs: FieldError[] = [
    ...validateJobSelector(job),
    ...validateNonnegative(s.parallelism, 'spec.parallelism'),
    ...validateNonnegative(s.completions, 'spec.completions'),
    // Zero is allowed: the Job fails at once.
    ...validateNonnegative(s.activeDeadlineSeconds, 'spec.activeDeadlineSeconds'),
    ...validateNonnegative(s.backoffLimit, 'spec.backoffLimit'),
    ...validateNonnegative(s.ttlSecondsAfterFinished, 'spec.ttlSecondsAfterFinished'),
    ...validateNonnegative(s.backoffLimitPerIndex, 'spec.backoffLimitPerIndex'),
  ];
  if (s.completionMode !== undefined) {
    if (s.completionMode !== 'NonIndexed' && s.completionMode !== 'Indexed') {
      errs.push(field.notSupported('spec.completionMode', s.completionMode, ['NonIndexed', 'Indexed']));
    }
    if (s.completionMode === 'Indexed' && s.completions === undefined) {
      errs.push(field.required('spec.completions', 'when completion mode is Indexed'));
    }
  }
  if ((s.completionMode ?? 'NonIndexed') === 'NonIndexed' && s.backoffLimitPerIndex !== undefined) {
    errs.push(field.invalid('spec.backoffLimitPerIndex', s.backoffLimitPerIndex, 'requires indexed completion mode'));
  }
  const rpp = s.podReplacementPolicy;
  if (rpp !== undefined) {
    if (s.podFailurePolicy !== undefined) {
      if (rpp !== 'Failed') errs.push(field.notSupported('spec.podReplacementPolicy', rpp, ['Failed']));
    } else if (rpp !== 'Failed' && rpp !== 'TerminatingOrFailed') {
      errs.push(field.notSupported('spec.podReplacementPolicy', rpp, ['Failed', 'TerminatingOrFailed']));
    }
  }
  if (s.template === undefined) {
    errs.push(field.required('spec.template'));
    return errs;
  }
  errs.push(...validatePodTemplateSpec(s.template, 'spec.template'));
  const rp = s.template.spec?.restartPolicy ?? '';
  // Current releases: a defaulted (Always) or empty policy is reported as Required.
  if (rp === 'Always' || rp === '') {
    errs.push(field.required('spec.template.spec.restartPolicy', 'valid values: "OnFailure", "Never"'));
  } else if (rp !== 'OnFailure' && rp !== 'Never') {
    errs.push(field.notSupported('spec.template.spec.restartPolicy', rp, ['OnFailure', 'Never']));
  } else if (s.podFailurePolicy !== undefined && rp !== 'Never') {
    errs.push(
      field.invalid('spec.template.spec.restartPolicy', rp, 'only "Never" is supported when podFailurePolicy is specified'),
    );
  }
  return errs;
}

export function validateCronJob(cj: CronJob): FieldError[] {
  return validateCronJobSpec(cj, validateJob);
}

/** ValidateHorizontalPodAutoscalerSpec: replica bounds first, then the target reference. */
export function validateHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): FieldError[] {
  const s = hpa.spec;
  const errs: FieldError[] = [];
  if (s.minReplicas !== undefined && s.minReplicas < 1) {
    errs.push(field.invalid('spec.minReplicas', s.minReplicas, 'must be greater than or equal to 1'));
  }
  const max = s.maxReplicas ?? 0;
  if (max < 1) errs.push(field.invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (s.minReplicas !== undefined && max < s.minReplicas) {
    errs.push(field.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  }
  if (!s.scaleTargetRef?.kind) errs.push(field.required('spec.scaleTargetRef.kind'));
  if (!s.scaleTargetRef?.name) errs.push(field.required('spec.scaleTargetRef.name'));
  return errs;
}
