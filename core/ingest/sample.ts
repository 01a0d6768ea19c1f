import { StrataError } from '../base/errors.js';
import { formatTimestamp, parseTimestamp, US_PER_SECOND } from '../series/time.js';

/** Parameters of `strata sample` (defaults: the POC's 10 channels × 100 s × 1 kHz = 1M rows). */
export interface SampleOptions {
  channels?: number;
  seconds?: number;
  /** Samples per second per channel. */
  rate?: number;
  seed?: number;
  /** First timestamp (naive ISO); default 2024-01-01T00:00:00. */
  start?: string;
}

/** mulberry32: a tiny seeded PRNG, so the same seed gives the same bytes on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Channel {
  freq: number;
  amp: number;
  phase: number;
  offset: number;
  noise: number;
  /** Transient events: start (s), height, decay constant (s). */
  events: { t0: number; height: number; tau: number }[];
  next: number;
}

function checkCount(name: string, v: number, max: number): number {
  if (!Number.isFinite(v) || v <= 0 || v > max) throw new StrataError('usage', `--${name} must be a positive number up to ${max}, got ${v}`);
  return v;
}

/** Number of data rows a sample has. */
export function sampleRowCount(opts: SampleOptions = {}): number {
  return Math.round((opts.seconds ?? 100) * (opts.rate ?? 1000)) * (opts.channels ?? 10);
}

/**
 * A deterministic long CSV (`timestamp,channel_id,value`) of sine waves, Gaussian noise and decaying
 * transient events, yielded in ~64 KiB chunks so a 10M-row sample never sits in memory.
 */
export function* sampleCsv(opts: SampleOptions = {}): Generator<Uint8Array> {
  const channels = Math.floor(checkCount('channels', opts.channels ?? 10, 100_000));
  const seconds = checkCount('seconds', opts.seconds ?? 100, 1e9);
  const rate = checkCount('rate', opts.rate ?? 1000, 1e6);
  const rand = mulberry32(opts.seed ?? 42);
  const t0 = parseTimestamp(opts.start ?? '2024-01-01T00:00:00').us;
  let spare = NaN;
  const gauss = (): number => {
    if (spare === spare) {
      const s = spare;
      spare = NaN;
      return s;
    }
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const chans: Channel[] = [];
  for (let k = 0; k < channels; k++) {
    const events = [];
    const n = Math.max(1, Math.round(seconds / 20));
    for (let e = 0; e < n; e++) events.push({ t0: rand() * seconds, height: (2 + rand() * 8) * (rand() < 0.5 ? -1 : 1), tau: 0.005 + rand() * 0.045 });
    events.sort((a, b) => a.t0 - b.t0);
    chans.push({
      freq: 1 + rand() * Math.min(49, rate / 4), amp: 0.5 + rand() * 4.5, phase: rand() * 2 * Math.PI,
      offset: (rand() - 0.5) * 10, noise: 0.02 + rand() * 0.3, events, next: 0,
    });
  }
  const samples = Math.round(seconds * rate);
  const enc = new TextEncoder();
  const micro = (US_PER_SECOND / rate) % 1000 !== 0 || rate > 1000;
  let secondKey = NaN;
  let secondText = '';
  let out: string[] = [];
  let size = 0;
  out.push('timestamp,channel_id,value\n');
  for (let i = 0; i < samples; i++) {
    const us = t0 + Math.round((i * US_PER_SECOND) / rate);
    const sec = Math.floor(us / US_PER_SECOND);
    if (sec !== secondKey) {
      secondKey = sec;
      secondText = formatTimestamp(sec * US_PER_SECOND, false).replace('T', ' ');
    }
    const frac = us - sec * US_PER_SECOND;
    const ts = `${secondText}.${micro ? String(frac).padStart(6, '0') : String(frac / 1000).padStart(3, '0')}`;
    const t = i / rate;
    for (let k = 0; k < channels; k++) {
      const c = chans[k]!;
      let v = c.offset + c.amp * Math.sin(2 * Math.PI * c.freq * t + c.phase) + c.noise * gauss();
      while (c.next < c.events.length && c.events[c.next]!.t0 + 10 * c.events[c.next]!.tau < t) c.next++;
      for (let e = c.next; e < c.events.length && c.events[e]!.t0 <= t; e++) {
        const ev = c.events[e]!;
        v += ev.height * Math.exp(-(t - ev.t0) / ev.tau);
      }
      const line = `${ts},${k},${v.toFixed(4)}\n`;
      out.push(line);
      size += line.length;
    }
    if (size >= 65536) {
      yield enc.encode(out.join(''));
      out = [];
      size = 0;
    }
  }
  if (out.length) yield enc.encode(out.join(''));
}
