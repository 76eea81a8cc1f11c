import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults.js';
import { fieldErrorString } from '../fieldErrors.js';
import type { Job } from '../types.js';
import { validateJobSelector } from './jobSelector.js';

function job(spec: Partial<Job['spec']>, labels?: Record<string, string>, uid?: string): Job {
  return applyDefaults<Job>({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', ...(uid !== undefined ? { uid } : {}) },
    spec: {
      ...spec,
      template: {
        ...(labels !== undefined ? { metadata: { labels } } : {}),
        spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'Never' },
      },
    },
  });
}

const messages = (j: Job): string[] => validateJobSelector(j).map((e) => fieldErrorString(e));

describe('validateGeneratedSelector (TestValidateJob selector rows)', () => {
  it('no selector: generation makes one, nothing to reject', () => {
    expect(validateJobSelector(job({}))).toEqual([]);
  });
  it('a selector of the user without manualSelector is not auto-generated', () => {
    expect(messages(job({ selector: { matchLabels: { app: 'pi' } } }, { app: 'pi' }))).toEqual([
      expect.stringMatching(/^spec\.selector: Invalid value: .*`selector` not auto-generated$/),
    ]);
  });
  it('a template label the generation would set, set to something else, is rejected', () => {
    expect(messages(job({}, { 'job-name': 'other' }))).toEqual([
      expect.stringMatching(/^spec\.template\.metadata\.labels\[job-name\]: Invalid value: .*must be 'pi'$/),
    ]);
  });
  it('the generated selector and labels of a stored Job pass', () => {
    const uid = '0a1b';
    const labels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    };
    expect(
      validateJobSelector(job({ selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } } }, labels, uid)),
    ).toEqual([]);
  });
  it('manualSelector: the selector must select the template', () => {
    expect(validateJobSelector(job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } } }, { app: 'pi' }))).toEqual(
      [],
    );
    expect(messages(job({ manualSelector: true, selector: { matchLabels: { app: 'x' } } }, { app: 'pi' }))).toEqual([
      expect.stringMatching(/^spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`$/),
    ]);
    expect(messages(job({ manualSelector: true }, { app: 'pi' }))).toEqual(['spec.selector: Required value']);
  });
});
