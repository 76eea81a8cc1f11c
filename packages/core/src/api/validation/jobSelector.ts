import { type FieldError, field } from '../fieldErrors.js';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from '../jobSelector.js';
import { labelSelectorAsSelector } from '../labels.js';
import type { Job } from '../types.js';
import { validateLabelSelector } from './meta.js';

/**
 * validateGeneratedSelector (pkg/apis/batch/validation): unless spec.manualSelector is true,
 * the template must carry the generated labels with the Job's name and UID (a label the user
 * set to something else is kept by generation, and rejected here), and the selector must match
 * them — a selector the user wrote himself is "not auto-generated". With manualSelector the
 * selector is the user's and must select the template's labels (ValidateJobSpec).
 *
 * kubesim validates before the API server assigns the UID: the UID labels are checked once it
 * is there, and a user's selector is judged by what generation would add to it.
 */
export function validateJobSelector(job: Job): FieldError[] {
  const s = job.spec;
  const labels = s.template?.metadata?.labels ?? {};
  const errs: FieldError[] = [];
  if (s.manualSelector === true) {
    if (s.selector === undefined || s.selector === null) return [field.required('spec.selector')];
    const bad = validateLabelSelector(s.selector, 'spec.selector');
    if (bad.length > 0) return bad;
    if (!labelSelectorAsSelector(s.selector).matches(labels)) {
      errs.push(
        field.invalid(
          'spec.template.metadata.labels',
          s.template?.metadata?.labels ?? null,
          '`selector` does not match template `labels`',
        ),
      );
    }
    return errs;
  }
  const uid = job.metadata.uid;
  const name = job.metadata.name ?? '';
  const expected: Record<string, string> = { [JOB_NAME_LABEL]: name, [LEGACY_JOB_NAME_LABEL]: name };
  if (uid !== undefined) {
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  }
  // ValidateHasLabel, in upstream's order: legacy uid, legacy name, uid, name.
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL, CONTROLLER_UID_LABEL, JOB_NAME_LABEL]) {
    const want = expected[key];
    const actual = labels[key];
    if (want === undefined || actual === undefined) continue; // generation adds it
    if (actual !== want) errs.push(field.invalid(`spec.template.metadata.labels[${key}]`, labels, `must be '${want}'`));
  }
  const sel = s.selector;
  if (sel === undefined || sel === null || validateLabelSelector(sel, 'spec.selector').length > 0) return errs;
  // What generation leaves: the user's selector with the controller-uid label added.
  const generated =
    uid === undefined ? sel : { ...sel, matchLabels: { [CONTROLLER_UID_LABEL]: uid, ...(sel.matchLabels ?? {}) } };
  const wanted = uid === undefined ? { ...expected, [CONTROLLER_UID_LABEL]: '', [LEGACY_CONTROLLER_UID_LABEL]: '' } : expected;
  const userKeys = [...Object.keys(sel.matchLabels ?? {}), ...(sel.matchExpressions ?? []).map((e) => e.key)];
  const judged = uid === undefined && userKeys.some((k) => k === CONTROLLER_UID_LABEL || k === LEGACY_CONTROLLER_UID_LABEL);
  if (judged || !labelSelectorAsSelector(generated).matches(wanted)) {
    errs.push(field.invalid('spec.selector', generated, '`selector` not auto-generated'));
  }
  return errs;
}
