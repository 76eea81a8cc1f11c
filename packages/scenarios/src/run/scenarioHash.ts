import { Sha256 } from '@kubesim/core';
import type { Scenario } from '../scenario/model.js';

/**
 * A hash of a scenario as it was read (its manifests included; where it was read from, and the
 * lines its steps and objects are on, left out), for the log's header: a log names the scenario it is a run of, so a log and a
 * scenario can be matched, and a scenario changed since the run is noticed.
 */
export function scenarioHash(scenario: Scenario): string {
  const { source: _source, ...rest } = scenario;
  // Where each step and object was written (file and line) is left out with the source: a
  // comment or a blank line added does not make it another scenario.
  const text = JSON.stringify(rest, (key, value: unknown) =>
    key === 'location' || key === 'locations' ? undefined : value instanceof Map ? [...value.entries()] : value,
  );
  return new Sha256().update(text).digest();
}
