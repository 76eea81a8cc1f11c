import { defaultControllers } from '@kubesim/controllers';
import { type ConfigMap, type Secret, Simulation } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { describeObject } from './index.js';

const cm: ConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', labels: { app: 'web' } },
  data: { 'b.conf': 'x=1', LOG_LEVEL: 'debug' },
  binaryData: { 'logo.png': 'iVBORw==' },
};

const secret: Secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db' },
  stringData: { password: 'hunter2', user: 'admin' },
};

function sim(): Simulation {
  const s = new Simulation({ seed: 1, controllers: defaultControllers(), objects: [cm, secret] });
  s.run('1s');
  return s;
}

describe('kubectl describe configmap / secret (describe.go)', () => {
  it('a ConfigMap: its data in full, binaryData by size, no events', () => {
    expect(describeObject(sim().view, 'ConfigMap', 'cfg', 'default', 1000)?.split('\n')).toEqual([
      'Name:         cfg',
      'Namespace:    default',
      'Labels:       app=web',
      'Annotations:  <none>',
      '',
      'Data',
      '====',
      'LOG_LEVEL:',
      '----',
      'debug',
      'b.conf:',
      '----',
      'x=1',
      '',
      'BinaryData',
      '====',
      'logo.png: 4 bytes',
      '',
      'Events:  <none>',
      '',
    ]);
  });

  it('a Secret: its type and the size of each value, never the value', () => {
    const text = describeObject(sim().view, 'Secret', 'db', 'default', 1000) ?? '';
    expect(text.split('\n')).toEqual([
      'Name:         db',
      'Namespace:    default',
      'Labels:       <none>',
      'Annotations:  <none>',
      '',
      'Type:  Opaque',
      '',
      'Data',
      '====',
      'password:  7 bytes',
      'user:      5 bytes',
      '',
    ]);
    expect(text).not.toContain('hunter2');
  });
});
