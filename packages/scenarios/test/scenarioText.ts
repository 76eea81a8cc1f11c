import { loadScenario, type RunReport, runScenario } from '../src/index.js';

/** Runs a scenario written inline, its `-f` files given by name; a file not given is an error. */
export function runScenarioText(scenarioText: string, files: Record<string, string> = {}): RunReport {
  const s = loadScenario(scenarioText, 'scenario.yaml', {
    readFile: (f) => {
      const text = files[f];
      if (text === undefined) throw new Error(`no file ${f}`);
      return text;
    },
  });
  return runScenario(s);
}
