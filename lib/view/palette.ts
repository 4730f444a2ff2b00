/**
 * Colours of the lanes, from the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies).
 * Severity never relies on hue alone: critical gaps are dense diagonal stripes, warnings sparse dots (./gap-patterns.ts).
 */
import type { Severity } from '../timeline/types';

export interface Palette {
  background: string;
  headerBackground: string;
  revisionBackground: string;
  selectedBackground: string;
  hoverBackground: string;
  grid: string;
  text: string;
  mutedText: string;
  lifeLine: string;
  terminating: string;
  routed: string;
  preStop: string;
  endpoint: string;
  signal: string;
  sigkill: string;
  exitOk: string;
  exitFailed: string;
  deadline: string;
  now: string;
  brush: string;
  gap: Record<Severity, { fill: string; ink: string; edge: string }>;
}

export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export const LIGHT_PALETTE: Palette = {
  background: '#ffffff',
  headerBackground: '#f1f5f9',
  revisionBackground: '#f8fafc',
  selectedBackground: 'rgba(0, 114, 178, 0.10)',
  hoverBackground: 'rgba(15, 23, 42, 0.04)',
  grid: 'rgba(15, 23, 42, 0.07)',
  text: '#0f172a',
  mutedText: '#64748b',
  lifeLine: '#94a3b8',
  terminating: 'rgba(100, 116, 139, 0.16)',
  routed: OKABE_ITO.bluishGreen,
  preStop: OKABE_ITO.reddishPurple,
  endpoint: OKABE_ITO.skyBlue,
  signal: OKABE_ITO.blue,
  sigkill: '#111827',
  exitOk: OKABE_ITO.bluishGreen,
  exitFailed: OKABE_ITO.vermillion,
  deadline: '#475569',
  now: OKABE_ITO.blue,
  brush: 'rgba(0, 114, 178, 0.18)',
  gap: {
    critical: { fill: 'rgba(213, 94, 0, 0.22)', ink: 'rgba(213, 94, 0, 0.75)', edge: OKABE_ITO.vermillion },
    warning: { fill: 'rgba(230, 159, 0, 0.22)', ink: 'rgba(163, 109, 0, 0.85)', edge: '#B07800' },
    info: { fill: 'rgba(100, 116, 139, 0.15)', ink: 'rgba(100, 116, 139, 0.6)', edge: '#64748b' },
  },
};

export const DARK_PALETTE: Palette = {
  background: '#0b1220',
  headerBackground: '#1e293b',
  revisionBackground: '#111a2c',
  selectedBackground: 'rgba(86, 180, 233, 0.16)',
  hoverBackground: 'rgba(255, 255, 255, 0.04)',
  grid: 'rgba(255, 255, 255, 0.07)',
  text: '#e2e8f0',
  mutedText: '#94a3b8',
  lifeLine: '#64748b',
  terminating: 'rgba(148, 163, 184, 0.16)',
  routed: OKABE_ITO.bluishGreen,
  preStop: OKABE_ITO.reddishPurple,
  endpoint: OKABE_ITO.skyBlue,
  signal: OKABE_ITO.skyBlue,
  sigkill: '#f8fafc',
  exitOk: OKABE_ITO.bluishGreen,
  exitFailed: '#FF7A1A',
  deadline: '#cbd5e1',
  now: OKABE_ITO.skyBlue,
  brush: 'rgba(86, 180, 233, 0.22)',
  gap: {
    critical: { fill: 'rgba(213, 94, 0, 0.30)', ink: 'rgba(255, 122, 26, 0.85)', edge: '#FF7A1A' },
    warning: { fill: 'rgba(240, 228, 66, 0.16)', ink: 'rgba(240, 228, 66, 0.8)', edge: OKABE_ITO.yellow },
    info: { fill: 'rgba(148, 163, 184, 0.15)', ink: 'rgba(148, 163, 184, 0.6)', edge: '#94a3b8' },
  },
};

export function paletteFor(dark: boolean): Palette {
  return dark ? DARK_PALETTE : LIGHT_PALETTE;
}
