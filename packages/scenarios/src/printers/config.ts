import { humanDuration, type KubeObject, type Millis } from '@kubesim/core';
import type { Printer } from './get.js';

/**
 * `kubectl get` columns of the configuration kinds (printers.go printConfigMap, printSecret,
 * printServiceAccount):
 * DATA counts keys, a ConfigMap's data and binaryData together.
 */

const age = (obj: KubeObject, now: Millis): string =>
  obj.metadata.creationTimestamp === undefined ? '<unknown>' : humanDuration(now - obj.metadata.creationTimestamp);

const count = (m: Record<string, string> | undefined): number => (m === undefined ? 0 : Object.keys(m).length);

export const CONFIG_PRINTERS: {
  readonly ConfigMap: Printer<'ConfigMap'>;
  readonly Secret: Printer<'Secret'>;
  readonly ServiceAccount: Printer<'ServiceAccount'>;
} = {
  ConfigMap: {
    columns: ['NAME', 'DATA', 'AGE'],
    wide: [],
    row: (cm, now) => ({
      cells: [cm.metadata.name ?? '', String(count(cm.data) + count(cm.binaryData)), age(cm, now)],
      wide: [],
    }),
  },
  Secret: {
    columns: ['NAME', 'TYPE', 'DATA', 'AGE'],
    wide: [],
    row: (s, now) => ({
      cells: [s.metadata.name ?? '', s.type ?? '', String(count(s.data)), age(s, now)],
      wide: [],
    }),
  },
  // printServiceAccount: SECRETS counts the (legacy) token secrets listed on the account.
  ServiceAccount: {
    columns: ['NAME', 'SECRETS', 'AGE'],
    wide: [],
    row: (sa, now) => ({ cells: [sa.metadata.name ?? '', String(sa.secrets?.length ?? 0), age(sa, now)], wide: [] }),
  },
};
