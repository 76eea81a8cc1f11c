import type { Deployment, ReplicaSet } from '@kubesim/core';
import type { DeploymentSync } from './context.js';
import { equalIgnoreHash, lastRevision, POD_TEMPLATE_HASH_LABEL, ROLLBACK_TO_ANNOTATION, revision } from './util.js';

/**
 * pkg/controller/deployment/rollback.go: the legacy, controller-side rollback, driven by the
 * `deprecated.deployment.rollback.to` annotation (what the removed rollback API set). kubectl
 * rollout undo does not use it: it patches the template itself. Kept because a manifest can
 * still carry the annotation.
 */
export function getRollbackTo(d: Deployment): number | undefined {
  const v = d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION];
  if (v === undefined) return undefined;
  return /^[0-9]+$/.test(v) ? Number.parseInt(v, 10) : 0;
}

function clearRollbackTo(d: Deployment): Deployment {
  const annotations = { ...(d.metadata.annotations ?? {}) };
  delete annotations[ROLLBACK_TO_ANNOTATION];
  return { ...d, metadata: { ...d.metadata, annotations } };
}

/**
 * rollback. Upstream first syncs the new set (creating one for the current template); that
 * is skipped here, as the template is about to change and the sync must end in exactly one
 * update of the deployment (TestReentrantRollback).
 */
export function rollback(s: DeploymentSync, allRSs: readonly ReplicaSet[]): void {
  let target = getRollbackTo(s.d) ?? 0;
  if (target === 0) {
    target = lastRevision(allRSs);
    if (target === 0) {
      s.event('Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find last revision.');
      s.emit({ type: 'update', object: clearRollbackTo(s.d) });
      return;
    }
  }
  const found = allRSs.find((rs) => revision(rs) === target);
  let d = clearRollbackTo(s.d);
  if (found === undefined) {
    s.event('Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find the revision to rollback to.');
  } else if (equalIgnoreHash(found.spec.template, d.spec.template)) {
    s.event(
      'Warning',
      'DeploymentRollbackTemplateUnchanged',
      `The rollback revision contains the same template as current deployment ${JSON.stringify(d.metadata.name)}`,
    );
  } else {
    // rollbackToTemplate: the set's template (without its hash label) becomes the deployment's.
    const labels = { ...(found.spec.template.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH_LABEL];
    d = {
      ...d,
      spec: { ...d.spec, template: { ...found.spec.template, metadata: { ...(found.spec.template.metadata ?? {}), labels } } },
    };
    s.event('Normal', 'DeploymentRollback', `Rolled back deployment ${JSON.stringify(d.metadata.name)} to revision ${target}`);
  }
  // One update of the deployment, clearing the annotation; no set is touched.
  s.emit({ type: 'update', object: d });
}
