import type { HpaSeries } from '../series/types.js';
import { type ChartMark, stepChart } from './chart.js';
import { esc } from './escape.js';

/** Per HPA: replicas (desired, current, within min and max), then each metric against its target. */
export function hpaSection(hpas: readonly HpaSeries[], end: number, marks: readonly ChartMark[]): string {
  if (hpas.length === 0) return '<p class="none">No HorizontalPodAutoscaler in this run.</p>';
  return hpas
    .map((h) => {
      const head = `HPA ${h.name} → ${h.target}`;
      const replicas = stepChart({
        title: `${head}: replicas`,
        series: h,
        lines: ['desired', 'current', 'min', 'max'],
        dashed: ['min', 'max'],
        end,
        marks,
      });
      const metrics = h.metrics.map((m) =>
        stepChart({
          title: `${head}: ${m.name}${m.unit === '%' ? ' (% of request)' : ''}`,
          series: h,
          lines: [m.current, m.target],
          dashed: [m.target],
          end,
          marks,
          ...(m.unit === '%' ? { yFormat: (v: number) => `${v}%` } : {}),
        }),
      );
      return `<section class="hpa" data-hpa="${esc(h.name)}">${[replicas, ...metrics].map((s) => `<figure class="chart">${s}</figure>`).join('')}</section>`;
    })
    .join('\n');
}
