import type { ControllerRevision, PodTemplateSpec, StatefulSet } from '@kubesim/core';
import { newControllerRevision } from '../history/history.js';

/**
 * A StatefulSet revision is a strategic-merge patch that replaces spec.template
 * (stateful_set_utils.go getPatch, newRevision, ApplyRevision, nextRevision).
 */

export interface RevisionData {
  readonly spec: { readonly template: PodTemplateSpec & { readonly $patch: 'replace' } };
}

const patches = new WeakMap<PodTemplateSpec, RevisionData>();

/**
 * getPatch: only the template, marked to replace the whole of it (one object per template).
 * The DaemonSet's revisions (update.go getPatch) have the same shape.
 */
export function getPatch(set: { readonly spec: { readonly template: PodTemplateSpec } }): RevisionData {
  const template = set.spec.template;
  let data = patches.get(template);
  if (data === undefined) {
    data = { spec: { template: { ...template, $patch: 'replace' } } };
    patches.set(template, data);
  }
  return data;
}

/** newRevision: the set's template as a revision numbered `revision`, carrying the set's annotations. */
export function newRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const cr = newControllerRevision(set, set.spec.template.metadata?.labels, getPatch(set), revision, collisionCount);
  const annotations = set.metadata.annotations;
  return annotations === undefined ? cr : { ...cr, metadata: { ...cr.metadata, annotations: { ...annotations } } };
}

const templateCache = new WeakMap<object, PodTemplateSpec>();

/** The template a revision restores. */
export function revisionTemplate(revision: ControllerRevision): PodTemplateSpec | undefined {
  const data = revision.data as Partial<RevisionData> | undefined;
  const t = data?.spec?.template;
  if (t === undefined) return undefined;
  let template = templateCache.get(t);
  if (template === undefined) {
    const { $patch: _p, ...rest } = t;
    template = rest;
    templateCache.set(t, template);
  }
  return template;
}

/** ApplyRevision: the set with the revision's template. */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const template = revisionTemplate(revision);
  if (template === undefined || template === set.spec.template) return set;
  return { ...set, spec: { ...set.spec, template } };
}

/** nextRevision: one more than the highest (the list is sorted), or 1. */
export function nextRevision(revisions: readonly ControllerRevision[]): number {
  const last = revisions.at(-1);
  return last === undefined ? 1 : last.revision + 1;
}
