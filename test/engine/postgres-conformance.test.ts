/** The backend conformance suite against the postgres backend, on a throwaway cluster. */
import { createHash } from 'node:crypto';
import { describe } from 'vitest';
import { openEngine } from '../../src/engine/open-engine.js';
import { freshSchema, HAVE_PG, useTestCluster } from '../support/pg-cluster.js';
import { describeEngineConformance } from './engine-conformance.js';

describe.skipIf(!HAVE_PG)('postgres backend', () => {
  const cluster = useTestCluster();
  // a new engine gets a schema of its own; one opened over a folder, the schema named after it
  // (the folder stays empty: the data lives in the database)
  const schemaOf = (dir: string) => `d_${createHash('sha1').update(dir).digest('hex').slice(0, 16)}`;
  describeEngineConformance(
    'postgres',
    (dir) => openEngine({ backend: 'postgres', url: cluster.get().url, schema: dir ? schemaOf(dir) : freshSchema(), create: 'if-missing', poolSize: 4 }),
    { persistent: true },
  );
});
