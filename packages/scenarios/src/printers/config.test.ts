import type { ClusterView } from '@kubesim/core';
import { describe, expect, it } from 'vitest';
import { PRINTERS } from './get.js';

const view = {} as ClusterView;

describe('printConfigMap / printSecret (printers.go)', () => {
  it('ConfigMap: NAME DATA AGE, DATA counting data and binaryData', () => {
    expect(PRINTERS.ConfigMap.columns).toEqual(['NAME', 'DATA', 'AGE']);
    const cm = {
      apiVersion: 'v1' as const,
      kind: 'ConfigMap' as const,
      metadata: { name: 'cfg', creationTimestamp: 0 },
      data: { a: '1', b: '2' },
      binaryData: { c: 'AA==' },
    };
    expect(PRINTERS.ConfigMap.row(cm, 90_000, view).cells).toEqual(['cfg', '3', '90s']);
    const { data: _d, binaryData: _b, ...empty } = cm;
    expect(PRINTERS.ConfigMap.row(empty, 0, view).cells[1]).toBe('0');
  });
  it('Secret: NAME TYPE DATA AGE', () => {
    expect(PRINTERS.Secret.columns).toEqual(['NAME', 'TYPE', 'DATA', 'AGE']);
    const s = {
      apiVersion: 'v1' as const,
      kind: 'Secret' as const,
      metadata: { name: 'tls', creationTimestamp: 0 },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'AA==', 'tls.key': 'AA==' },
    };
    expect(PRINTERS.Secret.row(s, 5 * 60_000, view).cells).toEqual(['tls', 'kubernetes.io/tls', '2', '5m']);
  });
  it('ServiceAccount: NAME SECRETS AGE', () => {
    expect(PRINTERS.ServiceAccount.columns).toEqual(['NAME', 'SECRETS', 'AGE']);
    const sa = {
      apiVersion: 'v1' as const,
      kind: 'ServiceAccount' as const,
      metadata: { name: 'default', creationTimestamp: 0 },
    };
    expect(PRINTERS.ServiceAccount.row(sa, 3_600_000, view).cells).toEqual(['default', '0', '60m']);
  });
});
