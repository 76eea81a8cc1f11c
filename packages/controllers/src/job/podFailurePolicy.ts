import type { ContainerStatus, Pod, PodCondition, PodFailurePolicy, PodFailurePolicyRule } from '@kubesim/core';

/**
 * pod_failure_policy.go, matchPodFailurePolicy: the first rule that matches a failed pod
 * decides. It returns the Job's failure message (a FailJob rule matched), whether the failure
 * counts towards backoffLimit (not for Ignore), and the action of the rule that matched. A
 * rule with an unknown action or operator is skipped. FailIndex is honoured as v1.34 does
 * (JobBackoffLimitPerIndex is GA and locked on).
 */
export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

/** What a failed pod meets in a Job's podFailurePolicy: fail the Job (with a message), count the failure or not, fail its index. */
export interface PodFailurePolicyMatch {
  readonly jobFailureMessage: string | undefined;
  readonly countFailed: boolean;
  readonly action: PodFailurePolicyAction | undefined;
}

const NO_MATCH: PodFailurePolicyMatch = { jobFailureMessage: undefined, countFailed: true, action: undefined };

function isOnExitCodesOperatorMatching(exitCode: number, req: NonNullable<PodFailurePolicyRule['onExitCodes']>): boolean {
  switch (req.operator) {
    case 'In':
      return req.values.includes(exitCode);
    case 'NotIn':
      return !req.values.includes(exitCode);
    default:
      return false;
  }
}

/** The first terminated container with a non-zero exit code the requirement matches (exit 0 never does). */
function getMatchingContainerFromList(
  statuses: readonly ContainerStatus[] | undefined,
  req: NonNullable<PodFailurePolicyRule['onExitCodes']>,
): ContainerStatus | undefined {
  for (const cs of statuses ?? []) {
    const t = cs.state.terminated;
    if (t === undefined) continue; // still terminating: no exit code to match
    if (req.containerName !== undefined && req.containerName !== cs.name) continue;
    if (t.exitCode !== 0 && isOnExitCodesOperatorMatching(t.exitCode, req)) return cs;
  }
  return undefined;
}

function matchOnExitCodes(pod: Pod, req: NonNullable<PodFailurePolicyRule['onExitCodes']>): ContainerStatus | undefined {
  return (
    getMatchingContainerFromList(pod.status?.containerStatuses, req) ??
    getMatchingContainerFromList(pod.status?.initContainerStatuses, req)
  );
}

function matchOnPodConditions(
  pod: Pod,
  patterns: NonNullable<PodFailurePolicyRule['onPodConditions']>,
): PodCondition | undefined {
  for (const c of pod.status?.conditions ?? []) {
    for (const p of patterns) if (c.type === p.type && c.status === p.status) return c;
  }
  return undefined;
}

/** matchPodFailurePolicy: the first rule of the policy a failed pod matches, and what it says to do. */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, failedPod: Pod): PodFailurePolicyMatch {
  if (policy === undefined) return NO_MATCH;
  const ns = failedPod.metadata.namespace ?? '';
  const name = failedPod.metadata.name ?? '';
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    let failJobMessage: (() => string) | undefined;
    if (rule.onExitCodes !== undefined) {
      const cs = matchOnExitCodes(failedPod, rule.onExitCodes);
      if (cs === undefined) continue;
      failJobMessage = () =>
        `Container ${cs.name} for pod ${ns}/${name} failed with exit code ${cs.state.terminated?.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions !== undefined) {
      const cond = matchOnPodConditions(failedPod, rule.onPodConditions);
      if (cond === undefined) continue;
      failJobMessage = () => `Pod ${ns}/${name} has condition ${cond.type} matching ${rule.action} rule at index ${index}`;
    } else continue;
    switch (rule.action) {
      case 'Ignore':
        return { jobFailureMessage: undefined, countFailed: false, action: 'Ignore' };
      case 'Count':
        return { jobFailureMessage: undefined, countFailed: true, action: 'Count' };
      case 'FailJob':
        return { jobFailureMessage: failJobMessage(), countFailed: true, action: 'FailJob' };
      case 'FailIndex':
        return { jobFailureMessage: undefined, countFailed: true, action: 'FailIndex' };
      default:
        break; // an unknown action: the rule is skipped
    }
  }
  return NO_MATCH;
}
