import type { Millis } from './duration.js';

/**
 * The wall-clock instant simulated time 0 stands for, when kubesim prints times as kubectl
 * does (creationTimestamp in YAML, the restartedAt annotation). Fixed, so that output never
 * depends on when a run happened.
 */
export const SIMULATION_EPOCH_MS: number = 1_767_225_600_000; // 2026-01-01T00:00:00Z

/** Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted). */
function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A simulated time as RFC 3339 in UTC, to the second, as the API serialises metav1.Time
 * (`2026-01-01T00:01:05Z`).
 */
export function formatRFC3339(t: Millis, epoch: number = SIMULATION_EPOCH_MS): string {
  const ms = epoch + t;
  const days = Math.floor(ms / 86_400_000);
  const secs = Math.floor((ms - days * 86_400_000) / 1000);
  const [y, m, d] = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(Math.floor(secs / 3600))}:${pad(Math.floor((secs % 3600) / 60))}:${pad(secs % 60)}Z`;
}
