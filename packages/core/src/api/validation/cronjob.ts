import { LocationError, loadLocation } from '../../cron/location.js';
import { CronParseError, parseStandard } from '../../cron/parser.js';
import { type FieldError, field } from '../fieldErrors.js';
import type { CronJob, Job } from '../types.js';
import { validateNonnegative } from './meta.js';

/**
 * pkg/apis/batch/validation for a CronJob (ValidateCronJobCreate and validateCronJobSpec), in
 * upstream's order: the schedule (robfig/cron's own parse error, and no `TZ=`/`CRON_TZ=` in it:
 * the timeZone field replaced them), startingDeadlineSeconds, timeZone, concurrencyPolicy,
 * the job template, the history limits, and the 52-character name limit that leaves room for
 * the `-<minutes>` suffix of the Jobs it creates.
 */

/** validateScheduleFormat, for a create (an update may keep a TZ the old schedule had; kubesim never stores one). */
export function validateScheduleFormat(schedule: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  try {
    parseStandard(schedule);
  } catch (e) {
    if (!(e instanceof CronParseError)) throw e;
    errs.push(field.invalid(path, schedule, e.message));
  }
  if (schedule.includes('TZ')) {
    errs.push(field.invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

// IANA naming rules, with digits and '+' tolerated for the legacy names (Etc/GMT+5).
const VALID_TIME_ZONE_CHARACTERS = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** validateTimeZone: an explicit IANA zone that time.LoadLocation knows. */
export function validateTimeZone(timeZone: string | undefined, path: string): FieldError[] {
  if (timeZone === undefined) return [];
  if (timeZone.length === 0) return [field.invalid(path, timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !VALID_TIME_ZONE_CHARACTERS.test(part)) {
      return [field.invalid(path, timeZone, `unknown time zone ${timeZone}`)];
    }
  }
  const errs: FieldError[] = [];
  if (timeZone.toLowerCase() === 'local') {
    errs.push(
      field.invalid(path, timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'),
    );
  }
  // time.LoadLocation("Local") succeeds in Go; only a name it cannot find adds the second error.
  if (timeZone !== 'Local') {
    try {
      loadLocation(timeZone);
    } catch (e) {
      if (!(e instanceof LocationError)) throw e;
      errs.push(field.invalid(path, timeZone, e.message));
    }
  }
  return errs;
}

/** validateCronJobSpec plus ValidateCronJobCreate's name length; validateJobSpec comes from the Job's rules. */
export function validateCronJobSpec(cj: CronJob, validateJob: (job: Job) => FieldError[]): FieldError[] {
  const s = cj.spec;
  const errs: FieldError[] = [];
  if (!s.schedule) errs.push(field.required('spec.schedule'));
  else errs.push(...validateScheduleFormat(s.schedule, 'spec.schedule'));
  errs.push(...validateNonnegative(s.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  errs.push(...validateTimeZone(s.timeZone, 'spec.timeZone'));
  const cp = s.concurrencyPolicy;
  if (cp === undefined || (cp as string) === '') errs.push(field.required('spec.concurrencyPolicy'));
  else if (cp !== 'Allow' && cp !== 'Forbid' && cp !== 'Replace') {
    errs.push(field.notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  }
  const template = s.jobTemplate?.spec;
  if (template === undefined) errs.push(field.required('spec.jobTemplate.spec'));
  else {
    // ValidateJobTemplateSpec: the Job's spec rules under spec.jobTemplate.spec; no selector of its own.
    const { selector: _generated, ...spec } = template;
    const job: Job = { apiVersion: 'batch/v1', kind: 'Job', metadata: {}, spec };
    for (const e of validateJob(job)) errs.push({ ...e, field: e.field.replace(/^spec/, 'spec.jobTemplate.spec') });
    if (template.selector !== undefined) {
      errs.push(field.invalid('spec.jobTemplate.spec.selector', template.selector, '`selector` will be auto-generated'));
    }
    if (template.manualSelector === true) {
      errs.push(field.notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
    }
  }
  errs.push(...validateNonnegative(s.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...validateNonnegative(s.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  // The controller appends an 11-character suffix (`-<minutes>`); a Job name is at most 63.
  const name = cj.metadata.name ?? '';
  if (name.length > 63 - 11) errs.push(field.invalid('metadata.name', name, 'must be no more than 52 characters'));
  return errs;
}
