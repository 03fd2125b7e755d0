/**
 * ECS deployment strategies that move traffic between two target groups (BLUE_GREEN, LINEAR, CANARY):
 * request validation as CreateService / UpdateService do it, the defaults ECS applies, and the plan of
 * production traffic steps a deployment walks through.
 *
 * Facts (ECS API reference and the SDK model):
 * - LINEAR: `linearConfiguration.stepPercent`, a multiple of 0.1 from 3.0 to 100.0 (default 10.0);
 *   `stepBakeTimeInMinutes` 0..1440 (default 6), waited between steps but not after reaching 100%.
 * - CANARY: `canaryConfiguration.canaryPercent`, a multiple of 0.1 from 0.1 to 100.0 (default 5.0);
 *   `canaryBakeTimeInMinutes` 0..1440 (default 10), then the rest of the traffic at once.
 * - All three need the ECS deployment controller and a load balancer with `advancedConfiguration`
 *   (alternate target group, production listener rule).
 * - Hook stages: RECONCILE_SERVICE, PRE_SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT,
 *   PRE_PRODUCTION_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT; PAUSE hooks are
 *   refused at TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT; for LINEAR and CANARY the two production
 *   stages run again at every traffic step.
 *
 * ECS does not publish the text of its validation errors; the messages below follow its usual shape
 * (InvalidParameterException, the field named, the allowed range).
 */
import type { Forward } from './elb.js';
import type { DeploymentConfig, ServiceLoadBalancer } from './ecs-model.js';
import { SimAwsError } from './service.js';

export type Strategy = DeploymentConfig['strategy'];

export const STRATEGIES: readonly Strategy[] = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'];

/** Strategies that deploy green beside blue and move listener-rule traffic (the lifecycle stages). */
export function shiftsTraffic(strategy: string | undefined): boolean {
  return strategy === 'BLUE_GREEN' || strategy === 'LINEAR' || strategy === 'CANARY';
}

/** Production traffic moves in more than one step. */
export function stepsTraffic(strategy: string | undefined): boolean {
  return strategy === 'LINEAR' || strategy === 'CANARY';
}

export const LINEAR_DEFAULTS = { stepPercent: 10, stepBakeTimeInMinutes: 6 } as const;
export const CANARY_DEFAULTS = { canaryPercent: 5, canaryBakeTimeInMinutes: 10 } as const;

export const HOOK_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
] as const;

const PAUSE_REFUSED_AT = ['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT'];
const MAX_BAKE_MINUTES = 1440;

const invalid = (message: string) => new SimAwsError('InvalidParameterException', message);

/** A multiple of 0.1 (within float noise) in [min, max]. */
function isTenthIn(value: unknown, min: number, max: number): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const tenths = value * 10;
  return Math.abs(tenths - Math.round(tenths)) < 1e-6 && value >= min - 1e-9 && value <= max + 1e-9;
}

function isMinutes(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_BAKE_MINUTES;
}

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/**
 * Validates a service's deployment configuration (after UpdateService merged it) against its load
 * balancers and controller; returns it with ECS's defaults filled in for the strategy in use, so
 * DescribeServices shows the values the deployment will follow. Throws InvalidParameterException.
 */
export function checkDeploymentConfig(
  config: DeploymentConfig,
  loadBalancers: ServiceLoadBalancer[],
  controller: string,
): DeploymentConfig {
  const strategy = config.strategy as string;
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    throw invalid(
      `Invalid deploymentConfiguration.strategy ${shown(strategy)}. Valid values: ${STRATEGIES.join(', ')}.`,
    );
  }
  if (config.bakeTimeInMinutes !== undefined && !isMinutes(config.bakeTimeInMinutes)) {
    throw invalid(
      `Invalid deploymentConfiguration.bakeTimeInMinutes ${shown(config.bakeTimeInMinutes)}: ` +
        `the value must be an integer from 0 to ${MAX_BAKE_MINUTES}.`,
    );
  }

  const out: DeploymentConfig = { ...config };
  // Ranges are checked whenever a configuration is sent; defaults only matter for the strategy in use.
  if (config.linearConfiguration !== undefined || strategy === 'LINEAR') {
    const linear = { ...LINEAR_DEFAULTS, ...stripUndefined(config.linearConfiguration ?? {}) };
    if (!isTenthIn(linear.stepPercent, 3, 100)) {
      throw invalid(
        `Invalid deploymentConfiguration.linearConfiguration.stepPercent ${shown(linear.stepPercent)}: ` +
          'the value must be a multiple of 0.1 from 3.0 to 100.0.',
      );
    }
    if (!isMinutes(linear.stepBakeTimeInMinutes)) {
      throw invalid(
        `Invalid deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes ` +
          `${shown(linear.stepBakeTimeInMinutes)}: the value must be an integer from 0 to ${MAX_BAKE_MINUTES}.`,
      );
    }
    out.linearConfiguration = strategy === 'LINEAR' ? linear : config.linearConfiguration;
  }
  if (config.canaryConfiguration !== undefined || strategy === 'CANARY') {
    const canary = { ...CANARY_DEFAULTS, ...stripUndefined(config.canaryConfiguration ?? {}) };
    if (!isTenthIn(canary.canaryPercent, 0.1, 100)) {
      throw invalid(
        `Invalid deploymentConfiguration.canaryConfiguration.canaryPercent ${shown(canary.canaryPercent)}: ` +
          'the value must be a multiple of 0.1 from 0.1 to 100.0.',
      );
    }
    if (!isMinutes(canary.canaryBakeTimeInMinutes)) {
      throw invalid(
        `Invalid deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes ` +
          `${shown(canary.canaryBakeTimeInMinutes)}: the value must be an integer from 0 to ${MAX_BAKE_MINUTES}.`,
      );
    }
    out.canaryConfiguration = strategy === 'CANARY' ? canary : config.canaryConfiguration;
  }

  for (const hook of config.lifecycleHooks ?? []) checkHook(hook);

  if (shiftsTraffic(strategy)) {
    if (controller !== 'ECS') {
      throw invalid(
        `The ${strategy} deployment strategy is only supported for services that use the ECS deployment controller.`,
      );
    }
    const advanced = loadBalancers.find((lb) => lb.advancedConfiguration)?.advancedConfiguration;
    if (!advanced?.alternateTargetGroupArn || !advanced.productionListenerRule) {
      throw invalid(
        `The ${strategy} deployment strategy requires a load balancer with an advancedConfiguration ` +
          '(alternateTargetGroupArn and productionListenerRule).',
      );
    }
  }
  return out;
}

function checkHook(hook: NonNullable<DeploymentConfig['lifecycleHooks']>[number]): void {
  const type = hook.targetType ?? 'AWS_LAMBDA';
  if (type !== 'AWS_LAMBDA' && type !== 'PAUSE') {
    throw invalid(`Invalid lifecycle hook targetType ${shown(type)}. Valid values: AWS_LAMBDA, PAUSE.`);
  }
  if (!Array.isArray(hook.lifecycleStages) || !hook.lifecycleStages.length) {
    throw invalid('lifecycleStages must be specified for a deployment lifecycle hook.');
  }
  for (const stage of hook.lifecycleStages) {
    if (!(HOOK_STAGES as readonly string[]).includes(stage)) {
      throw invalid(`Invalid lifecycle stage ${shown(stage)}. Valid values: ${HOOK_STAGES.join(', ')}.`);
    }
    if (type === 'PAUSE' && PAUSE_REFUSED_AT.includes(stage)) {
      throw invalid(
        `PAUSE lifecycle hooks cannot be configured at the ${stage} stage; it is only valid for AWS_LAMBDA hooks.`,
      );
    }
  }
  if (type === 'AWS_LAMBDA' && !hook.hookTargetArn) {
    throw invalid('hookTargetArn must be specified for an AWS_LAMBDA lifecycle hook.');
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The production traffic steps of a deployment: green's share after each step, and the wait between steps. */
export interface TrafficPlan {
  /** Green's percentage after each step; the last is 100. */
  percents: number[];
  /** Simulated ms to wait after every step but the last. */
  bakeMs: number;
}

export function trafficPlan(config: DeploymentConfig): TrafficPlan {
  if (config.strategy === 'LINEAR') {
    const { stepPercent, stepBakeTimeInMinutes } = { ...LINEAR_DEFAULTS, ...config.linearConfiguration };
    const percents: number[] = [];
    // Equal steps in tenths (so 3.3 × 3 is 9.9, not 9.899…); whatever is left over is the final step.
    for (let k = 1; Math.round(k * stepPercent * 10) < 1000; k++) {
      percents.push(Math.round(k * stepPercent * 10) / 10);
    }
    percents.push(100);
    return { percents, bakeMs: stepBakeTimeInMinutes * 60_000 };
  }
  if (config.strategy === 'CANARY') {
    const { canaryPercent, canaryBakeTimeInMinutes } = { ...CANARY_DEFAULTS, ...config.canaryConfiguration };
    const percents = canaryPercent >= 100 ? [100] : [Math.round(canaryPercent * 10) / 10, 100];
    return { percents, bakeMs: canaryBakeTimeInMinutes * 60_000 };
  }
  return { percents: [100], bakeMs: 0 };
}

/**
 * A weighted forward action giving green `greenPercent` of the traffic. ALB weights are integers
 * (0..999), so fractional percentages are written in tenths.
 */
export function weightedForward(blueTg: string, greenTg: string, greenPercent: number): Forward[] {
  const scale = Number.isInteger(greenPercent) ? 1 : 10;
  const green = Math.round(greenPercent * scale);
  return [
    { targetGroupArn: blueTg, weight: 100 * scale - green },
    { targetGroupArn: greenTg, weight: green },
  ];
}
