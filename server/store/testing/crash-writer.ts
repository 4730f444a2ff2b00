/**
 * Child process for the crash-safety test: appends lines to the store as fast as it can and prints
 * `acked <seq>` after every group commit, <seq> being the highest line number committed. The test kills it
 * with SIGKILL in the middle and checks that every acknowledged line is in the file.
 *   tsx server/store/testing/crash-writer.ts FILE
 */
import { RecordingStore } from '../store';
import { podObservation, T0 } from './lines';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer.ts FILE');
const store = new RecordingStore({ file, commitIntervalMs: 2 });
let seq = 0;
let acked = 0;
store.onCommit((committed) => {
  acked += committed;
  process.stdout.write(`acked ${acked}\n`);
});

function burst(): void {
  for (let index = 0; index < 500; index++) {
    seq += 1;
    const { entry, line } = podObservation(seq, T0 + seq);
    store.append(entry, line);
  }
  setImmediate(burst);
}
burst();
