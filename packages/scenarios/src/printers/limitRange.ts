import { formatRFC3339 } from '@kubesim/core';
import type { Printer } from './get.js';

/**
 * printLimitRange (pkg/printers/internalversion/printers.go): NAME and CREATED AT, the
 * creation time as RFC 3339 against the run's start time.
 */
export const LIMIT_RANGE_PRINTERS: { readonly LimitRange: Printer<'LimitRange'> } = {
  LimitRange: {
    columns: ['NAME', 'CREATED AT'],
    wide: [],
    row: (lr, _now, view) => {
      const t = lr.metadata.creationTimestamp;
      return { cells: [lr.metadata.name ?? '', t === undefined ? '<unknown>' : formatRFC3339(t, view.startTime)], wide: [] };
    },
  },
};
