import { LAST_APPLIED } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import {
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  printTolerationsMultiline,
  tolerationString,
} from './multiline.js';
import { LEVEL_0, tabbedString } from './writer.js';

describe('printLabelsMultiline', () => {
  it('prints <none>, or sorted k=v lines lined up under the first', () => {
    const text = tabbedString((w) => {
      w.write(LEVEL_0, 'Name:\tnginx\n');
      printLabelsMultiline(w, 'Labels', { tier: 'web', app: 'nginx' });
      printLabelsMultiline(w, 'Node-Selectors', {});
    });
    expect(text).toBe('Name:            nginx\nLabels:          app=nginx\n                 tier=web\nNode-Selectors:  <none>\n');
  });
});

describe('printAnnotationsMultiline', () => {
  it('leaves out kubectl’s last-applied record', () => {
    const text = tabbedString((w) => printAnnotationsMultiline(w, 'Annotations', { [LAST_APPLIED]: '{"a":1}' }));
    expect(text).toBe('Annotations:  <none>\n');
  });

  it('puts a long or multi-line value under its key, indented two spaces and cut at 138 characters', () => {
    const long = 'x'.repeat(150);
    const text = tabbedString((w) =>
      printAnnotationsMultiline(w, 'Annotations', { a: 'short', b: long, c: 'one\ntwo\n', 'k8s.io/x': 'y' }),
    );
    expect(text.split('\n')).toEqual([
      'Annotations:  a: short',
      '              b:',
      `                ${'x'.repeat(138)}...`,
      '              c:',
      '                one',
      '                two',
      '              k8s.io/x: y',
      '',
    ]);
  });
});

describe('tolerations and taints', () => {
  it('prints each toleration as kubectl does', () => {
    expect(
      tolerationString({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }),
    ).toBe('node.kubernetes.io/not-ready:NoExecute op=Exists for 300s');
    expect(tolerationString({ operator: 'Exists' })).toBe('op=Exists');
    expect(tolerationString({ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' })).toBe(
      'dedicated=infra:NoSchedule',
    );
  });

  it('sorts tolerations by key and taints by effect then key', () => {
    const text = tabbedString((w) => {
      printTolerationsMultiline(w, 'Tolerations', [
        { key: 'b', operator: 'Exists' },
        { key: 'a', operator: 'Exists' },
      ]);
      printTaintsMultiline(w, 'Taints', [
        { key: 'z', effect: 'NoExecute' },
        { key: 'dedicated', value: 'infra', effect: 'NoSchedule' },
      ]);
    });
    expect(text).toBe(
      'Tolerations:  a op=Exists\n              b op=Exists\nTaints:       z:NoExecute\n              dedicated=infra:NoSchedule\n',
    );
  });
});
