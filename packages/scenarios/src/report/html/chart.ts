import { formatDuration, type Millis } from '@kubesim/core';
import * as echarts from 'echarts';
import type { Series } from '../series/types.js';

export interface ChartMark {
  readonly at: Millis;
  /** The number the chart prints at the mark; the report lists what each number was. */
  readonly label: string;
  readonly fault: boolean;
}

export interface StepChartOptions {
  readonly title: string;
  readonly series: Series;
  /** Which lines to draw, in order (others in the series are left out). */
  readonly lines: readonly string[];
  /** Lines drawn dashed: bounds and targets. */
  readonly dashed?: readonly string[];
  readonly end: Millis;
  readonly marks: readonly ChartMark[];
  readonly width?: number;
  readonly height?: number;
  /** Formats the y axis' labels (bytes, percent). */
  readonly yFormat?: (v: number) => string;
  /** Divides every value (bytes drawn in MiB, so that the axis steps are round). */
  readonly scale?: number;
}

/** One colour per line name, so that "ready" is the same colour in every chart. */
const COLOURS: Readonly<Record<string, string>> = {
  desired: '#444444',
  total: '#9e9e9e',
  updated: '#1f77b4',
  ready: '#2ca02c',
  available: '#17becf',
  'surge bound': '#d62728',
  'unavailability bound': '#ff7f0e',
  parallelism: '#8c564b',
  active: '#1f77b4',
  succeeded: '#6a5acd',
  failed: '#d62728',
  current: '#1f77b4',
  min: '#bdbdbd',
  max: '#bdbdbd',
  pods: '#1f77b4',
};
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** Seconds between time ticks: a round step that gives at most a dozen. */
export function tickInterval(endS: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
  return steps.find((s) => endS / s <= 12) ?? Math.ceil(endS / 12 / 86400) * 86400;
}

/**
 * A step chart as an SVG string, drawn on the server by ECharts' SSR SVG renderer (no DOM, no
 * animation): the file opens at once and prints. Time runs in seconds on the x axis; each
 * line holds its value until its next point, and up to the end of the run.
 */
export function stepChart(o: StepChartOptions): string {
  const width = o.width ?? 1180;
  const marks = [...o.marks].sort((a, b) => a.at - b.at);
  // The legend wraps when its names do not fit on one line: the plot starts below it.
  const legendWidth = o.lines.reduce((w, l) => w + 34 + l.length * 6.5, 0);
  const legendRows = Math.max(1, Math.ceil(legendWidth / (width - 24)));
  // Marks closer than a label's width get their numbers stacked, up to three high.
  const plotWidth = width - 92;
  const levels: number[] = [];
  marks.forEach((m, i) => {
    const prev = marks[i - 1];
    const near = prev !== undefined && ((m.at - prev.at) / Math.max(o.end, 1)) * plotWidth < 16;
    levels.push(near ? ((levels[i - 1] ?? 0) + 1) % 3 : 0);
  });
  const stack = Math.max(0, ...levels) * 11;
  const top = 46 + legendRows * 18 + stack;
  const height = (o.height ?? 260) + (legendRows - 1) * 18 + stack;
  const scale = o.scale ?? 1;
  const endS = o.end / 1000;
  const series = o.lines.map((name, n) => {
    const i = o.series.lines.indexOf(name);
    const data: (number | null)[][] = o.series.points.map((p) => {
      const v = p[i + 1] ?? null;
      return [(p[0] ?? 0) / 1000, v === null ? null : v / scale];
    });
    const last = data[data.length - 1];
    if (last !== undefined && (last[0] ?? 0) < endS) data.push([endS, last[1] ?? null]);
    const dashed = o.dashed?.includes(name) ?? false;
    return {
      name,
      type: 'line',
      step: 'end',
      symbol: 'none',
      connectNulls: false,
      color: COLOURS[name] ?? PALETTE[n % PALETTE.length],
      lineStyle: { width: dashed ? 1.5 : 2, type: dashed ? 'dashed' : 'solid' },
      data,
      ...(n === 0 && marks.length > 0
        ? {
            markLine: {
              symbol: 'none',
              silent: true,
              data: marks.map((m, k) => ({
                xAxis: m.at / 1000,
                lineStyle: { color: m.fault ? '#c62828' : '#777777', type: 'dotted', width: 1 },
                label: {
                  formatter: m.label,
                  position: 'end',
                  distance: 4 + (levels[k] ?? 0) * 11,
                  color: m.fault ? '#c62828' : '#555555',
                  fontSize: 10,
                },
              })),
            },
          }
        : {}),
    };
  });
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    title: { text: o.title, left: 8, top: 6, textStyle: { fontSize: 13, fontWeight: 'bold' } },
    legend: { top: 30, left: 8, itemWidth: 18, itemHeight: 8, itemGap: 20, textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 28, top, bottom: 34 },
    xAxis: {
      type: 'value',
      min: 0,
      max: Math.max(endS, 1),
      interval: tickInterval(endS),
      axisLabel: { fontSize: 10, formatter: (v: number) => formatDuration(Math.round(v * 1000)) },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { fontSize: 10, ...(o.yFormat !== undefined ? { formatter: o.yFormat } : {}) },
    },
    series,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
