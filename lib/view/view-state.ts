/** Everything the page shows that the user chose: the URL carries all of it (./url-state.ts). */
import type { TimeSpan } from './time-scale';

export type ViewMode = 'lanes' | 'table';
export type ThemeChoice = 'system' | 'light' | 'dark';
export type TimeLabels = 'absolute' | 'relative';

export interface ViewState {
  /** Empty: every namespace. */
  namespaces: string[];
  /** `Kind/name` or `name`; null: every workload. */
  workload: string | null;
  problemsOnly: boolean;
  search: string;
  /** Each pod's delete request at t = 0. */
  align: boolean;
  timeLabels: TimeLabels;
  view: ViewMode;
  theme: ThemeChoice;
  /** The visible time span; null follows the live edge (or fits the data when aligned). */
  span: TimeSpan | null;
  /** The pod (uid) whose detail panel is open. */
  selected: string | null;
  /** A finding's key (./findings.ts): only its pods are shown. */
  focus: string | null;
  /** The review's replay cursor (epoch ms); null: the end of the range. The live view ignores it. */
  replayAt: number | null;
}

export const DEFAULT_VIEW_STATE: ViewState = {
  namespaces: [],
  workload: null,
  problemsOnly: false,
  search: '',
  align: false,
  timeLabels: 'absolute',
  view: 'lanes',
  theme: 'system',
  span: null,
  selected: null,
  focus: null,
  replayAt: null,
};
