import { Sha256 } from '@kubesim/core';
import type { Scenario } from '../scenario/model.js';

/**
 * A hash of a scenario as it was read (its manifests included, where it was read from left
 * out), for the log's header: a log names the scenario it is a run of, so a log and a
 * scenario can be matched, and a scenario changed since the run is noticed.
 */
export function scenarioHash(scenario: Scenario): string {
  const { source: _source, ...rest } = scenario;
  const text = JSON.stringify(rest, (_key, value: unknown) => (value instanceof Map ? [...value.entries()] : value));
  return new Sha256().update(text).digest();
}
