export {
  adviseTiming,
  drainingRule,
  gracePeriodRule,
  healthCheckRule,
  imagePullRule,
  niceUp,
  RULES,
  type AdviceRule,
} from './advice.js';
export { breakDown, criticalTask, type RolloutFacts, type TaskTimes } from './breakdown.js';
export { rolloutFacts, timelineMoments, type TimelineMoments } from './facts.js';
export { readTargetGroupSettings, type TargetGroupSettings } from './settings.js';
