// A small SVG chart: spend per day as bars (left axis, USD) and calls per day as a line (right axis).
import {nanosToUsd} from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Every UTC day from `from` to `to` (YYYY-MM-DD strings), inclusive. */
export function daysBetween(from, to) {
  const out = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/**
 * days: [{day: 'YYYY-MM-DD', nanos: BigInt, calls: Number}] in order. Returns an <svg> that scales to its container's
 * width, with a text summary for screen readers and a tooltip per day.
 */
export function spendChart(days) {
  const width = 960;
  const height = 280;
  const pad = {left: 64, right: 44, top: 16, bottom: 40};
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const maxSpend = days.reduce((m, d) => (d.nanos > m ? d.nanos : m), 0n);
  const maxCalls = Math.max(4, Math.ceil(Math.max(...days.map(d => d.calls)) / 4) * 4); // whole ticks
  const spendTop = maxSpend > 0n ? Number(maxSpend) : 1;
  const total = days.reduce((s, d) => s + d.nanos, 0n);
  const calls = days.reduce((s, d) => s + d.calls, 0);
  const root = svg('svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': `Spend and calls per day from ${days[0]?.day} to ${days[days.length - 1]?.day}: `
      + `$${nanosToUsd(total)} over ${calls} calls`});
  root.append(svg('title', {}, 'Spend and calls per day'));
  const slot = plotW / Math.max(1, days.length);
  // axes and grid
  for (let i = 0; i <= 4; i++) {
    const y = pad.top + plotH - (plotH * i) / 4;
    root.append(svg('line', {x1: pad.left, x2: pad.left + plotW, y1: y, y2: y, class: 'grid'}));
    root.append(svg('text', {x: pad.left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end'},
      '$' + trim(nanosToUsd(BigInt(Math.round((spendTop * i) / 4))))));
    root.append(svg('text', {x: pad.left + plotW + 6, y: y + 4, class: 'axis calls-axis'},
      String((maxCalls * i) / 4)));
  }
  const bars = svg('g', {class: 'bars'});
  const points = [];
  const labelEvery = Math.ceil(days.length / 8);
  days.forEach((d, i) => {
    const x = pad.left + i * slot;
    const h = (Number(d.nanos) / spendTop) * plotH;
    const bar = svg('rect', {x: x + slot * 0.15, y: pad.top + plotH - h, width: Math.max(1, slot * 0.7),
      height: Math.max(h, d.nanos > 0n ? 1 : 0), class: 'bar', 'data-day': d.day});
    bar.append(svg('title', {}, `${d.day}: $${nanosToUsd(d.nanos)}, ${d.calls} call${d.calls === 1 ? '' : 's'}`));
    bars.append(bar);
    points.push(`${x + slot / 2},${pad.top + plotH - (d.calls / maxCalls) * plotH}`);
    if (i % labelEvery === 0) {
      root.append(svg('text', {x: x + slot / 2, y: height - pad.bottom + 16, class: 'axis', 'text-anchor': 'middle'},
        d.day.slice(5)));
    }
  });
  root.append(bars);
  root.append(svg('polyline', {points: points.join(' '), class: 'calls-line'}));
  for (const p of points) {
    const [cx, cy] = p.split(',');
    root.append(svg('circle', {cx, cy, r: 3, class: 'calls-dot'}));
  }
  root.append(svg('rect', {x: pad.left, y: height - 14, width: 10, height: 10, class: 'bar'}));
  root.append(svg('text', {x: pad.left + 14, y: height - 5, class: 'axis'}, 'spend (USD, left)'));
  root.append(svg('line', {x1: pad.left + 140, x2: pad.left + 156, y1: height - 9, y2: height - 9, class: 'calls-line'}));
  root.append(svg('text', {x: pad.left + 160, y: height - 5, class: 'axis'}, 'calls (right)'));
  return root;
}

function trim(usd) {
  const [whole, fraction] = usd.split('.');
  const short = fraction.replace(/0+$/, '');
  return short ? `${whole}.${short.slice(0, 4)}` : whole;
}
