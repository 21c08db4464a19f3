// Runs the generated page files in their name order (the page order of the contracts), for targets that keep state
// across pages (chaining create → get → delete). Sharding is inherited from Jest's own sequencer: deterministic.
import SequencerModule from '@jest/test-sequencer';

const Sequencer = SequencerModule.default ?? SequencerModule;

export default class PageOrderSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
