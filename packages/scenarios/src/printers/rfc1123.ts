import { formatRFC3339, type Millis, SIMULATION_EPOCH_MS } from '@kubesim/core';

/**
 * Go's time.RFC1123Z layout (`Mon, 02 Jan 2006 15:04:05 -0700`), the form `kubectl describe`
 * prints times in, for a simulated time in UTC. The calendar comes from core's RFC 3339
 * formatter; only the weekday and the month name are added here.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** What Go prints for a zero metav1.Time (a field the object does not have). */
export const ZERO_TIME_RFC1123Z = 'Mon, 01 Jan 0001 00:00:00 +0000';

/** A time as Go's RFC1123Z layout prints it (`Thu, 01 Jan 2026 00:01:05 +0000`), as `kubectl describe` shows start times. */
export function formatRFC1123Z(t: Millis | undefined | null, epoch: number = SIMULATION_EPOCH_MS): string {
  if (t === undefined || t === null) return ZERO_TIME_RFC1123Z;
  const iso = formatRFC3339(t, epoch); // 2026-01-01T00:01:05Z
  const year = iso.slice(0, 4);
  const month = MONTHS[Number(iso.slice(5, 7)) - 1];
  const day = iso.slice(8, 10);
  // 1970-01-01 was a Thursday.
  const days = Math.floor((epoch + t) / 86_400_000);
  const weekday = DAYS[(((days + 4) % 7) + 7) % 7];
  return `${weekday}, ${day} ${month} ${year} ${iso.slice(11, 19)} +0000`;
}
