/**
 * The run-task engine: settle the task definition, start one task with the overrides and a network, wait for
 * it to stop, and judge it. Success needs every essential container to exit with 0; anything else (a
 * non-zero exit, a task that never started, the timeout, a cancelled workflow) fails with the reason and
 * the task's last log lines.
 */
import { randomUUID } from 'node:crypto';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type AwsVpcConfiguration,
  type ContainerOverride,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import type { DeploymentReport, FailureCause } from '../deploy-report/index.js';
import {
  attachLogTail,
  clusterError,
  logLocationOf,
  LogFollower,
  Poller,
  releaseLogs,
  reportTimes,
  Revisions,
  streamName,
  taskFailureCause,
  taskView,
  Timeline,
  writeReport,
  type Described,
  type RevisionInfo,
  type Settlement,
} from '../ecs/index.js';
import { duration } from '../markdown/index.js';
import { revisionName } from '../task-definition-ref/index.js';
import { UserError } from '../inputs/index.js';
import { ecsTaskUrl, logStreamUrl, taskIdOf } from '../links/index.js';
import { loadTaskDefinitionFile, type TaskDefinitionInput } from '../task-definition/index.js';
import type { RunTaskDeps, RunTaskOptions } from './options.js';
import { runTaskSummary } from './summary.js';

export type RunTaskStatus = 'succeeded' | 'failed' | 'started';

export interface RunTaskResult {
  /** `started` when not waiting. */
  status: RunTaskStatus;
  /** One line: what ran and how it ended, cause first when it failed. */
  message: string;
  report: DeploymentReport;
  reportPath?: string;
  /** Job-summary markdown. */
  summary: string;
  taskArn?: string;
  /** The failed essential container's exit code, else the overridden container's. */
  exitCode?: number;
}

export async function runTask(options: RunTaskOptions, deps: RunTaskDeps): Promise<RunTaskResult> {
  return new TaskRun(options, deps).run();
}

/** What to run before it is registered: a registered revision, or a file's content still to register. */
type Definition =
  | { content: TaskDefinition; registered: Described }
  | { content: TaskDefinitionInput; settlement: Extract<Settlement, { kind: 'register' }> };

interface Ending {
  status: RunTaskStatus;
  cause?: FailureCause;
  task?: Task;
  exitCode?: number;
}

/** A stop reason is at most 255 characters; ours says who stopped the task and why. */
const STOP_REASON_LIMIT = 255;
/** After STOPPED, how long reading the rest of the log may take (throttling included). */
const LOG_DRAIN_MS = 30_000;

class TaskRun {
  private readonly timeline: Timeline;
  private readonly revisions: Revisions;
  private readonly startedAt: number;
  private readonly deadline: number;
  private info?: RevisionInfo;
  private registered = false;
  private container = '';
  /** The followed log of `container` while the task runs (stream-logs). */
  private follower?: { reader: LogFollower; container: string; logGroup: string; logStream: string };

  constructor(
    private readonly o: RunTaskOptions,
    private readonly deps: RunTaskDeps,
  ) {
    this.timeline = new Timeline(deps.clock, deps.log);
    this.revisions = new Revisions(deps.clients.ecs, o.region, (ms) => deps.clock.sleep(ms));
    this.startedAt = deps.clock.now();
    this.deadline = this.startedAt + o.timeoutSeconds * 1000;
  }

  private get log() {
    return this.deps.log;
  }

  private get ecs() {
    return this.deps.clients.ecs;
  }

  private record(kind: string, message: string, level: 'info' | 'warning' = 'info'): void {
    this.timeline.record(kind, message, level);
  }

  async run(): Promise<RunTaskResult> {
    const { o } = this;
    const definition = await this.readDefinition();
    this.container = chooseContainer(definition.content, o.container);
    const overrides = this.overrides();
    const network = await this.network(definition.content);
    const described = 'registered' in definition ? definition.registered : await this.register(definition);
    this.info = described.info;
    const td = described.td;

    const started = await this.start(td, overrides, network);
    if ('cause' in started) return this.finish({ status: 'failed', cause: started.cause });
    const task = started.task;
    if (!o.wait) {
      this.record('task', `not waiting for task ${taskIdOf(task.taskArn!)} (wait is false)`);
      return this.finish({ status: 'started', task });
    }
    return this.finish(await this.watch(task));
  }

  /** Read the source; a file is compared with the family's latest ACTIVE revision, registered only if it differs. */
  private async readDefinition(): Promise<Definition> {
    const source = this.o.taskDefinition;
    if (source.kind === 'revision') {
      const found = await this.revisions.require(source.ref, 'task-definition');
      return { content: found.td, registered: found };
    }
    const file = await loadTaskDefinitionFile(source.path, 'task-definition', {
      ...(this.o.fileRoots ? { roots: this.o.fileRoots } : {}),
    });
    const settled = await this.revisions.settle(file, []);
    if (settled.kind === 'existing') {
      this.record('info', `${settled.reason}: running it`);
      return { content: settled.described.td, registered: settled.described };
    }
    return { content: file.taskDefinition, settlement: settled };
  }

  private async register(definition: Extract<Definition, { settlement: unknown }>): Promise<Described> {
    const registered = await this.revisions.register(definition.settlement);
    if (registered.recovered) this.record('info', registered.recovered, 'warning');
    this.registered = true;
    const latest = definition.settlement.latest;
    const why = latest
      ? `its content differs from ${revisionName(latest.info.ref)}`
      : 'the first revision of the family';
    this.record('info', `registered ${revisionName(registered.info.ref)} (${why})`);
    return registered;
  }

  private overrides(): ContainerOverride | undefined {
    const { command, environment } = this.o;
    if (!command && !environment.length) return undefined;
    const what = [
      command ? `command ${JSON.stringify(command)}` : '',
      // Values may be secrets: only the names are ever printed.
      environment.length ? `environment ${environment.map((e) => e.key).join(', ')}` : '',
    ].filter(Boolean);
    this.log.info(`overrides for container ${this.container}: ${what.join('; ')}`);
    return {
      name: this.container,
      ...(command ? { command } : {}),
      ...(environment.length
        ? { environment: environment.map((e) => ({ name: e.key, value: e.value })) }
        : {}),
    };
  }

  /** The awsvpc configuration: given in full, or field by field over the service's own. */
  private async network(
    content: TaskDefinitionInput | TaskDefinition,
  ): Promise<AwsVpcConfiguration | undefined> {
    const { o } = this;
    const given = o.network;
    const shorthands = [
      given.subnets?.length ? 'subnets' : '',
      given.securityGroups?.length ? 'security-groups' : '',
      given.assignPublicIp ? 'assign-public-ip' : '',
    ].filter(Boolean);
    if (given.configuration && shorthands.length) {
      throw new UserError(
        'network-configuration',
        `was given together with ${shorthands.join(', ')}`,
        'give either network-configuration or the subnets / security-groups / assign-public-ip shorthands',
      );
    }
    const family = content.family ?? 'the task definition';
    const fargate =
      'launchType' in o.placement
        ? o.placement.launchType === 'FARGATE'
        : o.placement.capacityProviderStrategy.some((p) => p.capacityProvider?.startsWith('FARGATE'));
    if (content.networkMode !== 'awsvpc') {
      const mode = content.networkMode ? `networkMode ${content.networkMode}` : 'no networkMode (bridge)';
      if (fargate) {
        throw new UserError(
          'task-definition',
          `${family} has ${mode}, and Fargate runs only awsvpc tasks`,
          'set "networkMode": "awsvpc" in the task definition, or run it on EC2 capacity (launch-type EC2)',
        );
      }
      if (given.configuration || shorthands.length) {
        throw new UserError(
          given.configuration ? 'network-configuration' : shorthands[0],
          `${family} has ${mode}; only awsvpc tasks take subnets and security groups`,
          'leave the network inputs out for this task definition',
        );
      }
      return undefined;
    }
    const complete = given.subnets?.length && given.securityGroups?.length && given.assignPublicIp;
    const fromService =
      !given.configuration && o.service && !complete ? await this.serviceNetwork(o.service) : undefined;
    const base = given.configuration ?? fromService;
    const subnets = given.subnets?.length ? given.subnets : (base?.subnets ?? []);
    const securityGroups = given.securityGroups?.length ? given.securityGroups : base?.securityGroups;
    const assignPublicIp = given.assignPublicIp ?? base?.assignPublicIp;
    if (!subnets.length) {
      throw new UserError(
        'subnets',
        `${family} uses awsvpc networking, which needs subnets, and none were given`,
        'set `service:` to use that service’s network (the usual case), or `subnets:` and `security-groups:`',
      );
    }
    const network: AwsVpcConfiguration = {
      subnets,
      ...(securityGroups?.length ? { securityGroups } : {}),
      ...(assignPublicIp ? { assignPublicIp } : {}),
    };
    const origin = fromService ? ` (from service ${o.service})` : '';
    this.log.info(
      `network${origin}: subnets ${subnets.join(', ')}; security groups ${securityGroups?.join(', ') || '(the VPC default)'}; public IP ${assignPublicIp ?? 'DISABLED'}`,
    );
    return network;
  }

  private async serviceNetwork(name: string): Promise<AwsVpcConfiguration> {
    const { o } = this;
    let out;
    try {
      out = await this.ecs.send(new DescribeServicesCommand({ cluster: o.cluster, services: [name] }));
    } catch (err) {
      throw clusterError(err, o.cluster, o.region);
    }
    const service = out.services?.find((s) => s.serviceName === name || s.serviceArn === name);
    if (!service || service.status === 'INACTIVE') {
      throw new UserError(
        'service',
        `there is no service "${name}" in cluster ${o.cluster} (${o.region}) to copy the network from`,
        'check the service name, cluster and aws-region, or give subnets and security-groups instead',
      );
    }
    const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
    if (!awsvpc?.subnets?.length) {
      throw new UserError(
        'service',
        `service ${name} has no awsvpc network configuration to copy`,
        'give subnets and security-groups (or network-configuration) instead',
      );
    }
    return awsvpc;
  }

  private async start(
    td: TaskDefinition,
    override: ContainerOverride | undefined,
    network: AwsVpcConfiguration | undefined,
  ): Promise<{ task: Task } | { cause: FailureCause }> {
    const { o } = this;
    const label = revisionName({ family: td.family ?? '', revision: td.revision ?? 0 });
    let out;
    try {
      out = await this.ecs.send(
        new RunTaskCommand({
          cluster: o.cluster,
          taskDefinition: td.taskDefinitionArn,
          count: 1,
          startedBy: o.startedBy,
          ...o.placement,
          ...(network ? { networkConfiguration: { awsvpcConfiguration: network } } : {}),
          ...(override ? { overrides: { containerOverrides: [override] } } : {}),
          propagateTags: 'TASK_DEFINITION',
          ...(o.tags.length ? { tags: o.tags } : {}),
          enableExecuteCommand: false,
          // Retries of this call (adaptive retry) must not start a second task.
          clientToken: randomUUID(),
        }),
      );
    } catch (err) {
      throw clusterError(err, o.cluster, o.region);
    }
    const task = out.tasks?.[0];
    if (!task?.taskArn) {
      const reasons = (out.failures ?? [])
        .map((f) => [f.reason, f.detail].filter(Boolean).join(': '))
        .filter(Boolean);
      const summary = `ECS started no task of ${label}: ${reasons.join('; ') || 'RunTask returned neither a task nor a reason'}`;
      this.record('task', summary);
      return { cause: { gate: 'start', summary } };
    }
    this.deps.onStarted?.(task.taskArn);
    const id = taskIdOf(task.taskArn);
    this.record('task', `started task ${id} of ${label} in cluster ${o.cluster}: ${task.taskArn}`);
    this.log.info(`ECS console: ${ecsTaskUrl(o.region, o.cluster, id)}`);
    const logs = this.logLocation(this.container);
    if (logs?.streamPrefix) {
      const stream = streamName(logs.streamPrefix, logs.container, task.taskArn);
      this.log.info(
        `log of ${logs.container}: ${logStreamUrl(logs.region ?? o.region, logs.logGroup, stream)}`,
      );
      if (o.wait && o.streamLogs) this.follow(logs.container, logs.logGroup, stream, logs.region ?? o.region);
    }
    return { task };
  }

  /** Print the container's log lines into the job log as the task writes them. */
  private follow(container: string, logGroup: string, logStream: string, region: string): void {
    const reader = new LogFollower({
      client: () => this.deps.clients.logs(region),
      logGroup,
      logStream,
      redactValues: this.redactValues(),
      // A prefix on every line: a log line starting with `::` must not become a workflow command.
      onLine: (line) => this.log.info(`${container} | ${line}`),
      tailSize: Math.max(this.o.logLines, 1),
      clock: this.deps.clock,
      log: this.log,
    });
    this.follower = { reader, container, logGroup, logStream };
    this.log.info(`following the log of ${container} while the task runs (${logGroup} ${logStream})`);
  }

  /** After the task stopped (or was stopped): read the rest of the followed log. */
  private async drainLog(): Promise<void> {
    const f = this.follower;
    if (!f) return;
    const complete = await f.reader.drain(this.deps.clock.now() + LOG_DRAIN_MS, this.deps.signal);
    this.log.info(
      complete
        ? `end of the log of ${f.container}: ${f.reader.lineCount} line${f.reader.lineCount === 1 ? '' : 's'}`
        : `stopped reading the log of ${f.container} after ${f.reader.lineCount} lines; the rest is in CloudWatch Logs`,
    );
  }

  private redactValues(): string[] {
    return [...(this.info?.environmentValues ?? []), ...this.o.environment.map((e) => e.value)];
  }

  /** Poll DescribeTasks until the task stops, the timeout passes, or the workflow is cancelled. */
  private async watch(started: Task): Promise<Ending> {
    const { clock } = this.deps;
    const signal = this.deps.signal;
    const arn = started.taskArn!;
    const id = taskIdOf(arn);
    const poller = new Poller(this.o.pollIntervalSeconds * 1000);
    let last: Task = started;
    let changed = true;
    this.record('task', `task ${id} is ${started.lastStatus ?? 'PROVISIONING'}`);
    for (;;) {
      const left = Math.max(0, this.deadline - clock.now());
      await clock.sleep(Math.min(poller.next(clock.now(), changed, 1), left), signal);
      const seen = await this.describeTask(arn);
      changed = false;
      if (seen) {
        if (seen.lastStatus !== last.lastStatus) {
          changed = true;
          this.record('task', `task ${id} is ${seen.lastStatus ?? 'unknown'}`);
        }
        last = seen;
        if (seen.lastStatus === 'STOPPED') {
          await this.drainLog();
          return this.judge(seen);
        }
      }
      await this.follower?.reader.poll();
      if (signal?.aborted) return this.stop(last, 'cancelled', 'the workflow was cancelled');
      if (clock.now() >= this.deadline) {
        return this.stop(
          last,
          'timeout',
          `the task did not finish within ${duration(this.o.timeoutSeconds)}`,
        );
      }
    }
  }

  private async describeTask(arn: string): Promise<Task | undefined> {
    const out = await this.ecs.send(new DescribeTasksCommand({ cluster: this.o.cluster, tasks: [arn] }));
    // Right after RunTask the task can be MISSING for a moment (eventual consistency): keep polling.
    return out.tasks?.find((t) => t.taskArn === arn);
  }

  /** Success iff every essential container exited with 0. */
  private async judge(task: Task): Promise<Ending> {
    // The task as the deploy gates see it, so a failure reads the same as in a deploy.
    const view = taskView(task, this.info, this.deps.clock.now());
    const ours = view.containers.find((c) => c.name === this.container);
    const essentials = view.containers.filter((c) => c.essential);
    if (essentials.length && essentials.every((c) => c.exitCode === 0)) {
      this.record('task', `task ${view.id} stopped: every essential container exited with 0`);
      return { status: 'succeeded', task, exitCode: ours?.exitCode ?? 0 };
    }
    const cause: FailureCause = { ...taskFailureCause(view), gate: 'exit-code' };
    this.record('task', `task ${view.id} failed: ${cause.summary}`);
    await this.attachLog(cause, task.taskArn!, cause.container);
    const exitCode = cause.exitCode ?? ours?.exitCode;
    return { status: 'failed', task, cause, ...(exitCode !== undefined ? { exitCode } : {}) };
  }

  /** Timeout or cancellation: StopTask, then show what the task logged so far. */
  private async stop(task: Task, gate: 'timeout' | 'cancelled', why: string): Promise<Ending> {
    const arn = task.taskArn!;
    const reason = `ecs-deploy-actions: ${why}`.slice(0, STOP_REASON_LIMIT);
    try {
      await this.ecs.send(new StopTaskCommand({ cluster: this.o.cluster, task: arn, reason }));
      this.record('task', `${why}: stopped task ${taskIdOf(arn)} (StopTask)`);
    } catch (err) {
      this.record(
        'task',
        `${why}; StopTask of ${taskIdOf(arn)} failed: ${err instanceof Error ? err.message : String(err)}`,
        'warning',
      );
    }
    const cause: FailureCause = {
      gate,
      summary: `${why}; the task was stopped`,
      taskArn: arn,
      container: this.container,
    };
    // One more read, not a full drain: a cancelled step has seconds before the runner kills it.
    await this.follower?.reader.poll();
    await this.attachLog(cause, arn, this.container);
    return { status: 'failed', task, cause };
  }

  private logLocation(container: string | undefined) {
    return logLocationOf(this.info, container ?? this.container);
  }

  private async attachLog(
    cause: FailureCause,
    taskArn: string,
    container: string | undefined,
  ): Promise<void> {
    const location = this.logLocation(container);
    if (!location) return;
    const f = this.follower;
    if (f && f.container === location.container && f.reader.caughtUp) {
      // The job log already shows every line: the cause keeps the last ones for the report.
      cause.logGroup = f.logGroup;
      cause.logStream = f.logStream;
      cause.logLines = this.o.logLines ? f.reader.tail.slice(-this.o.logLines) : [];
      return;
    }
    await attachLogTail(cause, {
      logsFor: (region) => this.deps.clients.logs(region),
      region: this.o.region,
      info: this.info,
      taskArn,
      container: location.container,
      count: this.o.logLines,
      redactValues: this.redactValues(),
      log: this.log,
    });
    if (cause.logLines?.length) {
      this.log.info(
        [
          `last ${cause.logLines.length} log lines of ${location.container} (${cause.logGroup} ${cause.logStream}):`,
          // A prefix on every line: a log line starting with `::` must not become a workflow command.
          ...cause.logLines.map((l) => `| ${l}`),
        ].join('\n'),
      );
    } else if (cause.logLines) {
      this.log.info(`${location.container} wrote no log lines (${cause.logGroup} ${cause.logStream})`);
    }
  }

  private async finish(end: Ending): Promise<RunTaskResult> {
    const { o, deps } = this;
    const finishedAt = deps.clock.now();
    const taskArn = end.task?.taskArn ?? undefined;
    const info = this.info;
    const ref = info?.ref ?? { arn: '', family: '', revision: 0 };
    const report: DeploymentReport = {
      schemaVersion: 1,
      kind: 'run-task',
      status: end.status === 'started' ? 'in-progress' : end.status,
      region: o.region,
      cluster: o.cluster,
      service: o.service ?? ref.family,
      taskDefinition: ref,
      registered: this.registered,
      images: info?.images ?? {},
      ...(o.git ? { git: o.git } : {}),
      ...reportTimes(this.startedAt, finishedAt, end.status !== 'started'),
      timeline: this.timeline.entries,
      gates:
        end.status === 'started'
          ? [{ name: 'exit-code', status: 'waiting', detail: 'not waited for' }]
          : [
              {
                name: 'exit-code',
                status: end.status === 'succeeded' ? 'passed' : 'failed',
                detail: end.exitCode !== undefined ? `exit code ${end.exitCode}` : (end.cause?.summary ?? ''),
              },
            ],
      ...(end.cause ? { cause: end.cause } : {}),
      logs: releaseLogs(info, taskArn ? [taskArn] : []),
      alarms: [],
      ...(taskArn ? { taskArn } : {}),
      ...(end.exitCode !== undefined ? { exitCode: end.exitCode } : {}),
      ...(this.follower?.reader.streamSeen
        ? {
            taskLog: {
              container: this.follower.container,
              logGroup: this.follower.logGroup,
              logStream: this.follower.logStream,
              lineCount: this.follower.reader.lineCount,
              tail: this.o.logLines ? this.follower.reader.tail.slice(-this.o.logLines) : [],
            },
          }
        : {}),
    };
    const message = outcomeLine(report);
    const reportPath = deps.reportDir ? await writeReport(deps.reportDir, report) : undefined;
    return {
      status: end.status,
      message,
      report,
      ...(reportPath ? { reportPath } : {}),
      summary: runTaskSummary(report, message),
      ...(taskArn ? { taskArn } : {}),
      ...(end.exitCode !== undefined ? { exitCode: end.exitCode } : {}),
    };
  }
}

/** The container the overrides apply to: the one named, else the only one, else the first essential one. */
export function chooseContainer(
  td: Pick<TaskDefinition, 'family' | 'containerDefinitions'>,
  requested?: string,
): string {
  const containers = td.containerDefinitions ?? [];
  const names = containers.map((c) => c.name ?? '');
  if (requested) {
    if (names.includes(requested)) return requested;
    throw new UserError(
      'container',
      `${td.family ?? 'the task definition'} has no container "${requested}"`,
      `use one of: ${names.join(', ')}`,
    );
  }
  return (containers.find((c) => c.essential !== false) ?? containers[0])?.name ?? '';
}

/** The step's one line: what ran and how it ended. */
export function outcomeLine(report: DeploymentReport): string {
  const label = report.taskDefinition.arn ? revisionName(report.taskDefinition) : 'the task definition';
  const task = report.taskArn ? `task ${taskIdOf(report.taskArn)} of ${label}` : label;
  const took = duration(report.durationSeconds ?? 0);
  if (report.status === 'in-progress') return `started ${task}; not waiting for it`;
  if (report.status === 'succeeded')
    return `${task} succeeded (exit code ${report.exitCode ?? 0}) in ${took}`;
  return `${task} failed: ${report.cause?.summary ?? 'unknown cause'}`;
}
