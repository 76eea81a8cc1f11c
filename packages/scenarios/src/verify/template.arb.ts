/** Images the generated workloads run; the scenario's image profiles cover them all. */
export const IMAGES: readonly string[] = ['app:v1', 'app:v2', 'app:v3'];

/** The pod template every generated workload runs: small requests, a short grace period. */
export function template(app: string, img: string): Record<string, unknown> {
  return {
    metadata: { labels: { app } },
    spec: {
      terminationGracePeriodSeconds: 5,
      containers: [{ name: 'app', image: img, resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
    },
  };
}
