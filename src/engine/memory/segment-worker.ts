import { parentPort } from 'node:worker_threads';
import type { Release } from '../../clean/release.js';
import { analyzeSegment, segmentBuffers } from './engine-segment.js';

// A worker thread of a full build: analyzes the releases it is sent and sends back their segment,
// its typed arrays transferred, not copied.
parentPort!.on('message', (releases: Release[]) => {
  const seg = analyzeSegment(releases);
  parentPort!.postMessage(seg, segmentBuffers(seg));
});
