import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// electron-builder.yml is checked with electron-builder's own schema, and the fuses the security checklist
// requires (#19) are asserted one by one, so a later edit cannot quietly switch one back on.

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debug: { isDebugEnabled: boolean; add(): void }): Promise<void>;
};

describe('electron-builder.yml', () => {
  it('matches electron-builder’s schema and flips the fuses', async () => {
    const config = yaml.load(await readFile('electron-builder.yml', 'utf8')) as Record<string, unknown>;
    await expect(
      validateConfiguration(config, { isDebugEnabled: false, add: () => undefined }),
    ).resolves.toBe(undefined);
    expect(config['appId']).toBeTypeOf('string');
    expect(config['productName']).toBe('Fabric Data Portal');
    expect(config['asar']).toBe(true);
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    for (const platform of ['linux', 'mac', 'win']) expect(config[platform]).toHaveProperty('target');
  });

  it('would notice a misspelt fuse (the schema check is real)', async () => {
    await expect(
      validateConfiguration(
        { electronFuses: { runAsNodeTypo: false } },
        { isDebugEnabled: false, add: () => undefined },
      ),
    ).rejects.toThrow(/Invalid configuration/);
  });
});
