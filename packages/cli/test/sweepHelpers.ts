import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { folder, ROOT } from './helpers.js';

/** A short rolling update of the tutorial's nginx Deployment: quick enough to sweep in a test. */
export const ROLLOUT = `name: sweep test
seed: 42
until: 45s
cluster:
  nodes: 3
images:
  - match: "nginx:*"
    pull: lognormal(2s, 0.3)
    start: uniform(300ms, 800ms)
steps:
  - at: 0s
    kubectl: apply -f nginx-deployment.yaml
  - at: 15s
    kubectl: set image deployment/nginx-deployment nginx=nginx:1.9.1
invariants:
  - deployment-availability
  - deployment-surge
`;

export const SURGE = 'Deployment/nginx-deployment:spec.strategy.rollingUpdate.maxSurge';
export const UNAVAILABLE = 'Deployment/nginx-deployment:spec.strategy.rollingUpdate.maxUnavailable';

/** A folder with the scenario and the tutorial's manifest. */
export function rolloutFolder(): string {
  return folder({
    'rollout.yaml': ROLLOUT,
    'nginx-deployment.yaml': readFileSync(join(ROOT, 'examples/nginx-deployment/nginx-deployment.yaml'), 'utf8'),
  });
}

/** The test sweep: 2 × 2 combinations × 2 seeds. */
export const GRID: string[] = ['--param', `${SURGE}=1,50%`, '--param', `${UNAVAILABLE}=0,1`, '--seeds', '2'];
