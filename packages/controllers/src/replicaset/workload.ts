import {
  labelSelectorAsSelector,
  type PodTemplateSpec,
  type ReplicaSet,
  type ReplicaSetStatus,
  type ReplicationController,
  type Selector,
  selectorFromSetOrNothing,
} from '@kubesim/core';

/**
 * The one view of a ReplicaSet or a ReplicationController the controller works with: the
 * same controller serves both kinds, as upstream's does (the RC controller wraps RCs as RSs).
 */
export type ReplicaKind = 'ReplicaSet' | 'ReplicationController';

/** A ReplicaSet or ReplicationController seen the same way: selector, replicas, template and status. */
export interface Replicated {
  readonly kind: ReplicaKind;
  readonly object: ReplicaSet | ReplicationController;
  readonly selector: Selector;
  readonly replicas: number;
  readonly minReadySeconds: number;
  readonly template: PodTemplateSpec | undefined;
  readonly status: ReplicaSetStatus | undefined;
}

/** Reads a ReplicaSet or ReplicationController as a Replicated. */
export function replicated(object: ReplicaSet | ReplicationController): Replicated {
  const selector =
    object.kind === 'ReplicaSet' ? labelSelectorAsSelector(object.spec.selector) : selectorFromSetOrNothing(object.spec.selector);
  return {
    kind: object.kind,
    object,
    selector,
    replicas: object.spec.replicas ?? 1,
    minReadySeconds: object.spec.minReadySeconds ?? 0,
    template: object.spec.template,
    status: object.status,
  };
}
