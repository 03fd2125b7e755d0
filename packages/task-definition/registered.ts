/**
 * Reading a registered revision. Loaded with a dynamic import() only when a family or ARN is the source, so
 * the ECS client stays out of the bundle's main chunk and out of the cold start of file-based renders.
 */
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { clientConfig, nameOperations, type AwsSettings } from '../aws/index.js';
import { checkTaskDefinition } from './file.js';
import { normalizeForRegister } from './normalize.js';
import { noSuchTaskDefinition } from './reference.js';
import type { LoadedTaskDefinition } from './types.js';

/**
 * DescribeTaskDefinition (with its tags) for `family`, `family:revision` or an ARN; normalised for
 * RegisterTaskDefinition. A reference ECS does not know is a UserError naming `input`.
 */
export async function describeRegisteredTaskDefinition(
  settings: AwsSettings,
  reference: string,
  input: string,
): Promise<LoadedTaskDefinition> {
  const ecs = nameOperations(new ECSClient(clientConfig(settings)));
  try {
    const out = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }),
    );
    if (!out.taskDefinition)
      throw new Error(`DescribeTaskDefinition returned no task definition for ${reference}`);
    const tags = (out.tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));
    return { taskDefinition: checkTaskDefinition(normalizeForRegister(out.taskDefinition), input), tags };
  } catch (err) {
    // ECS answers an unknown family or revision with a ClientException "Unable to describe task definition."
    if (err instanceof Error && err.name === 'ClientException') {
      throw noSuchTaskDefinition(reference, settings.region, input, err.message);
    }
    throw err;
  } finally {
    ecs.destroy();
  }
}
