import { describe, expect, it } from '@jest/globals';
import * as ecs from '@aws-sdk/client-ecs';
import { readFile } from 'node:fs/promises';
import {
  ENUM_NAMES,
  GENERATED_PATH,
  generateSchemaModule,
  installedSdkVersion,
} from '../../../scripts/ecs-schema.js';
import * as generated from '../ecs-schema.generated.js';
import { checkAgainstSchema, TASK_DEFINITION_FILE_SCHEMA, type StructureSchema } from '../schema.js';

describe('the generated ECS schema module', () => {
  it('is what the installed @aws-sdk/client-ecs generates (run npm run gen:ecs-schema after an SDK upgrade)', async () => {
    const fresh = generateSchemaModule(ecs, installedSdkVersion());
    expect(await readFile(GENERATED_PATH, 'utf8')).toBe(fresh);
  });

  it("carries the SDK's enum values", () => {
    for (const name of ENUM_NAMES) {
      expect(generated.ecsEnums[name]).toEqual((ecs as unknown as Record<string, unknown>)[name]);
    }
  });

  it('finds the same problems as the SDK schema itself', () => {
    const doc = {
      family: 'web',
      containerDefinitions: [
        {
          name: 'app',
          image: 'nginx',
          enviroment: [{ name: 'A', value: '1' }],
          portMappings: [{ containerPort: '80' }],
          logConfiguration: { logDriver: 'awslogs', options: { a: 'b' }, secretOptions: [{ name: 1 }] },
        },
      ],
      volumes: [{ name: 'v', efsVolumeConfiguration: { fileSystemId: 'fs-1', rootDirectory: 7 } }],
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      memory: 512,
      bogus: true,
    };
    const viaSdk = checkAgainstSchema(doc, ecs.RegisterTaskDefinitionRequest$ as unknown as StructureSchema);
    const viaGenerated = checkAgainstSchema(doc, generated.RegisterTaskDefinitionRequest$ as StructureSchema);
    expect(viaGenerated.length).toBeGreaterThanOrEqual(5);
    expect(viaGenerated).toEqual(viaSdk);
    expect(
      checkAgainstSchema({ family: 'web', containerDefinitions: [] }, TASK_DEFINITION_FILE_SCHEMA),
    ).toEqual([]);
  });
});
