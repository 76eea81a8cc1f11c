import type { Millis } from '@kubesim/core';
import type { ConditionType, HPACondition, HPAStatus } from './types.js';

/**
 * setCondition / setConditionInList (horizontal.go): set one condition type on the status being
 * built, appending it when absent; lastTransitionTime moves only when the status flips. The
 * message is final here (upstream formats it with Sprintf before storing).
 */
export function setConditionInList(
  inputList: readonly HPACondition[] | undefined,
  conditionType: ConditionType | string,
  status: HPACondition['status'],
  reason: string,
  message: string,
  now: Millis,
): HPACondition[] {
  const resList = [...(inputList ?? [])];
  let i = resList.findIndex((c) => c.type === conditionType);
  if (i < 0) {
    resList.push({ type: conditionType, status: '' as HPACondition['status'] });
    i = resList.length - 1;
  }
  const existing = resList[i] as HPACondition;
  const next: HPACondition = { ...existing };
  // metav1.Now() only when the status changes: a repeated reason keeps its transition time.
  if (existing.status !== status) next.lastTransitionTime = now;
  next.status = status;
  next.reason = reason;
  next.message = message;
  resList[i] = next;
  return resList;
}

/** setCondition: sets an HPA condition, keeping its transition time when the status does not change. */
export function setCondition(
  status: HPAStatus,
  conditionType: ConditionType | string,
  condStatus: HPACondition['status'],
  reason: string,
  message: string,
  now: Millis,
): void {
  status.conditions = setConditionInList(status.conditions, conditionType, condStatus, reason, message, now);
}
