import { createRoot } from 'react-dom/client';
import type { SeriesTotals, TimeRange } from '../../../src/core';
import { Timeline } from '../../../src/react/Timeline';

/**
 * A page with a <Timeline> of made-up totals: 60 steps of 10 s from 2024-01-01 12:00 UTC, `api`
 * at (k + 1) × 100 ms in step k with no data in steps 20–24, `db` at 500 ms with no data in step
 * 40. Two brushes (baseline, comparison), uncontrolled; every onRangesChange call is recorded in
 * `window.flamekitTest.changes`. Query: `theme=dark`.
 */
const START_NS = Date.UTC(2024, 0, 1, 12) * 1e6;
const STEP_NS = 10e9;
const STEPS = 60;

const api = Float64Array.from({ length: STEPS }, (_, k) =>
  k >= 20 && k <= 24 ? NaN : (k + 1) * 1e8,
);
const db = Float64Array.from({ length: STEPS }, (_, k) => (k === 40 ? NaN : 5e8));
const sum = (values: Float64Array) => values.reduce((a, v) => (Number.isNaN(v) ? a : a + v), 0);
const totals: SeriesTotals = {
  startNs: START_NS,
  stepNs: STEP_NS,
  steps: STEPS,
  sampleType: { type: 'cpu', unit: 'nanoseconds' },
  aggregation: 'sum',
  groupBy: 'service',
  groups: [
    { value: 'api', values: api, total: sum(api) },
    { value: 'db', values: db, total: sum(db) },
  ],
  omittedGroups: 0,
};

const changes: { ranges: Record<string, TimeRange | undefined>; changed: string }[] = [];
Object.assign(window, {
  flamekitTest: { changes, startNs: START_NS, stepNs: STEP_NS, steps: STEPS },
});

const container = document.getElementById('root')!;
container.style.width = '800px';
container.style.padding = '20px';
createRoot(container).render(
  <Timeline
    totals={totals}
    brushes={[
      { id: 'baseline', label: 'Baseline' },
      { id: 'comparison', label: 'Comparison' },
    ]}
    onRangesChange={(ranges, changed) => changes.push({ ranges, changed })}
    timeZone="utc"
    theme={new URLSearchParams(location.search).get('theme') === 'dark' ? 'dark' : 'light'}
    height={160}
  />,
);
requestAnimationFrame(() =>
  requestAnimationFrame(() => Object.assign(window, { flamekitReady: true })),
);
