// Chart.js (vendor/chart.umd.min.js, pinned in package-lock.json): hover tooltips and legend toggles built in.
import { el } from './dom.js';

const palette = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#4d7c0f', '#be185d', '#334155'];

export const color = (i) => palette[i % palette.length];

/**
 * A chart in a figure with a caption; the canvas is an image labelled by the caption, and `summary` (a table or
 * list of the same numbers) is kept next to it for screen readers and for reading exact values.
 */
export function chartFigure(caption, config, registry, summary) {
  const canvas = el('canvas', { role: 'img', 'aria-label': caption });
  const holder = el('div', { class: 'chart' }, canvas);
  const figure = el('figure', { class: 'chart-figure' }, el('figcaption', { text: caption }), holder,
    summary ? el('details', {}, el('summary', { text: 'The numbers' }), summary) : null);
  requestAnimationFrame(() => {
    if (!canvas.isConnected || typeof window.Chart === 'undefined') return;
    const chart = new window.Chart(canvas, {
      ...config,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'nearest', intersect: false },
        ...config.options,
        plugins: { legend: { position: 'bottom' }, ...(config.options?.plugins ?? {}) },
      },
    });
    registry.push(chart);
  });
  return figure;
}
