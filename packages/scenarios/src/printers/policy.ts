import { humanDuration, type IntOrString, type Millis } from '@kubesim/core';
import type { Printer } from './get.js';

/** printPodDisruptionBudget: an unset bound prints `N/A`; ALLOWED DISRUPTIONS is the status's count. */
const bound = (v: IntOrString | undefined): string => (v === undefined ? 'N/A' : String(v));

export const POLICY_PRINTERS: { readonly PodDisruptionBudget: Printer<'PodDisruptionBudget'> } = {
  PodDisruptionBudget: {
    columns: ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
    wide: [],
    row: (pdb, now: Millis) => ({
      cells: [
        pdb.metadata.name ?? '',
        bound(pdb.spec.minAvailable),
        bound(pdb.spec.maxUnavailable),
        String(pdb.status?.disruptionsAllowed ?? 0),
        pdb.metadata.creationTimestamp === undefined ? '<unknown>' : humanDuration(now - pdb.metadata.creationTimestamp),
      ],
      wide: [],
    }),
  },
};
