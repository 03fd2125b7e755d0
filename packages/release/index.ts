/** The multi-service release engine: deploy services in parallel, keep the release whole. */
import { deploy, recoverDeploy } from '../deploy/index.js';
import { rollback } from '../rollback/index.js';
import type { ReleaseEngines } from './engine.js';

export {
  prefixed,
  release,
  type ReleaseDeps,
  type ReleaseEngines,
  type ReleaseOptions,
  type ReleaseResult,
  type ReleaseService,
} from './engine.js';
export type { OutcomeKind, ReleaseRecord, ServiceOutcome } from './record.js';

/** The real engines: deploy's, rollback's and the deploy post step's recovery. */
export const releaseEngines: ReleaseEngines = { deploy, rollback, recover: recoverDeploy };
